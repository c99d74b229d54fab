package web_test

import (
	"net/http"
	"net/url"
	"testing"

	"iamconsole/web/webtest"
)

// TestCSRFTokenRotatesAtSignIn: the token a visitor had before signing in
// (which anyone who used the browser, or planted the cookie, may know) is
// refused once they are signed in, and sign-out rotates it again.
func TestCSRFTokenRotatesAtSignIn(t *testing.T) {
	t.Parallel()
	env := webtest.New(t)
	c := env.NewClient()
	u, _ := url.Parse(c.Base)
	before := c.CSRF(t, "/signin")
	form := url.Values{"account": {"development"}, "username": {"david"}, "password": {env.Password(t, "development", "david")},
		"csrf_token": {before}}
	res, _ := c.Post(t, "/signin", form, "")
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("sign-in = %d", res.StatusCode)
	}
	after := cookieValue(c, u, "iamconsole-csrf")
	if after == "" || after == before {
		t.Fatalf("CSRF token not rotated at sign-in: before %q after %q", before, after)
	}
	if got := c.CSRF(t, "/"); got != after {
		t.Errorf("page token %q, cookie %q", got, after)
	}
	// A form carrying the old token is refused; the new one works.
	res, _ = c.Post(t, "/switchback", url.Values{"csrf_token": {before}}, "/")
	if res.StatusCode != http.StatusForbidden {
		t.Errorf("old token accepted after sign-in: %d", res.StatusCode)
	}
	res, _ = c.Post(t, "/signout", nil, "/")
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("sign-out = %d", res.StatusCode)
	}
	if again := cookieValue(c, u, "iamconsole-csrf"); again == after || again == "" {
		t.Errorf("CSRF token not rotated at sign-out")
	}
}
