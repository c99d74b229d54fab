package sts_test

import (
	"testing"

	"iamconsole/iam"
	"iamconsole/iam/iamtest"
	"iamconsole/iam/sts"
)

// stsEnv is the demo organization with a random instance key, and the STS
// under test.
type stsEnv struct {
	*iamtest.Env
	s     *sts.Service
	k     *iam.Service
	clock *iam.ManualClock
	path  string
}

func newSTSEnv(t testing.TB) *stsEnv {
	t.Helper()
	e := iamtest.New(t, iamtest.Options{RandomKey: true})
	return &stsEnv{Env: e, s: e.STS, k: e.K, clock: e.Clock, path: e.Path}
}

// key gives a demo user an access key and returns the authenticated caller.
func (e *stsEnv) key(t testing.TB, account, user string) (*iam.Caller, string, string) {
	t.Helper()
	return e.Key(t, account, user)
}

// role creates a role in account with the trust policy given.
func (e *stsEnv) role(t testing.TB, account, name string, maxSession int, trust string) string {
	t.Helper()
	return e.Role(t, account, name, maxSession, trust)
}
