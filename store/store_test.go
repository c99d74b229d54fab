package store

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"gorm.io/gorm/schema"
)

func openTemp(t testing.TB) *Store {
	t.Helper()
	st, err := Open(context.Background(), filepath.Join(t.TempDir(), "test.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return st
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

func TestReopenIsNotFresh(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), "re.db")
	st, err := Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	st.Close()
	st, err = Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	if st.Fresh {
		t.Error("reopened database reported fresh")
	}
}

// TestModelsMatchSchema checks every gorm model against the migrated table:
// the same columns, no more, no fewer.
func TestModelsMatchSchema(t *testing.T) {
	t.Parallel()
	st := openTemp(t)
	models := []any{&Account{}, &User{}, &Group{}, &GroupMember{}, &Role{}, &Policy{}, &PolicyVersion{},
		&Attachment{}, &InlinePolicy{}, &Tag{}, &AccessKey{}, &MFADevice{}, &ConsoleSession{}, &RoleSession{},
		&RoleHistory{}, &FavoriteRole{}, &Event{}}
	for _, m := range models {
		sch, err := schema.Parse(m, &sync.Map{}, st.w.NamingStrategy)
		if err != nil {
			t.Fatal(err)
		}
		t.Run(sch.Table, func(t *testing.T) {
			var cols []struct{ Name string }
			st.r.Raw("SELECT name FROM pragma_table_info(?)", sch.Table).Scan(&cols)
			if len(cols) == 0 {
				t.Fatalf("table %s does not exist", sch.Table)
			}
			var have, want []string
			for _, c := range cols {
				have = append(have, c.Name)
			}
			for _, f := range sch.Fields {
				if f.DBName != "" {
					want = append(want, f.DBName)
				}
			}
			sort.Strings(have)
			sort.Strings(want)
			if strings.Join(have, ",") != strings.Join(want, ",") {
				t.Errorf("table %s columns\n have %v\n model %v", sch.Table, have, want)
			}
		})
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

func TestEventsAreAppendOnly(t *testing.T) {
	t.Parallel()
	st := openTemp(t)
	ctx := context.Background()
	err := st.Tx(ctx, func(q *Q) error {
		return q.InsertEvents([]Event{{EventID: "e1", AccountID: "111122223333", EventTime: time.Now(), EventName: "X", EventSource: "iam.amazonaws.com", Record: "{}"}})
	})
	if err != nil {
		t.Fatal(err)
	}
	if err := st.w.Exec("UPDATE events SET event_name = 'Y'").Error; err == nil {
		t.Error("an event was updated")
	}
	if err := st.w.Exec("DELETE FROM events").Error; err == nil {
		t.Error("an event was deleted")
	}
}

func TestUniqueNamesAreCaseInsensitive(t *testing.T) {
	t.Parallel()
	st := openTemp(t)
	ctx := context.Background()
	now := time.Now()
	err := st.Tx(ctx, func(q *Q) error {
		if err := q.CreateAccount(&Account{ID: "111122223333", Name: "dev", RootEmail: "a@example.com", RootPasswordHash: "x", CreatedAt: now}); err != nil {
			return err
		}
		if err := q.CreateUser(&User{ID: "AIDA1", AccountID: "111122223333", Name: "Admins", Path: "/", CreatedAt: now}); err != nil {
			return err
		}
		return q.CreateUser(&User{ID: "AIDA2", AccountID: "111122223333", Name: "admins", Path: "/", CreatedAt: now})
	})
	if !errors.Is(err, ErrDuplicate) {
		t.Fatalf("err = %v, want ErrDuplicate", err)
	}
	// The failed transaction left nothing behind.
	if _, err := st.Read(ctx).Account("111122223333"); !errors.Is(err, ErrNotFound) {
		t.Errorf("half-written transaction: %v", err)
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
