package identity_test

import (
	"context"
	"strings"
	"testing"

	"iamconsole/iam"
	"iamconsole/iam/identity"
	"iamconsole/iam/organizations"
)

func TestCreateUser(t *testing.T) {
	t.Parallel()
	f := newUsersFixture(t)
	ctx := context.Background()
	tests := []struct {
		name   string
		caller *iam.Caller
		in     identity.CreateUserInput
		code   string
		msg    string
		field  string
	}{
		{"root creates", f.root, identity.CreateUserInput{UserName: "alice", Path: "/eng/"}, "", "", ""},
		{"admin creates with password", f.admin, identity.CreateUserInput{UserName: "bob", Password: "Secret-pass-1", PasswordResetRequired: true,
			Tags: []iam.Tag{{Key: "team", Value: "red"}}}, "", "", ""},
		{"read-only denied", f.david, identity.CreateUserInput{UserName: "carol"}, "AccessDenied", "is not authorized to perform: iam:CreateUser on resource: arn:aws:iam::111122223333:user/carol", ""},
		{"duplicate differs in case", f.admin, identity.CreateUserInput{UserName: "ALICE"}, "EntityAlreadyExists", "User with name ALICE already exists.", "user_name"},
		{"bad name", f.admin, identity.CreateUserInput{UserName: "a b"}, "ValidationError", "regular expression pattern", "user_name"},
		{"empty name", f.admin, identity.CreateUserInput{UserName: ""}, "ValidationError", "length greater than or equal to 1", "user_name"},
		{"long name", f.admin, identity.CreateUserInput{UserName: strings.Repeat("x", 65)}, "ValidationError", "less than or equal to 64", "user_name"},
		{"bad path", f.admin, identity.CreateUserInput{UserName: "dan", Path: "eng"}, "ValidationError", "path", "path"},
		{"short password", f.admin, identity.CreateUserInput{UserName: "erin", Password: "short"}, "PasswordPolicyViolation", "", "password"},
		{"duplicate tag keys", f.admin, identity.CreateUserInput{UserName: "fay", Tags: []iam.Tag{{Key: "a", Value: "1"}, {Key: "A", Value: "2"}}}, "InvalidInput", "Duplicate tag keys", "tags"},
	}
	for _, tt := range tests { // sequential: later cases depend on earlier ones
		t.Run(tt.name, func(t *testing.T) {
			u, err := f.svc.CreateUser(ctx, tt.caller, tt.in)
			wantErr(t, err, tt.code, tt.msg)
			if tt.field != "" && iam.AsError(err).Field != tt.field {
				t.Errorf("field = %q, want %q", iam.AsError(err).Field, tt.field)
			}
			if err == nil {
				if !strings.HasPrefix(u.UserID, "AIDA") || len(u.UserID) != 21 {
					t.Errorf("user ID %q", u.UserID)
				}
				want := "arn:aws:iam::111122223333:user" + identity.NormPath(tt.in.Path) + tt.in.UserName
				if u.ARN != want {
					t.Errorf("ARN = %s, want %s", u.ARN, want)
				}
			}
		})
	}
	bob, err := f.svc.GetUser(ctx, f.david, "bob")
	wantErr(t, err, "", "")
	if !bob.HasPassword || !bob.PasswordResetRequired || len(bob.Tags) != 1 {
		t.Errorf("bob = %+v", bob)
	}
	if evs := f.events(t, organizations.DemoDevelopmentID, "CreateUser"); len(evs) != len(tests) {
		t.Errorf("CreateUser events = %d, want one per attempt (%d)", len(evs), len(tests))
	}
	denied := 0
	for _, e := range f.events(t, organizations.DemoDevelopmentID, "CreateUser") {
		if e.ErrorCode == "AccessDenied" {
			denied++
		}
	}
	if denied != 1 {
		t.Errorf("denied CreateUser events = %d, want 1", denied)
	}
}

func TestGetListUpdateUser(t *testing.T) {
	t.Parallel()
	f := newUsersFixture(t)
	ctx := context.Background()
	for _, n := range []string{"u1", "u2", "u3"} {
		if _, err := f.svc.CreateUser(ctx, f.admin, identity.CreateUserInput{UserName: n, Path: "/p/"}); err != nil {
			t.Fatal(err)
		}
	}
	me, err := f.svc.GetUser(ctx, f.david, "")
	wantErr(t, err, "", "")
	if me.UserName != "david" || me.ARN != "arn:aws:iam::111122223333:user/david" {
		t.Errorf("self = %+v", me)
	}
	_, err = f.svc.GetUser(ctx, f.david, "nobody")
	wantErr(t, err, "NoSuchEntity", "The user with name nobody cannot be found.")

	l, err := f.svc.ListUsers(ctx, f.david, iam.ListInput{MaxItems: 2})
	wantErr(t, err, "", "")
	if l.Total != 6 || len(l.Users) != 2 || !l.IsTruncated || l.NextMarker != "2" {
		t.Fatalf("page 1 = %+v", l)
	}
	l2, err := f.svc.ListUsers(ctx, f.david, iam.ListInput{MaxItems: 50, Marker: l.NextMarker, PathPrefix: "/"})
	wantErr(t, err, "", "")
	if len(l2.Users) != 4 || l2.IsTruncated {
		t.Fatalf("page 2 = %+v", l2)
	}
	l3, err := f.svc.ListUsers(ctx, f.david, iam.ListInput{PathPrefix: "/p/", Sort: "-name", Search: "U"})
	wantErr(t, err, "", "")
	if len(l3.Users) != 3 || l3.Users[0].UserName != "u3" {
		t.Fatalf("filtered = %+v", l3)
	}
	_, err = f.svc.ListUsers(ctx, f.david, iam.ListInput{Marker: "x"})
	wantErr(t, err, "ValidationError", "Marker")
	_, err = f.svc.ListUsers(ctx, f.proot, iam.ListInput{})
	wantErr(t, err, "", "")

	tests := []struct {
		name   string
		caller *iam.Caller
		user   string
		in     identity.UpdateUserInput
		code   string
	}{
		{"denied", f.david, "u1", identity.UpdateUserInput{NewUserName: ptr("x1")}, "AccessDenied"},
		{"rename", f.admin, "u1", identity.UpdateUserInput{NewUserName: ptr("v1"), NewPath: ptr("/q/")}, ""},
		{"rename onto existing", f.admin, "u2", identity.UpdateUserInput{NewUserName: ptr("U3")}, "EntityAlreadyExists"},
		{"case-only rename", f.admin, "u2", identity.UpdateUserInput{NewUserName: ptr("U2")}, ""},
		{"missing", f.admin, "zz", identity.UpdateUserInput{NewUserName: ptr("y")}, "NoSuchEntity"},
		{"bad name", f.admin, "u3", identity.UpdateUserInput{NewUserName: ptr("a/b")}, "ValidationError"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			wantErr(t, f.svc.UpdateUser(ctx, tt.caller, tt.user, tt.in), tt.code, "")
		})
	}
	v1, err := f.svc.GetUser(ctx, f.admin, "v1")
	wantErr(t, err, "", "")
	if v1.ARN != "arn:aws:iam::111122223333:user/q/v1" {
		t.Errorf("renamed ARN %s", v1.ARN)
	}
}

func ptr[T any](v T) *T { return &v }

func TestDeleteUserConflicts(t *testing.T) {
	t.Parallel()
	f := newUsersFixture(t)
	ctx := context.Background()
	if _, err := f.svc.CreateUser(ctx, f.admin, identity.CreateUserInput{UserName: "gone", Password: "Secret-pass-1"}); err != nil {
		t.Fatal(err)
	}
	if _, err := f.svc.CreateGroup(ctx, f.admin, "G", ""); err != nil {
		t.Fatal(err)
	}
	wantErr(t, f.svc.AddUserToGroup(ctx, f.admin, "G", "gone"), "", "")
	key, _, err := f.svc.CreateAccessKey(ctx, f.admin, "gone")
	wantErr(t, err, "", "")

	wantErr(t, f.svc.DeleteUser(ctx, f.david, "gone"), "AccessDenied", "iam:DeleteUser")
	wantErr(t, f.svc.DeleteUser(ctx, f.admin, "gone"), "DeleteConflict", "must delete login profile first")
	wantErr(t, f.svc.DeleteLoginProfile(ctx, f.admin, "gone"), "", "")
	wantErr(t, f.svc.DeleteUser(ctx, f.admin, "gone"), "DeleteConflict", "must delete access keys first")
	wantErr(t, f.svc.DeleteAccessKey(ctx, f.admin, "gone", key.AccessKeyID), "", "")
	wantErr(t, f.svc.DeleteUser(ctx, f.admin, "gone"), "DeleteConflict", "group")
	wantErr(t, f.svc.RemoveUserFromGroup(ctx, f.admin, "G", "gone"), "", "")
	wantErr(t, f.svc.DeleteUser(ctx, f.admin, "gone"), "", "")
	wantErr(t, f.svc.DeleteUser(ctx, f.admin, "gone"), "NoSuchEntity", "cannot be found")
	// A password that must be reset comes with IAMUserChangePassword attached.
	if _, err := f.svc.CreateUser(ctx, f.admin, identity.CreateUserInput{UserName: "reset", Password: "Secret-pass-1", PasswordResetRequired: true}); err != nil {
		t.Fatal(err)
	}
	wantErr(t, f.svc.DeleteLoginProfile(ctx, f.root, "reset"), "", "")
	wantErr(t, f.svc.DeleteUser(ctx, f.root, "reset"), "DeleteConflict", "must detach all policies first")
}

func TestUserTags(t *testing.T) {
	t.Parallel()
	f := newUsersFixture(t)
	ctx := context.Background()
	wantErr(t, f.svc.TagUser(ctx, f.admin, "david", []iam.Tag{{Key: "b", Value: "2"}, {Key: "a", Value: "1"}}), "", "")
	wantErr(t, f.svc.TagUser(ctx, f.david, "david", []iam.Tag{{Key: "c", Value: "3"}}), "AccessDenied", "iam:TagUser")
	wantErr(t, f.svc.TagUser(ctx, f.admin, "david", []iam.Tag{{Key: "bad*key", Value: "3"}}), "ValidationError", "")
	ts, err := f.svc.ListUserTags(ctx, f.david, "david")
	wantErr(t, err, "", "")
	if len(ts) != 2 || ts[0].Key != "a" {
		t.Errorf("tags = %v", ts)
	}
	wantErr(t, f.svc.UntagUser(ctx, f.admin, "david", []string{"A"}), "", "")
	ts, _ = f.svc.ListUserTags(ctx, f.david, "david")
	if len(ts) != 1 || ts[0].Key != "b" {
		t.Errorf("after untag = %v", ts)
	}
	many := make([]iam.Tag, 0, 50)
	for i := range 50 {
		many = append(many, iam.Tag{Key: "k" + strings.Repeat("x", i), Value: ""})
	}
	wantErr(t, f.svc.TagUser(ctx, f.admin, "david", many), "LimitExceeded", "")
}
