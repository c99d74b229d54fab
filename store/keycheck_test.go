package store

import (
	"context"
	"errors"
	"testing"
	"time"
)

// TestCheckKey checks the key check value: the first instance records its
// own, the same value passes, another one is refused and changes nothing.
func TestCheckKey(t *testing.T) {
	t.Parallel()
	forEachTarget(t, func(t *testing.T, target string) {
		ctx := context.Background()
		st := openTarget(t, target)
		if err := st.CheckKey(ctx, "kcv-one"); err != nil {
			t.Fatal(err)
		}
		if err := st.CheckKey(ctx, "kcv-one"); err != nil {
			t.Errorf("the same key: %v", err)
		}
		other := openTarget(t, target) // another instance, on PostgreSQL
		err := other.CheckKey(ctx, "kcv-two")
		if !errors.Is(err, ErrKeyMismatch) || err.Error() != "store: the encryption key is not this database's (the key's check value is kcv-two, the database expects kcv-one)" {
			t.Errorf("another key: %v", err)
		}
		if v, _, _ := st.Read(ctx).Setting(settingKeyCheck); v != "kcv-one" {
			t.Errorf("recorded value = %q", v)
		}
	})
}

// TestSignInFailures checks the throttle's table: counts per key, a count
// older than the window starting over, clearing and pruning.
func TestSignInFailures(t *testing.T) {
	t.Parallel()
	forEachDialect(t, func(t *testing.T, st *Store) {
		ctx := context.Background()
		t0 := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
		window := 5 * time.Minute
		fail := func(at time.Time, keys ...string) {
			t.Helper()
			tx(t, st, func(q *Q) error { return q.AddSignInFailures(keys, at, at.Add(-window)) })
		}
		counts := func(at time.Time, keys ...string) map[string]int {
			t.Helper()
			fs, err := st.Read(ctx).SignInFailures(keys, at.Add(-window))
			if err != nil {
				t.Fatal(err)
			}
			out := map[string]int{}
			for _, f := range fs {
				out[f.Key] = f.Failures
			}
			return out
		}
		for i := range 3 {
			fail(t0.Add(time.Duration(i)*time.Second), "user:a", "ip:1")
		}
		fail(t0.Add(3*time.Second), "ip:1")
		if got := counts(t0.Add(4*time.Second), "user:a", "ip:1", "user:b"); got["user:a"] != 3 || got["ip:1"] != 4 || len(got) != 2 {
			t.Errorf("counts = %v", got)
		}
		// Past the window the failures no longer count, and a new one
		// starts over.
		later := t0.Add(window + time.Minute)
		if got := counts(later, "user:a", "ip:1"); len(got) != 0 {
			t.Errorf("counts after the window = %v", got)
		}
		fail(later, "user:a")
		if got := counts(later, "user:a"); got["user:a"] != 1 {
			t.Errorf("count started over = %v", got)
		}
		tx(t, st, func(q *Q) error { return q.ClearSignInFailures([]string{"user:a"}) })
		if got := counts(later, "user:a"); len(got) != 0 {
			t.Errorf("after clearing = %v", got)
		}
		var pruned int64
		tx(t, st, func(q *Q) error {
			var err error
			pruned, err = q.DeleteSignInFailuresBefore(later.Add(-window))
			return err
		})
		if pruned != 1 {
			t.Errorf("pruned %d, want 1 (ip:1)", pruned)
		}
	})
}
