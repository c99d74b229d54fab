package sessions

import (
	"sync"
	"time"
)

// throttle slows repeated sign-in failures per key (account+user, or root
// email, or source IP): after maxFailures within window, further attempts
// are refused until the window has passed since the last failure.
type throttle struct {
	mu    sync.Mutex
	fails map[string]*failures
}

type failures struct {
	n    int
	last time.Time
}

const (
	maxFailures    = 5
	throttleWindow = 5 * time.Minute
)

func newThrottle() *throttle { return &throttle{fails: map[string]*failures{}} }

// wait reports how long the key must still wait (0 if it may try now).
func (t *throttle) wait(now time.Time, keys ...string) time.Duration {
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

func (t *throttle) fail(now time.Time, keys ...string) {
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

func (t *throttle) succeed(keys ...string) {
	t.mu.Lock()
	defer t.mu.Unlock()
	for _, k := range keys {
		delete(t.fails, k)
	}
}
