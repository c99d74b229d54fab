package store

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"
)

// seed creates an account with a user and a role.
func seed(t *testing.T, st *Store) {
	t.Helper()
	now := time.Now().UTC()
	err := st.Tx(context.Background(), func(q *Q) error {
		if err := q.CreateAccount(&Account{ID: "111122223333", Name: "dev", RootEmail: "a@example.com", RootPasswordHash: "x", CreatedAt: now}); err != nil {
			return err
		}
		if err := q.CreateUser(&User{ID: "AIDA1", AccountID: "111122223333", Name: "u", Path: "/", CreatedAt: now}); err != nil {
			return err
		}
		return q.CreateRole(&Role{ID: "AROA1", AccountID: "111122223333", Name: "r", Path: "/", TrustPolicy: "{}", MaxSessionDuration: 3600, CreatedAt: now})
	})
	if err != nil {
		t.Fatal(err)
	}
}

// TestBatchIsolatesFailures runs writes in one group commit: a failing
// write undoes only its own changes.
func TestBatchIsolatesFailures(t *testing.T) {
	t.Parallel()
	forEachDialect(t, func(t *testing.T, st *Store) {
		seed(t, st)
		ctx := context.Background()
		var wg sync.WaitGroup
		errs := make([]error, 40)
		for i := range errs {
			wg.Go(func() {
				errs[i] = st.Batch(ctx, func(q *Q) error {
					if err := q.SetSetting(fmt.Sprint("k", i), "v"); err != nil {
						return err
					}
					if i%2 == 1 {
						return errors.New("refused")
					}
					return nil
				})
			})
		}
		wg.Wait()
		for i, err := range errs {
			_, ok, serr := st.Read(ctx).Setting(fmt.Sprint("k", i))
			if serr != nil {
				t.Fatal(serr)
			}
			if want := i%2 == 0; ok != want || (err == nil) != want {
				t.Errorf("write %d: stored %v, err %v", i, ok, err)
			}
		}
	})
}

// TestAppendEvents appends more events than one INSERT holds, with role
// uses: a use older than the stored one is ignored.
func TestAppendEvents(t *testing.T) {
	t.Parallel()
	forEachDialect(t, func(t *testing.T, st *Store) {
		seed(t, st)
		ctx := context.Background()
		t0 := time.Date(2025, 3, 1, 12, 0, 0, 0, time.UTC)
		es := make([]Event, 300)
		for i := range es {
			es[i] = Event{EventID: fmt.Sprint("e", i), AccountID: "111122223333", EventTime: t0, EventName: "GetCallerIdentity",
				EventSource: "sts.amazonaws.com", ReadOnly: true, Record: "{}"}
		}
		if err := st.AppendEvents(ctx, es, []RoleUse{{RoleID: "AROA1", At: t0.Add(time.Hour), Region: "us-east-1"}}); err != nil {
			t.Fatal(err)
		}
		if err := st.AppendEvents(ctx, nil, []RoleUse{{RoleID: "AROA1", At: t0, Region: "eu-west-1"}}); err != nil {
			t.Fatal(err)
		}
		got, err := st.Read(ctx).Events(EventFilter{AccountID: "111122223333", IncludeReads: true})
		if err != nil || len(got) != len(es) {
			t.Fatalf("%d events, %v", len(got), err)
		}
		r, err := st.Read(ctx).RoleByID("AROA1")
		if err != nil || r.LastUsedAt == nil || !r.LastUsedAt.Equal(t0.Add(time.Hour)) || *r.LastUsedRegion != "us-east-1" {
			t.Fatalf("role last used: %+v %v", r, err)
		}
		// A duplicate event ID fails the whole batch.
		if err := st.AppendEvents(ctx, es[:1], nil); err == nil {
			t.Error("duplicate event ID accepted")
		}
	})
}

// TestSessionCacheWriteThrough checks that the cache follows every change
// of a session row: update, rotation, deletion, the user's deletion.
func TestSessionCacheWriteThrough(t *testing.T) {
	t.Parallel()
	forEachDialect(t, func(t *testing.T, st *Store) {
		seed(t, st)
		ctx := context.Background()
		now := time.Now().UTC()
		uid := "AIDA1"
		sess := &ConsoleSession{IDHash: "h1", State: "active", AccountID: "111122223333", UserID: &uid, CreatedAt: now, LastSeenAt: now, ExpiresAt: now.Add(time.Hour)}
		tx := func(fn func(q *Q) error) {
			t.Helper()
			if err := st.Tx(ctx, fn); err != nil {
				t.Fatal(err)
			}
		}
		tx(func(q *Q) error { return q.CreateConsoleSession(sess) })
		if got, rs, err := st.CachedConsoleSession(ctx, "h1"); err != nil || got.State != "active" || rs != nil {
			t.Fatalf("cached: %+v %v", got, err)
		}
		sess.State = "password"
		tx(func(q *Q) error { return q.UpdateConsoleSession(sess) })
		if got, _, err := st.CachedConsoleSession(ctx, "h1"); err != nil || got.State != "password" {
			t.Fatalf("after update: %+v %v", got, err)
		}
		rs := &RoleSession{ID: "ASIA1", RoleID: "AROA1", AccountID: "111122223333", RoleName: "r", RolePath: "/", IssuedAt: now, ExpiresAt: now.Add(time.Hour)}
		cur, _, _ := st.CachedConsoleSession(ctx, "h1")
		stale := *cur
		err := st.Batch(ctx, func(q *Q) error {
			if err := q.CreateRoleSession(rs); err != nil {
				return err
			}
			return q.RotateConsoleSession(cur, "h2", rs, now)
		})
		if err != nil {
			t.Fatal(err)
		}
		if _, _, err := st.CachedConsoleSession(ctx, "h1"); !errors.Is(err, ErrNotFound) {
			t.Errorf("old ID after rotation: %v", err)
		}
		if got, grs, err := st.CachedConsoleSession(ctx, "h2"); err != nil || grs == nil || grs.ID != "ASIA1" || *got.RoleSessionID != "ASIA1" {
			t.Fatalf("new ID after rotation: %+v %+v %v", got, grs, err)
		}
		// A second rotation from the old ID fails: the session moved on.
		if err := st.Batch(ctx, func(q *Q) error { return q.RotateConsoleSession(&stale, "h3", nil, now) }); !errors.Is(err, ErrNotFound) {
			t.Errorf("rotation from a stale ID: %v", err)
		}
		tx(func(q *Q) error { return q.DeleteUser(uid) })
		if _, _, err := st.CachedConsoleSession(ctx, "h2"); !errors.Is(err, ErrNotFound) {
			t.Errorf("session of a deleted user: %v", err)
		}
	})
}
