package sessions_test

import (
	"context"
	"testing"

	"iamconsole/iam"
	"iamconsole/iam/organizations"
	"iamconsole/iam/sessions"
	"iamconsole/store"
)

// TestRoleHistoryOneEntryPerRole switches to one role by alias and by ID:
// the history keeps one entry, shown with the account's alias; entries
// stored by alias earlier are merged with the ones stored by ID.
func TestRoleHistoryOneEntryPerRole(t *testing.T) {
	t.Parallel()
	f := newSwitchFixture(t)
	ctx := context.Background()
	sid := f.signIn(t, "development", "david")
	for _, acct := range []string{"production", organizations.DemoProductionID, "PRODUCTION", organizations.DemoDevelopmentID} {
		role := "UpdateAPP"
		if acct == organizations.DemoDevelopmentID {
			role = "SameDirect"
		}
		f.clock.Advance(1)
		var err error
		if sid, _, err = f.svc.SwitchRole(ctx, sid, sessions.SwitchRoleInput{Account: acct, RoleName: role}); err != nil {
			t.Fatalf("switch via %s: %v", acct, err)
		}
	}
	con, err := f.svc.ResolveConsole(ctx, sid)
	if err != nil {
		t.Fatal(err)
	}
	// A row from before history kept IDs, naming the account by alias.
	err = f.k.Store().Tx(ctx, func(q *store.Q) error {
		return q.TouchRoleHistory(&store.RoleHistory{UserID: con.Base.UserID, Account: "production", RoleName: "UpdateAPP", UsedAt: f.clock.Now().Add(-1)}, 50)
	})
	if err != nil {
		t.Fatal(err)
	}
	hist, err := f.svc.RoleHistory(ctx, con.Base)
	if err != nil {
		t.Fatal(err)
	}
	want := []iam.RoleLink{{Account: "development", RoleName: "SameDirect"}, {Account: "production", RoleName: "UpdateAPP"}}
	if len(hist) != len(want) {
		t.Fatalf("history = %+v, want %+v", hist, want)
	}
	for i, w := range want {
		if hist[i].Account != w.Account || hist[i].RoleName != w.RoleName {
			t.Errorf("history[%d] = %+v, want %+v", i, hist[i], w)
		}
	}
}
