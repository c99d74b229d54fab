package main

import (
	"context"
	"testing"
	"time"

	"iamconsole/iam"
	"iamconsole/iam/organizations"
	"iamconsole/web/webtest"
)

// resourceEnv is a server with Setup's table and instances in Production
// and a key of Production's admin.
func resourceEnv(b testing.TB) (*webtest.Env, Config) {
	b.Helper()
	env := webtest.New(b)
	root := &iam.Caller{Type: iam.CallerRoot, AccountID: organizations.DemoProductionID, ARN: "arn:aws:iam::123456789012:root", UniqueID: organizations.DemoProductionID}
	k, secret, err := env.Services.Identity.CreateAccessKey(context.Background(), root, "admin")
	if err != nil {
		b.Fatal(err)
	}
	cfg := Config{URL: env.Server.URL, AccessKeyID: k.AccessKeyID, Secret: secret}
	if err := Setup(context.Background(), cfg); err != nil {
		b.Fatal(err)
	}
	return env, cfg
}

// benchConns runs cfg over conns connections for the benchmark's time and
// reports the rate and latencies.
func benchConns(b *testing.B, cfg Config, conns int, unit string) {
	b.Helper()
	cfg.Conns = conns
	cfg.Duration = max(time.Second, b.Elapsed())
	b.ResetTimer()
	res, err := Run(context.Background(), cfg)
	b.StopTimer()
	if err != nil {
		b.Fatal(err)
	}
	if res.Errors > 0 {
		b.Fatalf("%v", res)
	}
	b.ReportMetric(res.Rate(), unit)
	b.ReportMetric(float64(res.P99.Microseconds())/1000, "p99-ms")
	if res.ServerTimed {
		b.ReportMetric(float64(res.ServerP50.Microseconds())/1000, "srv-p50-ms")
		b.ReportMetric(float64(res.ServerP99.Microseconds())/1000, "srv-p99-ms")
	}
}

// BenchmarkDynamoDBGetItem measures GetItem through the whole server from
// 16 connections. Target: ≥ 5,000 items/s, and ≥ 50× moto_server.
func BenchmarkDynamoDBGetItem(b *testing.B) {
	b.ReportAllocs()
	_, cfg := resourceEnv(b)
	cfg.Mode = ModeDDBGet
	benchConns(b, cfg, 16, "items/s")
}

// BenchmarkDynamoDBPutItem measures PutItem of new items through the whole
// server from 16 connections. Target: ≥ 5,000 items/s, and ≥ 50×
// moto_server.
func BenchmarkDynamoDBPutItem(b *testing.B) {
	b.ReportAllocs()
	_, cfg := resourceEnv(b)
	cfg.Mode = ModeDDBPut
	benchConns(b, cfg, 16, "items/s")
}

// BenchmarkDynamoDBQuery100 measures Query of a partition of 100 items
// through the whole server from 16 connections. Target: ≥ 2,000
// queries/s.
func BenchmarkDynamoDBQuery100(b *testing.B) {
	b.ReportAllocs()
	_, cfg := resourceEnv(b)
	cfg.Mode = ModeDDBQuery
	benchConns(b, cfg, 16, "queries/s")
}

// BenchmarkEC2DescribeInstances1000 measures DescribeInstances filtered by
// a Name tag among 1,000 instances through the whole server from 16
// connections. Target: ≥ 1,000 requests/s.
func BenchmarkEC2DescribeInstances1000(b *testing.B) {
	b.ReportAllocs()
	_, cfg := resourceEnv(b)
	cfg.Mode = ModeEC2Describe
	benchConns(b, cfg, 16, "req/s")
}
