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
	"gorm.io/gorm/logger"

	"iamconsole/migrations"
)

// Sentinel errors, mapped to service error kinds at the service boundary.
var (
	ErrNotFound  = errors.New("store: not found")
	ErrDuplicate = errors.New("store: duplicate")
	ErrConflict  = errors.New("store: conflict")
	// ErrNotSQLite means the file exists but is not an SQLite database.
	ErrNotSQLite = errors.New("store: not an SQLite database")
	// ErrNewerSchema means the database was migrated by a newer version.
	ErrNewerSchema = errors.New("store: database schema is newer than this version of iamconsole")
)

// Store holds a reader pool and a single writer connection to one SQLite file.
type Store struct {
	r    *gorm.DB // reads: a small pool
	w    *gorm.DB // writes: exactly one connection, so writers queue in Go, not on SQLITE_BUSY
	path string
	// stmts are the writer's prepared statements (see AppendEvents).
	stmts stmts
	// sessions caches console sessions (see CachedConsoleSession).
	sessions sessionCache
	// batch is the group commit of Batch.
	batch batcher
	// ckpt checkpoints the WAL off the writer connection.
	ckpt checkpointer
	// s3 holds the reader pool's prepared S3 statements.
	s3 s3Stmts
	// Fresh is true when Open created the schema from nothing.
	Fresh bool
}

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

// checkFile refuses a file that exists and is not SQLite, and a directory we
// cannot write to, before anything touches them.
func checkFile(path string) error {
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

// Open opens (creating if needed) the database at path and brings its schema
// up to date. A file that is not SQLite, or whose schema is newer than this
// binary knows, is refused and left untouched.
func Open(ctx context.Context, path string) (*Store, error) {
	if err := checkFile(path); err != nil {
		return nil, err
	}
	cfg := &gorm.Config{
		Logger:                 logger.Discard,
		SkipDefaultTransaction: true,
		NowFunc:                func() time.Time { return time.Now().UTC() },
	}
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

	st := &Store{w: w, path: path}
	fresh, err := migrate(ctx, wdb)
	if err != nil {
		wdb.Close()
		return nil, err
	}
	st.Fresh = fresh

	r, err := gorm.Open(sqlite.Open(dsn(path)), cfg)
	if err != nil {
		wdb.Close()
		return nil, fmt.Errorf("store: open %s: %w", path, err)
	}
	rdb, _ := r.DB()
	rdb.SetMaxOpenConns(4)
	rdb.SetMaxIdleConns(4)
	st.r = r
	st.startBatcher()
	st.startCheckpointer()
	return st, nil
}

// fixCreate replaces gorm's create callback. The default one inserts with
// INSERT … RETURNING, reads one row and leaves the statement unfinished, which
// blocks SQLite's automatic WAL checkpoint: the -wal file then grows without
// bound under a write load.
func fixCreate(db *gorm.DB) {
	db.Callback().Create().Replace("gorm:create", callbacks.Create(&callbacks.Config{LastInsertIDReversed: true}))
}

func migrate(ctx context.Context, db *sql.DB) (fresh bool, err error) {
	var tables int
	if err := db.QueryRowContext(ctx, `SELECT count(*) FROM sqlite_master WHERE type = 'table'`).Scan(&tables); err != nil {
		if strings.Contains(err.Error(), "file is not a database") {
			return false, ErrNotSQLite
		}
		return false, fmt.Errorf("store: read schema: %w", err)
	}
	p, err := goose.NewProvider(goose.DialectSQLite3, db, migrations.FS)
	if err != nil {
		return false, fmt.Errorf("store: migrations: %w", err)
	}
	sources := p.ListSources()
	latest := sources[len(sources)-1].Version
	if tables > 0 {
		var have int64
		err := db.QueryRowContext(ctx, `SELECT COALESCE(MAX(version_id), 0) FROM goose_db_version WHERE is_applied = 1`).Scan(&have)
		if err != nil {
			return false, fmt.Errorf("store: the database has tables but no iamconsole schema version: %w", err)
		}
		if have > latest {
			return false, fmt.Errorf("%w (database at version %d, this version knows up to %d)", ErrNewerSchema, have, latest)
		}
	}
	if _, err := p.Up(ctx); err != nil {
		return false, fmt.Errorf("store: migrate: %w", err)
	}
	return tables == 0, nil
}

// SchemaVersion reports the applied migration version.
func (s *Store) SchemaVersion(ctx context.Context) (int64, error) {
	var v int64
	err := s.r.WithContext(ctx).Raw(`SELECT COALESCE(MAX(version_id), 0) FROM goose_db_version WHERE is_applied = 1`).Scan(&v).Error
	return v, err
}

// Close checkpoints the WAL and closes both pools.
func (s *Store) Close() error {
	s.stopBatcher()
	s.stopCheckpointer()
	s.closeStmts()
	s.closeS3Stmts()
	s.w.Exec("PRAGMA wal_checkpoint(TRUNCATE)")
	rdb, _ := s.r.DB()
	wdb, _ := s.w.DB()
	err1 := rdb.Close()
	err2 := wdb.Close()
	return errors.Join(err1, err2)
}

// Path is the database file.
func (s *Store) Path() string { return s.path }

// Q runs queries, either on the reader pool or inside a write transaction;
// every query of the package is a method of Q, so a service method reads its
// own writes by using the transaction's Q.
type Q struct {
	db *gorm.DB
	st *Store
	// tx and stmts are set in the group commit (see Batch): the writer's
	// transaction and its prepared statements.
	tx    *sql.Tx
	stmts batchStmts
	// forgotten are the console sessions the transaction changed, dropped
	// from the cache again once it ends; afterCommit runs on commit.
	forgotten   []string
	afterCommit []func()
}

// Read returns a Q on the reader pool. Writes never go through it.
func (s *Store) Read(ctx context.Context) *Q { return &Q{db: s.r.WithContext(ctx)} }

// Tx runs fn in one write transaction on the single writer connection: every
// change and its audit event commit together or not at all.
func (s *Store) Tx(ctx context.Context, fn func(q *Q) error) error {
	q := &Q{st: s}
	err := s.w.WithContext(ctx).Transaction(func(db *gorm.DB) error {
		q.db = db
		return fn(q)
	})
	s.ended(q, err == nil)
	return err
}

// ended applies q's cache changes once its transaction ended: the sessions
// it changed are forgotten again, and its afterCommit run if committed.
func (s *Store) ended(q *Q, committed bool) {
	for _, h := range q.forgotten {
		s.sessions.forget(h)
	}
	if committed {
		for _, f := range q.afterCommit {
			f()
		}
	}
}

// mapErr turns driver errors into sentinels.
func mapErr(op string, err error) error {
	if err == nil {
		return nil
	}
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return fmt.Errorf("%s: %w", op, ErrNotFound)
	}
	msg := err.Error()
	if strings.Contains(msg, "UNIQUE constraint failed") || strings.Contains(msg, "PRIMARY KEY") && strings.Contains(msg, "constraint") {
		return fmt.Errorf("%s: %w", op, ErrDuplicate)
	}
	if strings.Contains(msg, "FOREIGN KEY constraint failed") {
		return fmt.Errorf("%s: %w", op, ErrConflict)
	}
	return fmt.Errorf("%s: %w", op, err)
}
