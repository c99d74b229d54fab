package store

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/glebarez/sqlite"
	"github.com/pressly/goose/v3"
	"gorm.io/gorm"
	"gorm.io/gorm/callbacks"
)

// ErrNotSQLite means the file exists but is not an SQLite database.
var ErrNotSQLite = errors.New("store: not an SQLite database")

// sqliteDialect is SQLite through glebarez/sqlite (pure Go): one file,
// one writer connection beside a small reader pool, in WAL mode.
type sqliteDialect struct{}

func (sqliteDialect) name() string { return "sqlite" }

// pragmas are applied in this order on every new connection: busy_timeout
// first so that the others wait rather than fail, then WAL, then the rest.
var pragmas = []string{
	"busy_timeout(5000)",
	"journal_mode(WAL)",
	"foreign_keys(1)",
	"synchronous(NORMAL)",
}

func dsn(path string) string {
	v := url.Values{}
	for _, p := range pragmas {
		v.Add("_pragma", p)
	}
	v.Set("_txlock", "immediate")
	return "file:" + path + "?" + v.Encode()
}

var sqliteHeader = []byte("SQLite format 3\x00")

// check refuses a file that exists and is not SQLite, and a directory we
// cannot write to, before anything touches them.
func (sqliteDialect) check(path string) error {
	f, err := os.Open(path)
	switch {
	case errors.Is(err, os.ErrNotExist):
		dir := filepath.Dir(path)
		st, err := os.Stat(dir)
		if err != nil {
			return fmt.Errorf("store: data directory %s: %w", dir, err)
		}
		if !st.IsDir() {
			return fmt.Errorf("store: data directory %s is not a directory", dir)
		}
		probe, err := os.CreateTemp(dir, ".iamconsole-probe-*")
		if err != nil {
			return fmt.Errorf("store: data directory %s is not writable: %w", dir, err)
		}
		probe.Close()
		os.Remove(probe.Name())
		return nil
	case err != nil:
		return fmt.Errorf("store: open %s: %w", path, err)
	}
	defer f.Close()
	head := make([]byte, len(sqliteHeader))
	n, err := io.ReadFull(f, head)
	if n == 0 && (err == io.EOF || err == io.ErrUnexpectedEOF) {
		return nil // an empty file becomes a new database
	}
	if err != nil || !bytes.Equal(head, sqliteHeader) {
		return fmt.Errorf("%w: %s", ErrNotSQLite, path)
	}
	return nil
}

// writerAutoCheckpoint is the writer's own automatic checkpoint threshold in
// pages (16 MiB), a backstop for when the background checkpointer falls
// behind; SQLite's default is 1,000 pages.
const writerAutoCheckpoint = 4000

// openWriter opens the one writer connection: SQLite takes one writer at a
// time, and one connection makes writers queue in Go, not on SQLITE_BUSY.
func (sqliteDialect) openWriter(path string, cfg *gorm.Config) (*gorm.DB, error) {
	w, err := gorm.Open(sqlite.Open(dsn(path)), cfg)
	if err != nil {
		return nil, fmt.Errorf("store: open %s: %w", path, err)
	}
	wdb, _ := w.DB()
	wdb.SetMaxOpenConns(1)
	wdb.SetMaxIdleConns(1)
	wdb.SetConnMaxLifetime(0)
	fixCreate(w)
	// The background checkpointer does the regular checkpoints; the writer's
	// own automatic one is only a backstop.
	if err := w.Exec(fmt.Sprintf("PRAGMA wal_autocheckpoint = %d", writerAutoCheckpoint)).Error; err != nil {
		wdb.Close()
		return nil, fmt.Errorf("store: open %s: %w", path, err)
	}
	return w, nil
}

// openReader opens the reader pool; in WAL mode readers never wait for the
// writer.
func (sqliteDialect) openReader(path string, cfg *gorm.Config) (*gorm.DB, error) {
	r, err := gorm.Open(sqlite.Open(dsn(path)), cfg)
	if err != nil {
		return nil, fmt.Errorf("store: open %s: %w", path, err)
	}
	rdb, _ := r.DB()
	rdb.SetMaxOpenConns(4)
	rdb.SetMaxIdleConns(4)
	return r, nil
}

// fixCreate replaces gorm's create callback. The default one inserts with
// INSERT … RETURNING, reads one row and leaves the statement unfinished, which
// blocks SQLite's automatic WAL checkpoint: the -wal file then grows without
// bound under a write load.
func fixCreate(db *gorm.DB) {
	db.Callback().Create().Replace("gorm:create", callbacks.Create(&callbacks.Config{LastInsertIDReversed: true}))
}

// SQLite's result codes that the store tells apart (extended result codes
// are on in the driver); see https://www.sqlite.org/rescode.html.
const (
	sqliteNotADB               = 26
	sqliteConstraintForeignKey = 787  // SQLITE_CONSTRAINT | 3<<8
	sqliteConstraintPrimaryKey = 1555 // SQLITE_CONSTRAINT | 6<<8
	sqliteConstraintUnique     = 2067 // SQLITE_CONSTRAINT | 8<<8
)

// sqliteCode is the result code an error of the driver carries, or -1. The
// driver's *Error (glebarez/go-sqlite, as modernc's) has a Code method; it
// is matched by that method, the driver package being only the gorm
// driver's dependency.
func sqliteCode(err error) int {
	var coded interface{ Code() int }
	if errors.As(err, &coded) {
		return coded.Code()
	}
	return -1
}

func (sqliteDialect) classify(err error) error {
	switch sqliteCode(err) {
	case sqliteConstraintUnique, sqliteConstraintPrimaryKey:
		return ErrDuplicate
	case sqliteConstraintForeignKey:
		return ErrConflict
	}
	return nil
}

func (sqliteDialect) tables(ctx context.Context, db *sql.DB) (int, error) {
	var n int
	err := db.QueryRowContext(ctx, `SELECT count(*) FROM sqlite_master WHERE type = 'table'`).Scan(&n)
	switch {
	case sqliteCode(err) == sqliteNotADB:
		return 0, ErrNotSQLite
	case err != nil:
		return 0, fmt.Errorf("store: read schema: %w", err)
	}
	return n, nil
}

func (sqliteDialect) gooseDialect() goose.Dialect { return goose.DialectSQLite3 }
func (sqliteDialect) migrationsDir() string       { return "sqlite" }

// SQLite compares with the NOCASE collation, which folds ASCII letters:
// the unique indexes on names are declared with it, so these conditions use
// them. Its LIKE folds ASCII letters already, and a conflict target names
// the column whose key is declared NOCASE as it is.
func (sqliteDialect) foldEq(col string) string { return col + " = ? COLLATE NOCASE" }
func (sqliteDialect) foldIn(col string, n int) string {
	return col + " COLLATE NOCASE IN (" + strings.TrimSuffix(strings.Repeat("?, ", n), ", ") + ")"
}
func (sqliteDialect) foldLike(col string) string  { return col + ` LIKE ? ESCAPE '\'` }
func (sqliteDialect) foldOrder(col string) string { return col + " COLLATE NOCASE" }
func (sqliteDialect) foldKey(col string) string   { return col }

// rebind keeps the text: SQLite takes ? placeholders.
func (sqliteDialect) rebind(text string) string { return text }

// escapesNUL: SQLite's text holds any character.
func (sqliteDialect) escapesNUL() bool { return false }

// returnsID: the driver reports the last insert rowid, which costs no
// result row to read.
func (sqliteDialect) returnsID() bool { return false }

// checkpointEvery is how often the background checkpointer copies the WAL
// into the database file. SQLite's automatic checkpoint runs inside the
// commit that crosses its threshold, on the one writer connection, so every
// write queued behind that commit (console switches, event batches) waits
// for the copy and its fsync; run from a reader connection in PASSIVE mode,
// a checkpoint waits for no one and holds up no writer.
const checkpointEvery = 100 * time.Millisecond

func (sqliteDialect) checkpointEvery() time.Duration { return checkpointEvery }

// checkpoint copies what it can of the WAL into the database file without
// waiting for readers or the writer; the next write transaction then starts
// the WAL over from its beginning once every frame is copied.
func (sqliteDialect) checkpoint(ctx context.Context, r *sql.DB) {
	// Busy (another checkpoint running) is not an error worth reporting:
	// the next tick tries again.
	var busy, log, done int
	_ = r.QueryRowContext(ctx, "PRAGMA wal_checkpoint(PASSIVE)").Scan(&busy, &log, &done)
}

// closing copies the whole WAL into the database file and empties it.
func (sqliteDialect) closing(w *gorm.DB) { w.Exec("PRAGMA wal_checkpoint(TRUNCATE)") }

// shared: an SQLite file has one process; its memory is the truth.
func (sqliteDialect) shared() bool { return false }

// lockSchema takes no lock: one process opens the file.
func (sqliteDialect) lockSchema(context.Context, string) (func(), error) { return func() {}, nil }

// listen and notifySQL are never used: nobody else writes the file.
func (sqliteDialect) listen(ctx context.Context, _, _ string, _ func(), _ func(string)) error {
	<-ctx.Done()
	return ctx.Err()
}
func (sqliteDialect) notifySQL() string { return "" }

// imported has nothing to do: an AUTOINCREMENT key moves past the largest
// value inserted by itself.
func (sqliteDialect) imported(*gorm.DB) error { return nil }
