package web

import (
	"crypto/hmac"
	"crypto/sha256"
	"errors"
	"log/slog"
	"net/http"
	"strings"
	"time"

	"github.com/labstack/echo/v4"
	"github.com/labstack/echo/v4/middleware"

	"iamconsole/handlers"
	"iamconsole/iam"
	"iamconsole/static"
	"iamconsole/views"
)

// Config configures the HTTP server.
type Config struct {
	Service *iam.Service
	// Key is the 32-byte instance key; cookie keys are derived from it.
	Key []byte
	// Secure marks cookies Secure (TLS, or behind a TLS-terminating proxy).
	Secure bool
	// TrustProxy takes the client address from X-Forwarded-For.
	TrustProxy bool
	Logger     *slog.Logger
}

// Deps is what the route table wires handlers with.
type Deps struct {
	Svc      *iam.Service
	Sessions *handlers.Sessions
}

// derive makes a sub-key for one purpose from the instance key.
func derive(key []byte, purpose string) []byte {
	m := hmac.New(sha256.New, key)
	m.Write([]byte(purpose))
	return m.Sum(nil)
}

// New builds the echo server with every route.
func New(cfg Config) *echo.Echo {
	if cfg.Logger == nil {
		cfg.Logger = slog.Default()
	}
	e := echo.New()
	e.HideBanner, e.HidePort = true, true
	if cfg.TrustProxy {
		e.IPExtractor = echo.ExtractIPFromXFFHeader()
	} else {
		e.IPExtractor = echo.ExtractIPDirect()
	}
	sess := handlers.NewSessions(derive(cfg.Key, "cookie-auth"), derive(cfg.Key, "cookie-enc")[:32], cfg.Secure)
	d := Deps{Svc: cfg.Service, Sessions: sess}

	e.HTTPErrorHandler = errorHandler(cfg.Logger)
	e.Use(middleware.RequestIDWithConfig(middleware.RequestIDConfig{TargetHeader: "x-amzn-RequestId", Generator: iam.NewUUID}))
	e.Use(requestLog(cfg.Logger))
	e.Use(middleware.Recover())
	e.Use(middleware.SecureWithConfig(middleware.SecureConfig{
		XSSProtection: "0", ContentTypeNosniff: "nosniff", XFrameOptions: "DENY", ReferrerPolicy: "same-origin",
		ContentSecurityPolicy: "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; script-src 'self'; frame-ancestors 'none'; form-action 'self'; base-uri 'none'",
	}))
	e.Use(middleware.BodyLimit("2M"))
	e.Use(func(next echo.HandlerFunc) echo.HandlerFunc {
		return func(c echo.Context) error {
			handlers.SetSessions(c, sess)
			return next(c)
		}
	})
	e.Use(fetchMetadata)
	e.Use(middleware.CSRFWithConfig(middleware.CSRFConfig{
		Skipper:        isAPIRequest,
		TokenLookup:    "form:csrf_token,header:X-CSRF-Token",
		CookieName:     "iamconsole-csrf",
		CookiePath:     "/",
		CookieHTTPOnly: true,
		CookieSecure:   cfg.Secure,
		CookieSameSite: http.SameSiteLaxMode,
		ContextKey:     "csrf",
		ErrorHandler: func(err error, c echo.Context) error {
			return echo.NewHTTPError(http.StatusForbidden, "The form has expired or did not come from this console. Reload the page and try again.")
		},
	}))
	e.Use(loadConsole(cfg.Service, sess))
	// --- switch role: role history, favourites and the event-history link in the navigation bar ---
	e.Use(handlers.SwitchRoleNav(cfg.Service))
	routes(e, d)
	return e
}

// fetchMetadata refuses state-changing cross-site requests outright, then
// hides Sec-Fetch-Site from the CSRF middleware, which would otherwise accept
// same-origin requests without a token: every console POST carries one.
func fetchMetadata(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		r := c.Request()
		if isAPIRequest(c) {
			return next(c)
		}
		if r.Method != http.MethodGet && r.Method != http.MethodHead && r.Header.Get("Sec-Fetch-Site") == "cross-site" {
			return echo.NewHTTPError(http.StatusForbidden, "Cross-site requests are refused.")
		}
		r.Header.Del("Sec-Fetch-Site")
		return next(c)
	}
}

// isAPIRequest reports whether a request is an AWS API call (SigV4 signed or
// a Query-API body); those skip CSRF and console sessions.
func isAPIRequest(c echo.Context) bool {
	r := c.Request()
	return strings.HasPrefix(r.Header.Get("Authorization"), "AWS4-") || r.URL.Query().Has("X-Amz-Algorithm") ||
		strings.HasPrefix(c.Path(), "/_api")
}

// loadConsole resolves the console session from its cookie.
func loadConsole(svc *iam.Service, sess *handlers.Sessions) echo.MiddlewareFunc {
	return func(next echo.HandlerFunc) echo.HandlerFunc {
		return func(c echo.Context) error {
			if isAPIRequest(c) || strings.HasPrefix(c.Request().URL.Path, "/static/") {
				return next(c)
			}
			id := sess.ID(c.Request())
			if id == "" {
				return next(c)
			}
			con, err := svc.ResolveConsole(c.Request().Context(), id)
			if err != nil {
				if iam.IsKind(err, iam.KindUnauthenticated) {
					sess.Clear(c)
					return next(c)
				}
				return err
			}
			handlers.SetConsole(c, con)
			return next(c)
		}
	}
}

// requireSignIn sends signed-out visitors to the sign-in page, and sessions
// that still owe an MFA code or a new password to their step.
func requireSignIn(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		con := handlers.ConsoleOf(c)
		if con == nil {
			if c.Request().Method == http.MethodGet {
				return c.Redirect(http.StatusSeeOther, "/signin")
			}
			return echo.NewHTTPError(http.StatusUnauthorized, "Sign in first.")
		}
		if con.State != iam.StateActive {
			return c.Redirect(http.StatusSeeOther, "/signin")
		}
		return next(c)
	}
}

func requestLog(log *slog.Logger) echo.MiddlewareFunc {
	return func(next echo.HandlerFunc) echo.HandlerFunc {
		return func(c echo.Context) error {
			start := time.Now()
			handlers.ServerTiming(c, start)
			err := next(c)
			if err != nil {
				c.Error(err)
			}
			r, w := c.Request(), c.Response()
			if !log.Enabled(r.Context(), slog.LevelInfo) {
				return nil
			}
			// Path only: query strings may carry presigned signatures.
			log.LogAttrs(r.Context(), slog.LevelInfo, "request", slog.String("method", r.Method), slog.String("path", r.URL.Path),
				slog.Int("status", w.Status), slog.Float64("dur_ms", float64(time.Since(start).Microseconds())/1000),
				slog.String("ip", c.RealIP()), slog.String("id", w.Header().Get("x-amzn-RequestId")))
			return nil
		}
	}
}

// errorHandler renders echo errors (404, CSRF, body limit, panics) as pages.
func errorHandler(log *slog.Logger) echo.HTTPErrorHandler {
	return func(err error, c echo.Context) {
		if c.Response().Committed {
			return
		}
		status, msg, title := http.StatusInternalServerError, "The request could not be completed. Try again.", "Something went wrong"
		var he *echo.HTTPError
		if errors.As(err, &he) {
			status = he.Code
			if m, ok := he.Message.(string); ok {
				msg = m
			}
			switch status {
			case http.StatusNotFound:
				title, msg = "Page not found", "The page you asked for does not exist or has moved."
			case http.StatusRequestEntityTooLarge:
				title, msg = "Request too large", "The request body is larger than this console accepts."
			default:
				title = http.StatusText(status)
			}
		} else {
			log.Error("unhandled error", "path", c.Request().URL.Path, "err", err)
		}
		p := handlers.PageFor(c, title, "")
		vm := views.ErrorVM{Status: status, Title: title, Message: msg, RequestID: c.Response().Header().Get("x-amzn-RequestId")}
		if rerr := handlers.Render(c, status, views.ErrorPage(p, vm)); rerr != nil {
			c.String(status, msg)
		}
	}
}

// staticHandler serves embedded assets.
var staticHandler = echo.WrapHandler(static.Handler())
