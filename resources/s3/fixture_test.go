package s3

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"iamconsole/iam"
	"iamconsole/iam/identity"
	"iamconsole/iam/organizations"
	"iamconsole/iam/sts"
	"iamconsole/store"
)

var fastHashing sync.Once

// fixture is the demo organization with its S3 content, on a real SQLite
// file, and the callers the tests act as.
type fixture struct {
	svc *iam.Service
	id  *identity.Service
	sts *sts.Service
	st  *store.Store
	s3  *Service
	// prodRoot, devRoot are the accounts' root users; david is the
	// Development user, updateApp david's session in Production's UpdateAPP;
	// devAdmin and prodAdmin are the accounts' administrators.
	prodRoot, devRoot, david, updateApp, devAdmin, prodAdmin *iam.Caller
}

func newFixture(t testing.TB) *fixture {
	t.Helper()
	fastHashing.Do(iam.UseFastPasswordHashing)
	ctx := context.Background()
	st, err := store.Open(ctx, filepath.Join(t.TempDir(), "s3.db"))
	if err != nil {
		t.Fatal(err)
	}
	sealer, err := iam.NewSealer(make([]byte, 32))
	if err != nil {
		t.Fatal(err)
	}
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	svc := iam.New(iam.Options{Store: st, Sealer: sealer, Logger: log})
	s := New(svc, Options{Logger: log})
	t.Cleanup(func() { svc.Close(); st.Close() })
	id := identity.New(svc)
	if _, err := organizations.New(svc, id).CreateDemo(ctx); err != nil {
		t.Fatal(err)
	}
	if err := CreateDemo(ctx, s, id); err != nil {
		t.Fatal(err)
	}
	f := &fixture{svc: svc, id: id, sts: sts.New(svc, id), st: st, s3: s,
		prodRoot: rootOf(organizations.DemoProductionID), devRoot: rootOf(organizations.DemoDevelopmentID)}
	f.david = f.userCaller(t, f.devRoot, "david")
	f.devAdmin = f.userCaller(t, f.devRoot, "admin")
	f.prodAdmin = f.userCaller(t, f.prodRoot, "admin")
	out, err := f.sts.AssumeRole(ctx, f.david, sts.AssumeRoleInput{RoleArn: "arn:aws:iam::123456789012:role/UpdateAPP", RoleSessionName: "david"})
	if err != nil {
		t.Fatal(err)
	}
	f.updateApp, _, err = f.sts.AuthenticateAccessKey(ctx, out.Credentials.AccessKeyID, out.Credentials.SessionToken)
	if err != nil {
		t.Fatal(err)
	}
	return f
}

// userCaller is a user's caller, through an access key the account's root
// creates.
func (f *fixture) userCaller(t testing.TB, root *iam.Caller, name string) *iam.Caller {
	t.Helper()
	ctx := context.Background()
	key, _, err := f.id.CreateAccessKey(ctx, root, name)
	if err != nil {
		t.Fatal(err)
	}
	c, _, err := f.sts.AuthenticateAccessKey(ctx, key.AccessKeyID, "")
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// wantCode checks err against an S3 error code ("" for success) and, when
// msg is set, a fragment of its message.
func wantCode(t testing.TB, err error, code, msg string) {
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
	var se *Error
	if !errors.As(err, &se) {
		t.Fatalf("want an *s3.Error %s, got %T %v", code, err, err)
	}
	if se.Code() != code {
		t.Fatalf("want %s, got %s: %s", code, se.Code(), se.Message())
	}
	if msg != "" && !strings.Contains(se.Message(), msg) {
		t.Fatalf("%s: want message containing %q, got %q", code, msg, se.Message())
	}
}

// put stores an object with a string body.
func (f *fixture) put(t testing.TB, c *iam.Caller, bucket, key, body string) (*PutObjectOutput, error) {
	t.Helper()
	return f.s3.PutObject(context.Background(), c, PutObjectInput{Bucket: bucket, Key: key, Body: strings.NewReader(body), Size: int64(len(body))})
}

// get reads an object's body.
func (f *fixture) get(t testing.TB, c *iam.Caller, bucket, key string) (string, error) {
	t.Helper()
	out, err := f.s3.GetObject(context.Background(), c, GetObjectInput{Bucket: bucket, Key: key})
	if err != nil {
		return "", err
	}
	defer out.Body.Close()
	b, err := io.ReadAll(out.Body)
	return string(b), err
}
