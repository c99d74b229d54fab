package handlers_test

import (
	"bytes"
	"io"
	"net/http"
	"net/url"
	"testing"
	"time"

	"iamconsole/iam/sigv4"
)

// benchAPI sends signed STS calls over loopback HTTP from parallel clients.
func benchAPI(b *testing.B, form url.Values) {
	e := newAPIEnv(b, false)
	david := e.keys["david"]
	body := []byte(form.Encode())
	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 64}}
	b.ReportAllocs()
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			req, _ := http.NewRequest(http.MethodPost, e.Server.URL+"/", bytes.NewReader(body))
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded; charset=utf-8")
			sigv4.Sign(req, body, david[0], david[1], "", "us-east-1", "sts", time.Now())
			res, err := client.Do(req)
			if err != nil {
				b.Fatal(err)
			}
			io.Copy(io.Discard, res.Body)
			res.Body.Close()
			if res.StatusCode != 200 {
				b.Fatalf("status %d", res.StatusCode)
			}
		}
	})
}

// BenchmarkGetCallerIdentity is a signed GetCallerIdentity through the whole
// server. Target: ≥ 15,000 req/s with p99 ≤ 10 ms at 32 connections
// (cmd/iamload measures rate and percentiles).
func BenchmarkGetCallerIdentity(b *testing.B) {
	benchAPI(b, url.Values{"Action": {"GetCallerIdentity"}, "Version": {"2011-06-15"}})
}

// BenchmarkAssumeRole is a signed cross-account AssumeRole through the whole
// server. Target: ≥ 8,000 req/s with p99 ≤ 10 ms at 32 connections.
func BenchmarkAssumeRole(b *testing.B) {
	benchAPI(b, url.Values{"Action": {"AssumeRole"}, "Version": {"2011-06-15"},
		"RoleArn": {updateAPP}, "RoleSessionName": {"bench"}})
}
