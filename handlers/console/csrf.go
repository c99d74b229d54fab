package console

import (
	"net/http"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	"iamconsole/iam"
)

// CSRFCookie is the cookie that carries the console's CSRF token; the web
// server's CSRF middleware reads and refreshes it on every request.
const CSRFCookie = "iamconsole-csrf"

// CSRFCookieMaxAge is the CSRF cookie's lifetime (echo's default).
const CSRFCookieMaxAge = 86400

// RotateCSRF replaces the CSRF token with a fresh one for the rest of the
// browser session: at sign-in and sign-out the token changes with the
// session, so that a token learned before sign-in (or by someone who used
// the browser before) is worth nothing afterwards. The response's earlier
// Set-Cookie of the token, the middleware's, is dropped.
func (s *Sessions) RotateCSRF(c echo.Context) {
	token := iam.NewToken(32)
	h := c.Response().Header()
	kept := h.Values("Set-Cookie")[:0:0]
	for _, v := range h.Values("Set-Cookie") {
		if !strings.HasPrefix(v, CSRFCookie+"=") {
			kept = append(kept, v)
		}
	}
	h.Del("Set-Cookie")
	for _, v := range kept {
		h.Add("Set-Cookie", v)
	}
	http.SetCookie(c.Response(), &http.Cookie{Name: CSRFCookie, Value: token, Path: "/", HttpOnly: true,
		Secure: s.store.Options.Secure, SameSite: http.SameSiteLaxMode, Expires: time.Now().Add(CSRFCookieMaxAge * time.Second)})
	c.Set(keyCSRF, token)
}
