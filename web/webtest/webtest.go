package webtest

import (
	"context"
	"io"
	"log/slog"
	"maps"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"iamconsole/iam"
	"iamconsole/iam/organizations"
	"iamconsole/resources/demo"
	s3 "iamconsole/resources/s3"
	"iamconsole/store"
	"iamconsole/web"
)

var fastHashing sync.Once

// Env is a running server with its service and demo sign-in details.
type Env struct {
	Server *httptest.Server
	Svc    *iam.Service // the kernel
	// Services are the kernel and its subjects, as the server runs them.
	Services *web.Services
	Store    *store.Store
	Clock    *iam.ManualClock // nil unless Options.ManualClock
	Logins   []organizations.DemoLogin
	Key      []byte
}

// Options adjust the environment.
type Options struct {
	ManualClock bool // use a clock the test moves with Env.Clock.Advance
}

// New starts a server on a fresh database with the demo organization.
func New(t testing.TB, opts ...Options) *Env {
	t.Helper()
	fastHashing.Do(iam.UseFastPasswordHashing)
	var o Options
	if len(opts) > 0 {
		o = opts[0]
	}
	ctx := context.Background()
	dir := t.TempDir()
	st, err := store.Open(ctx, filepath.Join(dir, "console.db"))
	if err != nil {
		t.Fatal(err)
	}
	key, err := iam.LoadKey("", filepath.Join(dir, "iamconsole.key"))
	if err != nil {
		t.Fatal(err)
	}
	sealer, _ := iam.NewSealer(key)
	env := &Env{Store: st, Key: key}
	iopts := iam.Options{Store: st, Sealer: sealer, Logger: slog.New(slog.NewTextHandler(io.Discard, nil))}
	if o.ManualClock {
		env.Clock = iam.NewManualClock(time.Now())
		iopts.Clock = env.Clock
	}
	// The server's URL is needed for links; start it first, then wire.
	var handler http.Handler
	env.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { handler.ServeHTTP(w, r) }))
	iopts.ConsoleURL = env.Server.URL
	env.Svc = iam.New(iopts)
	env.Services = web.NewServices(env.Svc)
	handler = web.New(web.Config{Services: env.Services, Key: key, Logger: iopts.Logger})
	t.Cleanup(func() {
		env.Server.Close()
		env.Svc.Close()
		st.Close()
	})
	env.Logins, err = env.Services.Orgs.CreateDemo(ctx)
	if err == nil {
		err = demo.Create(ctx, env.Svc)
	}
	if err != nil {
		t.Fatal(err)
	}
	if err := s3.CreateDemo(ctx, env.Services.S3, env.Services.Identity); err != nil {
		t.Fatal(err)
	}
	return env
}

// Password returns the demo password of a user ("root" for the root user)
// in an account given by alias.
func (e *Env) Password(t testing.TB, account, user string) string {
	t.Helper()
	for _, l := range e.Logins {
		if l.Account == account && (l.UserName == user || user == "root" && l.UserName == "") {
			return l.Password
		}
	}
	t.Fatalf("no demo login %s/%s", account, user)
	return ""
}

// Client is a browser-like HTTP client with a cookie jar that does not
// follow redirects, so tests see each 303.
type Client struct {
	*http.Client
	Base string
}

// NewClient returns a fresh client with no session.
func (e *Env) NewClient() *Client {
	jar, _ := cookiejar.New(nil)
	return &Client{Client: &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}, Base: e.Server.URL}
}

var csrfMeta = regexp.MustCompile(`<meta name="csrf-token" content="([^"]+)"`)

// CSRF fetches a page and returns the CSRF token it carries.
func (c *Client) CSRF(t testing.TB, path string) string {
	t.Helper()
	res, body := c.Get(t, path)
	m := csrfMeta.FindStringSubmatch(body)
	if m == nil {
		t.Fatalf("GET %s (%d): no CSRF token in page", path, res.StatusCode)
	}
	return m[1]
}

// Get fetches a path and returns the response and its body.
func (c *Client) Get(t testing.TB, path string) (*http.Response, string) {
	t.Helper()
	res, err := c.Client.Get(c.Base + path)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return res, string(b)
}

// Post submits a form with the CSRF token of the page at from (or of "/" when empty).
func (c *Client) Post(t testing.TB, path string, form url.Values, from string) (*http.Response, string) {
	t.Helper()
	if from == "" {
		from = "/signin"
	}
	// Work on a copy: a caller may post the same values from two clients.
	form = maps.Clone(form)
	if form == nil {
		form = url.Values{}
	}
	if form.Get("csrf_token") == "" {
		form.Set("csrf_token", c.CSRF(t, from))
	}
	res, err := c.Client.Post(c.Base+path, "application/x-www-form-urlencoded", strings.NewReader(form.Encode()))
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return res, string(b)
}

// SignIn signs in an IAM user (or, with user "root", the root user) of a
// demo account given by alias, and fails the test if it does not succeed.
func (e *Env) SignIn(t testing.TB, account, user string) *Client {
	t.Helper()
	c := e.NewClient()
	form := url.Values{"password": {e.Password(t, account, user)}}
	if user == "root" {
		form.Set("as", "root")
		form.Set("email", "root@"+account+".example.com")
	} else {
		form.Set("account", account)
		form.Set("username", user)
	}
	res, body := c.Post(t, "/signin", form, "/signin")
	if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/" {
		t.Fatalf("sign-in as %s/%s: %d %s\n%s", account, user, res.StatusCode, res.Header.Get("Location"), body)
	}
	return c
}
