package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io/fs"
	"time"

	"github.com/pressly/goose/v3"
	"gorm.io/gorm"
	"gorm.io/gorm/logger"

	"iamconsole/migrations"
)

// Sentinel errors, mapped to service error kinds at the service boundary.
var (
	ErrNotFound  = errors.New("store: not found")
	ErrDuplicate = errors.New("store: duplicate")
	ErrConflict  = errors.New("store: conflict")
	// ErrNewerSchema means the database was migrated by a newer version.
	ErrNewerSchema = errors.New("store: database schema is newer than this version of iamconsole")
)

// Store holds a reader pool and a single writer connection to one database.
type Store struct {
	r      *gorm.DB // reads: a small pool
	w      *gorm.DB // writes: exactly one connection, so writers queue in Go
	d      dialect  // what the database does its own way
	target string   // what Open was given
	// stmts are the writer's prepared statements (see AppendEvents).
	stmts stmts
	// sessions caches console sessions (see CachedConsoleSession).
	sessions sessionCache
	// batch is the group commit of Batch.
	batch batcher
	// ckpt runs the dialect's checkpoints in the background.
	ckpt checkpointer
	// s3 holds the reader pool's prepared S3 statements.
	s3 s3Stmts
	// Fresh is true when Open created the schema from nothing.
	Fresh bool
}

// Open opens (creating if needed) the database at target and brings its
// schema up to date. target is the path of an SQLite file; a database URL
// (postgres://…) is refused with ErrUnsupported by this build. A file that
// is not SQLite, or whose schema is newer than this binary knows, is
// refused and left untouched.
func Open(ctx context.Context, target string) (*Store, error) {
	d, err := dialectFor(target)
	if err != nil {
		return nil, err
	}
	if err := d.check(target); err != nil {
		return nil, err
	}
	cfg := &gorm.Config{
		Logger:                 logger.Discard,
		SkipDefaultTransaction: true,
		NowFunc:                func() time.Time { return time.Now().UTC() },
	}
	w, err := d.openWriter(target, cfg)
	if err != nil {
		return nil, err
	}
	wdb, _ := w.DB()
	st := &Store{w: w, d: d, target: target}
	fresh, err := migrate(ctx, d, wdb)
	if err != nil {
		wdb.Close()
		return nil, err
	}
	st.Fresh = fresh

	r, err := d.openReader(target, cfg)
	if err != nil {
		wdb.Close()
		return nil, err
	}
	st.r = r
	st.startBatcher()
	st.startCheckpointer()
	return st, nil
}

// sqlSchemaVersion is the latest migration goose applied.
const sqlSchemaVersion = `SELECT COALESCE(MAX(version_id), 0) FROM goose_db_version WHERE is_applied = ?`

func migrate(ctx context.Context, d dialect, db *sql.DB) (fresh bool, err error) {
	tables, err := d.tables(ctx, db)
	if err != nil {
		return false, err
	}
	dir, err := fs.Sub(migrations.FS, d.migrationsDir())
	if err != nil {
		return false, fmt.Errorf("store: migrations: %w", err)
	}
	p, err := goose.NewProvider(d.gooseDialect(), db, dir)
	if err != nil {
		return false, fmt.Errorf("store: migrations: %w", err)
	}
	sources := p.ListSources()
	latest := sources[len(sources)-1].Version
	if tables > 0 {
		var have int64
		err := db.QueryRowContext(ctx, d.rebind(sqlSchemaVersion), true).Scan(&have)
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
	err := s.r.WithContext(ctx).Raw(sqlSchemaVersion, true).Scan(&v).Error
	return v, err
}

// Close checkpoints the WAL and closes both pools.
func (s *Store) Close() error {
	s.stopBatcher()
	s.stopCheckpointer()
	s.closeStmts()
	s.closeS3Stmts()
	s.d.closing(s.w)
	rdb, _ := s.r.DB()
	wdb, _ := s.w.DB()
	err1 := rdb.Close()
	err2 := wdb.Close()
	return errors.Join(err1, err2)
}

// Path is the database file, the target Open was given.
func (s *Store) Path() string { return s.target }

// Q runs queries, either on the reader pool or inside a write transaction;
// every query of the package is a method of Q, so a service method reads its
// own writes by using the transaction's Q.
type Q struct {
	db *gorm.DB
	d  dialect
	st *Store
	// rs is the store of a Q on the reader pool, whose prepared statements
	// it reads with (see Q.query).
	rs *Store
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
func (s *Store) Read(ctx context.Context) *Q { return &Q{db: s.r.WithContext(ctx), d: s.d, rs: s} }

// Tx runs fn in one write transaction on the single writer connection: every
// change and its audit event commit together or not at all.
func (s *Store) Tx(ctx context.Context, fn func(q *Q) error) error {
	q := &Q{st: s, d: s.d}
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

// mapErr turns driver errors into sentinels: the dialect whose driver
// raised err tells which, if any.
func mapErr(op string, err error) error {
	if err == nil {
		return nil
	}
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return fmt.Errorf("%s: %w", op, ErrNotFound)
	}
	for _, d := range dialects {
		if sentinel := d.classify(err); sentinel != nil {
			return fmt.Errorf("%s: %w", op, sentinel)
		}
	}
	return fmt.Errorf("%s: %w", op, err)
}
