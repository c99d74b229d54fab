package sessions

import (
	"context"
	"sync"
	"time"
)

// Sign-in throttling. Failures are counted per key, and a key that has
// failed too often must wait before its next attempt, longer after every
// further failure (exponential backoff, capped). The keys never name a user
// alone: a password is throttled per (source address, account ID, user),
// so that wrong passwords sent from one address cannot lock the user out
// from another; an MFA code is throttled per user (or root account), across
// sign-ins, so that someone who knows the password cannot guess codes by
// signing in again and again. A source address also has a key of its own,
// with a higher allowance, that slows one address trying many users.
//
// The counts live behind FailureStore: in memory for one instance
// (MemoryFailures), or in a database that several instances share.

// Failures is what a FailureStore holds under one key.
type Failures struct {
	Count int       // failures since the count last started over
	Last  time.Time // the latest of them
}

// FailureStore keeps recent sign-in failures per throttling key. Its
// methods are called outside any other transaction; errors make sign-in
// fail closed.
type FailureStore interface {
	// Failures returns the failures under each of keys whose last failure
	// is at or after since; other keys are absent from the map.
	Failures(ctx context.Context, keys []string, since time.Time) (map[string]Failures, error)
	// AddFailure counts one failure more under each key at now; a count
	// whose last failure is before since starts over at one.
	AddFailure(ctx context.Context, keys []string, now, since time.Time) error
	// Clear forgets keys.
	Clear(ctx context.Context, keys []string) error
}

// A rule is how one kind of key is throttled: free attempts, then a
// backoff that doubles with every failure from base up to max.
type rule struct {
	free      int
	base, max time.Duration
}

// The throttling rules, and how long a failure counts.
var (
	passwordRule = rule{free: 5, base: 30 * time.Second, max: 15 * time.Minute}
	addressRule  = rule{free: 20, base: 30 * time.Second, max: 15 * time.Minute}
	mfaRule      = rule{free: 5, base: 30 * time.Second, max: 15 * time.Minute}
)

// failureWindow is how long a failure counts: a key quiet for longer
// starts over.
const failureWindow = time.Hour

// backoff is how long after its last failure a key with n failures waits.
func (r rule) backoff(n int) time.Duration {
	if n < r.free {
		return 0
	}
	d := r.base
	for i := r.free; i < n && d < r.max; i++ {
		d *= 2
	}
	return min(d, r.max)
}

// throttle applies the rules to keys over a FailureStore.
type throttle struct{ st FailureStore }

// keyed is a throttling key with its rule.
type keyed struct {
	key  string
	rule rule
}

// wait reports how long the caller must still wait before trying under
// keys (0: it may try now).
func (t *throttle) wait(ctx context.Context, now time.Time, keys ...keyed) (time.Duration, error) {
	names := make([]string, len(keys))
	for i, k := range keys {
		names[i] = k.key
	}
	fs, err := t.st.Failures(ctx, names, now.Add(-failureWindow))
	if err != nil {
		return 0, err
	}
	var longest time.Duration
	for _, k := range keys {
		f, ok := fs[k.key]
		if !ok {
			continue
		}
		if w := f.Last.Add(k.rule.backoff(f.Count)).Sub(now); w > longest {
			longest = w
		}
	}
	return longest, nil
}

func (t *throttle) fail(ctx context.Context, now time.Time, keys ...keyed) error {
	names := make([]string, len(keys))
	for i, k := range keys {
		names[i] = k.key
	}
	return t.st.AddFailure(ctx, names, now, now.Add(-failureWindow))
}

func (t *throttle) succeed(ctx context.Context, keys ...keyed) error {
	names := make([]string, len(keys))
	for i, k := range keys {
		names[i] = k.key
	}
	return t.st.Clear(ctx, names)
}

// MemoryFailures is a FailureStore in this process's memory, bounded: past
// maxMemoryKeys keys, those whose failures no longer count are dropped.
type MemoryFailures struct {
	mu   sync.Mutex
	keys map[string]Failures
}

// maxMemoryKeys bounds MemoryFailures under a spray of keys.
const maxMemoryKeys = 100_000

// NewMemoryFailures returns an empty MemoryFailures.
func NewMemoryFailures() *MemoryFailures { return &MemoryFailures{keys: map[string]Failures{}} }

// Failures implements FailureStore.
func (m *MemoryFailures) Failures(_ context.Context, keys []string, since time.Time) (map[string]Failures, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	out := make(map[string]Failures, len(keys))
	for _, k := range keys {
		if f, ok := m.keys[k]; ok && !f.Last.Before(since) {
			out[k] = f
		}
	}
	return out, nil
}

// AddFailure implements FailureStore.
func (m *MemoryFailures) AddFailure(_ context.Context, keys []string, now, since time.Time) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if len(m.keys) > maxMemoryKeys {
		for k, f := range m.keys {
			if f.Last.Before(since) {
				delete(m.keys, k)
			}
		}
	}
	for _, k := range keys {
		f := m.keys[k]
		if f.Last.Before(since) {
			f.Count = 0
		}
		f.Count++
		f.Last = now
		m.keys[k] = f
	}
	return nil
}

// Clear implements FailureStore.
func (m *MemoryFailures) Clear(_ context.Context, keys []string) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	for _, k := range keys {
		delete(m.keys, k)
	}
	return nil
}
