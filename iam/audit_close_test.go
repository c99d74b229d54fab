package iam_test

import (
	"context"
	"sync"
	"testing"

	"iamconsole/iam/organizations"
	"iamconsole/store"
)

// TestAuditCloseLosesNothing records events from many goroutines while the
// service closes: every one is stored, including those recorded after Close.
func TestAuditCloseLosesNothing(t *testing.T) {
	t.Parallel()
	e := newSTSEnv(t)
	ctx := context.Background()
	c, _, _ := e.Key(t, organizations.DemoDevelopmentID, "david")
	e.k.FlushEvents()
	count := func() int {
		var n int
		es, err := e.k.Store().Read(ctx).Events(store.EventFilter{AccountID: organizations.DemoDevelopmentID, Attribute: "EventName", Value: "GetCallerIdentity", Limit: 1000})
		if err != nil {
			t.Fatal(err)
		}
		n = len(es)
		return n
	}
	const workers, each = 8, 100
	var wg sync.WaitGroup
	for range workers {
		wg.Go(func() {
			for range each {
				e.sts.GetCallerIdentity(context.Background(), c)
			}
		})
	}
	wg.Wait()
	e.k.Close()
	e.sts.GetCallerIdentity(context.Background(), c) // after Close: written at once
	if got := count(); got != workers*each+1 {
		t.Errorf("%d events stored, want %d", got, workers*each+1)
	}
}
