package sessions_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"iamconsole/iam"
	"iamconsole/iam/iamtest"
	"iamconsole/iam/identity"
	"iamconsole/iam/organizations"
	"iamconsole/iam/sessions"
)

// TestPasswordsOfEveryLength sets passwords of every length IAM allows (8
// to 128 characters, ASCII and Latin-1, up to 256 bytes) through every
// path that sets one, and signs in with each: the exact password works,
// the same one with its last character changed does not (no truncation at
// bcrypt's 72 bytes), and 129 characters are refused with IAM's message.
func TestPasswordsOfEveryLength(t *testing.T) {
	t.Parallel()
	f := iamtest.NewSwitch(t)
	ctx := context.Background()
	root := f.Root(t, organizations.DemoDevelopmentID)
	attempt := 0
	signIn := func(user, pw string) (*sessions.SignInResult, error) {
		attempt++ // a fresh address each time: this test is not about throttling
		return f.Sessions.SignIn(ctx, sessions.SignInInput{Account: "development", UserName: user, Password: pw,
			SourceIP: fmt.Sprintf("10.%d.%d.1", attempt/250, attempt%250)})
	}
	password := func(n int, latin bool) string {
		unit := "aB3-"
		if latin {
			unit = "ÿé9!"
		}
		return string([]rune(strings.Repeat(unit, n/4+1))[:n])
	}
	type path struct {
		name string
		set  func(user, pw string) error
	}
	n := 0
	paths := []path{
		{"CreateUser with a password (console create)", func(user, pw string) error {
			_, err := f.Identity.CreateUser(ctx, root, identity.CreateUserInput{UserName: user, Password: pw})
			return err
		}},
		{"CreateLoginProfile (API create)", func(user, pw string) error {
			if _, err := f.Identity.CreateUser(ctx, root, identity.CreateUserInput{UserName: user}); err != nil {
				return err
			}
			return f.Identity.CreateLoginProfile(ctx, root, user, pw, false)
		}},
		{"UpdateLoginProfile (API update, console set)", func(user, pw string) error {
			if _, err := f.Identity.CreateUser(ctx, root, identity.CreateUserInput{UserName: user, Password: "Initial-pass-1"}); err != nil {
				return err
			}
			return f.Identity.UpdateLoginProfile(ctx, root, user, &pw, nil)
		}},
		{"ChangePassword (change)", func(user, pw string) error {
			if _, err := f.Identity.CreateUser(ctx, root, identity.CreateUserInput{UserName: user, Password: "Initial-pass-1"}); err != nil {
				return err
			}
			if err := f.Identity.AttachPolicy(ctx, root, "user", user, iam.IAMUserChangePasswordARN); err != nil {
				return err
			}
			return f.Identity.ChangePassword(ctx, f.User(t, organizations.DemoDevelopmentID, user), "Initial-pass-1", pw)
		}},
		{"ChangeInitialPassword (console forced change)", func(user, pw string) error {
			if _, err := f.Identity.CreateUser(ctx, root, identity.CreateUserInput{UserName: user, Password: "Initial-pass-1", PasswordResetRequired: true}); err != nil {
				return err
			}
			res, err := signIn(user, "Initial-pass-1")
			if err != nil {
				return err
			}
			return f.Sessions.ChangeInitialPassword(ctx, res.SessionID, "Initial-pass-1", pw)
		}},
	}
	lengths := []int{8, 9, 63, 64, 71, 72, 73, 100, 127, 128}
	for _, p := range paths {
		for _, length := range lengths {
			for _, latin := range []bool{false, true} {
				n++
				user := fmt.Sprintf("len%d", n)
				pw := password(length, latin)
				if got := len([]rune(pw)); got != length {
					t.Fatalf("built a password of %d characters, want %d", got, length)
				}
				if err := p.set(user, pw); err != nil {
					t.Fatalf("%s, %d characters (latin %v): %v", p.name, length, latin, err)
				}
				if _, err := signIn(user, pw); err != nil {
					t.Errorf("%s, %d characters (latin %v): sign-in with the password: %v", p.name, length, latin, err)
				}
				r := []rune(pw)
				r[len(r)-1] = 'Z'
				if _, err := signIn(user, string(r)); err == nil {
					t.Errorf("%s, %d characters (latin %v): a password differing in its last character signs in", p.name, length, latin)
				}
			}
		}
		n++
		user := fmt.Sprintf("len%d", n)
		err := p.set(user, password(129, false))
		iamtest.WantErr(t, err, "ValidationError", "1 validation error detected: Value at 'password' failed to satisfy constraint: Member must have length less than or equal to 128")
	}
}
