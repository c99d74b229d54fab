package iam_test

import (
	"context"
	"encoding/json"
	"regexp"
	"testing"
	"time"

	"iamconsole/iam"
	"iamconsole/iam/organizations"
	"iamconsole/iam/sessions"
	"iamconsole/iam/sts"
	"iamconsole/store"
)

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
			u, err := f.k.Store().Read(context.Background()).UserByName(organizations.DemoDevelopmentID, "david")
			if err != nil {
				t.Fatal(err)
			}
			a, err := f.k.Store().Read(context.Background()).Account(organizations.DemoDevelopmentID)
			if err != nil {
				t.Fatal(err)
			}
			c := iam.UserCaller(a, u)
			c.Region = "eu-west-1" // signed for a regional STS endpoint
			if _, err := f.sts.AssumeRole(context.Background(), c, sts.AssumeRoleInput{RoleArn: updateAPP, RoleSessionName: "s1"}); err != nil {
				t.Fatal(err)
			}
		}, "UpdateAPP", "eu-west-1"},
		{"SwitchRole", func(t *testing.T, f *switchFixture) {
			if _, _, err := f.sessions.SwitchRole(context.Background(), f.signIn(t, "development", "david"),
				sessions.SwitchRoleInput{Account: "production", RoleName: "UpdateAPP"}); err != nil {
				t.Fatal(err)
			}
		}, "UpdateAPP", "us-east-1"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			f := newSwitchFixture(t)
			ctx := context.Background()
			admin := f.admin(t, organizations.DemoProductionID)
			before, err := f.identity.GetRole(ctx, admin, tc.role)
			if err != nil || before.LastUsed != nil {
				t.Fatalf("before: %+v %v", before, err)
			}
			f.clock.Advance(time.Minute)
			tc.use(t, f)
			want := f.clock.Now()
			got, err := f.identity.GetRole(ctx, admin, tc.role)
			if err != nil || got.LastUsed == nil || !got.LastUsed.Equal(want) || got.LastUsedRegion != tc.region {
				t.Fatalf("GetRole: %+v %v", got, err)
			}
			list, err := f.identity.ListRoles(ctx, admin, iam.ListInput{Search: tc.role})
			if err != nil || len(list.Roles) != 1 || list.Roles[0].LastUsed == nil || !list.Roles[0].LastUsed.Equal(want) {
				t.Fatalf("ListRoles: %+v %v", list, err)
			}
			f.k.FlushEvents()
			r, err := f.k.Store().Read(ctx).RoleByName(organizations.DemoProductionID, tc.role)
			if err != nil || r.LastUsedAt == nil || !r.LastUsedAt.Equal(want) || r.LastUsedRegion == nil || *r.LastUsedRegion != tc.region {
				t.Fatalf("stored: %+v %v", r, err)
			}
		})
	}
}

// TestExpirationFormatOneForAll checks that the AssumeRole events of the API
// and of a console switch write the credentials' expiration alike, in
// CloudTrail's "Oct 2, 2019, 11:12:29 PM" form.
func TestExpirationFormatOneForAll(t *testing.T) {
	t.Parallel()
	f := newSwitchFixture(t)
	ctx := context.Background()
	sid := f.signIn(t, "development", "david")
	if _, _, err := f.sessions.SwitchRole(ctx, sid, sessions.SwitchRoleInput{Account: "production", RoleName: "UpdateAPP"}); err != nil {
		t.Fatal(err)
	}
	user, _, _ := f.Key(t, organizations.DemoDevelopmentID, "david")
	if _, err := f.sts.AssumeRole(ctx, user, sts.AssumeRoleInput{RoleArn: "arn:aws:iam::" + organizations.DemoProductionID + ":role/UpdateAPP", RoleSessionName: "api"}); err != nil {
		t.Fatal(err)
	}
	f.k.FlushEvents()
	evs, err := f.k.Store().Read(ctx).Events(store.EventFilter{AccountID: organizations.DemoDevelopmentID, Attribute: "EventName", Value: "AssumeRole", Limit: 10})
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
