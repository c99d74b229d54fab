package console

import (
	"net/url"
	"strings"

	"github.com/labstack/echo/v4"
)

// SafeNext returns next when it is a path of this console to return to
// after signing in, else "". Only an absolute path of the same origin
// passes: no scheme, no host, and none of the tricks that make a browser
// read a host out of a path ("//host", "/\host", "\/host", a tab or newline
// that browsers drop, a backslash anywhere, or their escapes). The sign-in
// pages themselves are refused, so that a link cannot loop.
func SafeNext(next string) string {
	if len(next) > maxNext || !strings.HasPrefix(next, "/") || strings.HasPrefix(next, "//") {
		return ""
	}
	for i := 0; i < len(next); i++ {
		if c := next[i]; c < 0x20 || c == 0x7f || c == '\\' {
			return ""
		}
	}
	// An escaped slash or backslash at the start ("/%2F…", "/%5C…") is read
	// back as a second slash by some servers and proxies.
	if low := strings.ToLower(next); strings.HasPrefix(low, "/%2f") || strings.HasPrefix(low, "/%5c") {
		return ""
	}
	u, err := url.Parse(next)
	if err != nil || u.Scheme != "" || u.Host != "" || u.User != nil || u.Opaque != "" || !strings.HasPrefix(u.Path, "/") {
		return ""
	}
	if u.Path == "/signin" || strings.HasPrefix(u.Path, "/signin/") || u.Path == "/signout" {
		return ""
	}
	return next
}

// maxNext bounds a return path, so that a sign-in URL stays short.
const maxNext = 2048

// SignInURL is the sign-in page that returns to the request's own URL
// (path and query) afterwards: where a signed-out visitor is sent.
func SignInURL(c echo.Context) string {
	next := SafeNext(c.Request().URL.RequestURI())
	if next == "" || next == "/" {
		return "/signin"
	}
	return "/signin?next=" + url.QueryEscape(next)
}

// afterSignIn is where a completed sign-in goes: the safe return path of
// the form, or the console home.
func afterSignIn(next string) string {
	if n := SafeNext(next); n != "" {
		return n
	}
	return "/"
}

// signInStep is the sign-in page of a pending step (MFA code, new
// password), keeping the return path.
func signInStep(next string) string {
	if n := SafeNext(next); n != "" && n != "/" {
		return "/signin?next=" + url.QueryEscape(n)
	}
	return "/signin"
}
