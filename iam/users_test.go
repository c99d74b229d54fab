package iam

import (
	"context"
	"io"
	"log/slog"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"iamconsole/store"
)

func init() { UseFastPasswordHashing() }

// usersFixture is a service on a real SQLite file with the demo
// organization, and callers of the Development account.
type usersFixture struct {
	svc   *Service
	clock *ManualClock
	root  *Caller // Development root
	admin *Caller // Development admin (AdministratorAccess)
	david *Caller // Development david (ReadOnlyAccess, Developers)
	mroot *Caller // Management root
	proot *Caller // Production root (a member account)
}

func newUsersFixture(t *testing.T) *usersFixture {
	t.Helper()
	ctx := context.Background()
	dir := t.TempDir()
	st, err := store.Open(ctx, filepath.Join(dir, "test.db"))
	if err != nil {
		t.Fatal(err)
	}
	sealer, err := NewSealer(make([]byte, 32))
	if err != nil {
		t.Fatal(err)
	}
	clock := NewManualClock(time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC))
	svc := New(Options{Store: st, Sealer: sealer, Clock: clock, Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
	t.Cleanup(func() { svc.Close(); st.Close() })
	if _, err := svc.CreateDemo(ctx); err != nil {
		t.Fatal(err)
	}
	q := st.Read(ctx)
	acct := func(id string) *store.Account {
		a, err := q.Account(id)
		if err != nil {
			t.Fatal(err)
		}
		return a
	}
	user := func(id, name string) *Caller {
		u, err := q.UserByName(id, name)
		if err != nil {
			t.Fatal(err)
		}
		return UserCaller(acct(id), u)
	}
	return &usersFixture{svc: svc, clock: clock, root: RootCaller(acct(DemoDevelopmentID)),
		admin: user(DemoDevelopmentID, "admin"), david: user(DemoDevelopmentID, "david"),
		mroot: RootCaller(acct(DemoManagementID)), proot: RootCaller(acct(DemoProductionID))}
}

// wantErr checks err against an expected AWS error code ("" = success) and,
// when msg is set, a message fragment.
func wantErr(t *testing.T, err error, code, msg string) {
	t.Helper()
	if code == "" {
		if err != nil {
			t.Fatalf("unexpected error: %v", err)
		}
		return
	}
	if err == nil {
		t.Fatalf("want %s, got success", code)
	}
	e := AsError(err)
	if e.Code != code {
		t.Fatalf("want %s, got %v", code, err)
	}
	if msg != "" && !strings.Contains(e.Message, msg) {
		t.Fatalf("want message containing %q, got %q", msg, e.Message)
	}
}

// events returns the stored events of an account named name.
func (f *usersFixture) events(t *testing.T, acct, name string) []store.Event {
	t.Helper()
	f.svc.FlushEvents()
	var out []store.Event
	evs, err := f.svc.st.Read(context.Background()).Events(store.EventFilter{AccountID: acct, Attribute: "EventName", Value: name})
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range evs {
		if e.EventName == name {
			out = append(out, e)
		}
	}
	return out
}

func TestCreateUser(t *testing.T) {
	t.Parallel()
	f := newUsersFixture(t)
	ctx := context.Background()
	tests := []struct {
		name   string
		caller *Caller
		in     CreateUserInput
		code   string
		msg    string
		field  string
	}{
		{"root creates", f.root, CreateUserInput{UserName: "alice", Path: "/eng/"}, "", "", ""},
		{"admin creates with password", f.admin, CreateUserInput{UserName: "bob", Password: "Secret-pass-1", PasswordResetRequired: true,
			Tags: []Tag{{"team", "red"}}}, "", "", ""},
		{"read-only denied", f.david, CreateUserInput{UserName: "carol"}, "AccessDenied", "is not authorized to perform: iam:CreateUser on resource: arn:aws:iam::111122223333:user/carol", ""},
		{"duplicate differs in case", f.admin, CreateUserInput{UserName: "ALICE"}, "EntityAlreadyExists", "User with name ALICE already exists.", "user_name"},
		{"bad name", f.admin, CreateUserInput{UserName: "a b"}, "ValidationError", "regular expression pattern", "user_name"},
		{"empty name", f.admin, CreateUserInput{UserName: ""}, "ValidationError", "length greater than or equal to 1", "user_name"},
		{"long name", f.admin, CreateUserInput{UserName: strings.Repeat("x", 65)}, "ValidationError", "less than or equal to 64", "user_name"},
		{"bad path", f.admin, CreateUserInput{UserName: "dan", Path: "eng"}, "ValidationError", "path", "path"},
		{"short password", f.admin, CreateUserInput{UserName: "erin", Password: "short"}, "PasswordPolicyViolation", "", "password"},
		{"duplicate tag keys", f.admin, CreateUserInput{UserName: "fay", Tags: []Tag{{"a", "1"}, {"A", "2"}}}, "InvalidInput", "Duplicate tag keys", "tags"},
	}
	for _, tt := range tests { // sequential: later cases depend on earlier ones
		t.Run(tt.name, func(t *testing.T) {
			u, err := f.svc.CreateUser(ctx, tt.caller, tt.in)
			wantErr(t, err, tt.code, tt.msg)
			if tt.field != "" && AsError(err).Field != tt.field {
				t.Errorf("field = %q, want %q", AsError(err).Field, tt.field)
			}
			if err == nil {
				if !strings.HasPrefix(u.UserID, "AIDA") || len(u.UserID) != 21 {
					t.Errorf("user ID %q", u.UserID)
				}
				want := "arn:aws:iam::111122223333:user" + normPath(tt.in.Path) + tt.in.UserName
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
	if evs := f.events(t, DemoDevelopmentID, "CreateUser"); len(evs) != len(tests) {
		t.Errorf("CreateUser events = %d, want one per attempt (%d)", len(evs), len(tests))
	}
	denied := 0
	for _, e := range f.events(t, DemoDevelopmentID, "CreateUser") {
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
		if _, err := f.svc.CreateUser(ctx, f.admin, CreateUserInput{UserName: n, Path: "/p/"}); err != nil {
			t.Fatal(err)
		}
	}
	me, err := f.svc.GetUser(ctx, f.david, "")
	wantErr(t, err, "", "")
	if me.UserName != "david" || len(me.Groups) != 1 || me.Groups[0] != "Developers" {
		t.Errorf("self = %+v", me)
	}
	_, err = f.svc.GetUser(ctx, f.david, "nobody")
	wantErr(t, err, "NoSuchEntity", "The user with name nobody cannot be found.")

	l, err := f.svc.ListUsers(ctx, f.david, ListInput{MaxItems: 2})
	wantErr(t, err, "", "")
	if l.Total != 6 || len(l.Users) != 2 || !l.IsTruncated || l.NextMarker != "2" {
		t.Fatalf("page 1 = %+v", l)
	}
	l2, err := f.svc.ListUsers(ctx, f.david, ListInput{MaxItems: 50, Marker: l.NextMarker, PathPrefix: "/"})
	wantErr(t, err, "", "")
	if len(l2.Users) != 4 || l2.IsTruncated {
		t.Fatalf("page 2 = %+v", l2)
	}
	l3, err := f.svc.ListUsers(ctx, f.david, ListInput{PathPrefix: "/p/", Sort: "-name", Search: "U"})
	wantErr(t, err, "", "")
	if len(l3.Users) != 3 || l3.Users[0].UserName != "u3" {
		t.Fatalf("filtered = %+v", l3)
	}
	_, err = f.svc.ListUsers(ctx, f.david, ListInput{Marker: "x"})
	wantErr(t, err, "ValidationError", "Marker")
	_, err = f.svc.ListUsers(ctx, f.proot, ListInput{})
	wantErr(t, err, "", "")

	tests := []struct {
		name   string
		caller *Caller
		user   string
		in     UpdateUserInput
		code   string
	}{
		{"denied", f.david, "u1", UpdateUserInput{NewUserName: ptr("x1")}, "AccessDenied"},
		{"rename", f.admin, "u1", UpdateUserInput{NewUserName: ptr("v1"), NewPath: ptr("/q/")}, ""},
		{"rename onto existing", f.admin, "u2", UpdateUserInput{NewUserName: ptr("U3")}, "EntityAlreadyExists"},
		{"case-only rename", f.admin, "u2", UpdateUserInput{NewUserName: ptr("U2")}, ""},
		{"missing", f.admin, "zz", UpdateUserInput{NewUserName: ptr("y")}, "NoSuchEntity"},
		{"bad name", f.admin, "u3", UpdateUserInput{NewUserName: ptr("a/b")}, "ValidationError"},
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
	if _, err := f.svc.CreateUser(ctx, f.admin, CreateUserInput{UserName: "gone", Password: "Secret-pass-1"}); err != nil {
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
	if _, err := f.svc.CreateUser(ctx, f.admin, CreateUserInput{UserName: "reset", Password: "Secret-pass-1", PasswordResetRequired: true}); err != nil {
		t.Fatal(err)
	}
	wantErr(t, f.svc.DeleteLoginProfile(ctx, f.root, "reset"), "", "")
	wantErr(t, f.svc.DeleteUser(ctx, f.root, "reset"), "DeleteConflict", "must detach all policies first")
}

func TestUserTags(t *testing.T) {
	t.Parallel()
	f := newUsersFixture(t)
	ctx := context.Background()
	wantErr(t, f.svc.TagUser(ctx, f.admin, "david", []Tag{{"b", "2"}, {"a", "1"}}), "", "")
	wantErr(t, f.svc.TagUser(ctx, f.david, "david", []Tag{{"c", "3"}}), "AccessDenied", "iam:TagUser")
	wantErr(t, f.svc.TagUser(ctx, f.admin, "david", []Tag{{"bad*key", "3"}}), "ValidationError", "")
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
	many := make([]Tag, 0, 50)
	for i := range 50 {
		many = append(many, Tag{Key: "k" + strings.Repeat("x", i), Value: ""})
	}
	wantErr(t, f.svc.TagUser(ctx, f.admin, "david", many), "LimitExceeded", "")
}
