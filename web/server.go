package web

import (
	"crypto/hmac"
	"crypto/sha256"
	"errors"
	"log/slog"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/labstack/echo/v4"
	"github.com/labstack/echo/v4/middleware"

	"iamconsole/handlers/api"
	"iamconsole/handlers/api/cloudtrail"
	ddbapi "iamconsole/handlers/api/dynamodb"
	ec2api "iamconsole/handlers/api/ec2"
	"iamconsole/handlers/api/iamapi"
	"iamconsole/handlers/api/organizations"
	s3api "iamconsole/handlers/api/s3"
	"iamconsole/handlers/api/sts"
	"iamconsole/handlers/console"
	"iamconsole/iam"
	"iamconsole/iam/sessions"
	s3 "iamconsole/resources/s3"
	"iamconsole/static"
	"iamconsole/views"
)

// Config configures the HTTP server.
type Config struct {
	// Services are the kernel and its subjects (see NewServices).
	Services *Services
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
	Svc      *Services
	Sessions *console.Sessions
}

// maxConsoleBody bounds the body of a console request (forms, policy
// documents); API calls have their service's bound.
const maxConsoleBody = 2 << 20

// maxUploadBody bounds a console upload: S3's largest single PUT, with
// room for the multipart form around it.
const maxUploadBody = s3.MaxObjectSize + 1<<20

// consoleBodyLimit is the body bound of a console request: uploads to S3
// stream their files, other requests are forms.
func consoleBodyLimit(r *http.Request) int64 {
	if r.Method == http.MethodPost && strings.HasPrefix(r.URL.Path, "/s3/buckets/") && strings.HasSuffix(r.URL.Path, "/upload") {
		return maxUploadBody
	}
	return maxConsoleBody
}

// frontDoor builds the AWS API front door with the one registry of
// services, dispatched by the signing name of a request's credential scope.
func frontDoor(s *Services, log *slog.Logger) *api.FrontDoor {
	stsAPI := sts.New(s.STS, s.IAM, s.Messages, log)
	return api.New(s.STS, stsAPI,
		stsAPI,
		iamapi.New(s.Identity, s.Orgs, log),
		organizations.New(s.Orgs, log),
		cloudtrail.New(s.IAM, log),
		ddbapi.New(s.IAM, s.DynamoDB),
		ec2api.New(s.EC2, log),
		s3api.New(s.S3, log),
	)
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
	sess := console.NewSessions(derive(cfg.Key, "cookie-auth"), derive(cfg.Key, "cookie-enc")[:32], cfg.Secure)
	d := Deps{Svc: cfg.Services, Sessions: sess}

	fd := frontDoor(cfg.Services, cfg.Logger)
	e.HTTPErrorHandler = errorHandler(cfg.Logger)
	// Every request, console page or API call, passes these once, in order,
	// before routing: a signed request may arrive on any path.
	e.Pre(middleware.RequestIDWithConfig(middleware.RequestIDConfig{TargetHeader: "x-amzn-RequestId", Generator: iam.NewUUID}))
	e.Pre(requestContext)
	e.Pre(requestLog(cfg.Logger))
	e.Pre(middleware.Recover())
	e.Pre(bodyLimit(func(c echo.Context) int64 { return fd.BodyLimit(c, consoleBodyLimit(c.Request())) }))
	e.Pre(fd.Middleware)
	e.Use(middleware.SecureWithConfig(middleware.SecureConfig{
		XSSProtection: "0", ContentTypeNosniff: "nosniff", XFrameOptions: "DENY", ReferrerPolicy: "same-origin",
		ContentSecurityPolicy: "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; script-src 'self'; frame-ancestors 'none'; form-action 'self'; base-uri 'none'",
	}))
	e.Use(func(next echo.HandlerFunc) echo.HandlerFunc {
		return func(c echo.Context) error {
			console.SetSessions(c, sess)
			return next(c)
		}
	})
	e.Use(fetchMetadata)
	e.Use(middleware.CSRFWithConfig(middleware.CSRFConfig{
		Skipper: isAPIRequest,
		// The header and the query come first, so that a streamed upload is
		// never parsed as a form to find its token.
		TokenLookup:    "header:X-CSRF-Token,query:csrf_token,form:csrf_token",
		CookieName:     console.CSRFCookie,
		CookieMaxAge:   console.CSRFCookieMaxAge,
		CookiePath:     "/",
		CookieHTTPOnly: true,
		CookieSecure:   cfg.Secure,
		CookieSameSite: http.SameSiteLaxMode,
		ContextKey:     "csrf",
		ErrorHandler: func(err error, c echo.Context) error {
			return echo.NewHTTPError(http.StatusForbidden, "The form has expired or did not come from this console. Reload the page and try again.")
		},
	}))
	e.Use(loadConsole(cfg.Services.Sessions, sess))
	// Role history, favourites and the event-history link in the navigation bar.
	e.Use(console.SwitchRoleNav(cfg.Services.IAM, cfg.Services.Sessions))
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

// isAPIRequest reports whether a request is an AWS API call; those skip
// CSRF and console sessions (the front door answers them before either).
func isAPIRequest(c echo.Context) bool { return api.IsCall(c) }

// loadConsole resolves the console session from its cookie.
func loadConsole(svc *sessions.Service, sess *console.Sessions) echo.MiddlewareFunc {
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
			console.SetConsole(c, con)
			return next(c)
		}
	}
}

// requireSignIn sends signed-out visitors to the sign-in page, and sessions
// that still owe an MFA code or a new password to their step; a page asked
// for with GET is where the sign-in returns.
func requireSignIn(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		con := console.ConsoleOf(c)
		if con == nil {
			if c.Request().Method == http.MethodGet {
				// A deep link opened while signed out comes back after sign-in.
				return c.Redirect(http.StatusSeeOther, console.SignInURL(c))
			}
			return echo.NewHTTPError(http.StatusUnauthorized, "Sign in first.")
		}
		if con.State != sessions.StateActive {
			if c.Request().Method == http.MethodGet {
				return c.Redirect(http.StatusSeeOther, console.SignInURL(c))
			}
			return c.Redirect(http.StatusSeeOther, "/signin")
		}
		return next(c)
	}
}

func requestLog(log *slog.Logger) echo.MiddlewareFunc {
	return func(next echo.HandlerFunc) echo.HandlerFunc {
		return func(c echo.Context) error {
			start := time.Now()
			serverTiming(c, start)
			err := next(c)
			if err != nil {
				c.Error(err)
			}
			r, w := c.Request(), c.Response()
			if !log.Enabled(r.Context(), slog.LevelInfo) {
				return nil
			}
			// Path only: query strings may carry presigned signatures.
			attrs := []slog.Attr{slog.String("method", r.Method), slog.String("path", r.URL.Path),
				slog.Int("status", w.Status), slog.Float64("dur_ms", float64(time.Since(start).Microseconds())/1000),
				slog.String("ip", c.RealIP()), slog.String("id", w.Header().Get("x-amzn-RequestId"))}
			if service, action, key, ok := api.LogOf(c); ok {
				attrs = append(attrs, slog.String("service", service), slog.String("action", action), slog.String("access_key_id", key))
			}
			log.LogAttrs(r.Context(), slog.LevelInfo, "request", attrs...)
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
		if api.IsCall(c) && api.Fail(c, err) {
			if !errors.As(err, new(*echo.HTTPError)) {
				log.Error("api: unhandled error", "path", c.Request().URL.Path, "err", err)
			}
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
		p := console.PageFor(c, title, "")
		vm := views.ErrorVM{Status: status, Title: title, Message: msg, RequestID: c.Response().Header().Get("x-amzn-RequestId")}
		if rerr := console.Render(c, status, views.ErrorPage(p, vm)); rerr != nil {
			c.String(status, msg)
		}
	}
}

// staticHandler serves embedded assets.
var staticHandler = echo.WrapHandler(static.Handler())

// requestContext puts the request ID into the request's context, so that
// every event an operation records carries the ID its response carries.
func requestContext(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		r := c.Request()
		c.SetRequest(r.WithContext(iam.WithRequestID(r.Context(), api.RequestID(c))))
		return next(c)
	}
}

// bodyLimit bounds every request's body by limit(c): a console request
// whose Content-Length says more is refused at once; an API call's body
// fails as it is read, and its service answers in its own format.
func bodyLimit(limit func(c echo.Context) int64) echo.MiddlewareFunc {
	return func(next echo.HandlerFunc) echo.HandlerFunc {
		return func(c echo.Context) error {
			n := limit(c)
			if n <= 0 {
				return next(c)
			}
			r := c.Request()
			if r.ContentLength > n && !api.IsCall(c) {
				return echo.ErrStatusRequestEntityTooLarge
			}
			r.Body = http.MaxBytesReader(c.Response(), r.Body, n)
			return next(c)
		}
	}
}

// serverTiming makes c's response carry a Server-Timing header, app;dur=
// the milliseconds from start until the response's header is written: the
// time the server spent on the request, without the network's or the
// client's part.
func serverTiming(c echo.Context, start time.Time) {
	w := c.Response()
	w.Before(func() {
		b := make([]byte, 0, 24)
		b = append(b, "app;dur="...)
		b = strconv.AppendFloat(b, float64(time.Since(start).Microseconds())/1000, 'f', 3, 64)
		w.Header()["Server-Timing"] = []string{string(b)}
	})
}
