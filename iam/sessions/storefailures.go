package sessions

import (
	"context"
	"sync/atomic"
	"time"

	"iamconsole/store"
)

// storeFailures is a FailureStore in the database (signin_failures), for
// instances that share it: an attacker gains nothing by spreading
// attempts over instances.
type storeFailures struct {
	st    *store.Store
	added atomic.Int64 // failures counted, for the pruning
}

// pruneEvery is how many failures counted go between two prunes of the
// keys whose failures no longer count.
const pruneEvery = 1000

// StoreFailures is a FailureStore that keeps the failures in st; New uses
// it when other instances share the database.
func StoreFailures(st *store.Store) FailureStore { return &storeFailures{st: st} }

// Failures implements FailureStore.
func (f *storeFailures) Failures(ctx context.Context, keys []string, since time.Time) (map[string]Failures, error) {
	rows, err := f.st.Read(ctx).SignInFailures(keys, since)
	if err != nil {
		return nil, err
	}
	out := make(map[string]Failures, len(rows))
	for _, r := range rows {
		out[r.Key] = Failures{Count: r.Failures, Last: r.LastFailedAt}
	}
	return out, nil
}

// AddFailure implements FailureStore.
func (f *storeFailures) AddFailure(ctx context.Context, keys []string, now, since time.Time) error {
	prune := f.added.Add(int64(len(keys)))%pruneEvery < int64(len(keys))
	return f.st.Tx(ctx, func(q *store.Q) error {
		if err := q.AddSignInFailures(keys, now, since); err != nil {
			return err
		}
		if prune {
			_, err := q.DeleteSignInFailuresBefore(since)
			return err
		}
		return nil
	})
}

// Clear implements FailureStore.
func (f *storeFailures) Clear(ctx context.Context, keys []string) error {
	return f.st.Tx(ctx, func(q *store.Q) error { return q.ClearSignInFailures(keys) })
}
