package iam

import (
	"context"
	"reflect"
	"testing"
)

// TestRoleHistoryWriteThrough checks that the history a switch leaves in
// memory is the one the store reads back.
func TestRoleHistoryWriteThrough(t *testing.T) {
	t.Parallel()
	f := newSwitchFixture(t)
	ctx := context.Background()
	sid := f.signIn(t, "development", "david")
	con, err := f.svc.ResolveConsole(ctx, sid)
	if err != nil {
		t.Fatal(err)
	}
	base := con.Base
	steps := []struct{ account, role, display, color string }{
		{"production", "UpdateAPP", "", ""},
		{DemoDevelopmentID, "SameDirect", "dev", "f2b0a9"},
		{"production", "UpdateAPP", "prod", "b7ca9d"},
		{DemoProductionID, "UpdateAPP", "", ""},
	}
	for i, st := range steps {
		// Read first, so that the cache holds the history before the switch.
		if _, err := f.svc.RoleHistory(ctx, base); err != nil {
			t.Fatal(err)
		}
		f.clock.Advance(1)
		if sid, _, err = f.svc.SwitchRole(ctx, sid, SwitchRoleInput{Account: st.account, RoleName: st.role, DisplayName: st.display, Color: st.color}); err != nil {
			t.Fatalf("step %d: %v", i, err)
		}
		if v, ok := f.svc.caches.rows.Load(historyKey(base.UserID)); !ok || v.(genEntry).gen != f.svc.historyVersion(base.UserID).Load() {
			t.Fatalf("step %d: the switch left no current history in memory", i)
		}
		cached, err := f.svc.RoleHistory(ctx, base)
		if err != nil {
			t.Fatal(err)
		}
		f.svc.historyVersion(base.UserID).Add(1) // the next read goes to the store
		stored, err := f.svc.RoleHistory(ctx, base)
		if err != nil {
			t.Fatal(err)
		}
		if len(cached) != len(stored) {
			t.Fatalf("step %d: cached %+v, stored %+v", i, cached, stored)
		}
		for j := range stored {
			c, s := cached[j], stored[j]
			if !c.UsedAt.Equal(s.UsedAt) {
				t.Errorf("step %d [%d]: cached used %v, stored %v", i, j, c.UsedAt, s.UsedAt)
			}
			c.UsedAt = s.UsedAt
			if !reflect.DeepEqual(c, s) {
				t.Errorf("step %d [%d]: cached %+v, stored %+v", i, j, c, s)
			}
		}
	}
}
