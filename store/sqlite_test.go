package store

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/glebarez/sqlite"
	"github.com/pressly/goose/v3"
	"gorm.io/gorm"
	"gorm.io/gorm/logger"

	"iamconsole/migrations"
)

// The tests of the SQLite dialect's own business: its file, its pragmas,
// its WAL, the databases earlier versions left behind.

// openTemp opens an SQLite store in a new file.
func openTemp(t testing.TB) *Store {
	t.Helper()
	return openTarget(t, filepath.Join(t.TempDir(), "test.db"))
}

func TestOpenAppliesPragmasAndMigrations(t *testing.T) {
	t.Parallel()
	st := openTemp(t)
	if !st.Fresh {
		t.Error("a new database should be reported fresh")
	}
	for _, db := range []struct {
		name string
		q    *Q
	}{{"reader", st.Read(context.Background())}, {"writer", &Q{db: st.w}}} {
		var mode string
		var fk, sync, busy int
		db.q.db.Raw("PRAGMA journal_mode").Scan(&mode)
		db.q.db.Raw("PRAGMA foreign_keys").Scan(&fk)
		db.q.db.Raw("PRAGMA synchronous").Scan(&sync)
		db.q.db.Raw("PRAGMA busy_timeout").Scan(&busy)
		if mode != "wal" || fk != 1 || sync != 1 || busy != 5000 {
			t.Errorf("%s pragmas: journal_mode=%s foreign_keys=%d synchronous=%d busy_timeout=%d", db.name, mode, fk, sync, busy)
		}
	}
	v, err := st.SchemaVersion(context.Background())
	if err != nil || v < 1 {
		t.Fatalf("schema version = %d, %v", v, err)
	}
}

func TestRefusesNonSQLiteFile(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), "notes.db")
	content := []byte("these are not the tables you are looking for\n")
	os.WriteFile(path, content, 0o600)
	_, err := Open(context.Background(), path)
	if !errors.Is(err, ErrNotSQLite) {
		t.Fatalf("err = %v, want ErrNotSQLite", err)
	}
	got, _ := os.ReadFile(path)
	if string(got) != string(content) {
		t.Error("the file was modified")
	}
}

func TestRefusesNewerSchema(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), "newer.db")
	st, err := Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	st.w.Exec("INSERT INTO goose_db_version (version_id, is_applied) VALUES (99999, 1)")
	st.Close()
	before, _ := os.ReadFile(path)
	_, err = Open(context.Background(), path)
	if !errors.Is(err, ErrNewerSchema) {
		t.Fatalf("err = %v, want ErrNewerSchema", err)
	}
	after, _ := os.ReadFile(path)
	if string(before) != string(after) {
		t.Error("the newer database was modified")
	}
}

func TestRefusesUnwritableDirectory(t *testing.T) {
	t.Parallel()
	// A missing directory is the portable case: root can write anywhere.
	_, err := Open(context.Background(), filepath.Join(t.TempDir(), "missing", "dir", "x.db"))
	if err == nil || !strings.Contains(err.Error(), "data directory") {
		t.Fatalf("err = %v, want a data directory error", err)
	}
}

// TestErrorsAreClassifiedByCode checks that the SQLite dialect tells
// constraint errors by the driver's result code, not by their text.
func TestErrorsAreClassifiedByCode(t *testing.T) {
	t.Parallel()
	for _, text := range []string{"UNIQUE constraint failed: users.name", "FOREIGN KEY constraint failed"} {
		err := mapErr("store: op", errors.New(text))
		if errors.Is(err, ErrDuplicate) || errors.Is(err, ErrConflict) {
			t.Errorf("%q without a result code was classified: %v", text, err)
		}
	}
	// The driver's own error, wrapped, is classified by its code.
	st := openTemp(t)
	err := st.w.Exec("INSERT INTO settings (key, value) VALUES ('k', 'v'), ('k', 'v')").Error
	if code := sqliteCode(fmt.Errorf("wrapped: %w", err)); code != sqliteConstraintPrimaryKey {
		t.Errorf("result code of %v = %d, want %d", err, code, sqliteConstraintPrimaryKey)
	}
	if !errors.Is(mapErr("store: op", fmt.Errorf("wrapped: %w", err)), ErrDuplicate) {
		t.Errorf("%v is not ErrDuplicate", err)
	}
}

// sqliteSnapshot is what an open must leave as it found it in a database
// that is up to date: its schema and its migration history.
func sqliteSnapshot(t *testing.T, path string) string {
	t.Helper()
	db, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var b strings.Builder
	for _, query := range []string{
		`SELECT type || ' ' || name || ': ' || COALESCE(sql, '') FROM sqlite_master ORDER BY type, name`,
		`SELECT id || ' ' || version_id || ' ' || is_applied || ' ' || tstamp FROM goose_db_version ORDER BY id`,
	} {
		rows, err := db.Query(query)
		if err != nil {
			t.Fatal(err)
		}
		for rows.Next() {
			var line string
			if err := rows.Scan(&line); err != nil {
				t.Fatal(err)
			}
			b.WriteString(line + "\n")
		}
		if err := rows.Close(); err != nil {
			t.Fatal(err)
		}
	}
	return b.String()
}

// TestOpensDatabaseOfFlatLayout opens a database made as versions before
// the per-dialect migration directories made it (goose over the migration
// files at the root of the embedded directory): Open applies only the
// migrations released since, keeps its schema and its migration history as
// they were, and its rows read back.
func TestOpensDatabaseOfFlatLayout(t *testing.T) {
	t.Parallel()
	first, err := os.ReadFile(filepath.Join("testdata", "sqlite-00001_init.sql"))
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "flat.db")
	ctx := context.Background()
	old, err := gorm.Open(sqlite.Open(dsn(path)), &gorm.Config{Logger: logger.Discard})
	if err != nil {
		t.Fatal(err)
	}
	oldDB, _ := old.DB()
	p, err := goose.NewProvider(goose.DialectSQLite3, oldDB, fstest.MapFS{"00001_init.sql": {Data: first}})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := p.Up(ctx); err != nil {
		t.Fatal(err)
	}
	created := time.Date(2025, 6, 7, 8, 9, 10, 0, time.UTC)
	if err := old.Exec(`INSERT INTO accounts (id, name, root_email, root_password_hash, created_at) VALUES (?, ?, ?, ?, ?)`,
		"111122223333", "dev", "Root@Example.com", "x", created).Error; err != nil {
		t.Fatal(err)
	}
	if err := old.Exec(`INSERT INTO users (id, account_id, name, path, created_at) VALUES (?, ?, ?, ?, ?)`,
		"AIDA1", "111122223333", "Alice", "/", created).Error; err != nil {
		t.Fatal(err)
	}
	old.Exec("PRAGMA wal_checkpoint(TRUNCATE)")
	oldDB.Close()
	before := sqliteSnapshot(t, path)

	st, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	if st.Fresh {
		t.Error("a migrated database was reported fresh")
	}
	latest := int64(len(migrationFiles(t)))
	if v, err := st.SchemaVersion(ctx); err != nil || v != latest {
		t.Errorf("schema version = %d, %v, want %d", v, err, latest)
	}
	u, err := st.Read(ctx).UserByName("111122223333", "alice")
	if err != nil || u.ID != "AIDA1" || !u.CreatedAt.Equal(created) {
		t.Errorf("user = %+v, %v", u, err)
	}
	if err := st.Close(); err != nil {
		t.Fatal(err)
	}
	after := sqliteSnapshot(t, path)
	kept := map[string]bool{}
	for _, line := range strings.Split(after, "\n") {
		kept[line] = true
	}
	for _, line := range strings.Split(before, "\n") {
		if !kept[line] {
			t.Errorf("Open changed the schema or its history: %q is gone\nbefore\n%s\nafter\n%s", line, before, after)
			break
		}
	}
}

// migrationFiles lists the SQLite migrations shipped.
func migrationFiles(t *testing.T) []string {
	t.Helper()
	names, err := fs.Glob(migrations.FS, "sqlite/*.sql")
	if err != nil {
		t.Fatal(err)
	}
	return names
}

// TestReleasedMigrationsUnchanged checks that the SQLite migrations that
// databases in the field have applied are still the ones shipped: goose
// records only their versions, so an edit would never reach those
// databases and their schemas would drift from new ones.
func TestReleasedMigrationsUnchanged(t *testing.T) {
	t.Parallel()
	released := map[string]string{"00001_init.sql": "sqlite-00001_init.sql"}
	for name, frozen := range released {
		want, err := os.ReadFile(filepath.Join("testdata", frozen))
		if err != nil {
			t.Fatal(err)
		}
		got, err := migrations.FS.ReadFile("sqlite/" + name)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(got, want) {
			t.Errorf("released migration sqlite/%s was changed: write a new migration instead", name)
		}
	}
}

// TestWALStaysBounded guards the create-callback fix: inserts through gorm
// must not grow the -wal file without bound. A WAL that no checkpoint resets
// grows by at least one 4 KiB frame a commit; a checkpointed one stays near
// the auto-checkpoint threshold. Under the race detector (where each insert
// costs some fifty times more) the threshold is lowered to 50 pages and 800
// inserts are made, so the bound still sits well below the unchecked growth.
func TestWALStaysBounded(t *testing.T) {
	t.Parallel()
	st := openTemp(t)
	ctx := context.Background()
	n, readEvery, max := 20000, 50, int64(64<<20)
	if raceEnabled {
		n, readEvery, max = 800, 5, 1<<20
		if err := st.w.Exec("PRAGMA wal_autocheckpoint = 50").Error; err != nil {
			t.Fatal(err)
		}
	}
	if max >= int64(n)*4096 {
		t.Fatalf("bound %d does not tell a checkpointed WAL from one of %d unchecked commits", max, n)
	}
	for i := 0; i < n; i++ {
		err := st.Tx(ctx, func(q *Q) error {
			return q.db.Create(&Event{EventID: fmt.Sprintf("ev-%06d", i), AccountID: "111122223333", EventTime: time.Now(),
				EventName: "CreateUser", EventSource: "iam.amazonaws.com", Record: strings.Repeat("x", 200)}).Error
		})
		if err != nil {
			t.Fatal(err)
		}
		// Reads interleaved with writes are what pinned the WAL.
		if i%readEvery == 0 {
			if _, err := st.Read(ctx).Events(EventFilter{AccountID: "111122223333", Limit: 5}); err != nil {
				t.Fatal(err)
			}
		}
	}
	fi, err := os.Stat(st.Path() + "-wal")
	if err != nil {
		t.Fatal(err)
	}
	if fi.Size() > max {
		t.Fatalf("-wal is %d bytes after %d inserts, want ≤ %d", fi.Size(), n, max)
	}
	t.Logf("-wal size after %d inserts: %d bytes", n, fi.Size())
}
