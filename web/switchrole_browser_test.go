package web_test

import (
	"context"
	"encoding/base32"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"iamconsole/iam"
	"iamconsole/iam/organizations"
	"iamconsole/iam/sessions"
	"iamconsole/store"
	"iamconsole/web/webtest"
)

const chromiumPath = "/usr/bin/chromium"

// needChromium skips without Chromium locally, and fails under CI.
func needChromium(t *testing.T) {
	t.Helper()
	if _, err := os.Stat(chromiumPath); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("browser tests need %s under CI", chromiumPath)
		}
		t.Skipf("%s not installed", chromiumPath)
	}
}

// newBrowser starts a headless Chromium with its own profile.
func newBrowser(t *testing.T) context.Context {
	t.Helper()
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(chromiumPath), chromedp.NoSandbox, chromedp.DisableGPU, chromedp.Headless,
		chromedp.Flag("disable-background-networking", true), chromedp.Flag("disable-component-update", true),
		chromedp.Flag("no-first-run", true), chromedp.UserDataDir(profileDir(t)))
	actx, cancel := chromedp.NewExecAllocator(context.Background(), opts...)
	t.Cleanup(cancel)
	ctx, cancel2 := chromedp.NewContext(actx)
	t.Cleanup(cancel2)
	ctx, cancel3 := context.WithTimeout(ctx, 90*time.Second)
	t.Cleanup(cancel3)
	return ctx
}

// signInActions signs in an IAM user of account, with an MFA code when code is set.
func signInActions(base, account, user, password, code string) chromedp.Tasks {
	ts := chromedp.Tasks{
		chromedp.Navigate(base + "/signin"),
		chromedp.WaitVisible(`input[name=account]`),
		chromedp.SetValue(`input[name=account]`, account),
		chromedp.SendKeys(`input[name=username]`, user),
		chromedp.SendKeys(`input[name=password]`, password),
		chromedp.Submit(`input[name=password]`),
	}
	if code != "" {
		ts = append(ts, chromedp.WaitVisible(`input[name=mfa_code]`), chromedp.SendKeys(`input[name=mfa_code]`, code),
			chromedp.Submit(`input[name=mfa_code]`))
	}
	return append(ts, chromedp.WaitVisible(`[data-testid=identity]`))
}

// TestBrowserSwitchRoleJourney: david opens the shared UpdateAPP link,
// switches, works as the role, switches back; theresa is refused; the event
// history shows every step.
func TestBrowserSwitchRoleJourney(t *testing.T) {
	needChromium(t)
	t.Parallel()
	env := webtest.New(t, webtest.Options{ManualClock: true})
	base := env.Server.URL
	ctx := newBrowser(t)
	var identity, style, after, events string
	err := chromedp.Run(ctx,
		signInActions(base, "development", "david", env.Password(t, "development", "david"), ""),
		chromedp.Navigate(base+"/switchrole?account=production&roleName=UpdateAPP&color=b7ca9d"),
		chromedp.WaitVisible(`[data-testid=switch-submit]`),
		chromedp.Click(`[data-testid=switch-submit]`),
		chromedp.WaitVisible(`[data-testid=flash]`),
		chromedp.Text(`[data-testid=identity]`, &identity),
		chromedp.AttributeValue(`[data-testid=identity]`, "style", &style, nil),
		chromedp.Click(`[data-testid=identity]`),
		chromedp.Click(`[data-testid=switch-back]`),
		chromedp.WaitNotPresent(`[data-testid=switch-back]`),
		chromedp.WaitVisible(`[data-testid=flash]`),
		chromedp.Text(`[data-testid=identity]`, &after),
	)
	if err != nil {
		t.Fatal(err)
	}
	if strings.TrimSpace(identity) != "UpdateAPP @ production" || !strings.Contains(style, "b7ca9d") {
		t.Errorf("in role: identity %q style %q", identity, style)
	}
	if strings.TrimSpace(after) != "david @ development" {
		t.Errorf("after switch back: %q", after)
	}
	env.Svc.FlushEvents()
	err = chromedp.Run(ctx,
		chromedp.Navigate(base+"/trail"),
		chromedp.WaitVisible(`[data-testid=trail-table]`),
		chromedp.Text(`[data-testid=trail-table] tbody`, &events),
	)
	if err != nil {
		t.Fatal(err)
	}
	for _, step := range []string{"ConsoleLogin", "AssumeRole", "SwitchBack"} {
		if !strings.Contains(events, step) {
			t.Errorf("event history lacks %s:\n%s", step, events)
		}
	}

	// theresa (Testers) is refused with the console's banner.
	ctx2 := newBrowser(t)
	var banner, who string
	err = chromedp.Run(ctx2,
		signInActions(base, "development", "theresa", env.Password(t, "development", "theresa"), ""),
		chromedp.Navigate(base+"/switchrole?account=production&roleName=UpdateAPP"),
		chromedp.WaitVisible(`[data-testid=switch-submit]`),
		chromedp.Click(`[data-testid=switch-submit]`),
		chromedp.WaitVisible(`[data-testid=switch-error]`),
		chromedp.Text(`[data-testid=switch-error]`, &banner),
		chromedp.Text(`[data-testid=identity]`, &who),
	)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(banner, sessions.MsgSwitchRoleInvalid) || strings.TrimSpace(who) != "theresa @ development" {
		t.Errorf("theresa: banner %q identity %q", banner, who)
	}
}

// TestBrowserSwitchRoleNeedsMFA: a role whose trust requires MFA is refused
// after a password-only sign-in and allowed after signing in with a code.
func TestBrowserSwitchRoleNeedsMFA(t *testing.T) {
	needChromium(t)
	t.Parallel()
	env := webtest.New(t, webtest.Options{ManualClock: true})
	ctx := context.Background()
	err := env.Store.Tx(ctx, func(q *store.Q) error {
		return q.CreateRole(&store.Role{ID: iam.NewUniqueID(iam.PrefixRole), AccountID: organizations.DemoDevelopmentID, Name: "Breakglass", Path: "/",
			MaxSessionDuration: 3600, CreatedAt: env.Clock.Now(),
			TrustPolicy: `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:user/david"},"Action":"sts:AssumeRole","Condition":{"Bool":{"aws:MultiFactorAuthPresent":"true"}}}]}`})
	})
	if err != nil {
		t.Fatal(err)
	}
	env.Svc.InvalidateCaches()
	base := env.Server.URL
	pw := env.Password(t, "development", "david")
	switchTo := chromedp.Tasks{
		chromedp.Navigate(base + "/switchrole?account=development&roleName=Breakglass"),
		chromedp.WaitVisible(`[data-testid=switch-submit]`),
		chromedp.Click(`[data-testid=switch-submit]`),
	}
	var reason string
	b1 := newBrowser(t)
	if err := chromedp.Run(b1, signInActions(base, "development", "david", pw, ""), switchTo,
		chromedp.WaitVisible(`[data-testid=switch-error]`),
		chromedp.TextContent(`[data-testid=switch-reason]`, &reason)); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(reason, "requires MFA") {
		t.Errorf("reason = %q", reason)
	}

	// The administrator gives david a virtual MFA device.
	res, err := env.Services.Sessions.SignIn(ctx, sessions.SignInInput{Account: "development", UserName: "admin", Password: env.Password(t, "development", "admin")})
	if err != nil {
		t.Fatal(err)
	}
	admin, err := env.Services.Sessions.ResolveConsole(ctx, res.SessionID)
	if err != nil {
		t.Fatal(err)
	}
	dev, err := env.Services.Identity.CreateVirtualMFADevice(ctx, admin.Base, "david", "")
	if err != nil {
		t.Fatal(err)
	}
	seed, err := base32.StdEncoding.DecodeString(dev.Base32StringSeed)
	if err != nil {
		t.Fatal(err)
	}
	step := iam.TOTPStep(env.Clock.Now())
	if err := env.Services.Identity.EnableMFADevice(ctx, admin.Base, "david", dev.SerialNumber, iam.TOTP(seed, step-1), iam.TOTP(seed, step)); err != nil {
		t.Fatal(err)
	}
	env.Clock.Advance(30 * time.Second)
	var identity string
	b2 := newBrowser(t)
	if err := chromedp.Run(b2, signInActions(base, "development", "david", pw, iam.TOTP(seed, iam.TOTPStep(env.Clock.Now()))), switchTo,
		chromedp.WaitVisible(`[data-testid=flash]`),
		chromedp.Text(`[data-testid=identity]`, &identity)); err != nil {
		t.Fatal(err)
	}
	if strings.TrimSpace(identity) != "Breakglass @ development" {
		t.Errorf("identity = %q", identity)
	}
}

// TestBrowserRoleSessionExpires: when the role session runs out (the test
// moves the server's clock), the next page switches back with a message.
func TestBrowserRoleSessionExpires(t *testing.T) {
	needChromium(t)
	t.Parallel()
	env := webtest.New(t, webtest.Options{ManualClock: true})
	base := env.Server.URL
	b := newBrowser(t)
	var before, after, flash string
	err := chromedp.Run(b,
		signInActions(base, "development", "david", env.Password(t, "development", "david"), ""),
		chromedp.Navigate(base+"/switchrole?account=production&roleName=UpdateAPP&displayName=Prod"),
		chromedp.WaitVisible(`[data-testid=switch-submit]`),
		chromedp.Click(`[data-testid=switch-submit]`),
		chromedp.WaitVisible(`[data-testid=flash]`),
		chromedp.Text(`[data-testid=identity]`, &before),
		chromedp.ActionFunc(func(context.Context) error { env.Clock.Advance(61 * time.Minute); return nil }),
		chromedp.Navigate(base+"/"),
		chromedp.WaitVisible(`[data-testid=flash]`),
		chromedp.Text(`[data-testid=flash]`, &flash),
		chromedp.Text(`[data-testid=identity]`, &after),
	)
	if err != nil {
		t.Fatal(err)
	}
	if strings.TrimSpace(before) != "Prod @ production" || strings.TrimSpace(after) != "david @ development" || !strings.Contains(flash, "expired") {
		t.Errorf("before %q after %q flash %q", before, after, flash)
	}
}

// profileDir is a Chromium profile folder removed after the browser has
// gone. Chromium's helper processes may still write to it for a moment
// after the allocator is cancelled, so removal retries and never fails the
// test (t.TempDir would).
func profileDir(t *testing.T) string {
	t.Helper()
	dir, err := os.MkdirTemp("", "iamconsole-chromium-")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		for i := 0; i < 20; i++ {
			if os.RemoveAll(dir) == nil {
				return
			}
			time.Sleep(50 * time.Millisecond)
		}
	})
	return dir
}
