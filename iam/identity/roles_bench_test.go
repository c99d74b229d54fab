package identity_test

import (
	"fmt"
	"runtime"
	"slices"
	"strconv"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"iamconsole/iam"
	"iamconsole/iam/organizations"
	"iamconsole/store"
)

// BenchmarkListRoles pages through 10,000 roles 50 at a time, as the console's
// roles list does, from 32 concurrent callers, without and with a search,
// and reports pages/s and the p99 latency.
// Target: ≥ 3,000 pages/s with p99 ≤ 20 ms at 32 connections.
func BenchmarkListRoles(b *testing.B) {
	f := newFixture(b)
	const n = 10000
	err := f.k.Store().Tx(f.ctx, func(q *store.Q) error {
		for i := range n {
			r := &store.Role{ID: iam.NewUniqueID(iam.PrefixRole), AccountID: organizations.DemoProductionID, Name: fmt.Sprintf("role-%05d", i), Path: "/",
				TrustPolicy: trustDev, MaxSessionDuration: 3600, CreatedAt: f.k.Now()}
			if err := q.CreateRole(r); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		b.Fatal(err)
	}
	for _, tc := range []struct {
		name, search string
		pages        int64
	}{{"all", "", n / 50}, {"search", "role-0", 1000 / 50}} {
		b.Run(tc.name, func(b *testing.B) {
			f.k.InvalidateCaches()
			var page atomic.Int64
			var mu sync.Mutex
			var lat []time.Duration
			b.SetParallelism(max(1, 32/runtime.GOMAXPROCS(0))) // 32 concurrent callers
			b.ResetTimer()
			start := time.Now()
			b.RunParallel(func(pb *testing.PB) {
				var mine []time.Duration
				for pb.Next() {
					p := page.Add(1) % tc.pages
					t0 := time.Now()
					list, err := f.s.ListRoles(f.ctx, f.prodAdmin, iam.ListInput{Search: tc.search, MaxItems: 50, Marker: strconv.FormatInt(p*50, 10)})
					if err != nil || len(list.Roles) != 50 {
						b.Fatal(err)
					}
					mine = append(mine, time.Since(t0))
				}
				mu.Lock()
				lat = append(lat, mine...)
				mu.Unlock()
			})
			elapsed := time.Since(start)
			b.StopTimer()
			slices.Sort(lat)
			b.ReportMetric(float64(len(lat))/elapsed.Seconds(), "pages/s")
			b.ReportMetric(float64(lat[len(lat)*99/100].Microseconds())/1000, "p99-ms")
		})
	}
}
