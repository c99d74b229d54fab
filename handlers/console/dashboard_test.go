package console_test

import (
	"context"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"iamconsole/iam"
	"iamconsole/iam/identity"
	"iamconsole/iam/organizations"
	"iamconsole/web/webtest"
)

// recommendation returns the state (ok or todo) and text of the dashboard
// recommendation whose data-testid is id.
func recommendation(t *testing.T, body, id string) (string, string) {
	t.Helper()
	m := regexp.MustCompile(`data-testid="` + id + `" data-state="(\w+)">(.*?)</li>`).FindStringSubmatch(body)
	if m == nil {
		t.Fatalf("no recommendation %s in:\n%s", id, body)
	}
	return m[1], m[2]
}

func TestIAMDashboard(t *testing.T) {
	t.Parallel()
	env := webtest.New(t, webtest.Options{ManualClock: true})
	admin := env.SignIn(t, "development", "admin")
	// The top bar's "IAM" and the side navigation's "Dashboard" link here.
	res, body := admin.Get(t, "/iam")
	if res.StatusCode != http.StatusOK || !strings.Contains(body, `<h1>IAM Dashboard</h1>`) || !strings.Contains(body, `href="/iam">IAM</a>`) {
		t.Fatalf("dashboard: %d\n%s", res.StatusCode, body)
	}
	for id, want := range map[string]string{"count-users": "3", "count-groups": "2", "count-roles": "1", "count-policies": "0"} {
		if !strings.Contains(body, `data-testid="`+id+`">`+want+`<`) {
			t.Errorf("%s is not %s", id, want)
		}
	}
	if state, _ := recommendation(t, body, "rec-root-mfa"); state != "todo" {
		t.Errorf("root MFA: %s", state)
	}
	if state, _ := recommendation(t, body, "rec-root-keys"); state != "ok" {
		t.Errorf("root keys: %s", state)
	}
	state, text := recommendation(t, body, "rec-user-mfa")
	if state != "todo" || !strings.Contains(text, "Add MFA for 3 IAM users") || !strings.Contains(text, "admin, david, theresa") {
		t.Errorf("users without MFA: %s %s", state, text)
	}
	if state, _ := recommendation(t, body, "rec-old-keys"); state != "ok" {
		t.Errorf("old keys: %s", state)
	}
	for _, want := range []string{`data-testid="dashboard-account-id" data-value="111122223333"`, `signin?account=development"`, `data-testid="breadcrumbs"`} {
		if !strings.Contains(body, want) {
			t.Errorf("dashboard lacks %s", want)
		}
	}

	// A key older than 90 days, MFA for two users, a customer managed
	// policy: the dashboard follows.
	ctx := context.Background()
	root := &iam.Caller{Type: iam.CallerRoot, AccountID: organizations.DemoDevelopmentID, ARN: "arn:aws:iam::" + organizations.DemoDevelopmentID + ":root", UniqueID: organizations.DemoDevelopmentID}
	k, _, err := env.Services.Identity.CreateAccessKey(ctx, root, "david")
	if err != nil {
		t.Fatal(err)
	}
	assignMFA(t, env, root, "david")
	mustPost(t, admin, "/iam/policies", url.Values{"policy_name": {"mine"}, "document": {`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:ListBucket","Resource":"*"}]}`}}, http.StatusSeeOther)
	env.Clock.Advance(91 * 24 * time.Hour)
	assignMFA(t, env, root, "admin")
	// The console session has long expired: sign in again (with MFA now).
	admin = signInMFA(t, env, "admin")
	_, body = admin.Get(t, "/iam")
	state, text = recommendation(t, body, "rec-user-mfa")
	if state != "todo" || !strings.Contains(text, "Add MFA for 1 IAM user") || !strings.Contains(text, "theresa") || strings.Contains(text, "david") {
		t.Errorf("users without MFA: %s %s", state, text)
	}
	state, text = recommendation(t, body, "rec-old-keys")
	if state != "todo" || !strings.Contains(text, k.AccessKeyID+" (david)") {
		t.Errorf("old keys: %s %s", state, text)
	}
	if !strings.Contains(body, `data-testid="count-policies">1<`) {
		t.Error("the customer managed policy is not counted")
	}

	// A user who may read nothing of it is told what is missing.
	nobody := env.NewClient()
	if _, err := env.Services.Identity.CreateUser(ctx, root, iamUser("nobody", "Nobody-pass-1")); err != nil {
		t.Fatal(err)
	}
	res, _ = nobody.Post(t, "/signin", url.Values{"account": {"development"}, "username": {"nobody"}, "password": {"Nobody-pass-1"}}, "/signin")
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("sign in nobody: %d", res.StatusCode)
	}
	res, body = nobody.Get(t, "/iam")
	if res.StatusCode != http.StatusOK || !strings.Contains(body, "You need iam:GetAccountSummary") || !strings.Contains(body, "You need iam:GetCredentialReport") {
		t.Fatalf("dashboard without permissions: %d\n%s", res.StatusCode, body)
	}
}

// iamUser is a user with a console password.
func iamUser(name, password string) identity.CreateUserInput {
	return identity.CreateUserInput{UserName: name, Password: password}
}

// signInMFA signs in a demo user of Development who has the MFA device
// assignMFA gave it (named USER-phone), with a fresh code.
func signInMFA(t *testing.T, env *webtest.Env, user string) *webtest.Client {
	t.Helper()
	c := env.NewClient()
	res, _ := c.Post(t, "/signin", url.Values{"account": {"development"}, "username": {user}, "password": {env.Password(t, "development", user)}}, "/signin")
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("sign in %s: %d", user, res.StatusCode)
	}
	row, err := env.Store.Read(context.Background()).MFADevice("arn:aws:iam::" + organizations.DemoDevelopmentID + ":mfa/" + user + "-phone")
	if err != nil {
		t.Fatal(err)
	}
	sealer, _ := iam.NewSealer(env.Key)
	seed, err := sealer.Open(row.SeedSealed, row.Serial)
	if err != nil {
		t.Fatal(err)
	}
	env.Clock.Advance(time.Minute)
	res, body := c.Post(t, "/signin/mfa", url.Values{"mfa_code": {iam.TOTP(seed, iam.TOTPStep(env.Svc.Now()))}}, "/signin")
	if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/" {
		t.Fatalf("MFA sign-in of %s: %d\n%s", user, res.StatusCode, body)
	}
	return c
}
