package iamtest

import (
	"context"
	"fmt"
	"testing"
	"time"

	"iamconsole/iam"
	"iamconsole/iam/organizations"
	"iamconsole/iam/sessions"
	"iamconsole/store"
)

// Switch is the demo organization plus roles for every Switch Role rule:
// SameDirect and SameAccount in Development (trusting david, and the
// account), and in Production MgmtOnly (trusting the management account),
// NeedsMFA, ThirdParty (an external ID) and division/team/PathRole; and
// erin, a Development user with no policies at all.
type Switch struct {
	*Env
	// PW maps "account/user" (or "account/root") to the demo password.
	PW map[string]string
}

const fixtureTrust = `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":%q},"Action":"sts:AssumeRole"%s}]}`

// NewSwitch builds the Switch fixture, its clock at 2025-03-01 09:00 UTC.
func NewSwitch(t testing.TB) *Switch {
	t.Helper()
	ctx := context.Background()
	e := New(t, Options{Start: time.Date(2025, 3, 1, 9, 0, 0, 0, time.UTC)})
	f := &Switch{Env: e, PW: map[string]string{}}
	for _, l := range e.Logins {
		who := l.UserName
		if who == "" {
			who = "root"
		}
		f.PW[l.Account+"/"+who] = l.Password
	}
	now := e.Clock.Now()
	erinHash, err := iam.HashPasswords("Erin-Passw0rd!")
	if err != nil {
		t.Fatal(err)
	}
	err = e.K.Tx(ctx, func(q *store.Q) error {
		roles := []struct{ acct, path, name, principal, cond string }{
			{organizations.DemoDevelopmentID, "/", "SameDirect", "arn:aws:iam::111122223333:user/david", ""},
			{organizations.DemoDevelopmentID, "/", "SameAccount", "arn:aws:iam::111122223333:root", ""},
			{organizations.DemoProductionID, "/", "MgmtOnly", "arn:aws:iam::444455556666:root", ""},
			{organizations.DemoProductionID, "/", "NeedsMFA", "arn:aws:iam::111122223333:root", `,"Condition":{"Bool":{"aws:MultiFactorAuthPresent":"true"}}`},
			{organizations.DemoProductionID, "/", "ThirdParty", "arn:aws:iam::111122223333:root", `,"Condition":{"StringEquals":{"sts:ExternalId":"12345"}}`},
			{organizations.DemoProductionID, "/division/team/", "PathRole", "arn:aws:iam::111122223333:root", ""},
		}
		for _, r := range roles {
			if err := q.CreateRole(&store.Role{ID: iam.NewUniqueID(iam.PrefixRole), AccountID: r.acct, Name: r.name, Path: r.path,
				TrustPolicy: fmt.Sprintf(fixtureTrust, r.principal, r.cond), MaxSessionDuration: 3600, CreatedAt: now}); err != nil {
				return err
			}
		}
		// erin has no policies at all.
		_, err := e.Identity.InsertUser(q, organizations.DemoDevelopmentID, "/", "erin", erinHash[0], false)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	f.PW["development/erin"] = "Erin-Passw0rd!"
	return f
}

// SignIn opens a console session for account/user ("root" for the root
// user) and returns its ID.
func (f *Switch) SignIn(t testing.TB, account, user string) string {
	t.Helper()
	in := sessions.SignInInput{Account: account, UserName: user, Password: f.PW[account+"/"+user], SourceIP: "192.0.2.1", UserAgent: "test"}
	if user == "root" {
		in = sessions.SignInInput{Root: true, Email: "root@" + account + ".example.com", Password: f.PW[account+"/root"]}
	}
	res, err := f.Sessions.SignIn(context.Background(), in)
	if err != nil {
		t.Fatalf("sign in %s/%s: %v", account, user, err)
	}
	return res.SessionID
}

// Admin is the admin user of an account as a caller.
func (f *Switch) Admin(t testing.TB, account string) *iam.Caller {
	t.Helper()
	return f.User(t, account, "admin")
}
