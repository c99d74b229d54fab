package identity_test

import (
	"context"
	"testing"
	"time"

	"iamconsole/iam"
	"iamconsole/iam/iamtest"
	"iamconsole/iam/identity"
	"iamconsole/iam/organizations"
	"iamconsole/store"
)

// usersFixture is the demo organization with callers of its accounts (see
// iamtest.Users).
type usersFixture struct {
	*iamtest.Users
	svc                              *identity.Service
	k                                *iam.Service
	clock                            *iam.ManualClock
	root, admin, david, mroot, proot *iam.Caller
}

func newUsersFixture(t *testing.T) *usersFixture {
	t.Helper()
	u := iamtest.NewUsers(t)
	return &usersFixture{Users: u, svc: u.Identity, k: u.K, clock: u.Clock, root: u.Root, admin: u.Admin, david: u.David, mroot: u.MRoot, proot: u.PRoot}
}

// events returns the stored events of an account named name.
func (f *usersFixture) events(t *testing.T, acct, name string) []store.Event {
	t.Helper()
	return f.Events(t, acct, name)
}

// fixture is a demo organization on a fresh SQLite database, its clock at
// 2025-03-01 12:00 UTC and its console at https://console.example.com.
type fixture struct {
	s                          *identity.Service
	k                          *iam.Service
	ctx                        context.Context
	prodRoot, prodAdmin, david *iam.Caller
	devAdmin                   *iam.Caller
}

func newFixture(t testing.TB) *fixture {
	t.Helper()
	e := iamtest.New(t, iamtest.Options{Start: time.Date(2025, 3, 1, 12, 0, 0, 0, time.UTC), ConsoleURL: "https://console.example.com"})
	return &fixture{s: e.Identity, k: e.K, ctx: context.Background(),
		prodRoot: e.Root(t, organizations.DemoProductionID), prodAdmin: e.User(t, organizations.DemoProductionID, "admin"),
		devAdmin: e.User(t, organizations.DemoDevelopmentID, "admin"), david: e.User(t, organizations.DemoDevelopmentID, "david")}
}

var (
	wantErr  = iamtest.WantErr
	wantKind = iamtest.WantKind
)
