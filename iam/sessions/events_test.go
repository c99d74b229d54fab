package sessions_test

import (
	"context"
	"encoding/json"
	"testing"

	"iamconsole/iam"
	"iamconsole/iam/iamtest"
	"iamconsole/iam/organizations"
	"iamconsole/iam/sessions"
	"iamconsole/store"
)

// TestCrossAccountSwitchIsRecordedInBothAccounts: as the API's AssumeRole,
// a console switch into another account's role is recorded in the user's
// account and in the role's, with one sharedEventID; the role's account
// sees the caller as an AWSAccount.
func TestCrossAccountSwitchIsRecordedInBothAccounts(t *testing.T) {
	t.Parallel()
	f := iamtest.NewSwitch(t)
	sid := f.SignIn(t, "development", "david")
	if _, _, err := f.Sessions.SwitchRole(context.Background(), sid, sessions.SwitchRoleInput{Account: "production", RoleName: "UpdateAPP"}); err != nil {
		t.Fatal(err)
	}
	f.K.FlushEvents()
	dev := f.Events(t, organizations.DemoDevelopmentID, "AssumeRole")
	prod := f.Events(t, organizations.DemoProductionID, "AssumeRole")
	sw := f.Events(t, organizations.DemoProductionID, "SwitchRole")
	if len(dev) != 1 || len(prod) != 1 || len(sw) != 1 {
		t.Fatalf("AssumeRole in development %d, in production %d; SwitchRole in production %d", len(dev), len(prod), len(sw))
	}
	shared := dev[0].SharedEventID
	if shared == "" || prod[0].SharedEventID != shared || sw[0].SharedEventID != shared || dev[0].EventID == prod[0].EventID {
		t.Errorf("sharedEventIDs %q %q %q, event IDs %q %q", shared, prod[0].SharedEventID, sw[0].SharedEventID, dev[0].EventID, prod[0].EventID)
	}
	var rec iam.Record
	if err := json.Unmarshal([]byte(prod[0].Record), &rec); err != nil {
		t.Fatal(err)
	}
	if rec.UserIdentity.Type != "AWSAccount" || rec.UserIdentity.AccountID != organizations.DemoDevelopmentID || rec.RecipientAccountID != organizations.DemoProductionID {
		t.Errorf("role account's copy: %+v", rec.UserIdentity)
	}
	// Within one account there is one AssumeRole.
	sid = f.SignIn(t, "development", "david")
	if _, _, err := f.Sessions.SwitchRole(context.Background(), sid, sessions.SwitchRoleInput{Account: "development", RoleName: "SameDirect"}); err != nil {
		t.Fatal(err)
	}
	if got := f.Events(t, organizations.DemoDevelopmentID, "AssumeRole"); len(got) != 2 {
		t.Errorf("AssumeRole in development after a same-account switch: %d, want 2", len(got))
	}
}

// TestConsoleLoginIsStoredWithItsSession: the ConsoleLogin event is in
// the store as soon as the session is, before the batched event writer
// runs, so a later event of the session can never be stored without it.
func TestConsoleLoginIsStoredWithItsSession(t *testing.T) {
	t.Parallel()
	f := iamtest.NewSwitch(t)
	f.SignIn(t, "development", "david")
	evs, err := f.Store.Read(context.Background()).Events(store.EventFilter{AccountID: organizations.DemoDevelopmentID,
		Attribute: "EventName", Value: "ConsoleLogin"})
	if err != nil {
		t.Fatal(err)
	}
	if len(evs) != 1 || evs[0].Username != "david" {
		t.Fatalf("ConsoleLogin events without a flush: %+v", evs)
	}
}

// TestDeniedReadsAreReadOnly: a refused Get is recorded readOnly: true,
// as CloudTrail records it, and a refused write is not.
func TestDeniedReadsAreReadOnly(t *testing.T) {
	t.Parallel()
	f := iamtest.NewSwitch(t)
	ctx := context.Background()
	erin := f.User(t, organizations.DemoDevelopmentID, "erin") // no policies
	if _, err := f.Identity.GetRole(ctx, erin, "SameDirect"); !iam.IsKind(err, iam.KindDenied) {
		t.Fatalf("GetRole: %v", err)
	}
	if err := f.Identity.DeleteRole(ctx, erin, "SameDirect"); !iam.IsKind(err, iam.KindDenied) {
		t.Fatalf("DeleteRole: %v", err)
	}
	for name, want := range map[string]bool{"GetRole": true, "DeleteRole": false} {
		evs := f.Events(t, organizations.DemoDevelopmentID, name)
		if len(evs) != 1 || evs[0].ErrorCode != "AccessDenied" || evs[0].ReadOnly != want {
			t.Errorf("%s: %+v, want one AccessDenied with readOnly %v", name, evs, want)
		}
	}
}
