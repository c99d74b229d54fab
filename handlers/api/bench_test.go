package api_test

import (
	"bytes"
	"io"
	"net/http"
	"net/url"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"iamconsole/handlers/api/apitest"
	"iamconsole/iam/sigv4"
)

// benchAPI sends signed STS calls over loopback HTTP from 32 parallel
// connections and reports requests/s, the p99 latency the client saw, and
// the p50 and p99 of the server's own time (its Server-Timing header).
func benchAPI(b *testing.B, form url.Values) {
	e := apitest.New(b, false)
	david := e.Keys["david"]
	body := []byte(form.Encode())
	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 64}}
	var mu sync.Mutex
	var lat, srv []time.Duration
	b.SetParallelism(max(1, 32/runtime.GOMAXPROCS(0))) // 32 connections
	b.ReportAllocs()
	b.ResetTimer()
	start := time.Now()
	b.RunParallel(func(pb *testing.PB) {
		var mine, mySrv []time.Duration
		for pb.Next() {
			t0 := time.Now()
			req, _ := http.NewRequest(http.MethodPost, e.Server.URL+"/", bytes.NewReader(body))
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded; charset=utf-8")
			sigv4.Sign(req, body, david[0], david[1], "", "us-east-1", "sts", t0)
			res, err := client.Do(req)
			if err != nil {
				b.Fatal(err)
			}
			io.Copy(io.Discard, res.Body)
			res.Body.Close()
			if res.StatusCode != 200 {
				b.Fatalf("status %d", res.StatusCode)
			}
			mine = append(mine, time.Since(t0))
			if ms, ok := strings.CutPrefix(res.Header.Get("Server-Timing"), "app;dur="); ok {
				f, _ := strconv.ParseFloat(ms, 64)
				mySrv = append(mySrv, time.Duration(f*float64(time.Millisecond)))
			}
		}
		mu.Lock()
		lat = append(lat, mine...)
		srv = append(srv, mySrv...)
		mu.Unlock()
	})
	elapsed := time.Since(start)
	b.StopTimer()
	if len(lat) > 0 {
		slices.Sort(lat)
		b.ReportMetric(float64(len(lat))/elapsed.Seconds(), "req/s")
		b.ReportMetric(float64(lat[len(lat)*99/100].Microseconds())/1000, "p99-ms")
	}
	if len(srv) > 0 {
		slices.Sort(srv)
		b.ReportMetric(float64(srv[len(srv)*99/100].Microseconds())/1000, "srv-p99-ms")
		b.ReportMetric(float64(srv[len(srv)/2].Microseconds())/1000, "srv-p50-ms")
	}
}

// BenchmarkGetCallerIdentity is a signed GetCallerIdentity through the whole
// server from 32 connections. Target: ≥ 15,000 req/s with p99 ≤ 10 ms.
func BenchmarkGetCallerIdentity(b *testing.B) {
	benchAPI(b, url.Values{"Action": {"GetCallerIdentity"}, "Version": {"2011-06-15"}})
}

// BenchmarkAssumeRole is a signed cross-account AssumeRole (two events, the
// role's last use) through the whole server from 32 connections. Target:
// ≥ 8,000 req/s with p99 ≤ 10 ms.
func BenchmarkAssumeRole(b *testing.B) {
	benchAPI(b, url.Values{"Action": {"AssumeRole"}, "Version": {"2011-06-15"},
		"RoleArn": {apitest.UpdateAPP}, "RoleSessionName": {"bench"}})
}
