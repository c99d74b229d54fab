package sessions_test

import (
	"context"
	"io"
	"os"
	"path/filepath"
	"testing"

	"iamconsole/iam"
	"iamconsole/iam/identity"
	"iamconsole/iam/organizations"
	"iamconsole/iam/sessions"
	"iamconsole/store"
)

// TestSwitchCrashBeforeCommit asserts what a crash between a switch's answer
// and its commit loses (see the package documentation): the database as it
// is on disk at that moment has neither the role session nor its events, the
// new session ID is unknown, and the ID from before the switch is still a
// valid session of the user without a role.
func TestSwitchCrashBeforeCommit(t *testing.T) {
	t.Parallel()
	f := newSwitchFixture(t)
	ctx := context.Background()
	sid := f.signIn(t, "development", "david")
	f.k.FlushEvents()
	st := f.k.Store()
	// Hold the one writer so that the switch is answered but not committed.
	held, release, done := make(chan struct{}), make(chan struct{}), make(chan error, 1)
	go func() {
		done <- st.Tx(ctx, func(q *store.Q) error {
			close(held)
			<-release
			return nil
		})
	}()
	<-held
	newID, _, err := f.svc.SwitchRole(ctx, sid, sessions.SwitchRoleInput{Account: "production", RoleName: "UpdateAPP"})
	if err != nil {
		t.Fatal(err)
	}
	// The process answers for the new ID at once ...
	if con, err := f.svc.ResolveConsole(ctx, newID); err != nil || con.Role == nil {
		t.Fatalf("before the commit the new ID resolves to %+v, %v; want the role session", con, err)
	}
	// ... and a crash now leaves the files as they are.
	crashed := copyDatabase(t, st.Path())
	close(release)
	if err := <-done; err != nil {
		t.Fatal(err)
	}

	st2, err := store.Open(ctx, crashed)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st2.Close() })
	k2 := iam.New(iam.Options{Store: st2, Sealer: f.k.Sealer(), Clock: f.clock})
	t.Cleanup(k2.Close)
	s2 := sessions.New(k2, identity.New(k2))
	if _, err := s2.ResolveConsole(ctx, newID); !iam.IsKind(err, iam.KindUnauthenticated) {
		t.Errorf("after the crash the new session ID resolves: %v", err)
	}
	con, err := s2.ResolveConsole(ctx, sid)
	if err != nil || con.Role != nil || con.Base.UserName != "david" {
		t.Errorf("after the crash the old session ID resolves to %+v, %v; want david without a role", con, err)
	}
	es, err := st2.Read(ctx).Events(store.EventFilter{AccountID: organizations.DemoProductionID, Attribute: "EventName", Value: "SwitchRole", Limit: 10})
	if err != nil || len(es) != 0 {
		t.Errorf("after the crash %d SwitchRole events (%v); want none", len(es), err)
	}
}

// copyDatabase copies an SQLite database file and its write-ahead log as
// they are on disk (what a crash would leave) and returns the copy's path.
func copyDatabase(t *testing.T, path string) string {
	t.Helper()
	dst := filepath.Join(t.TempDir(), "crashed.db")
	for _, suffix := range []string{"", "-wal"} {
		in, err := os.Open(path + suffix)
		if os.IsNotExist(err) {
			continue
		} else if err != nil {
			t.Fatal(err)
		}
		out, err := os.Create(dst + suffix)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := io.Copy(out, in); err != nil {
			t.Fatal(err)
		}
		in.Close()
		if err := out.Close(); err != nil {
			t.Fatal(err)
		}
	}
	return dst
}
