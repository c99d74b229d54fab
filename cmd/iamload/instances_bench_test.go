package main

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"iamconsole/iam"
	"iamconsole/iam/organizations"
	"iamconsole/store"
	"iamconsole/store/storetest"
	"iamconsole/web/webtest"
)

// instances starts n servers on target (a new database) with the demo
// organization; more, when given, seeds it first.
func instances(b *testing.B, target string, n int, more func(env *webtest.Env)) []*webtest.Env {
	b.Helper()
	first := webtest.New(b, webtest.Options{Target: target})
	if more != nil {
		more(first)
	}
	envs := []*webtest.Env{first}
	for len(envs) < n {
		envs = append(envs, first.Instance(b))
	}
	return envs
}

// setups are the instance benchmarks' runs: one instance on SQLite, one on
// PostgreSQL, two on PostgreSQL.
var setups = []struct {
	name   string
	n      int
	target func(testing.TB) string
}{{"sqlite", 1, storetest.SQLite}, {"postgres-1", 1, storetest.Postgres}, {"postgres-2", 2, storetest.Postgres}}

// urls lists the servers' URLs for -url.
func urls(envs []*webtest.Env) string {
	var us []string
	for _, e := range envs {
		us = append(us, e.Server.URL)
	}
	return strings.Join(us, ",")
}

// BenchmarkInstancesAssumeRole measures AssumeRole on SQLite, and on
// PostgreSQL served by one instance and by two (each client's requests in
// turn), 32 connections. Target: two instances no slower than one.
func BenchmarkInstancesAssumeRole(b *testing.B) {
	for _, su := range setups {
		b.Run(su.name, func(b *testing.B) {
			envs := instances(b, su.target(b), su.n, nil)
			root := &iam.Caller{Type: iam.CallerRoot, AccountID: organizations.DemoDevelopmentID, ARN: "arn:aws:iam::" + organizations.DemoDevelopmentID + ":root", UniqueID: organizations.DemoDevelopmentID}
			k, secret, err := envs[0].Services.Identity.CreateAccessKey(context.Background(), root, "david")
			if err != nil {
				b.Fatal(err)
			}
			benchRun(b, envs[0], Config{URL: urls(envs), Mode: ModeAssumeRole, AccessKeyID: k.AccessKeyID, Secret: secret,
				RoleARN: "arn:aws:iam::123456789012:role/UpdateAPP"}, "req/s")
		})
	}
}

// BenchmarkInstancesRolesList measures the console's roles list with 10,000
// users and 10,000 roles on SQLite, and on PostgreSQL served by one
// instance and by two, 32 sessions. Target: two instances no slower than
// one.
func BenchmarkInstancesRolesList(b *testing.B) {
	for _, su := range setups {
		b.Run(su.name, func(b *testing.B) {
			envs := instances(b, su.target(b), su.n, seedRoles)
			benchRun(b, envs[0], Config{URL: urls(envs), Mode: ModeRolesList, Account: "production", User: "admin",
				Password: envs[0].Password(b, "production", "admin"), Search: "role", Pages: 200}, "pages/s")
		})
	}
}

// seedRoles adds 10,000 users and 10,000 roles to Production.
func seedRoles(env *webtest.Env) {
	now := time.Now()
	err := env.Svc.Store().Tx(context.Background(), func(q *store.Q) error {
		for i := range 10000 {
			if err := q.CreateUser(&store.User{ID: iam.NewUniqueID(iam.PrefixUser), AccountID: organizations.DemoProductionID,
				Name: fmt.Sprintf("user-%05d", i), Path: "/", CreatedAt: now}); err != nil {
				return err
			}
			if err := q.CreateRole(&store.Role{ID: iam.NewUniqueID(iam.PrefixRole), AccountID: organizations.DemoProductionID,
				Name: fmt.Sprintf("app-role-%05d", i), Path: "/", MaxSessionDuration: 3600, CreatedAt: now,
				TrustPolicy: `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:root"},"Action":"sts:AssumeRole"}]}`}); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		panic(err)
	}
	env.Svc.InvalidateCaches()
}

// TestLoadOverInstances runs the API and console modes over two instances
// of one PostgreSQL database, each client's requests in turn: every request
// is signed for, and every session known by, the instance it reaches.
func TestLoadOverInstances(t *testing.T) {
	t.Parallel()
	first := webtest.New(t, webtest.Options{Target: storetest.Postgres(t)})
	envs := []*webtest.Env{first, first.Instance(t)}
	root := &iam.Caller{Type: iam.CallerRoot, AccountID: organizations.DemoDevelopmentID, ARN: "arn:aws:iam::" + organizations.DemoDevelopmentID + ":root", UniqueID: organizations.DemoDevelopmentID}
	k, secret, err := first.Services.Identity.CreateAccessKey(context.Background(), root, "david")
	if err != nil {
		t.Fatal(err)
	}
	for _, cfg := range []Config{
		{Mode: ModeAssumeRole, AccessKeyID: k.AccessKeyID, Secret: secret, RoleARN: "arn:aws:iam::123456789012:role/UpdateAPP"},
		{Mode: ModeSwitch, Account: "development", User: "david", Password: first.Password(t, "development", "david"),
			SwitchAccount: "production", SwitchRole: "UpdateAPP"},
	} {
		cfg.URL, cfg.Conns, cfg.Duration = urls(envs), 4, 300*time.Millisecond
		res, err := Run(context.Background(), cfg)
		if err != nil {
			t.Fatal(err)
		}
		if res.Errors > 0 || res.Requests < 2 {
			t.Errorf("%s over two instances: %v", cfg.Mode, res)
		}
	}
}

// BenchmarkInstancesResources measures a DynamoDB GetItem (eventually
// consistent) and an S3 GetObject of 1 KiB on SQLite, where their caches
// answer, and on PostgreSQL, where instances keep no caches of them and
// every read goes to the database; GetItem also with two instances (the
// S3 modes load one). 16 connections. Target: on PostgreSQL at least half
// of SQLite's rate, and two instances no slower than one.
func BenchmarkInstancesResources(b *testing.B) {
	for _, su := range setups {
		for _, mode := range []string{ModeDDBGet, ModeS3Get} {
			if mode == ModeS3Get && su.n > 1 {
				continue
			}
			b.Run(su.name+"/"+mode, func(b *testing.B) {
				envs := instances(b, su.target(b), su.n, nil)
				root := &iam.Caller{Type: iam.CallerRoot, AccountID: organizations.DemoProductionID, ARN: "arn:aws:iam::123456789012:root", UniqueID: organizations.DemoProductionID}
				k, secret, err := envs[0].Services.Identity.CreateAccessKey(context.Background(), root, "admin")
				if err != nil {
					b.Fatal(err)
				}
				cfg := Config{URL: urls(envs), Mode: mode, AccessKeyID: k.AccessKeyID, Secret: secret, Bucket: "bench", Size: 1024}
				if mode == ModeDDBGet {
					setup := cfg
					setup.URL = envs[0].Server.URL
					if err := Setup(context.Background(), setup); err != nil {
						b.Fatal(err)
					}
				}
				benchConns(b, cfg, 16, "req/s")
			})
		}
	}
}
