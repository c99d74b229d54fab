package iam

import (
	"fmt"
	"runtime"
	"strconv"
	"sync/atomic"
	"testing"

	"iamconsole/store"
)

// BenchmarkListRoles pages through 10,000 roles 50 at a time, as the console's
// roles list does, from 32 concurrent callers.
// Target: ≥ 3,000 pages/s at 32 connections.
func BenchmarkListRoles(b *testing.B) {
	f := newFixture(b)
	const n = 10000
	err := f.s.st.Tx(f.ctx, func(q *store.Q) error {
		for i := range n {
			r := &store.Role{ID: NewUniqueID(PrefixRole), AccountID: DemoProductionID, Name: fmt.Sprintf("role-%05d", i), Path: "/",
				TrustPolicy: trustDev, MaxSessionDuration: 3600, CreatedAt: f.s.Now()}
			if err := q.CreateRole(r); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		b.Fatal(err)
	}
	f.s.InvalidateCaches()
	var page atomic.Int64
	b.SetParallelism(max(1, 32/runtime.GOMAXPROCS(0))) // 32 concurrent callers
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			p := page.Add(1) % (n / 50)
			list, err := f.s.ListRoles(f.ctx, f.prodAdmin, ListInput{MaxItems: 50, Marker: strconv.FormatInt(p*50, 10)})
			if err != nil || len(list.Roles) != 50 {
				b.Fatal(err)
			}
		}
	})
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "pages/s")
}
