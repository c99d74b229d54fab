package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"strings"
	"time"

	"github.com/pressly/goose/v3"
	"gorm.io/gorm"
)

// ErrUnsupported is wrapped by Open's error for a database URL of a kind
// this build cannot open, such as mysql://.
var ErrUnsupported = errors.New("not supported by this build")

// dialect is everything the store does differently from one SQL database
// to another; the rest of the package writes portable SQL and gorm calls.
// Its implementations live in one file each (sqlite.go, postgres.go).
type dialect interface {
	// name names the dialect in messages and tests.
	name() string

	// check refuses a target that cannot be opened, or is not a database of
	// the dialect, before anything touches it.
	check(target string) error
	// openWriter connects the writer: one connection, through which every
	// write of the store goes, so that writers queue in Go rather than in
	// the database.
	openWriter(target string, cfg *gorm.Config) (*gorm.DB, error)
	// openReader connects the reader pool, once the schema is migrated.
	openReader(target string, cfg *gorm.Config) (*gorm.DB, error)

	// tables counts the tables in the database (none: a new database); its
	// errors are the store's own.
	tables(ctx context.Context, db *sql.DB) (int, error)
	// gooseDialect is goose's name of the dialect; migrationsDir the
	// directory of the dialect's migrations in the migrations package.
	gooseDialect() goose.Dialect
	migrationsDir() string

	// Text that compares ignoring case (names, tag keys, emails), each
	// rendered for the column or expression col: foldEq a condition that
	// col equals one ? argument, foldIn that col is one of a ? list,
	// foldLike that col is LIKE a ? pattern escaped with a backslash,
	// foldOrder an ORDER BY term, and foldKey col's term in the conflict
	// target of a unique key that ignores case.
	foldEq(col string) string
	foldIn(col string, n int) string
	foldLike(col string) string
	foldOrder(col string) string
	foldKey(col string) string
	// rebind rewrites a statement written with ? placeholders into the
	// driver's own, for statements prepared on database/sql directly
	// (gorm rewrites those it runs itself).
	rebind(text string) string
	// returnsID reports whether an INSERT must return its generated id
	// (RETURNING id) because the driver reports no last insert ID.
	returnsID() bool
	// escapesNUL reports whether text columns hold no NUL character, so
	// that S3 keys are stored escaped (escKey).
	escapesNUL() bool

	// classify tells which sentinel a driver error stands for: ErrDuplicate
	// for a broken unique key, ErrConflict for a broken reference, nil for
	// any other error, and for errors of other drivers.
	classify(err error) error

	// checkpointEvery is how often checkpoint runs in the background (zero:
	// never); checkpoint runs on the reader pool, and closing on the writer
	// before the store closes.
	checkpointEvery() time.Duration
	checkpoint(ctx context.Context, r *sql.DB)
	closing(w *gorm.DB)

	// shared reports whether several instances may serve the database at
	// once. Only then does the store keep the generation row, send and hear
	// notifications and take lockSchema (see changes.go); an unshared
	// database has one process, whose memory is the truth.
	shared() bool
	// lockSchema holds, until its release runs, a lock that instances
	// migrating the same database at once take in turn.
	lockSchema(ctx context.Context, target string) (release func(), err error)
	// listen hears the notifications of channel on a connection of its own
	// (see postgresDialect.listen); notifySQL sends one, with two ?
	// arguments: the channel and the payload.
	listen(ctx context.Context, target, channel string, ready func(), deliver func(payload string)) error
	notifySQL() string

	// imported runs at the end of an import's transaction: sequences that
	// rows brought their own values for move past them.
	imported(db *gorm.DB) error
}

// dialects are the dialects of this build: mapErr asks each to classify a
// driver error, as each recognizes only its own driver's.
var dialects = []dialect{sqliteDialect{}, postgresDialect{}}

// dialectFor picks the dialect of an Open target: a database URL names it
// by its scheme; anything else is the path of an SQLite file.
func dialectFor(target string) (dialect, error) {
	scheme, _, ok := strings.Cut(target, "://")
	if !ok || !isScheme(scheme) {
		return sqliteDialect{}, nil
	}
	switch strings.ToLower(scheme) {
	case "postgres", "postgresql":
		return postgresDialect{}, nil
	}
	// The URL itself may carry a password: only its scheme is told.
	return nil, fmt.Errorf("store: database URL scheme %q is %w", scheme, ErrUnsupported)
}

// isScheme reports whether s is a URL scheme (RFC 3986, section 3.1).
func isScheme(s string) bool {
	for i, c := range s {
		switch {
		case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z':
		case i > 0 && ('0' <= c && c <= '9' || c == '+' || c == '-' || c == '.'):
		default:
			return false
		}
	}
	return s != ""
}

// IsURL reports whether an Open target is a database URL (scheme://…)
// rather than the path of an SQLite file.
func IsURL(target string) bool {
	scheme, _, ok := strings.Cut(target, "://")
	return ok && isScheme(scheme)
}

// Redact returns an Open target fit for messages and logs: a URL's
// password replaced by xxxxx, and a URL that does not parse by its scheme
// alone.
func Redact(target string) string {
	if !IsURL(target) {
		return target
	}
	u, err := url.Parse(target)
	if err != nil {
		scheme, _, _ := strings.Cut(target, "://")
		return scheme + "://…"
	}
	return u.Redacted()
}
