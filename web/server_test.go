package web_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"iamconsole/web/webtest"
)

func TestSignedOutVisitorIsSentToSignIn(t *testing.T) {
	t.Parallel()
	env := webtest.New(t)
	res, _ := env.NewClient().Get(t, "/")
	if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/signin" {
		t.Fatalf("GET / = %d %s, want 303 /signin", res.StatusCode, res.Header.Get("Location"))
	}
}

func TestSignInShowsIdentity(t *testing.T) {
	t.Parallel()
	env := webtest.New(t)
	tests := []struct {
		name, account, user, wantARN, wantLabel string
	}{
		{"iam user by alias", "development", "david", "arn:aws:iam::111122223333:user/david", "david @ development"},
		{"root user by email", "production", "root", "arn:aws:iam::123456789012:root", "root @ production"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			c := env.SignIn(t, tc.account, tc.user)
			res, body := c.Get(t, "/")
			if res.StatusCode != http.StatusOK {
				t.Fatalf("GET / = %d", res.StatusCode)
			}
			for _, want := range []string{tc.wantARN, `data-testid="identity"`, tc.wantLabel} {
				if !strings.Contains(body, want) {
					t.Errorf("home page lacks %q", want)
				}
			}
		})
	}
}

func TestSignInByAccountID(t *testing.T) {
	t.Parallel()
	env := webtest.New(t)
	c := env.NewClient()
	res, _ := c.Post(t, "/signin", url.Values{"account": {"111122223333"}, "username": {"DAVID"}, "password": {env.Password(t, "development", "david")}}, "")
	// User names are case-insensitive for sign-in lookups, as IAM names are unique case-insensitively.
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("status %d", res.StatusCode)
	}
}

func TestWrongCredentialsGetOneGenericMessage(t *testing.T) {
	t.Parallel()
	env := webtest.New(t)
	pw := env.Password(t, "development", "david")
	cases := map[string]url.Values{
		"wrong password":  {"account": {"development"}, "username": {"david"}, "password": {"nope-nope-nope"}},
		"unknown user":    {"account": {"development"}, "username": {"nobody"}, "password": {pw}},
		"unknown account": {"account": {"999999999999"}, "username": {"david"}, "password": {pw}},
		"unknown alias":   {"account": {"nosuchalias"}, "username": {"david"}, "password": {pw}},
		"root wrong":      {"as": {"root"}, "email": {"root@development.example.com"}, "password": {"wrong-wrong"}},
	}
	for name, form := range cases {
		t.Run(name, func(t *testing.T) {
			res, body := env.NewClient().Post(t, "/signin", form, "")
			if res.StatusCode != http.StatusUnauthorized {
				t.Errorf("status %d, want 401", res.StatusCode)
			}
			if !strings.Contains(body, "Your authentication information is incorrect. Please try again.") {
				t.Error("missing the generic message")
			}
			if strings.Contains(body, "csrf-token\" content=\"\"") {
				t.Error("page lost its CSRF token")
			}
		})
	}
}

func TestRepeatedFailuresAreThrottled(t *testing.T) {
	t.Parallel()
	env := webtest.New(t)
	c := env.NewClient()
	form := url.Values{"account": {"development"}, "username": {"theresa"}, "password": {"wrong-password"}}
	for i := 0; i < 5; i++ {
		c.Post(t, "/signin", form, "")
	}
	// Even the right password is refused while throttled.
	form.Set("password", env.Password(t, "development", "theresa"))
	res, body := c.Post(t, "/signin", form, "")
	if res.StatusCode != http.StatusTooManyRequests || !strings.Contains(body, "Too many failed sign-in attempts") {
		t.Fatalf("status %d, want 429 with a throttle message", res.StatusCode)
	}
}

func TestPostWithoutCSRFTokenIsRefused(t *testing.T) {
	t.Parallel()
	env := webtest.New(t)
	c := env.SignIn(t, "development", "david")
	res, err := c.Client.PostForm(c.Base+"/signout", url.Values{})
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusForbidden {
		t.Fatalf("POST without CSRF = %d, want 403", res.StatusCode)
	}
	// Still signed in.
	if res, _ := c.Get(t, "/"); res.StatusCode != http.StatusOK {
		t.Fatalf("session lost after a refused POST: %d", res.StatusCode)
	}
}

func TestSessionIDRotatesAtSignInAndEndsAtSignOut(t *testing.T) {
	t.Parallel()
	env := webtest.New(t)
	c := env.SignIn(t, "development", "david")
	u, _ := url.Parse(c.Base)
	first := cookieValue(c, u, "iamconsole-session")
	form := url.Values{"account": {"development"}, "username": {"david"}, "password": {env.Password(t, "development", "david")}}
	c.Post(t, "/signin", form, "/")
	second := cookieValue(c, u, "iamconsole-session")
	if first == "" || first == second {
		t.Fatal("the session cookie did not change at sign-in")
	}
	res, _ := c.Post(t, "/signout", nil, "/")
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("sign-out = %d", res.StatusCode)
	}
	if res, _ := c.Get(t, "/"); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("still signed in after sign-out: %d", res.StatusCode)
	}
}

func TestCookiesAreHttpOnlyAndSameSite(t *testing.T) {
	t.Parallel()
	env := webtest.New(t)
	c := env.NewClient()
	form := url.Values{"account": {"development"}, "username": {"david"}, "password": {env.Password(t, "development", "david")}}
	res, _ := c.Post(t, "/signin", form, "")
	var found bool
	for _, ck := range res.Cookies() {
		if ck.Name == "iamconsole-session" {
			found = true
			if !ck.HttpOnly || ck.SameSite != http.SameSiteLaxMode {
				t.Errorf("session cookie HttpOnly=%v SameSite=%v", ck.HttpOnly, ck.SameSite)
			}
			if strings.Contains(ck.Value, "david") {
				t.Error("the cookie carries identity data")
			}
		}
	}
	if !found {
		t.Fatal("no session cookie set")
	}
}

func TestNotFoundPage(t *testing.T) {
	t.Parallel()
	env := webtest.New(t)
	res, body := env.SignIn(t, "development", "david").Get(t, "/no/such/page")
	if res.StatusCode != http.StatusNotFound || !strings.Contains(body, `data-testid="error-page"`) {
		t.Fatalf("status %d", res.StatusCode)
	}
}

func TestStaticAssetsAreImmutable(t *testing.T) {
	t.Parallel()
	env := webtest.New(t)
	_, body := env.NewClient().Get(t, "/signin")
	i := strings.Index(body, "/static/css/console.")
	if i < 0 {
		t.Fatal("no hashed stylesheet link")
	}
	path := body[i : i+strings.Index(body[i:], `"`)]
	res, _ := env.NewClient().Get(t, path)
	if res.StatusCode != http.StatusOK || !strings.Contains(res.Header.Get("Cache-Control"), "immutable") {
		t.Fatalf("GET %s = %d %q", path, res.StatusCode, res.Header.Get("Cache-Control"))
	}
}

func cookieValue(c *webtest.Client, u *url.URL, name string) string {
	for _, ck := range c.Jar.Cookies(u) {
		if ck.Name == name {
			return ck.Value
		}
	}
	return ""
}
