package identity_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"iamconsole/iam"
)

func TestGroups(t *testing.T) {
	t.Parallel()
	f := newUsersFixture(t)
	ctx := context.Background()
	create := []struct {
		name, group, path, code, msg string
		caller                       *iam.Caller
	}{
		{"admin creates", "Ops", "/team/", "", "", f.admin},
		{"read-only denied", "Ops2", "", "AccessDenied", "iam:CreateGroup on resource: arn:aws:iam::111122223333:group/Ops2", f.david},
		{"case-insensitive duplicate", "OPS", "", "EntityAlreadyExists", "Group with name OPS already exists.", f.admin},
		{"name too long", strings.Repeat("g", 129), "", "ValidationError", "128", f.admin},
		{"bad path", "X", "/a//b/", "ValidationError", "path", f.admin},
	}
	for _, tt := range create {
		t.Run(tt.name, func(t *testing.T) {
			g, err := f.svc.CreateGroup(ctx, tt.caller, tt.group, tt.path)
			wantErr(t, err, tt.code, tt.msg)
			if err == nil && (g.ARN != "arn:aws:iam::111122223333:group/team/Ops" || !strings.HasPrefix(g.GroupID, "AGPA")) {
				t.Errorf("group = %+v", g)
			}
		})
	}
	wantErr(t, f.svc.AddUserToGroup(ctx, f.admin, "ops", "david"), "", "")
	wantErr(t, f.svc.AddUserToGroup(ctx, f.admin, "ops", "david"), "", "") // idempotent, as AWS
	wantErr(t, f.svc.AddUserToGroup(ctx, f.david, "ops", "theresa"), "AccessDenied", "iam:AddUserToGroup")
	wantErr(t, f.svc.AddUserToGroup(ctx, f.admin, "nope", "david"), "NoSuchEntity", "The group with name nope cannot be found.")
	wantErr(t, f.svc.AddUserToGroup(ctx, f.admin, "ops", "nobody"), "NoSuchEntity", "The user with name nobody cannot be found.")

	g, err := f.svc.GetGroup(ctx, f.david, "Ops")
	wantErr(t, err, "", "")
	if len(g.Users) != 1 || g.Users[0] != "david" {
		t.Errorf("members = %v", g.Users)
	}
	gs, total, err := f.svc.ListGroups(ctx, f.david, iam.ListInput{})
	wantErr(t, err, "", "")
	if total != 3 || len(gs) != 3 {
		t.Errorf("groups = %d/%d", len(gs), total)
	}
	ug, err := f.svc.ListGroupsForUser(ctx, f.david, "david")
	wantErr(t, err, "", "")
	if len(ug) != 2 {
		t.Errorf("david's groups = %v", ug)
	}

	wantErr(t, f.svc.DeleteGroup(ctx, f.admin, "Ops"), "DeleteConflict", "Cannot delete entity, must remove users from group first.")
	wantErr(t, f.svc.DeleteGroup(ctx, f.admin, "Developers"), "DeleteConflict", "")
	wantErr(t, f.svc.RemoveUserFromGroup(ctx, f.david, "Ops", "david"), "AccessDenied", "")
	wantErr(t, f.svc.RemoveUserFromGroup(ctx, f.admin, "Ops", "david"), "", "")
	wantErr(t, f.svc.RemoveUserFromGroup(ctx, f.admin, "Ops", "david"), "NoSuchEntity", "")
	wantErr(t, f.svc.UpdateGroup(ctx, f.admin, "Ops", ptr("Testers"), nil), "EntityAlreadyExists", "")
	wantErr(t, f.svc.UpdateGroup(ctx, f.david, "Ops", ptr("Ops3"), nil), "AccessDenied", "")
	wantErr(t, f.svc.UpdateGroup(ctx, f.admin, "Ops", ptr("Ops3"), ptr("/")), "", "")
	wantErr(t, f.svc.DeleteGroup(ctx, f.david, "Ops3"), "AccessDenied", "")
	wantErr(t, f.svc.DeleteGroup(ctx, f.admin, "Ops3"), "", "")
	wantErr(t, f.svc.DeleteGroup(ctx, f.admin, "Ops3"), "NoSuchEntity", "")
}

func TestGroupsPerUserQuota(t *testing.T) {
	t.Parallel()
	f := newUsersFixture(t)
	ctx := context.Background()
	// david is in Developers already: nine more reach the quota of 10.
	for i := range 10 {
		name := fmt.Sprintf("g%d", i)
		if _, err := f.svc.CreateGroup(ctx, f.admin, name, ""); err != nil {
			t.Fatal(err)
		}
		err := f.svc.AddUserToGroup(ctx, f.admin, name, "david")
		if i < 9 {
			wantErr(t, err, "", "")
		} else {
			wantErr(t, err, "LimitExceeded", "Cannot exceed quota for GroupsPerUser: 10")
		}
	}
}
