package organizations_test

import (
	"testing"

	"iamconsole/iam"
	"iamconsole/iam/iamtest"
	"iamconsole/iam/organizations"
)

// usersFixture is the demo organization with callers of its accounts (see
// iamtest.Users), and the organization's service under test.
type usersFixture struct {
	*iamtest.Users
	svc                              *organizations.Service
	k                                *iam.Service
	root, admin, david, mroot, proot *iam.Caller
}

func newUsersFixture(t *testing.T) *usersFixture {
	t.Helper()
	u := iamtest.NewUsers(t)
	return &usersFixture{Users: u, svc: u.Orgs, k: u.K, root: u.Root, admin: u.Admin, david: u.David, mroot: u.MRoot, proot: u.PRoot}
}

var wantErr = iamtest.WantErr
