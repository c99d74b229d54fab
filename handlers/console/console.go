package console

import (
	"bytes"
	"errors"
	"net/http"
	"unicode/utf8"

	"github.com/a-h/templ"
	"github.com/labstack/echo/v4"

	"iamconsole/iam"
	"iamconsole/iam/sessions"
	"iamconsole/views"
)

// Context keys set by the web middleware.
const (
	keyConsole  = "iamconsole.console"
	keySessions = "iamconsole.sessions"
	keyCSRF     = "csrf"
	keyNav      = "iamconsole.nav"
)

// SetConsole stores the resolved console session for the request.
func SetConsole(c echo.Context, con *sessions.Console) { c.Set(keyConsole, con) }

// SetSessions makes cookie handling available to handlers.
func SetSessions(c echo.Context, s *Sessions) { c.Set(keySessions, s) }

// ConsoleOf is the request's console session, nil when signed out.
func ConsoleOf(c echo.Context) *sessions.Console {
	con, _ := c.Get(keyConsole).(*sessions.Console)
	return con
}

// Caller is the request's effective principal, nil when signed out.
func Caller(c echo.Context) *iam.Caller {
	if con := ConsoleOf(c); con != nil {
		return con.Effective()
	}
	return nil
}

func sessionsOf(c echo.Context) *Sessions {
	s, _ := c.Get(keySessions).(*Sessions)
	return s
}

// CSRF is the request's CSRF token for forms.
func CSRF(c echo.Context) string {
	t, _ := c.Get(keyCSRF).(string)
	return t
}

// Flash queues a one-time message for the next page.
func Flash(c echo.Context, kind, msg string) {
	if s := sessionsOf(c); s != nil {
		s.AddFlash(c, views.Flash{Kind: kind, Message: msg})
	}
}

// setOnce keeps values for the next page only (see Sessions.SetOnce).
func setOnce(c echo.Context, values map[string]string) error {
	s := sessionsOf(c)
	if s == nil {
		return errors.New("console: no cookie handling for the request")
	}
	return s.SetOnce(c, values)
}

// takeOnce returns the values of view kept for this page, or nil; values
// of another view are dropped all the same, as they were meant for a page
// that was not shown.
func takeOnce(c echo.Context, view string) map[string]string {
	s := sessionsOf(c)
	if s == nil {
		return nil
	}
	v := s.TakeOnce(c)
	if v == nil || v["view"] != view {
		return nil
	}
	// A page that shows a secret must not be stored or shown from cache.
	c.Response().Header().Set("Cache-Control", "no-store")
	return v
}

// NavDecorator adds per-request details to the navigation bar (role
// history, favourites, event-history link); set by the web package.
type NavDecorator func(c echo.Context, nav *views.Nav)

// SetNavDecorator installs the decorator for the request.
func SetNavDecorator(c echo.Context, d NavDecorator) { c.Set(keyNav, d) }

// PageFor builds the layout's view model for the request.
func PageFor(c echo.Context, title, section string) views.Page {
	p := views.Page{Title: title, CSRF: CSRF(c), Section: section}
	if s := sessionsOf(c); s != nil {
		p.Flashes = s.TakeFlashes(c)
	}
	con := ConsoleOf(c)
	if con == nil || con.State != sessions.StateActive {
		return p
	}
	base, eff := con.Base, con.Effective()
	p.Nav = views.Nav{SignedIn: true, AccountID: eff.AccountID, AccountAlias: eff.AccountAlias, ARN: eff.ARN,
		MFA: base.MFA, Root: base.IsRoot(), BaseLabel: base.Name() + " @ " + base.Account()}
	if con.Role != nil {
		r := con.Role
		p.Nav.InRole, p.Nav.RoleName, p.Nav.Color = true, r.RoleName, r.Color
		p.Nav.Label = r.RoleName + " @ " + r.Account()
		if r.DisplayName != "" {
			p.Nav.Label = r.DisplayName + " @ " + r.Account()
		}
	} else {
		p.Nav.Label = base.Name() + " @ " + base.Account()
	}
	if con.RoleExpired {
		name := con.ExpiredRoleName
		if name == "" {
			name = "the role"
		}
		p.Flashes = append(p.Flashes, views.Flash{Kind: "warning",
			Message: "Your session in " + name + " expired. You have been switched back to " + base.Name() + "."})
	}
	if d, ok := c.Get(keyNav).(NavDecorator); ok && d != nil {
		d(c, &p.Nav)
	}
	return p
}

// Render writes a component with status, rendering into a buffer first so a
// failed render never sends half a page.
func Render(c echo.Context, status int, comp templ.Component) error {
	var buf bytes.Buffer
	if err := comp.Render(c.Request().Context(), &buf); err != nil {
		return err
	}
	return c.HTMLBlob(status, cleanText(buf.Bytes()))
}

// cleanText makes a rendered page safe to send whatever a form echoed back:
// invalid UTF-8 and control characters other than tab, newline and carriage
// return (which HTML escaping leaves alone) become U+FFFD. Pages without
// them, nearly all, are returned as they are.
func cleanText(b []byte) []byte {
	if !hasControl(b) && utf8.Valid(b) {
		return b
	}
	b = bytes.ToValidUTF8(b, []byte("\uFFFD"))
	return bytes.Map(func(r rune) rune {
		if r < 0x80 && isControl(byte(r)) {
			return utf8.RuneError
		}
		return r
	}, b)
}

// isControl reports an ASCII control character other than tab, newline and
// carriage return.
func isControl(c byte) bool {
	return (c < 0x20 || c == 0x7f) && c != '\t' && c != '\n' && c != '\r'
}

// hasControl reports whether b holds a control character isControl names;
// every page is scanned, so the common test comes first.
func hasControl(b []byte) bool {
	for _, c := range b {
		if (c < 0x20 || c == 0x7f) && isControl(c) {
			return true
		}
	}
	return false
}

// Redirect answers a successful POST with 303 See Other.
func Redirect(c echo.Context, url string) error { return c.Redirect(http.StatusSeeOther, url) }

// FieldErrors maps an *iam.Error to messages by form field; policy problems
// go under "document" with their line and column.
func FieldErrors(err error) map[string]string {
	out := map[string]string{}
	var e *iam.Error
	if !errors.As(err, &e) {
		return out
	}
	field := e.Field
	if field == "" {
		field = "_"
	}
	out[field] = e.Message
	return out
}

// Fail renders err as a page: access denied (403) with AWS's message and our
// explanation, not found (404), or another error page with its status.
func Fail(c echo.Context, err error) error {
	e := iam.AsError(err)
	switch e.Kind {
	case iam.KindUnauthenticated:
		return Redirect(c, "/signin")
	case iam.KindDenied:
		vm := views.DeniedVM{Message: e.Message, Decision: "Implicit deny"}
		if x := e.Explanation; x != nil {
			vm.Action, vm.Resource, vm.Layer, vm.Policy, vm.Sid = x.Action, x.Resource, x.Layer, x.Policy, x.Sid
			if x.Explicit {
				vm.Decision = "Explicit deny"
			}
		}
		if con := ConsoleOf(c); con != nil && con.Role != nil {
			vm.InRole = true
		}
		vm.SimulatorURL = SimulatorURL(Caller(c), vm.Action, vm.Resource)
		return Render(c, http.StatusForbidden, views.AccessDenied(PageFor(c, "Access denied", ""), vm))
	case iam.KindNotFound:
		return Render(c, http.StatusNotFound, views.ErrorPage(PageFor(c, "Not found", ""),
			views.ErrorVM{Status: http.StatusNotFound, Title: "Not found", Message: e.Message}))
	case iam.KindInternal:
		c.Logger().Error(err)
		return Render(c, http.StatusInternalServerError, views.ErrorPage(PageFor(c, "Error", ""),
			views.ErrorVM{Status: http.StatusInternalServerError, Title: "Something went wrong", Message: "The request could not be completed. Try again."}))
	default:
		st := statusOf(e.Kind)
		return Render(c, st, views.ErrorPage(PageFor(c, "Error", ""),
			views.ErrorVM{Status: st, Title: "The request was not accepted", Message: e.Message}))
	}
}

// statusOf is the status of a page that answers an error of kind k.
func statusOf(k iam.Kind) int {
	switch k {
	case iam.KindNotFound:
		return http.StatusNotFound
	case iam.KindExists, iam.KindLimit, iam.KindConflict:
		return http.StatusConflict
	case iam.KindDenied, iam.KindExpired, iam.KindUnauthenticated:
		return http.StatusForbidden
	case iam.KindThrottled:
		return http.StatusTooManyRequests
	case iam.KindInternal:
		return http.StatusInternalServerError
	default:
		return http.StatusBadRequest
	}
}
