package iam

import (
	"context"
	"encoding/json"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

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

// TestRoleLastUsed checks that AssumeRole and console switches update the
// role's RoleLastUsed, shown by GetRole and ListRoles at once and stored
// with the next batch of events.
func TestRoleLastUsed(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		use    func(t *testing.T, f *switchFixture)
		role   string
		region string
	}{
		{"AssumeRole", func(t *testing.T, f *switchFixture) {
			u, err := f.svc.Store().Read(context.Background()).UserByName(DemoDevelopmentID, "david")
			if err != nil {
				t.Fatal(err)
			}
			a, err := f.svc.Store().Read(context.Background()).Account(DemoDevelopmentID)
			if err != nil {
				t.Fatal(err)
			}
			c := UserCaller(a, u)
			c.Region = "eu-west-1" // signed for a regional STS endpoint
			if _, err := f.svc.AssumeRole(context.Background(), c, AssumeRoleInput{RoleArn: updateAPP, RoleSessionName: "s1"}); err != nil {
				t.Fatal(err)
			}
		}, "UpdateAPP", "eu-west-1"},
		{"SwitchRole", func(t *testing.T, f *switchFixture) {
			if _, _, err := f.svc.SwitchRole(context.Background(), f.signIn(t, "development", "david"),
				SwitchRoleInput{Account: "production", RoleName: "UpdateAPP"}); err != nil {
				t.Fatal(err)
			}
		}, "UpdateAPP", "us-east-1"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			f := newSwitchFixture(t)
			ctx := context.Background()
			admin := f.admin(t, DemoProductionID)
			before, err := f.svc.GetRole(ctx, admin, tc.role)
			if err != nil || before.LastUsed != nil {
				t.Fatalf("before: %+v %v", before, err)
			}
			f.clock.Advance(time.Minute)
			tc.use(t, f)
			want := f.clock.Now()
			got, err := f.svc.GetRole(ctx, admin, tc.role)
			if err != nil || got.LastUsed == nil || !got.LastUsed.Equal(want) || got.LastUsedRegion != tc.region {
				t.Fatalf("GetRole: %+v %v", got, err)
			}
			list, err := f.svc.ListRoles(ctx, admin, ListInput{Search: tc.role})
			if err != nil || len(list.Roles) != 1 || list.Roles[0].LastUsed == nil || !list.Roles[0].LastUsed.Equal(want) {
				t.Fatalf("ListRoles: %+v %v", list, err)
			}
			f.svc.FlushEvents()
			r, err := f.svc.Store().Read(ctx).RoleByName(DemoProductionID, tc.role)
			if err != nil || r.LastUsedAt == nil || !r.LastUsedAt.Equal(want) || r.LastUsedRegion == nil || *r.LastUsedRegion != tc.region {
				t.Fatalf("stored: %+v %v", r, err)
			}
		})
	}
}

// admin is the admin user of an account as a caller.
func (f *switchFixture) admin(t testing.TB, account string) *Caller {
	t.Helper()
	q := f.svc.Store().Read(context.Background())
	a, err := q.Account(account)
	if err != nil {
		t.Fatal(err)
	}
	u, err := q.UserByName(account, "admin")
	if err != nil {
		t.Fatal(err)
	}
	return UserCaller(a, u)
}

// TestExpirationFormatOneForAll checks that the AssumeRole events of the API
// and of a console switch write the credentials' expiration alike, in
// CloudTrail's "Oct 2, 2019, 11:12:29 PM" form.
func TestExpirationFormatOneForAll(t *testing.T) {
	t.Parallel()
	f := newSwitchFixture(t)
	ctx := context.Background()
	sid := f.signIn(t, "development", "david")
	if _, _, err := f.svc.SwitchRole(ctx, sid, SwitchRoleInput{Account: "production", RoleName: "UpdateAPP"}); err != nil {
		t.Fatal(err)
	}
	e := &stsEnv{s: f.svc}
	user, _, _ := e.key(t, DemoDevelopmentID, "david")
	if _, err := f.svc.AssumeRole(ctx, user, AssumeRoleInput{RoleArn: "arn:aws:iam::" + DemoProductionID + ":role/UpdateAPP", RoleSessionName: "api"}); err != nil {
		t.Fatal(err)
	}
	f.svc.FlushEvents()
	evs, err := f.svc.Store().Read(ctx).Events(store.EventFilter{AccountID: DemoDevelopmentID, Attribute: "EventName", Value: "AssumeRole", Limit: 10})
	if err != nil || len(evs) != 2 {
		t.Fatalf("%d AssumeRole events, %v", len(evs), err)
	}
	form := regexp.MustCompile(`^[A-Z][a-z]{2} \d{1,2}, \d{4}, \d{1,2}:\d{2}:\d{2} [AP]M$`)
	for _, ev := range evs {
		var rec struct {
			UserAgent        string `json:"userAgent"`
			ResponseElements struct {
				Credentials struct {
					Expiration string `json:"expiration"`
				} `json:"credentials"`
			} `json:"responseElements"`
		}
		if err := json.Unmarshal([]byte(ev.Record), &rec); err != nil {
			t.Fatal(err)
		}
		if got := rec.ResponseElements.Credentials.Expiration; !form.MatchString(got) {
			t.Errorf("%s: expiration %q is not in CloudTrail's form", rec.UserAgent, got)
		}
	}
}
