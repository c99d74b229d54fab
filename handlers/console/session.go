package console

import (
	"encoding/json"
	"errors"
	"net/http"
	"time"

	"github.com/gorilla/securecookie"
	"github.com/gorilla/sessions"
	"github.com/labstack/echo/v4"

	"iamconsole/views"
)

// Cookie names.
const (
	sessionCookie = "iamconsole-session"
	flashCookie   = "iamconsole-flash"
	onceCookie    = "iamconsole-once"
)

// onceMaxAge is how long a one-time view waits for the page that shows it.
const onceMaxAge = 120

// Sessions manages the session cookie, which carries only the random ID of
// the server-side console session, and the one-time flash cookie.
type Sessions struct {
	store *sessions.CookieStore
}

// NewSessions builds cookie handling from an authentication key and an
// encryption key (32 bytes each); secure sets the Secure attribute.
func NewSessions(hashKey, blockKey []byte, secure bool) *Sessions {
	cs := sessions.NewCookieStore(hashKey, blockKey)
	cs.Options = &sessions.Options{Path: "/", HttpOnly: true, Secure: secure, SameSite: http.SameSiteLaxMode,
		MaxAge: int((12 * time.Hour).Seconds())}
	cs.MaxAge(cs.Options.MaxAge)
	for _, c := range cs.Codecs {
		if sc, ok := c.(*securecookie.SecureCookie); ok {
			sc.SetSerializer(stringValues{})
		}
	}
	return &Sessions{store: cs}
}

// ID returns the console session ID from the cookie, or "".
func (s *Sessions) ID(r *http.Request) string {
	sess, err := s.store.Get(r, sessionCookie)
	if err != nil {
		return ""
	}
	id, _ := sess.Values["id"].(string)
	return id
}

// SetID writes a fresh session cookie carrying id.
func (s *Sessions) SetID(c echo.Context, id string) error {
	sess, _ := s.store.New(c.Request(), sessionCookie)
	sess.Values = map[any]any{"id": id}
	return sess.Save(c.Request(), c.Response())
}

// Clear removes the session cookie.
func (s *Sessions) Clear(c echo.Context) {
	sess, _ := s.store.New(c.Request(), sessionCookie)
	sess.Options = &sessions.Options{Path: "/", MaxAge: -1, HttpOnly: true, SameSite: http.SameSiteLaxMode}
	sess.Save(c.Request(), c.Response())
}

// AddFlash queues a message for the next page.
func (s *Sessions) AddFlash(c echo.Context, f views.Flash) {
	sess, _ := s.store.Get(c.Request(), flashCookie)
	var fs []views.Flash
	if raw, ok := sess.Values["f"].(string); ok {
		json.Unmarshal([]byte(raw), &fs)
	}
	fs = append(fs, f)
	b, _ := json.Marshal(fs)
	sess.Values["f"] = string(b)
	sess.Options = &sessions.Options{Path: "/", HttpOnly: true, SameSite: http.SameSiteLaxMode, MaxAge: 300, Secure: s.store.Options.Secure}
	sess.Save(c.Request(), c.Response())
}

// TakeFlashes returns and clears the queued messages.
func (s *Sessions) TakeFlashes(c echo.Context) []views.Flash {
	if _, err := c.Request().Cookie(flashCookie); err != nil {
		return nil
	}
	sess, err := s.store.Get(c.Request(), flashCookie)
	var fs []views.Flash
	if err == nil {
		if raw, ok := sess.Values["f"].(string); ok {
			json.Unmarshal([]byte(raw), &fs)
		}
	}
	sess.Options = &sessions.Options{Path: "/", MaxAge: -1, HttpOnly: true, SameSite: http.SameSiteLaxMode}
	sess.Values = map[any]any{}
	sess.Save(c.Request(), c.Response())
	return fs
}

// SetOnce keeps values (a secret shown once, such as a new access key's)
// for the page a redirect leads to: post/redirect/get, so that reloading
// that page neither repeats the post nor shows the secret again. The cookie
// is encrypted and authenticated with the instance's keys, and lives for a
// couple of minutes at most.
func (s *Sessions) SetOnce(c echo.Context, values map[string]string) error {
	sess, _ := s.store.New(c.Request(), onceCookie)
	sess.Values = make(map[any]any, len(values))
	for k, v := range values {
		sess.Values[k] = v
	}
	sess.Options = &sessions.Options{Path: "/", HttpOnly: true, SameSite: http.SameSiteLaxMode, MaxAge: onceMaxAge, Secure: s.store.Options.Secure}
	return sess.Save(c.Request(), c.Response())
}

// TakeOnce returns the values SetOnce kept, and forgets them: nil when
// there are none (the page was reloaded, or opened some other way).
func (s *Sessions) TakeOnce(c echo.Context) map[string]string {
	if _, err := c.Request().Cookie(onceCookie); err != nil {
		return nil
	}
	sess, err := s.store.Get(c.Request(), onceCookie)
	var out map[string]string
	if err == nil {
		out = make(map[string]string, len(sess.Values))
		for k, v := range sess.Values {
			ks, _ := k.(string)
			vs, _ := v.(string)
			out[ks] = vs
		}
	}
	sess.Options = &sessions.Options{Path: "/", MaxAge: -1, HttpOnly: true, SameSite: http.SameSiteLaxMode}
	sess.Values = map[any]any{}
	sess.Save(c.Request(), c.Response())
	return out
}

// stringValues serializes session values, all strings keyed by strings in
// this console, as a JSON object: gob, gorilla's default, writes its type
// descriptors into every cookie and costs more on every request.
type stringValues struct{}

var errSessionValues = errors.New("session values must be strings keyed by strings")

// Serialize encodes a session's values.
func (stringValues) Serialize(src any) ([]byte, error) {
	m, ok := src.(map[any]any)
	if !ok {
		return nil, errSessionValues
	}
	out := make(map[string]string, len(m))
	for k, v := range m {
		ks, ok1 := k.(string)
		vs, ok2 := v.(string)
		if !ok1 || !ok2 {
			return nil, errSessionValues
		}
		out[ks] = vs
	}
	return json.Marshal(out)
}

// Deserialize decodes values into *map[any]any.
func (stringValues) Deserialize(b []byte, dst any) error {
	p, ok := dst.(*map[any]any)
	if !ok {
		return errSessionValues
	}
	var in map[string]string
	if err := json.Unmarshal(b, &in); err != nil {
		return err
	}
	if *p == nil {
		*p = make(map[any]any, len(in))
	}
	for k, v := range in {
		(*p)[k] = v
	}
	return nil
}
