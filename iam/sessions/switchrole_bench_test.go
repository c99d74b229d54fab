package sessions_test

import (
	"context"
	"slices"
	"sync"
	"testing"
	"time"

	"iamconsole/iam/sessions"
)

// BenchmarkSwitchRole measures console switches (authorization, role
// session, session rotation, history and both events in one transaction)
// from 32 concurrent sessions, and reports switches/s and the p99 latency.
// Target: p99 ≤ 15 ms at 32 sessions, ≥ 1,000 switches/s.
func BenchmarkSwitchRole(b *testing.B) {
	f := newSwitchFixture(b)
	ctx := context.Background()
	const nsessions = 32
	ids := make([]string, nsessions)
	for i := range ids {
		ids[i] = f.signIn(b, "development", "david")
	}
	var mu sync.Mutex
	lat := make([]time.Duration, 0, b.N)
	per := (b.N + nsessions - 1) / nsessions
	b.ResetTimer()
	start := time.Now()
	var wg sync.WaitGroup
	for i := range ids {
		wg.Go(func() {
			id := ids[i]
			mine := make([]time.Duration, 0, per)
			for range per {
				t0 := time.Now()
				next, _, err := f.svc.SwitchRole(ctx, id, sessions.SwitchRoleInput{Account: "production", RoleName: "UpdateAPP"})
				if err != nil {
					b.Error(err)
					return
				}
				mine = append(mine, time.Since(t0))
				id = next
			}
			mu.Lock()
			lat = append(lat, mine...)
			mu.Unlock()
		})
	}
	wg.Wait()
	elapsed := time.Since(start)
	b.StopTimer()
	if len(lat) == 0 {
		return
	}
	slices.Sort(lat)
	b.ReportMetric(float64(len(lat))/elapsed.Seconds(), "switches/s")
	b.ReportMetric(float64(lat[len(lat)*99/100].Microseconds())/1000, "p99-ms")
}
