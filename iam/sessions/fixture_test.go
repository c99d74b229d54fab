package sessions_test

import (
	"context"
	"testing"

	"iamconsole/iam"
	"iamconsole/iam/iamtest"
	"iamconsole/iam/sessions"
	"iamconsole/store"
)

// switchFixture is the demo organization plus roles for every Switch Role
// rule (see iamtest.Switch), with the sessions under test.
type switchFixture struct {
	*iamtest.Switch
	svc   *sessions.Service
	k     *iam.Service
	clock *iam.ManualClock
}

func newSwitchFixture(t testing.TB) *switchFixture {
	t.Helper()
	s := iamtest.NewSwitch(t)
	return &switchFixture{Switch: s, svc: s.Sessions, k: s.K, clock: s.Clock}
}

// signIn opens a console session for account/user ("root" for the root user).
func (f *switchFixture) signIn(t testing.TB, account, user string) string {
	t.Helper()
	return f.SignIn(t, account, user)
}

// markMFA marks a console session as signed in with MFA at the clock's time.
func (f *switchFixture) markMFA(t testing.TB, sessionID string) {
	t.Helper()
	err := f.k.Store().Tx(context.Background(), func(q *store.Q) error {
		s, err := q.ConsoleSession(sessions.HashID(sessionID))
		if err != nil {
			return err
		}
		now := f.clock.Now()
		s.MFAAuthenticated, s.MFAAuthTime = true, &now
		return q.UpdateConsoleSession(s)
	})
	if err != nil {
		t.Fatal(err)
	}
}
