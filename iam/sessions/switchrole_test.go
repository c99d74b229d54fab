package sessions_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"iamconsole/iam"
	"iamconsole/iam/organizations"
	"iamconsole/iam/sessions"
	"iamconsole/store"
)

func TestSwitchRoleRules(t *testing.T) {
	t.Parallel()
	f := newSwitchFixture(t)
	tests := []struct {
		name     string
		user     string
		mfa      bool
		in       sessions.SwitchRoleInput
		wantARN  string
		field    string // a field error
		layer    string // a refusal decided in this layer
		explicit bool
		reason   string // a substring of the explanation
	}{
		{name: "same account, trust names the user directly", user: "david",
			in: sessions.SwitchRoleInput{Account: "111122223333", RoleName: "SameDirect"}, wantARN: "arn:aws:sts::111122223333:assumed-role/SameDirect/david"},
		{name: "same account, trust names the account, no identity allow", user: "david",
			in: sessions.SwitchRoleInput{Account: "development", RoleName: "SameAccount"}, layer: "identity-based policy", reason: "Your own policies"},
		{name: "same account, trust names the account, identity allows", user: "admin",
			in: sessions.SwitchRoleInput{Account: "development", RoleName: "SameAccount"}, wantARN: "arn:aws:sts::111122223333:assumed-role/SameAccount/admin"},
		{name: "cross account, both sides allow", user: "david",
			in: sessions.SwitchRoleInput{Account: "production", RoleName: "UpdateAPP", DisplayName: "Prod", Color: "83D4E8"}, wantARN: "arn:aws:sts::123456789012:assumed-role/UpdateAPP/david"},
		{name: "cross account, alias in any case", user: "david",
			in: sessions.SwitchRoleInput{Account: "Production", RoleName: "UpdateAPP"}, wantARN: "arn:aws:sts::123456789012:assumed-role/UpdateAPP/david"},
		{name: "cross account, identity side missing", user: "erin",
			in: sessions.SwitchRoleInput{Account: "production", RoleName: "UpdateAPP"}, layer: "identity-based policy"},
		{name: "cross account, trust side missing", user: "admin",
			in: sessions.SwitchRoleInput{Account: "production", RoleName: "MgmtOnly"}, layer: "role trust policy", reason: "trust policy refuses"},
		{name: "explicit deny of the Testers group", user: "theresa",
			in: sessions.SwitchRoleInput{Account: "production", RoleName: "UpdateAPP"}, layer: "identity-based policy", explicit: true},
		{name: "MFA required, password-only sign-in", user: "admin",
			in: sessions.SwitchRoleInput{Account: "production", RoleName: "NeedsMFA"}, layer: "role trust policy", reason: "requires MFA"},
		{name: "MFA required, MFA sign-in", user: "admin", mfa: true,
			in: sessions.SwitchRoleInput{Account: "production", RoleName: "NeedsMFA"}, wantARN: "arn:aws:sts::123456789012:assumed-role/NeedsMFA/admin"},
		{name: "external ID role refused", user: "admin",
			in: sessions.SwitchRoleInput{Account: "production", RoleName: "ThirdParty"}, layer: "role trust policy", reason: "external ID"},
		{name: "root refused", user: "root",
			in: sessions.SwitchRoleInput{Account: "production", RoleName: "UpdateAPP"}, layer: "", reason: "root accounts"},
		{name: "role name is case-sensitive", user: "david",
			in: sessions.SwitchRoleInput{Account: "production", RoleName: "updateapp"}, reason: "case-sensitive"},
		{name: "role with a path needs path/name", user: "admin",
			in: sessions.SwitchRoleInput{Account: "production", RoleName: "PathRole"}, reason: "path/name"},
		{name: "role with a path", user: "admin",
			in: sessions.SwitchRoleInput{Account: "production", RoleName: "division/team/PathRole"}, wantARN: "arn:aws:sts::123456789012:assumed-role/PathRole/admin"},
		{name: "unknown account", user: "david",
			in: sessions.SwitchRoleInput{Account: "999988887777", RoleName: "UpdateAPP"}, reason: "No account"},
		{name: "colour off the palette", user: "david",
			in: sessions.SwitchRoleInput{Account: "production", RoleName: "UpdateAPP", Color: "Red"}, field: "color"},
		{name: "path and name over 64 characters", user: "david",
			in: sessions.SwitchRoleInput{Account: "production", RoleName: strings.Repeat("p", 30) + "/" + strings.Repeat("r", 34)}, field: "roleName"},
		{name: "display name over 64 characters", user: "david",
			in: sessions.SwitchRoleInput{Account: "production", RoleName: "UpdateAPP", DisplayName: strings.Repeat("d", 65)}, field: "displayName"},
		{name: "empty role name", user: "david", in: sessions.SwitchRoleInput{Account: "production"}, field: "roleName"},
		{name: "empty account", user: "david", in: sessions.SwitchRoleInput{RoleName: "UpdateAPP"}, field: "account"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			sid := f.signIn(t, "development", tc.user)
			if tc.mfa {
				f.markMFA(t, sid)
			}
			newID, c, err := f.svc.SwitchRole(context.Background(), sid, tc.in)
			if tc.wantARN != "" {
				if err != nil {
					t.Fatalf("SwitchRole: %v (%+v)", err, iam.AsError(err).Explanation)
				}
				if c.ARN != tc.wantARN {
					t.Errorf("ARN = %s, want %s", c.ARN, tc.wantARN)
				}
				if newID == sid {
					t.Error("session ID not rotated")
				}
				if _, err := f.svc.ResolveConsole(context.Background(), sid); err == nil {
					t.Error("old session ID still resolves")
				}
				con, err := f.svc.ResolveConsole(context.Background(), newID)
				if err != nil || con.Role == nil || con.Role.ARN != tc.wantARN {
					t.Fatalf("resolve after switch: %v %+v", err, con)
				}
				if con.Role.MFA != tc.mfa {
					t.Errorf("role session MFA = %v, want %v", con.Role.MFA, tc.mfa)
				}
				return
			}
			var e *iam.Error
			if !errors.As(err, &e) {
				t.Fatalf("err = %v, want *Error", err)
			}
			if tc.field != "" {
				if e.Field != tc.field || e.Kind != iam.KindInvalid {
					t.Errorf("field = %q kind %v (%s), want %q", e.Field, e.Kind, e.Message, tc.field)
				}
				return
			}
			if e.Kind != iam.KindDenied || e.Message != sessions.MsgSwitchRoleInvalid {
				t.Fatalf("err = %v, want the generic banner", err)
			}
			if e.Explanation == nil {
				t.Fatal("no explanation")
			}
			if tc.layer != "" && e.Explanation.Layer != tc.layer {
				t.Errorf("layer = %q, want %q (%s)", e.Explanation.Layer, tc.layer, e.Explanation.Reason)
			}
			if e.Explanation.Explicit != tc.explicit {
				t.Errorf("explicit = %v, want %v", e.Explanation.Explicit, tc.explicit)
			}
			if !strings.Contains(e.Explanation.Reason, tc.reason) {
				t.Errorf("reason %q lacks %q", e.Explanation.Reason, tc.reason)
			}
			if con, err := f.svc.ResolveConsole(context.Background(), sid); err != nil || con.Role != nil {
				t.Errorf("a refused switch changed the session: %v %+v", err, con)
			}
		})
	}
}

func TestSwitchRoleNeverChains(t *testing.T) {
	t.Parallel()
	f := newSwitchFixture(t)
	ctx := context.Background()
	// david in UpdateAPP (whose policies allow no sts:AssumeRole) can still
	// switch to SameDirect: the console authorizes with david, not the role.
	sid, _, err := f.svc.SwitchRole(ctx, f.signIn(t, "development", "david"), sessions.SwitchRoleInput{Account: "production", RoleName: "UpdateAPP"})
	if err != nil {
		t.Fatal(err)
	}
	sid, c, err := f.svc.SwitchRole(ctx, sid, sessions.SwitchRoleInput{Account: "development", RoleName: "SameDirect"})
	if err != nil {
		t.Fatal(err)
	}
	if c.SourceARN != "arn:aws:iam::111122223333:user/david" || c.SessionName != "david" {
		t.Errorf("session from %s named %s", c.SourceARN, c.SessionName)
	}
	sid2, err := f.svc.SwitchBack(ctx, sid)
	if err != nil {
		t.Fatal(err)
	}
	con, err := f.svc.ResolveConsole(ctx, sid2)
	if err != nil || con.Role != nil || con.Effective().UserName != "david" {
		t.Fatalf("after switch back: %v %+v", err, con)
	}
	if _, err := f.svc.ResolveConsole(ctx, sid); err == nil {
		t.Error("switch back did not rotate the session ID")
	}
	hist, err := f.svc.RoleHistory(ctx, con.Base)
	if err != nil || len(hist) != 2 || hist[0].RoleName != "SameDirect" || hist[1].RoleName != "UpdateAPP" {
		t.Errorf("history = %+v, %v", hist, err)
	}
}

func TestSwitchRoleDurationAndExpiry(t *testing.T) {
	t.Parallel()
	f := newSwitchFixture(t)
	ctx := context.Background()
	sid := f.signIn(t, "development", "david")
	// Signed in 11.5 h ago: the role session gets the 30 minutes left, not the role's hour.
	for range 23 {
		f.clock.Advance(30 * time.Minute)
		con, err := f.svc.ResolveConsole(ctx, sid) // keeps the session from idling out
		if err != nil {
			t.Fatal(err)
		}
		_ = con
	}
	_, c, err := f.svc.SwitchRole(ctx, sid, sessions.SwitchRoleInput{Account: "production", RoleName: "UpdateAPP"})
	if err != nil {
		t.Fatal(err)
	}
	if got := c.Expires.Sub(f.clock.Now()); got != 30*time.Minute {
		t.Errorf("duration = %v, want 30m", got)
	}

	// A fresh sign-in gets the role's MaxSessionDuration, then expires.
	sid = f.signIn(t, "development", "david")
	sid, c, err = f.svc.SwitchRole(ctx, sid, sessions.SwitchRoleInput{Account: "production", RoleName: "UpdateAPP"})
	if err != nil {
		t.Fatal(err)
	}
	if got := c.Expires.Sub(f.clock.Now()); got != time.Hour {
		t.Errorf("duration = %v, want 1h", got)
	}
	f.clock.Advance(59 * time.Minute)
	if con, err := f.svc.ResolveConsole(ctx, sid); err != nil || con.Role == nil {
		t.Fatalf("role gone before expiry: %v", err)
	}
	f.clock.Advance(2 * time.Minute)
	con, err := f.svc.ResolveConsole(ctx, sid)
	if err != nil || con.Role != nil || !con.RoleExpired || con.ExpiredRoleName != "UpdateAPP" {
		t.Fatalf("after expiry: %v %+v", err, con)
	}
	if con, _ := f.svc.ResolveConsole(ctx, sid); con.RoleExpired {
		t.Error("expiry reported twice")
	}
}

func TestSwitchRoleEvents(t *testing.T) {
	t.Parallel()
	f := newSwitchFixture(t)
	ctx := context.Background()
	sid, rc, err := f.svc.SwitchRole(ctx, f.signIn(t, "development", "david"), sessions.SwitchRoleInput{Account: "production", RoleName: "UpdateAPP", RedirectURI: "/iam/roles"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.svc.SwitchBack(ctx, sid); err != nil {
		t.Fatal(err)
	}
	if _, _, err := f.svc.SwitchRole(ctx, f.signIn(t, "development", "theresa"), sessions.SwitchRoleInput{Account: "production", RoleName: "UpdateAPP"}); err == nil {
		t.Fatal("theresa switched")
	}
	f.k.FlushEvents()
	q := f.k.Store().Read(ctx)
	prod, err := q.Events(store.EventFilter{AccountID: organizations.DemoProductionID, Attribute: "EventName", Value: "SwitchRole"})
	if err != nil || len(prod) != 1 {
		t.Fatalf("production SwitchRole events = %d, %v", len(prod), err)
	}
	var sw iam.Record
	if err := json.Unmarshal([]byte(prod[0].Record), &sw); err != nil {
		t.Fatal(err)
	}
	if sw.UserIdentity.Type != "AssumedRole" || sw.UserIdentity.PrincipalID != rc.RoleID+":david" ||
		sw.AdditionalEventData["SwitchFrom"] != "arn:aws:iam::111122223333:user/david" ||
		!strings.HasSuffix(sw.AdditionalEventData["RedirectTo"].(string), "/iam/roles") || sw.EventType != "AwsConsoleSignIn" {
		t.Errorf("SwitchRole record = %+v", sw)
	}
	dev, err := q.Events(store.EventFilter{AccountID: organizations.DemoDevelopmentID, Attribute: "EventName", Value: "AssumeRole"})
	if err != nil || len(dev) != 2 {
		t.Fatalf("development AssumeRole events = %d, %v", len(dev), err)
	}
	var ok, denied *store.Event
	for i := range dev {
		if dev[i].ErrorCode == "" {
			ok = &dev[i]
		} else {
			denied = &dev[i]
		}
	}
	if ok == nil || denied == nil || ok.SharedEventID != prod[0].SharedEventID || ok.Username != "david" || denied.Username != "theresa" {
		t.Fatalf("AssumeRole events = %+v", dev)
	}
	var ar iam.Record
	json.Unmarshal([]byte(ok.Record), &ar)
	params := ar.RequestParameters.(map[string]any)
	if ar.SourceIPAddress != "AWS Internal" || ar.UserAgent != "AWS Internal" || params["roleArn"] != "arn:aws:iam::123456789012:role/UpdateAPP" || params["roleSessionName"] != "david" {
		t.Errorf("AssumeRole record = %+v", ar)
	}
	back, _ := q.Events(store.EventFilter{AccountID: organizations.DemoDevelopmentID, Attribute: "EventName", Value: "SwitchBack"})
	if len(back) != 1 {
		t.Errorf("SwitchBack events = %d", len(back))
	}
}

func TestRoleHistoryKeepsRecent(t *testing.T) {
	t.Parallel()
	f := newSwitchFixture(t)
	ctx := context.Background()
	sid := f.signIn(t, "development", "admin")
	for i := range 7 {
		var err error
		f.clock.Advance(time.Second)
		sid, _, err = f.svc.SwitchRole(ctx, sid, sessions.SwitchRoleInput{Account: "development", RoleName: "SameAccount", DisplayName: fmt.Sprint("n", i)})
		if err != nil {
			t.Fatal(err)
		}
		f.clock.Advance(time.Second)
		if sid, _, err = f.svc.SwitchRole(ctx, sid, sessions.SwitchRoleInput{Account: "production", RoleName: "UpdateAPP"}); err != nil {
			t.Fatal(err)
		}
	}
	con, _ := f.svc.ResolveConsole(ctx, sid)
	hist, err := f.svc.RoleHistory(ctx, con.Base)
	if err != nil || len(hist) != 2 || hist[0].RoleName != "UpdateAPP" || hist[1].DisplayName != "n6" {
		t.Errorf("history = %+v %v", hist, err)
	}
}

func TestFavoriteRoles(t *testing.T) {
	t.Parallel()
	f := newSwitchFixture(t)
	ctx := context.Background()
	admin, _ := f.svc.ResolveConsole(ctx, f.signIn(t, "development", "admin"))
	david, _ := f.svc.ResolveConsole(ctx, f.signIn(t, "development", "david"))
	link := iam.RoleLink{Account: "production", RoleName: "UpdateAPP", DisplayName: "Prod app", Color: "B7CA9D"}
	if err := f.svc.PublishFavoriteRole(ctx, david.Base, "Developers", link); !iam.IsKind(err, iam.KindDenied) {
		t.Errorf("david publishing: %v, want AccessDenied", err)
	}
	if err := f.svc.PublishFavoriteRole(ctx, admin.Base, "Developers", iam.RoleLink{Account: "production", RoleName: "UpdateAPP", Color: "Red"}); !iam.IsKind(err, iam.KindInvalid) {
		t.Errorf("bad colour: %v", err)
	}
	if err := f.svc.PublishFavoriteRole(ctx, admin.Base, "Nobody", link); !iam.IsKind(err, iam.KindNotFound) {
		t.Errorf("unknown group: %v", err)
	}
	if err := f.svc.PublishFavoriteRole(ctx, admin.Base, "Developers", link); err != nil {
		t.Fatal(err)
	}
	favs, err := f.svc.FavoriteRoles(ctx, david.Base)
	if err != nil || len(favs) != 1 || favs[0].Color != "b7ca9d" || favs[0].Group != "Developers" {
		t.Fatalf("favourites = %+v %v", favs, err)
	}
	theresa, _ := f.svc.ResolveConsole(ctx, f.signIn(t, "development", "theresa"))
	if favs, _ := f.svc.FavoriteRoles(ctx, theresa.Base); len(favs) != 0 {
		t.Errorf("theresa sees %+v", favs)
	}
	if err := f.svc.UnpublishFavoriteRole(ctx, admin.Base, "Developers", "production", "UpdateAPP"); err != nil {
		t.Fatal(err)
	}
	if err := f.svc.UnpublishFavoriteRole(ctx, admin.Base, "Developers", "production", "UpdateAPP"); !iam.IsKind(err, iam.KindNotFound) {
		t.Errorf("second unpublish: %v", err)
	}
}
