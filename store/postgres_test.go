package store

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"

	"iamconsole/store/storetest"
)

// The tests of the PostgreSQL dialect's own business: its placeholders,
// its error codes, its schema lock, and databases of newer versions.

func TestRebind(t *testing.T) {
	t.Parallel()
	tests := []struct{ in, want string }{
		{"SELECT 1", "SELECT 1"},
		{"a = ? AND b IN (?, ?)", "a = $1 AND b IN ($2, $3)"},
		{`x LIKE ? ESCAPE '\' AND y = '?' AND "q?" = ?`, `x LIKE $1 ESCAPE '\' AND y = '?' AND "q?" = $2`},
		{"it''s ? 'a''?' ?", "it''s $1 'a''?' $2"},
	}
	for _, tc := range tests {
		if got := (postgresDialect{}).rebind(tc.in); got != tc.want {
			t.Errorf("rebind(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

// TestPostgresErrorsAreClassifiedByCode checks that the dialect tells
// constraint errors by their SQLSTATE, not by their text.
func TestPostgresErrorsAreClassifiedByCode(t *testing.T) {
	t.Parallel()
	st := openTarget(t, storetest.Postgres(t))
	err := st.w.Exec("INSERT INTO settings (key, value) VALUES ('k', 'v'), ('k', 'v')").Error
	if !errors.Is(mapErr("store: op", fmt.Errorf("wrapped: %w", err)), ErrDuplicate) {
		t.Errorf("%v is not ErrDuplicate", err)
	}
	err = st.w.Exec("INSERT INTO users (id, account_id, name, path, created_at) VALUES ('AIDA1', '999999999999', 'u', '/', now())").Error
	if !errors.Is(mapErr("store: op", err), ErrConflict) {
		t.Errorf("%v is not ErrConflict", err)
	}
	// The trigger's refusal is neither.
	st.w.Exec(`INSERT INTO events (event_id, account_id, event_time, event_name, event_source, record) VALUES ('e', 'a', now(), 'X', 'x', '{}')`)
	err = mapErr("store: op", st.w.Exec("DELETE FROM events").Error)
	if err == nil || errors.Is(err, ErrDuplicate) || errors.Is(err, ErrConflict) || !strings.Contains(err.Error(), "append-only") {
		t.Errorf("delete of events: %v", err)
	}
	if err := st.w.Exec("TRUNCATE events").Error; err == nil {
		t.Error("the events were truncated")
	}
}

// TestPostgresRefusesNewerSchema checks that a database migrated by a newer
// version is refused and left as it is.
func TestPostgresRefusesNewerSchema(t *testing.T) {
	t.Parallel()
	target := storetest.Postgres(t)
	st, err := Open(context.Background(), target)
	if err != nil {
		t.Fatal(err)
	}
	st.w.Exec("INSERT INTO goose_db_version (version_id, is_applied) VALUES (99999, true)")
	st.Close()
	_, err = Open(context.Background(), target)
	if !errors.Is(err, ErrNewerSchema) {
		t.Fatalf("err = %v, want ErrNewerSchema", err)
	}
	res, err := Migrate(context.Background(), target)
	if !errors.Is(err, ErrNewerSchema) || res.From != 99999 {
		t.Errorf("migrate: %+v %v, want ErrNewerSchema from 99999", res, err)
	}
}

// TestInstancesMigrateTogether opens one new database from several
// instances at once: each opens it, and exactly one finds it new (and
// would create the demo organization).
func TestInstancesMigrateTogether(t *testing.T) {
	t.Parallel()
	target := storetest.Postgres(t)
	const n = 4
	var wg sync.WaitGroup
	fresh := make([]bool, n)
	errs := make([]error, n)
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			st, err := Open(context.Background(), target)
			if err != nil {
				errs[i] = err
				return
			}
			fresh[i] = st.Fresh
			st.Close()
		}()
	}
	wg.Wait()
	count := 0
	for i := range n {
		if errs[i] != nil {
			t.Errorf("instance %d: %v", i, errs[i])
		}
		if fresh[i] {
			count++
		}
	}
	if count != 1 {
		t.Errorf("%d instances found the database new, want 1", count)
	}
}

// TestMigrate runs the migrations apart from Open, on both dialects: a new
// database goes from 0 to the latest version, and a second run does
// nothing.
func TestMigrate(t *testing.T) {
	t.Parallel()
	forEachTarget(t, func(t *testing.T, target string) {
		ctx := context.Background()
		res, err := Migrate(ctx, target)
		if err != nil {
			t.Fatal(err)
		}
		if !res.Fresh || res.From != 0 || res.To < 2 {
			t.Errorf("first migrate: %+v", res)
		}
		again, err := Migrate(ctx, target)
		if err != nil || again.Fresh || again.From != res.To || again.To != res.To {
			t.Errorf("second migrate: %+v %v", again, err)
		}
		st := openTarget(t, target)
		if st.Fresh {
			t.Error("a migrated database was reported fresh by Open")
		}
		if err := st.Ready(ctx); err != nil {
			t.Errorf("ready: %v", err)
		}
		// An instance of a newer version moved the schema on: this one is
		// not ready any more.
		if err := st.Tx(ctx, func(q *Q) error {
			return q.db.Exec("INSERT INTO goose_db_version (version_id, is_applied) VALUES (?, ?)", res.To+1, true).Error
		}); err != nil {
			t.Fatal(err)
		}
		if err := st.Ready(ctx); err == nil || !strings.Contains(err.Error(), "serves version") {
			t.Errorf("ready on a newer schema: %v", err)
		}
	})
}
