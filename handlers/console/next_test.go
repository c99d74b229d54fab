package console_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"iamconsole/handlers/console"
	"iamconsole/iam"
	"iamconsole/iam/identity"
	"iamconsole/iam/organizations"
	"iamconsole/web/webtest"
)

// openRedirects are return paths that would take a browser off the
// console, or back into the sign-in.
var openRedirects = []string{
	"//evil.example", "//evil.example/iam", "///evil.example", "/\\evil.example", "\\/evil.example", "\\\\evil.example",
	"https://evil.example/", "http:/evil.example", "HTTPS://evil.example", "javascript:alert(1)", "data:text/html,hi",
	"evil.example", "", " /iam", "/\t/evil.example", "/\n/evil.example", "/%2F%2Fevil.example", "/%2f/evil.example",
	"/%5Cevil.example", "/iam\\..\\..\\evil", "/signin", "/signin?next=/iam", "/signin/mfa", "/signout",
	"/" + strings.Repeat("a", 3000),
}

func TestSafeNext(t *testing.T) {
	t.Parallel()
	for _, bad := range openRedirects {
		if got := console.SafeNext(bad); got != "" {
			t.Errorf("SafeNext(%q) = %q, want refused", bad, got)
		}
	}
	for _, good := range []string{"/", "/iam/roles", "/switchrole?account=production&roleName=UpdateAPP&displayName=Prod%20app",
		"/iam/policies/arn:aws:iam::aws:policy%2FReadOnlyAccess?version=v2", "/trail?attr=EventName&value=AssumeRole#top"} {
		if got := console.SafeNext(good); got != good {
			t.Errorf("SafeNext(%q) = %q, want it kept", good, got)
		}
	}
}

// FuzzSafeNext: whatever SafeNext keeps stays on the console's origin when
// a browser resolves it against the console's URL.
func FuzzSafeNext(f *testing.F) {
	for _, s := range append(openRedirects, "/", "/iam/roles?q=x", "/switchrole?account=1&roleName=a/b") {
		f.Add(s)
	}
	base, _ := url.Parse("http://console.example:8080/iam/users")
	f.Fuzz(func(t *testing.T, next string) {
		got := console.SafeNext(next)
		if got == "" {
			return
		}
		if got != next {
			t.Fatalf("SafeNext(%q) changed it to %q", next, got)
		}
		ref, err := url.Parse(got)
		if err != nil {
			t.Fatalf("kept %q, which does not parse: %v", got, err)
		}
		if u := base.ResolveReference(ref); u.Host != base.Host || u.Scheme != base.Scheme {
			t.Fatalf("kept %q, which leads to %s", got, u)
		}
		if strings.ContainsAny(got, "\\\t\r\n") || strings.HasPrefix(got, "//") {
			t.Fatalf("kept %q", got)
		}
	})
}

// TestDeepLinkSurvivesSignIn: a link opened while signed out comes back
// after the sign-in, through the MFA step too; a return path that leads
// elsewhere is dropped for the console home.
func TestDeepLinkSurvivesSignIn(t *testing.T) {
	t.Parallel()
	env := webtest.New(t, webtest.Options{ManualClock: true})
	link := "/switchrole?account=production&roleName=UpdateAPP&displayName=Prod%20app&color=b7ca9d"
	c := env.NewClient()
	res, _ := c.Get(t, link)
	signin := res.Header.Get("Location")
	if res.StatusCode != http.StatusSeeOther || signin != "/signin?next="+url.QueryEscape(link) {
		t.Fatalf("signed out: %d %s", res.StatusCode, signin)
	}
	res, body := c.Get(t, signin)
	if res.StatusCode != http.StatusOK || !strings.Contains(body, `name="next" value="`+strings.ReplaceAll(link, "&", "&amp;")+`"`) {
		t.Fatalf("the sign-in form does not carry the link:\n%s", body)
	}
	form := url.Values{"account": {"development"}, "username": {"david"}, "password": {env.Password(t, "development", "david")}, "next": {link}}
	res, _ = c.Post(t, "/signin", form, signin)
	if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != link {
		t.Fatalf("after sign-in: %d %s", res.StatusCode, res.Header.Get("Location"))
	}
	_, body = c.Get(t, link)
	for _, want := range []string{`name="account" value="production"`, `name="roleName" value="UpdateAPP"`, `name="displayName" value="Prod app"`} {
		if !strings.Contains(body, want) {
			t.Errorf("the switch-role form lacks %s", want)
		}
	}

	// Through the MFA step: the code's page and form keep the link.
	root := &iam.Caller{Type: iam.CallerRoot, AccountID: organizations.DemoDevelopmentID, ARN: "arn:aws:iam::" + organizations.DemoDevelopmentID + ":root", UniqueID: organizations.DemoDevelopmentID}
	seed := assignMFA(t, env, root, "theresa")
	c = env.NewClient()
	form = url.Values{"account": {"development"}, "username": {"theresa"}, "password": {env.Password(t, "development", "theresa")}, "next": {link}}
	res, _ = c.Post(t, "/signin", form, "/signin")
	if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/signin?next="+url.QueryEscape(link) {
		t.Fatalf("to the MFA step: %d %s", res.StatusCode, res.Header.Get("Location"))
	}
	_, body = c.Get(t, res.Header.Get("Location"))
	if !strings.Contains(body, `name="mfa_code"`) || !strings.Contains(body, `name="next"`) {
		t.Fatalf("MFA step without the link:\n%s", body)
	}
	env.Clock.Advance(time.Minute) // a fresh code: those that assigned the device are spent
	res, _ = c.Post(t, "/signin/mfa", url.Values{"mfa_code": {iam.TOTP(seed, iam.TOTPStep(env.Svc.Now()))}, "next": {link}}, "/signin")
	if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != link {
		t.Fatalf("after the MFA step: %d %s", res.StatusCode, res.Header.Get("Location"))
	}

	// Open-redirect attempts land on the console home.
	for _, bad := range openRedirects {
		c := env.NewClient()
		form := url.Values{"account": {"development"}, "username": {"david"}, "password": {env.Password(t, "development", "david")}, "next": {bad}}
		res, _ := c.Post(t, "/signin", form, "/signin")
		if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/" {
			t.Errorf("next=%q: %d %s", bad, res.StatusCode, res.Header.Get("Location"))
		}
	}
	// Nor does the sign-in page put them in its form.
	_, body = env.NewClient().Get(t, "/signin?next="+url.QueryEscape("//evil.example"))
	if strings.Contains(body, "evil.example") {
		t.Error("the sign-in page carries an off-site return path")
	}
}

// assignMFA gives user a virtual MFA device, as caller, and returns its seed.
func assignMFA(t *testing.T, env *webtest.Env, caller *iam.Caller, user string) []byte {
	t.Helper()
	ctx := context.Background()
	d, err := env.Services.Identity.CreateVirtualMFADevice(ctx, caller, user+"-phone", "")
	if err != nil {
		t.Fatal(err)
	}
	seed := seedOf(t, env, d)
	n := iam.TOTPStep(env.Svc.Now())
	if err := env.Services.Identity.EnableMFADevice(ctx, caller, user, d.SerialNumber, iam.TOTP(seed, n-1), iam.TOTP(seed, n)); err != nil {
		t.Fatal(err)
	}
	return seed
}

// seedOf is a new device's seed, from the base32 form it was created with.
func seedOf(t *testing.T, env *webtest.Env, d *identity.MFADeviceInfo) []byte {
	t.Helper()
	sealer, _ := iam.NewSealer(env.Key)
	row, err := env.Store.Read(context.Background()).MFADevice(d.SerialNumber)
	if err != nil {
		t.Fatal(err)
	}
	seed, err := sealer.Open(row.SeedSealed, d.SerialNumber)
	if err != nil {
		t.Fatal(err)
	}
	return seed
}
