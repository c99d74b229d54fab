package iam

import (
	"context"
	"encoding/json"
	"strings"
	"sync"
	"testing"

	"iamconsole/store"
)

// TestAssumeRoleEventsSlim checks that AssumeRole's events carry neither the
// session token nor the secret key, as in CloudTrail.
func TestAssumeRoleEventsSlim(t *testing.T) {
	t.Parallel()
	e := newSTSEnv(t)
	ctx := context.Background()
	c, _, _ := e.key(t, DemoDevelopmentID, "david")
	out, err := e.s.AssumeRole(ctx, c, AssumeRoleInput{RoleArn: updateAPP, RoleSessionName: "slim", DurationSeconds: intp(900)})
	if err != nil {
		t.Fatal(err)
	}
	e.s.FlushEvents()
	for _, acct := range []string{DemoDevelopmentID, DemoProductionID} {
		es, err := e.s.Store().Read(ctx).Events(store.EventFilter{AccountID: acct, Attribute: "EventName", Value: "AssumeRole"})
		if err != nil || len(es) != 1 {
			t.Fatalf("%s: %d events, %v", acct, len(es), err)
		}
		rec := es[0].Record
		if strings.Contains(rec, out.Credentials.SessionToken) || strings.Contains(rec, out.Credentials.SecretAccessKey) ||
			strings.Contains(rec, "sessionToken") {
			t.Errorf("%s: the event carries a secret: %s", acct, rec)
		}
		var r struct {
			RequestParameters struct {
				RoleArn         string `json:"roleArn"`
				DurationSeconds int    `json:"durationSeconds"`
			} `json:"requestParameters"`
			ResponseElements struct {
				Credentials map[string]string `json:"credentials"`
			} `json:"responseElements"`
		}
		if err := json.Unmarshal([]byte(rec), &r); err != nil {
			t.Fatal(err)
		}
		cr := r.ResponseElements.Credentials
		if r.RequestParameters.RoleArn != updateAPP || r.RequestParameters.DurationSeconds != 900 ||
			cr["accessKeyId"] != out.Credentials.AccessKeyID || cr["expiration"] == "" || len(cr) != 2 {
			t.Errorf("%s: record %s", acct, rec)
		}
		if len(rec) > 1500 {
			t.Errorf("%s: record of %d bytes", acct, len(rec))
		}
	}
}

// TestAuditCloseLosesNothing records events from many goroutines while the
// service closes: every one is stored, including those recorded after Close.
func TestAuditCloseLosesNothing(t *testing.T) {
	t.Parallel()
	e := newSTSEnv(t)
	ctx := context.Background()
	c, _, _ := e.key(t, DemoDevelopmentID, "david")
	e.s.FlushEvents()
	count := func() int {
		var n int
		es, err := e.s.Store().Read(ctx).Events(store.EventFilter{AccountID: DemoDevelopmentID, Attribute: "EventName", Value: "GetCallerIdentity", Limit: 1000})
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
				e.s.GetCallerIdentity(context.Background(), c)
			}
		})
	}
	wg.Wait()
	e.s.Close()
	e.s.GetCallerIdentity(context.Background(), c) // after Close: written at once
	if got := count(); got != workers*each+1 {
		t.Errorf("%d events stored, want %d", got, workers*each+1)
	}
}
