package iamtest

import (
	"context"
	"crypto/rand"
	"io"
	"log/slog"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"iamconsole/iam"
	"iamconsole/iam/identity"
	"iamconsole/iam/organizations"
	"iamconsole/iam/sessions"
	"iamconsole/iam/sts"
	"iamconsole/store"
)

var fastHashing sync.Once

// Options choose an environment's clock, key, console URL and logs.
type Options struct {
	// Start is where the manual clock starts; zero means now.
	Start time.Time
	// ConsoleURL is the console's base URL; "" means the kernel's default.
	ConsoleURL string
	// RandomKey seals secrets with a random key instead of 32 zero bytes.
	RandomKey bool
	// Quiet discards the service's logs.
	Quiet bool
}

// Env is the kernel and every subject built on it over a fresh SQLite
// file holding the demo organization.
type Env struct {
	K        *iam.Service
	Identity *identity.Service
	Sessions *sessions.Service
	STS      *sts.Service
	Orgs     *organizations.Service
	Store    *store.Store
	Clock    *iam.ManualClock
	// Path is the database file, for tests that write to it directly.
	Path string
	// Logins are the demo organization's sign-in details.
	Logins []organizations.DemoLogin
}

// New builds an environment; the test's cleanup closes it.
func New(t testing.TB, o Options) *Env {
	t.Helper()
	fastHashing.Do(iam.UseFastPasswordHashing)
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "iam.db")
	st, err := store.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	key := make([]byte, 32)
	if o.RandomKey {
		rand.Read(key)
	}
	sealer, err := iam.NewSealer(key)
	if err != nil {
		t.Fatal(err)
	}
	start := o.Start
	if start.IsZero() {
		start = time.Now()
	}
	clock := iam.NewManualClock(start)
	opts := iam.Options{Store: st, Sealer: sealer, Clock: clock, ConsoleURL: o.ConsoleURL}
	if o.Quiet {
		opts.Logger = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	k := iam.New(opts)
	t.Cleanup(func() { k.Close(); st.Close() })
	id := identity.New(k)
	e := &Env{K: k, Identity: id, Sessions: sessions.New(k, id), STS: sts.New(k, id), Orgs: organizations.New(k, id),
		Store: st, Clock: clock, Path: path}
	if e.Logins, err = e.Orgs.CreateDemo(ctx); err != nil {
		t.Fatal(err)
	}
	return e
}

// Account reads an account.
func (e *Env) Account(t testing.TB, id string) *store.Account {
	t.Helper()
	a, err := e.Store.Read(context.Background()).Account(id)
	if err != nil {
		t.Fatal(err)
	}
	return a
}

// User is the IAM user name of account as a caller.
func (e *Env) User(t testing.TB, account, name string) *iam.Caller {
	t.Helper()
	u, err := e.Store.Read(context.Background()).UserByName(account, name)
	if err != nil {
		t.Fatal(err)
	}
	return iam.UserCaller(e.Account(t, account), u)
}

// Root is the root user of account as a caller.
func (e *Env) Root(t testing.TB, account string) *iam.Caller {
	t.Helper()
	return iam.RootCaller(e.Account(t, account))
}

// Events returns the stored events of account named name.
func (e *Env) Events(t testing.TB, account, name string) []store.Event {
	t.Helper()
	e.K.FlushEvents()
	var out []store.Event
	evs, err := e.Store.Read(context.Background()).Events(store.EventFilter{AccountID: account, Attribute: "EventName", Value: name})
	if err != nil {
		t.Fatal(err)
	}
	for _, ev := range evs {
		if ev.EventName == name {
			out = append(out, ev)
		}
	}
	return out
}

// Key gives a demo user an access key and returns the caller it
// authenticates, its ID and its secret.
func (e *Env) Key(t testing.TB, account, user string) (*iam.Caller, string, string) {
	t.Helper()
	ctx := context.Background()
	var id, secret string
	err := e.K.Tx(ctx, func(q *store.Q) error {
		u, err := q.UserByName(account, user)
		if err != nil {
			return err
		}
		k, sec, err := e.Identity.InsertAccessKey(q, u)
		id, secret = k.ID, sec
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	c, got, err := e.STS.AuthenticateAccessKey(ctx, id, "")
	if err != nil || got != secret {
		t.Fatalf("AuthenticateAccessKey(%s) = %v, secret ok %v", id, err, got == secret)
	}
	return c, id, secret
}

// Role creates a role in account with the trust policy given and returns
// its ARN.
func (e *Env) Role(t testing.TB, account, name string, maxSession int, trust string) string {
	t.Helper()
	err := e.K.Tx(context.Background(), func(q *store.Q) error {
		return q.CreateRole(&store.Role{ID: iam.NewUniqueID(iam.PrefixRole), AccountID: account, Name: name, Path: "/",
			TrustPolicy: trust, MaxSessionDuration: maxSession, CreatedAt: e.K.Now()})
	})
	if err != nil {
		t.Fatal(err)
	}
	return "arn:aws:iam::" + account + ":role/" + name
}

// WantErr checks err against an expected AWS error code ("" = success)
// and, when msg is set, a message fragment.
func WantErr(t testing.TB, err error, code, msg string) {
	t.Helper()
	if code == "" {
		if err != nil {
			t.Fatalf("unexpected error: %v", err)
		}
		return
	}
	if err == nil {
		t.Fatalf("want %s, got success", code)
	}
	e := iam.AsError(err)
	if e.Code != code {
		t.Fatalf("want %s, got %v", code, err)
	}
	if msg != "" && !strings.Contains(e.Message, msg) {
		t.Fatalf("want message containing %q, got %q", msg, e.Message)
	}
}

// WantKind checks that err is an *iam.Error of kind k and, when code is
// set, AWS's code; it returns the error.
func WantKind(t testing.TB, err error, k iam.Kind, code string) *iam.Error {
	t.Helper()
	if !iam.IsKind(err, k) {
		t.Fatalf("err = %v, want kind %d (%s)", err, k, code)
	}
	e := iam.AsError(err)
	if code != "" && e.Code != code {
		t.Fatalf("code = %s, want %s (%s)", e.Code, code, e.Message)
	}
	return e
}
