package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgtype"
	"github.com/jackc/pgx/v5/stdlib"
	"github.com/pressly/goose/v3"
	"gorm.io/driver/postgres"
	"gorm.io/gorm"
)

// postgresDialect is PostgreSQL through gorm's driver over pgx: one writer
// connection, as with SQLite, so that an instance's writes queue in Go and
// share transactions (Batch), beside a reader pool. Several instances may
// share the database; what each must hear of the others' writes goes
// through the generation row and notifications (changes.go).
type postgresDialect struct{}

func (postgresDialect) name() string { return "postgres" }

// pgConfig parses a database URL into pgx's configuration. Its error tells
// what is wrong without the URL, which may hold a password.
func pgConfig(target string) (*pgx.ConnConfig, error) {
	// Schemes ignore case (RFC 3986); pgx takes them in lower case only.
	if scheme, rest, ok := strings.Cut(target, "://"); ok {
		target = strings.ToLower(scheme) + "://" + rest
	}
	cfg, err := pgx.ParseConfig(target)
	if err != nil {
		msg := "cannot parse it"
		var pe *pgconn.ParseConfigError
		if errors.As(err, &pe) && errors.Unwrap(pe) != nil {
			msg = errors.Unwrap(pe).Error()
		}
		return nil, fmt.Errorf("store: the PostgreSQL URL is not valid: %s", msg)
	}
	// Times are instants; the session's zone only shapes how the server
	// prints them, and scanned times come back in UTC (see pgConnect).
	cfg.RuntimeParams["timezone"] = "UTC"
	if cfg.RuntimeParams["application_name"] == "" {
		cfg.RuntimeParams["application_name"] = "iamconsole"
	}
	return cfg, nil
}

// check refuses a URL that does not parse, before any connection.
func (postgresDialect) check(target string) error {
	_, err := pgConfig(target)
	return err
}

// pgConnect opens a pool of at most conns connections, through gorm.
func pgConnect(target string, cfg *gorm.Config, conns int) (*gorm.DB, error) {
	pc, err := pgConfig(target)
	if err != nil {
		return nil, err
	}
	db := stdlib.OpenDB(*pc, stdlib.OptionAfterConnect(func(_ context.Context, c *pgx.Conn) error {
		// SQLite's driver gives back UTC times; so does this one, rather
		// than times in the machine's zone.
		c.TypeMap().RegisterType(&pgtype.Type{Name: "timestamptz", OID: pgtype.TimestamptzOID,
			Codec: &pgtype.TimestamptzCodec{ScanLocation: time.UTC}})
		return nil
	}))
	db.SetMaxOpenConns(conns)
	db.SetMaxIdleConns(conns)
	db.SetConnMaxIdleTime(5 * time.Minute)
	g, err := gorm.Open(postgres.New(postgres.Config{Conn: db}), cfg)
	if err != nil {
		db.Close()
		return nil, fmt.Errorf("store: connect to PostgreSQL (%s): %w", pgWhere(pc), err)
	}
	return g, nil
}

// pgWhere names a database for messages: host, port, database and user,
// never the password.
func pgWhere(c *pgx.ConnConfig) string {
	return fmt.Sprintf("host %s port %d database %s user %s", c.Host, c.Port, c.Database, c.User)
}

// openWriter opens the writer: one connection, as for SQLite.
func (postgresDialect) openWriter(target string, cfg *gorm.Config) (*gorm.DB, error) {
	return pgConnect(target, cfg, 1)
}

// pgReaders is the size of an instance's reader pool.
const pgReaders = 8

func (postgresDialect) openReader(target string, cfg *gorm.Config) (*gorm.DB, error) {
	return pgConnect(target, cfg, pgReaders)
}

func (postgresDialect) tables(ctx context.Context, db *sql.DB) (int, error) {
	var n int
	err := db.QueryRowContext(ctx, `SELECT count(*) FROM information_schema.tables WHERE table_schema = current_schema()`).Scan(&n)
	if err != nil {
		return 0, fmt.Errorf("store: read schema: %w", err)
	}
	return n, nil
}

func (postgresDialect) gooseDialect() goose.Dialect { return goose.DialectPostgres }
func (postgresDialect) migrationsDir() string       { return "postgres" }

// migrationLock is the first key of the advisory lock that migrations hold;
// the second is the schema's name, so that schemas migrate independently.
const migrationLock = 0x1a3c0501

// lockSchema holds an advisory lock on its own connection while instances
// starting together migrate, so that exactly one finds the database new.
func (postgresDialect) lockSchema(ctx context.Context, target string) (func(), error) {
	pc, err := pgConfig(target)
	if err != nil {
		return nil, err
	}
	c, err := pgx.ConnectConfig(ctx, pc)
	if err != nil {
		return nil, fmt.Errorf("store: connect to PostgreSQL (%s): %w", pgWhere(pc), err)
	}
	if _, err := c.Exec(ctx, `SELECT pg_advisory_lock($1, hashtext(current_schema()))`, migrationLock); err != nil {
		c.Close(ctx)
		return nil, fmt.Errorf("store: lock the schema for migrations: %w", err)
	}
	return func() {
		// Closing the session releases the lock in any case.
		c.Close(context.Background())
	}, nil
}

// The names IAM compares ignoring case are compared by lower(), on which
// their unique indexes are built; under the columns' "C" collation lower()
// folds ASCII letters only and orders by bytes, as SQLite's NOCASE does.
func (postgresDialect) foldEq(col string) string { return "lower(" + col + ") = lower(?)" }
func (postgresDialect) foldIn(col string, n int) string {
	return "lower(" + col + ") IN (" + strings.TrimSuffix(strings.Repeat("lower(?), ", n), ", ") + ")"
}
func (postgresDialect) foldLike(col string) string {
	return "lower(" + col + `) LIKE lower(?) ESCAPE '\'`
}
func (postgresDialect) foldOrder(col string) string { return "lower(" + col + ")" }
func (postgresDialect) foldKey(col string) string   { return "lower(" + col + ")" }

// rebind numbers the ? placeholders $1, $2, …, leaving quoted text alone.
func (postgresDialect) rebind(text string) string {
	var b strings.Builder
	b.Grow(len(text) + 16)
	n := 0
	var quote byte
	for i := 0; i < len(text); i++ {
		c := text[i]
		switch {
		case quote != 0:
			if c == quote {
				quote = 0
			}
		case c == '\'' || c == '"':
			quote = c
		case c == '?':
			n++
			b.WriteByte('$')
			b.WriteString(strconv.Itoa(n))
			continue
		}
		b.WriteByte(c)
	}
	return b.String()
}

// escapesNUL: PostgreSQL's text holds no NUL character.
func (postgresDialect) escapesNUL() bool { return true }

// returnsID: pgx reports no last insert ID.
func (postgresDialect) returnsID() bool { return true }

// PostgreSQL's SQLSTATE codes that the store tells apart; see
// https://www.postgresql.org/docs/current/errcodes-appendix.html.
const (
	pgUniqueViolation     = "23505"
	pgForeignKeyViolation = "23503"
	// pgBadCharacter is text PostgreSQL cannot hold: a NUL character or
	// bytes that are not UTF-8.
	pgBadCharacter = "22021"
)

func (postgresDialect) classify(err error) error {
	var pe *pgconn.PgError
	if !errors.As(err, &pe) {
		return nil
	}
	switch pe.Code {
	case pgUniqueViolation:
		return ErrDuplicate
	case pgForeignKeyViolation:
		return ErrConflict
	case pgBadCharacter:
		// No row holds such text, so a lookup by it finds nothing, as
		// SQLite answers; the service layer refuses such text before it
		// writes any.
		return ErrNotFound
	}
	return nil
}

// PostgreSQL needs no checkpoints from its clients.
func (postgresDialect) checkpointEvery() time.Duration      { return 0 }
func (postgresDialect) checkpoint(context.Context, *sql.DB) {}
func (postgresDialect) closing(*gorm.DB)                    {}

// shared: several instances may serve one PostgreSQL database.
func (postgresDialect) shared() bool { return true }

// listen LISTENs on channel over a connection of its own and hands every
// notification's payload to deliver, in order, until ctx ends or the
// connection fails; ready runs once the LISTEN is in place.
func (postgresDialect) listen(ctx context.Context, target, channel string, ready func(), deliver func(payload string)) error {
	pc, err := pgConfig(target)
	if err != nil {
		return err
	}
	c, err := pgx.ConnectConfig(ctx, pc)
	if err != nil {
		return fmt.Errorf("store: connect to PostgreSQL (%s): %w", pgWhere(pc), err)
	}
	defer c.Close(context.Background())
	if _, err := c.Exec(ctx, "LISTEN "+pgx.Identifier{channel}.Sanitize()); err != nil {
		return fmt.Errorf("store: listen: %w", err)
	}
	ready()
	for {
		n, err := c.WaitForNotification(ctx)
		if err != nil {
			return err
		}
		deliver(n.Payload)
	}
}

// notifySQL is the statement that sends one notification (channel, payload)
// when the transaction commits.
func (postgresDialect) notifySQL() string { return "SELECT pg_notify(?, ?)" }

// identities are the identity columns (table, column): an import brings
// their values.
var identities = [][2]string{{"events", "seq"}, {"s3_blobs", "id"}, {"s3_chunks", "id"}, {"ddb_tables", "id"}, {"ec2_instances", "seq"}}

// imported moves each identity past the values imported.
func (postgresDialect) imported(db *gorm.DB) error {
	for _, c := range identities {
		err := db.Exec(`SELECT setval(pg_get_serial_sequence('` + c[0] + `', '` + c[1] + `'), COALESCE(max(` + c[1] + `), 1), max(` + c[1] + `) IS NOT NULL) FROM ` + c[0]).Error
		if err != nil {
			return err
		}
	}
	return nil
}
