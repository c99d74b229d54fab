package main

import (
	"context"
	"net/http"
	"os"
	"strings"
	"testing"
	"time"

	"iamconsole/iam"
	"iamconsole/iam/organizations"
	"iamconsole/web/webtest"
)

func TestRefusesRemoteAddresses(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct{ name, url string }{
		{"public address", "http://192.0.2.1:8080"},
		{"no host", "/just/a/path"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			if _, err := Run(context.Background(), Config{URL: tc.url, AccessKeyID: "a", Secret: "b", Action: "GetCallerIdentity"}); err == nil {
				t.Error("accepted", tc.url)
			}
		})
	}
}

func TestLoad(t *testing.T) {
	t.Parallel()
	env := webtest.New(t)
	root := &iam.Caller{Type: iam.CallerRoot, AccountID: organizations.DemoDevelopmentID, ARN: "arn:aws:iam::" + organizations.DemoDevelopmentID + ":root", UniqueID: organizations.DemoDevelopmentID}
	k, secret, err := env.Services.Identity.CreateAccessKey(context.Background(), root, "david")
	if err != nil {
		t.Fatal(err)
	}
	d := 300 * time.Millisecond
	if v := os.Getenv("IAMLOAD_DURATION"); v != "" {
		d, _ = time.ParseDuration(v)
	}
	// Targets at 32 connections: GetCallerIdentity ≥ 15,000 req/s,
	// AssumeRole ≥ 8,000 req/s, p99 ≤ 10 ms (set IAMLOAD_DURATION=10s to measure).
	for _, action := range []string{"GetCallerIdentity", "AssumeRole"} {
		res, err := Run(context.Background(), Config{URL: env.Server.URL, AccessKeyID: k.AccessKeyID, Secret: secret, Action: action,
			RoleARN: "arn:aws:iam::123456789012:role/UpdateAPP", Conns: 32, Duration: d})
		if err != nil {
			t.Fatal(err)
		}
		t.Logf("%s: %v", action, res)
		if res.Errors > 0 || res.Requests == 0 || strings.Contains(res.FirstError, "Error") {
			t.Errorf("%s: %v", action, res)
		}
		if !res.ServerTimed || res.ServerP99 <= 0 || res.ServerP50 > res.ServerP99 {
			t.Errorf("%s: no server time: %v", action, res)
		}
	}
}

func TestConsoleModes(t *testing.T) {
	t.Parallel()
	env := webtest.New(t)
	d := 300 * time.Millisecond
	if v := os.Getenv("IAMLOAD_DURATION"); v != "" {
		d, _ = time.ParseDuration(v)
	}
	// Targets at 32 sessions: switch ≥ 1,000 switches/s with p99 ≤ 15 ms;
	// roles list ≥ 3,000 pages/s with p99 ≤ 20 ms (with 10,000 roles).
	tests := []struct {
		name string
		cfg  Config
	}{
		{"switch", Config{Mode: ModeSwitch, Account: "development", User: "david", Password: env.Password(t, "development", "david"),
			SwitchAccount: "production", SwitchRole: "UpdateAPP"}},
		{"roles-list", Config{Mode: ModeRolesList, Account: "production", User: "admin", Password: env.Password(t, "production", "admin"),
			Search: "app", Pages: 2}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			cfg := tc.cfg
			cfg.URL, cfg.Conns, cfg.Duration = env.Server.URL, 8, d
			res, err := Run(context.Background(), cfg)
			if err != nil {
				t.Fatal(err)
			}
			t.Logf("%s: %v", tc.name, res)
			if res.Errors > 0 || res.Requests == 0 {
				t.Errorf("%s: %v", tc.name, res)
			}
			if !res.ServerTimed || res.ServerP99 <= 0 || res.ServerP50 > res.ServerP99 {
				t.Errorf("%s: no server time: %v", tc.name, res)
			}
		})
	}
}

func TestModeChecks(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		cfg  Config
	}{
		{"unknown mode", Config{Mode: "nope"}},
		{"api without key", Config{Mode: ModeGCI}},
		{"assume-role without role", Config{Mode: ModeAssumeRole, AccessKeyID: "a", Secret: "b"}},
		{"console without password", Config{Mode: ModeSwitch, Account: "a", User: "u"}},
		{"switch without target", Config{Mode: ModeSwitch, Account: "a", User: "u", Password: "p"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			tc.cfg.URL = "http://127.0.0.1:1"
			if _, err := Run(context.Background(), tc.cfg); err == nil {
				t.Errorf("%+v accepted", tc.cfg)
			}
		})
	}
}

func TestServerTime(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		header []string
		want   time.Duration
	}{
		{"none", nil, noTiming},
		{"app", []string{"app;dur=1.250"}, 1250 * time.Microsecond},
		{"among others", []string{"db;dur=3, app;desc=\"x\";dur=0.5"}, 500 * time.Microsecond},
		{"second header", []string{"cache;dur=2", "app;dur=7"}, 7 * time.Millisecond},
		{"no duration", []string{"app"}, noTiming},
		{"garbage", []string{"app;dur=fast"}, noTiming},
		{"negative", []string{"app;dur=-1"}, noTiming},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			h := http.Header{}
			for _, v := range tc.header {
				h.Add("Server-Timing", v)
			}
			if got := serverTime(h); got != tc.want {
				t.Errorf("serverTime(%q) = %v, want %v", tc.header, got, tc.want)
			}
		})
	}
}
