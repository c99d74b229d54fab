package sessions_test

import (
	"context"
	"encoding/base32"
	"testing"
	"time"

	"iamconsole/iam"
	"iamconsole/iam/iamtest"
	"iamconsole/iam/organizations"
	"iamconsole/iam/sessions"
)

func signInFrom(f *iamtest.Switch, account, user, password, ip string) error {
	_, err := f.Sessions.SignIn(context.Background(), sessions.SignInInput{Account: account, UserName: user, Password: password,
		SourceIP: ip, UserAgent: "test"})
	return err
}

// TestWrongPasswordsDoNotLockOutOtherAddresses: five wrong passwords from
// one address slow that address (with a backoff that ends), not the user
// from another address; the account's alias and ID share one count.
func TestWrongPasswordsDoNotLockOutOtherAddresses(t *testing.T) {
	t.Parallel()
	f := iamtest.NewSwitch(t)
	pw := f.PW["development/david"]
	const attacker, owner = "198.51.100.7", "203.0.113.9"
	// Three wrong by alias and two by ID: one count.
	for i := range 5 {
		account := "development"
		if i >= 3 {
			account = "111122223333"
		}
		err := signInFrom(f, account, "david", "wrong-password", attacker)
		iamtest.WantErr(t, err, "AuthFailure", "Your authentication information is incorrect. Please try again.")
	}
	err := signInFrom(f, "development", "david", pw, attacker)
	iamtest.WantErr(t, err, "Throttling", "Too many failed sign-in attempts. Try again in 30 seconds.")
	if err := signInFrom(f, "111122223333", "David", pw, owner); err != nil {
		t.Fatalf("the owner from another address is locked out: %v", err)
	}
	// The backoff ends, and grows with each further failure.
	f.Clock.Advance(31 * time.Second)
	iamtest.WantErr(t, signInFrom(f, "development", "david", "wrong-again", attacker), "AuthFailure", "")
	iamtest.WantErr(t, signInFrom(f, "development", "david", pw, attacker), "Throttling", "Try again in 60 seconds.")
	f.Clock.Advance(61 * time.Second)
	if err := signInFrom(f, "development", "david", pw, attacker); err != nil {
		t.Fatalf("after the backoff: %v", err)
	}
	// Success cleared the count for that address.
	iamtest.WantErr(t, signInFrom(f, "development", "david", "wrong", attacker), "AuthFailure", "")
	if err := signInFrom(f, "development", "david", pw, attacker); err != nil {
		t.Fatalf("one failure after a success throttles: %v", err)
	}
}

// TestWrongMFACodesCountAcrossSignIns: someone who knows the password
// cannot get fresh guesses at the MFA code by signing in again.
func TestWrongMFACodesCountAcrossSignIns(t *testing.T) {
	t.Parallel()
	f := iamtest.NewSwitch(t)
	ctx := context.Background()
	admin := f.Root(t, organizations.DemoDevelopmentID)
	d, err := f.Identity.CreateVirtualMFADevice(ctx, admin, "david-phone", "")
	if err != nil {
		t.Fatal(err)
	}
	seed, _ := base32.StdEncoding.DecodeString(d.Base32StringSeed)
	n := iam.TOTPStep(f.Clock.Now())
	if err := f.Identity.EnableMFADevice(ctx, admin, "david", d.SerialNumber, iam.TOTP(seed, n-1), iam.TOTP(seed, n)); err != nil {
		t.Fatal(err)
	}
	wrong := "000000"
	if wrong == iam.TOTP(seed, n) || wrong == iam.TOTP(seed, n+1) {
		wrong = "111111"
	}
	for range 5 {
		sid := f.SignIn(t, "development", "david") // a fresh sign-in each time
		_, err := f.Sessions.CompleteMFA(ctx, sid, wrong)
		iamtest.WantErr(t, err, "InvalidAuthenticationCode", "")
	}
	sid := f.SignIn(t, "development", "david")
	f.Clock.Advance(time.Second)
	right := iam.TOTP(seed, iam.TOTPStep(f.Clock.Now()))
	_, err = f.Sessions.CompleteMFA(ctx, sid, right)
	iamtest.WantErr(t, err, "Throttling", "Too many wrong codes.")
	f.Clock.Advance(30 * time.Second)
	right = iam.TOTP(seed, iam.TOTPStep(f.Clock.Now()))
	res, err := f.Sessions.CompleteMFA(ctx, sid, right)
	if err != nil || res.State != sessions.StateActive {
		t.Fatalf("after the backoff: %v %+v", err, res)
	}
}

// TestMemoryFailures checks the in-memory store's windows.
func TestMemoryFailures(t *testing.T) {
	t.Parallel()
	m := sessions.NewMemoryFailures()
	ctx := context.Background()
	t0 := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
	m.AddFailure(ctx, []string{"a", "b"}, t0, t0.Add(-time.Hour))
	m.AddFailure(ctx, []string{"a"}, t0.Add(time.Minute), t0)
	fs, _ := m.Failures(ctx, []string{"a", "b", "c"}, t0)
	if fs["a"].Count != 2 || fs["b"].Count != 1 || len(fs) != 2 {
		t.Fatalf("failures = %+v", fs)
	}
	// A count whose last failure is older than the window starts over.
	m.AddFailure(ctx, []string{"b"}, t0.Add(2*time.Hour), t0.Add(time.Hour))
	fs, _ = m.Failures(ctx, []string{"b"}, t0.Add(time.Hour))
	if fs["b"].Count != 1 {
		t.Fatalf("b = %+v", fs["b"])
	}
	m.Clear(ctx, []string{"a"})
	if fs, _ := m.Failures(ctx, []string{"a"}, t0); len(fs) != 0 {
		t.Fatal("cleared key still counted")
	}
}
