package iam_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"iamconsole/iam"
	"iamconsole/iam/sessions"
)

func TestLookupEvents(t *testing.T) {
	t.Parallel()
	f := newSwitchFixture(t)
	ctx := context.Background()
	david := f.signIn(t, "development", "david")
	f.k.FlushEvents()
	if _, _, err := f.sessions.SwitchRole(ctx, david, sessions.SwitchRoleInput{Account: "production", RoleName: "UpdateAPP"}); err != nil {
		t.Fatal(err)
	}
	f.k.FlushEvents() // a switch's events are written with it
	admin, _ := f.sessions.ResolveConsole(ctx, f.signIn(t, "development", "admin"))
	f.k.FlushEvents()
	erin, _ := f.sessions.ResolveConsole(ctx, f.signIn(t, "development", "erin"))
	f.k.FlushEvents()
	root, _ := f.sessions.ResolveConsole(ctx, f.signIn(t, "production", "root"))
	if _, err := f.k.LookupEvents(ctx, admin.Base, iam.LookupInput{}); err != nil {
		t.Fatal(err)
	}
	f.k.FlushEvents()
	tests := []struct {
		name   string
		c      *iam.Caller
		in     iam.LookupInput
		want   []string // event names, newest first
		kind   iam.Kind
		denied bool
		// readOnly: every event returned is read-only and there is one.
		readOnly bool
	}{
		{name: "default hides reads", c: admin.Base, want: []string{"ConsoleLogin", "ConsoleLogin", "AssumeRole", "ConsoleLogin"}},
		{name: "root of another account sees its own", c: root.Base, in: iam.LookupInput{Attribute: "EventName", Value: "SwitchRole"}, want: []string{"SwitchRole"}},
		{name: "read-only shown on request", c: admin.Base, in: iam.LookupInput{Attribute: "ReadOnly", Value: "true"}, readOnly: true},
		{name: "by event name", c: admin.Base, in: iam.LookupInput{Attribute: "EventName", Value: "AssumeRole"}, want: []string{"AssumeRole"}},
		{name: "by user name", c: admin.Base, in: iam.LookupInput{Attribute: "Username", Value: "david"}, want: []string{"AssumeRole", "ConsoleLogin"}},
		{name: "time range excludes everything", c: admin.Base, in: iam.LookupInput{End: f.clock.Now().Add(-time.Hour)}, want: []string{}},
		{name: "unknown attribute", c: admin.Base, in: iam.LookupInput{Attribute: "Colour", Value: "x"}, kind: iam.KindInvalid},
		{name: "bad read-only value", c: admin.Base, in: iam.LookupInput{Attribute: "ReadOnly", Value: "maybe"}, kind: iam.KindInvalid},
		{name: "no permission", c: erin.Base, denied: true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			out, err := f.k.LookupEvents(ctx, tc.c, tc.in)
			switch {
			case tc.denied:
				if !iam.IsKind(err, iam.KindDenied) {
					t.Fatalf("err = %v, want AccessDenied", err)
				}
				return
			case tc.kind != 0:
				if !iam.IsKind(err, tc.kind) {
					t.Fatalf("err = %v, want kind %v", err, tc.kind)
				}
				return
			case err != nil:
				t.Fatal(err)
			}
			if tc.readOnly {
				for _, e := range out.Events {
					if !e.ReadOnly {
						t.Errorf("%s is not read-only", e.EventName)
					}
				}
				if len(out.Events) == 0 {
					t.Error("no read-only events")
				}
				return
			}
			got := []string{}
			for _, e := range out.Events {
				got = append(got, e.EventName)
			}
			if strings.Join(got, ",") != strings.Join(tc.want, ",") {
				t.Errorf("events = %v, want %v", got, tc.want)
			}
		})
	}
	// Pagination.
	out, err := f.k.LookupEvents(ctx, admin.Base, iam.LookupInput{MaxResults: 2})
	if err != nil || len(out.Events) != 2 || out.NextToken == "" {
		t.Fatalf("page 1: %+v %v", out, err)
	}
	out2, err := f.k.LookupEvents(ctx, admin.Base, iam.LookupInput{MaxResults: 2, NextToken: out.NextToken})
	if err != nil || len(out2.Events) != 2 || out2.Events[0].EventName != "AssumeRole" {
		t.Fatalf("page 2: %+v %v", out2, err)
	}
}
