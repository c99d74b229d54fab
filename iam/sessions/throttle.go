package sessions

import (
	"context"
	"log/slog"
	"sync"
	"sync/atomic"
	"time"

	"iamconsole/store"
)

// throttle slows repeated sign-in failures per key (account+user, or root
// email, or source IP): after maxFailures within window, further attempts
// are refused until the window has passed since the last failure. The
// failures are counted in memory, or, when other instances share the
// database, in it (signin_failures), so that an attacker gains nothing by
// spreading attempts over instances.
type throttle struct {
	mu    sync.Mutex
	fails map[string]*failures
	// st, when set, holds the counts instead of fails.
	st    *store.Store
	log   *slog.Logger
	added atomic.Int64 // failures counted in the store, for its pruning
}

type failures struct {
	n    int
	last time.Time
}

const (
	maxFailures    = 5
	throttleWindow = 5 * time.Minute
	// pruneEvery is how many failures counted in the store go between two
	// prunes of the keys whose window has passed.
	pruneEvery = 1000
)

func newThrottle() *throttle { return &throttle{fails: map[string]*failures{}} }

// sharedThrottle counts the failures in st.
func sharedThrottle(st *store.Store, log *slog.Logger) *throttle { return &throttle{st: st, log: log} }

// wait reports how long the key must still wait (0 if it may try now).
func (t *throttle) wait(ctx context.Context, now time.Time, keys ...string) time.Duration {
	if t.st != nil {
		fs, err := t.st.Read(ctx).SignInFailures(keys, now.Add(-throttleWindow))
		if err != nil {
			// The sign-in's own reads fail the same way.
			t.log.Warn("sign-in throttle: read", "err", err)
			return 0
		}
		var longest time.Duration
		for _, f := range fs {
			if f.Failures >= maxFailures {
				longest = max(longest, throttleWindow-now.Sub(f.LastFailedAt))
			}
		}
		return longest
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	var longest time.Duration
	for _, k := range keys {
		f := t.fails[k]
		if f == nil {
			continue
		}
		if now.Sub(f.last) > throttleWindow {
			delete(t.fails, k)
			continue
		}
		if f.n >= maxFailures {
			if w := throttleWindow - now.Sub(f.last); w > longest {
				longest = w
			}
		}
	}
	return longest
}

func (t *throttle) fail(ctx context.Context, now time.Time, keys ...string) {
	if t.st != nil {
		prune := t.added.Add(int64(len(keys)))%pruneEvery < int64(len(keys))
		err := t.st.Tx(ctx, func(q *store.Q) error {
			if err := q.AddSignInFailures(keys, now, now.Add(-throttleWindow)); err != nil {
				return err
			}
			if prune {
				_, err := q.DeleteSignInFailuresBefore(now.Add(-throttleWindow))
				return err
			}
			return nil
		})
		if err != nil {
			t.log.Warn("sign-in throttle: count a failure", "err", err)
		}
		return
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	if len(t.fails) > 100_000 { // bound memory under a spray of keys
		for k, f := range t.fails {
			if now.Sub(f.last) > throttleWindow {
				delete(t.fails, k)
			}
		}
	}
	for _, k := range keys {
		f := t.fails[k]
		if f == nil {
			f = &failures{}
			t.fails[k] = f
		}
		f.n++
		f.last = now
	}
}

func (t *throttle) succeed(ctx context.Context, keys ...string) {
	if t.st != nil {
		if err := t.st.Tx(ctx, func(q *store.Q) error { return q.ClearSignInFailures(keys) }); err != nil {
			t.log.Warn("sign-in throttle: clear", "err", err)
		}
		return
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	for _, k := range keys {
		delete(t.fails, k)
	}
}
