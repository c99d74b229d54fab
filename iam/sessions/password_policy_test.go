package sessions_test

import (
	"context"
	"testing"
	"time"

	"iamconsole/iam/iamtest"
	"iamconsole/iam/identity"
	"iamconsole/iam/organizations"
	"iamconsole/iam/sessions"
)

// TestPasswordPolicyAtSignInAndChange: a password older than the policy's
// MaxPasswordAge must be changed at sign-in, or, with HardExpiry, cannot
// sign in at all; a new password must meet the policy and may not repeat
// the last ones; AllowUsersToChangePassword lets a user without a policy
// change their own.
func TestPasswordPolicyAtSignInAndChange(t *testing.T) {
	t.Parallel()
	f := iamtest.NewSwitch(t)
	ctx := context.Background()
	root := f.Root(t, organizations.DemoDevelopmentID)
	n := 0
	signIn := func(user, pw string) (*sessions.SignInResult, error) {
		n++
		return f.Sessions.SignIn(ctx, sessions.SignInInput{Account: "development", UserName: user, Password: pw, SourceIP: "192.0.2." + string(rune('0'+n%10))})
	}
	age, reuse := 30, 2
	if err := f.Identity.UpdateAccountPasswordPolicy(ctx, root, identity.PasswordPolicyInput{MaxPasswordAge: &age,
		PasswordReusePrevention: &reuse, RequireNumbers: true, AllowUsersToChangePassword: true}); err != nil {
		t.Fatal(err)
	}
	_, err := f.Identity.CreateUser(ctx, root, identity.CreateUserInput{UserName: "frank", Password: "no-digits-here"})
	iamtest.WantErr(t, err, "PasswordPolicyViolation", "Password should have at least one number")
	if _, err := f.Identity.CreateUser(ctx, root, identity.CreateUserInput{UserName: "frank", Password: "First-pass-1"}); err != nil {
		t.Fatal(err)
	}
	res, err := signIn("frank", "First-pass-1")
	if err != nil || res.State != sessions.StateActive {
		t.Fatalf("fresh password: %v %+v", err, res)
	}
	// frank has no policy at all: the password policy lets him change it.
	frank := f.User(t, organizations.DemoDevelopmentID, "frank")
	if err := f.Identity.ChangePassword(ctx, frank, "First-pass-1", "Second-pass-2"); err != nil {
		t.Fatalf("AllowUsersToChangePassword: %v", err)
	}
	frank = f.User(t, organizations.DemoDevelopmentID, "frank")
	err = f.Identity.ChangePassword(ctx, frank, "Second-pass-2", "First-pass-1")
	iamtest.WantErr(t, err, "PasswordPolicyViolation", "Policy constraint violation with password reuse prevention during password change.")
	// Past MaxPasswordAge the password must be changed at sign-in.
	f.Clock.Advance(31 * 24 * time.Hour)
	res, err = signIn("frank", "Second-pass-2")
	if err != nil || res.State != sessions.StatePassword {
		t.Fatalf("expired password: %v %+v", err, res)
	}
	err = f.Sessions.ChangeInitialPassword(ctx, res.SessionID, "Second-pass-2", "First-pass-1")
	iamtest.WantErr(t, err, "PasswordPolicyViolation", "reuse prevention")
	if err := f.Sessions.ChangeInitialPassword(ctx, res.SessionID, "Second-pass-2", "Third-pass-3"); err != nil {
		t.Fatal(err)
	}
	// With HardExpiry, an expired password does not sign in.
	hard := true
	if err := f.Identity.UpdateAccountPasswordPolicy(ctx, root, identity.PasswordPolicyInput{MaxPasswordAge: &age, HardExpiry: &hard}); err != nil {
		t.Fatal(err)
	}
	f.Clock.Advance(31 * 24 * time.Hour)
	_, err = signIn("frank", "Third-pass-3")
	iamtest.WantErr(t, err, "AuthFailure", "")
}
