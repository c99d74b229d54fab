package iam_test

import (
	"testing"

	"iamconsole/iam"
	"iamconsole/iam/iamtest"
	"iamconsole/iam/identity"
	"iamconsole/iam/sessions"
	"iamconsole/iam/sts"
)

// switchFixture is the demo organization plus roles for every Switch Role
// rule (see iamtest.Switch), for tests that follow a flow through the
// kernel and its subjects.
type switchFixture struct {
	*iamtest.Switch
	k        *iam.Service
	identity *identity.Service
	sessions *sessions.Service
	sts      *sts.Service
	clock    *iam.ManualClock
}

func newSwitchFixture(t testing.TB) *switchFixture {
	t.Helper()
	s := iamtest.NewSwitch(t)
	return &switchFixture{Switch: s, k: s.K, identity: s.Identity, sessions: s.Sessions, sts: s.STS, clock: s.Clock}
}

// signIn opens a console session for account/user ("root" for the root user).
func (f *switchFixture) signIn(t testing.TB, account, user string) string {
	t.Helper()
	return f.SignIn(t, account, user)
}

// admin is the admin user of an account as a caller.
func (f *switchFixture) admin(t testing.TB, account string) *iam.Caller {
	t.Helper()
	return f.Admin(t, account)
}

// stsEnv is the demo organization with a random instance key, for tests
// of credentials.
type stsEnv struct {
	*iamtest.Env
	k   *iam.Service
	sts *sts.Service
}

func newSTSEnv(t testing.TB) *stsEnv {
	t.Helper()
	e := iamtest.New(t, iamtest.Options{RandomKey: true})
	return &stsEnv{Env: e, k: e.K, sts: e.STS}
}

// updateAPP is the demo's role in Production that Development's developers assume.
const updateAPP = "arn:aws:iam::123456789012:role/UpdateAPP"
