package store

import (
	"context"
	"errors"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"gorm.io/gorm/schema"
)

func TestReopenIsNotFresh(t *testing.T) {
	t.Parallel()
	forEachTarget(t, func(t *testing.T, target string) {
		st, err := Open(context.Background(), target)
		if err != nil {
			t.Fatal(err)
		}
		if !st.Fresh {
			t.Error("a new database should be reported fresh")
		}
		v, err := st.SchemaVersion(context.Background())
		if err != nil || v < 1 {
			t.Fatalf("schema version = %d, %v", v, err)
		}
		st.Close()
		st, err = Open(context.Background(), target)
		if err != nil {
			t.Fatal(err)
		}
		defer st.Close()
		if st.Fresh {
			t.Error("reopened database reported fresh")
		}
		if again, err := st.SchemaVersion(context.Background()); err != nil || again != v {
			t.Errorf("schema version after reopening = %d, %v, want %d", again, err, v)
		}
	})
}

// TestModelsMatchSchema checks every gorm model against the migrated table:
// the same columns, no more, no fewer.
func TestModelsMatchSchema(t *testing.T) {
	t.Parallel()
	models := []any{&Account{}, &User{}, &Group{}, &GroupMember{}, &Role{}, &Policy{}, &PolicyVersion{},
		&Attachment{}, &InlinePolicy{}, &Tag{}, &AccessKey{}, &MFADevice{}, &ConsoleSession{}, &RoleSession{},
		&RoleHistory{}, &FavoriteRole{}, &Event{}}
	forEachDialect(t, func(t *testing.T, st *Store) {
		for _, m := range models {
			sch, err := schema.Parse(m, &sync.Map{}, st.w.NamingStrategy)
			if err != nil {
				t.Fatal(err)
			}
			rows, err := st.r.Table(sch.Table).Limit(0).Rows()
			if err != nil {
				t.Fatalf("table %s: %v", sch.Table, err)
			}
			have, err := rows.Columns()
			rows.Close()
			if err != nil {
				t.Fatal(err)
			}
			var want []string
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
		}
	})
}

func TestEventsAreAppendOnly(t *testing.T) {
	t.Parallel()
	forEachDialect(t, func(t *testing.T, st *Store) {
		err := st.Tx(context.Background(), func(q *Q) error {
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
		if es, err := st.Read(context.Background()).Events(EventFilter{AccountID: "111122223333"}); err != nil || len(es) != 1 || es[0].EventName != "X" {
			t.Errorf("events = %+v %v", es, err)
		}
	})
}

func TestUniqueNamesAreCaseInsensitive(t *testing.T) {
	t.Parallel()
	forEachDialect(t, func(t *testing.T, st *Store) {
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
	})
}
