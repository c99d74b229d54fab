package store

import (
	"context"
	"errors"
	"testing"
	"time"
)

// holdWriter keeps the writer connection in a transaction until the
// returned release is called, so that queued writes cannot commit.
func holdWriter(t *testing.T, st *Store) (release func()) {
	t.Helper()
	started, stop, ended := make(chan struct{}), make(chan struct{}), make(chan error, 1)
	go func() {
		ended <- st.Tx(context.Background(), func(*Q) error {
			close(started)
			<-stop
			return nil
		})
	}()
	<-started
	var released bool
	release = func() {
		if !released {
			released = true
			close(stop)
			if err := <-ended; err != nil {
				t.Error(err)
			}
		}
	}
	t.Cleanup(release)
	return release
}

// rotateFixture is a signed-in session row of the seeded user.
func rotateFixture(t *testing.T, st *Store) (*ConsoleSession, time.Time) {
	t.Helper()
	seed(t, st)
	now := time.Now().UTC().Truncate(time.Millisecond)
	uid := "AIDA1"
	sess := &ConsoleSession{IDHash: "h1", State: "active", AccountID: "111122223333", UserID: &uid, CreatedAt: now,
		LastSeenAt: now, ExpiresAt: now.Add(time.Hour)}
	if err := st.Tx(context.Background(), func(q *Q) error { return q.CreateConsoleSession(sess) }); err != nil {
		t.Fatal(err)
	}
	return sess, now
}

// wantSession checks what the cache answers for idHash: the role session
// ID it points at ("" none), or, with gone, ErrNotFound.
func wantSession(t *testing.T, st *Store, idHash string, gone bool, roleID string) {
	t.Helper()
	got, rs, err := st.CachedConsoleSession(context.Background(), idHash)
	switch {
	case gone:
		if !errors.Is(err, ErrNotFound) {
			t.Errorf("%s: %+v %v, want ErrNotFound", idHash, got, err)
		}
	case err != nil:
		t.Errorf("%s: %v", idHash, err)
	case got.IDHash != idHash:
		t.Errorf("%s: the cache answered with session %s", idHash, got.IDHash)
	case roleID == "" && (rs != nil || got.RoleSessionID != nil):
		t.Errorf("%s: role session %+v, want none", idHash, rs)
	case roleID != "" && (rs == nil || rs.ID != roleID || got.RoleSessionID == nil || *got.RoleSessionID != roleID):
		t.Errorf("%s: role session %+v, want %s", idHash, rs, roleID)
	}
}

// stored is the console session row under idHash, nil when there is none.
func stored(t *testing.T, st *Store, idHash string) *ConsoleSession {
	t.Helper()
	s, err := st.Read(context.Background()).ConsoleSession(idHash)
	if errors.Is(err, ErrNotFound) {
		return nil
	}
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// TestRotateLaterAnswersBeforeCommit checks that a queued rotation is in
// force at once, before its transaction can commit: the new ID resolves
// with its role session and the old one is signed out; once committed, the
// store agrees, with the extra writes.
func TestRotateLaterAnswersBeforeCommit(t *testing.T) {
	t.Parallel()
	forEachDialect(t, func(t *testing.T, st *Store) {
		sess, now := rotateFixture(t, st)
		ctx := context.Background()
		release := holdWriter(t, st)
		rs := &RoleSession{ID: "ASIA1", RoleID: "AROA1", AccountID: "111122223333", RoleName: "r", RolePath: "/",
			SessionName: "u", IssuedAt: now, ExpiresAt: now.Add(time.Hour)}
		settled := make(chan error, 1)
		st.RotateConsoleSessionLater(ctx, sess, "h2", rs, now, func(q *Q) error { return q.SetSetting("extra", "written") },
			func(err error) { settled <- err })
		rs.ID = "changed by the caller" // the queued rotation keeps its own copy

		wantSession(t, st, "h1", true, "")
		wantSession(t, st, "h2", false, "ASIA1")
		if stored(t, st, "h2") != nil || stored(t, st, "h1") == nil {
			t.Fatal("the rotation committed while the writer was held")
		}
		select {
		case err := <-settled:
			t.Fatalf("settled before its commit: %v", err)
		default:
		}

		release()
		if err := st.WaitQueued(ctx); err != nil {
			t.Fatal(err)
		}
		if err := <-settled; err != nil {
			t.Fatalf("settle: %v", err)
		}
		if stored(t, st, "h1") != nil {
			t.Error("the old ID is still stored")
		}
		if s := stored(t, st, "h2"); s == nil || s.RoleSessionID == nil || *s.RoleSessionID != "ASIA1" || !s.LastSeenAt.Equal(now) {
			t.Errorf("stored after commit: %+v", s)
		}
		if v, ok, err := st.Read(ctx).Setting("extra"); err != nil || !ok || v != "written" {
			t.Errorf("extra write: %q %v %v", v, ok, err)
		}
		wantSession(t, st, "h1", true, "")
		wantSession(t, st, "h2", false, "ASIA1")
	})
}

// TestRotateLaterChains checks rotations of one session queued one after
// another (each from the ID the previous one handed out): only the last ID
// resolves, before and after the commit.
func TestRotateLaterChains(t *testing.T) {
	t.Parallel()
	forEachDialect(t, func(t *testing.T, st *Store) {
		sess, now := rotateFixture(t, st)
		ctx := context.Background()
		release := holdWriter(t, st)
		ids := []string{"h1", "h2", "h3", "h4"}
		cur := sess
		for i, next := range ids[1:] {
			var rs *RoleSession
			if i%2 == 0 {
				rs = &RoleSession{ID: "ASIA" + next, RoleID: "AROA1", AccountID: "111122223333", RoleName: "r", RolePath: "/",
					IssuedAt: now, ExpiresAt: now.Add(time.Hour)}
			}
			st.RotateConsoleSessionLater(ctx, cur, next, rs, now, nil, nil)
			var err error
			if cur, _, err = st.CachedConsoleSession(ctx, next); err != nil {
				t.Fatalf("rotation %d: %v", i, err)
			}
		}
		check := func(when string) {
			t.Helper()
			for _, h := range ids[:3] {
				wantSession(t, st, h, true, "")
			}
			wantSession(t, st, "h4", false, "ASIAh4")
			if t.Failed() {
				t.Fatalf("%s", when)
			}
		}
		check("before the commit")
		release()
		if err := st.WaitQueued(ctx); err != nil {
			t.Fatal(err)
		}
		check("after the commit")
		for _, h := range ids[:3] {
			if stored(t, st, h) != nil {
				t.Errorf("%s is still stored", h)
			}
		}
		if s := stored(t, st, "h4"); s == nil || s.RoleSessionID == nil || *s.RoleSessionID != "ASIAh4" {
			t.Errorf("stored: %+v", s)
		}
	})
}

// TestRotateLaterFailsClosed checks a queued rotation whose writes fail:
// the new ID it handed out never resolves, and the old one, which its
// holder was told to drop, is signed out and deleted.
func TestRotateLaterFailsClosed(t *testing.T) {
	t.Parallel()
	forEachDialect(t, func(t *testing.T, st *Store) {
		sess, now := rotateFixture(t, st)
		ctx := context.Background()
		refused := errors.New("refused")
		settled := make(chan error, 1)
		release := holdWriter(t, st)
		st.RotateConsoleSessionLater(ctx, sess, "h2", nil, now, func(q *Q) error {
			if err := q.SetSetting("extra", "written"); err != nil {
				return err
			}
			return refused
		}, func(err error) { settled <- err })
		wantSession(t, st, "h2", false, "")
		release()
		if err := st.WaitQueued(ctx); err != nil {
			t.Fatal(err)
		}
		if err := <-settled; !errors.Is(err, refused) {
			t.Fatalf("settle: %v, want the write's error", err)
		}
		wantSession(t, st, "h1", true, "")
		wantSession(t, st, "h2", true, "")
		if stored(t, st, "h1") != nil || stored(t, st, "h2") != nil {
			t.Error("a session row survived the failed rotation")
		}
		if _, ok, _ := st.Read(ctx).Setting("extra"); ok {
			t.Error("the failed rotation's extra write was kept")
		}

		// A rotation of a session that is gone fails the same way.
		gone := *sess
		gone.IDHash = "never-signed-in"
		st.RotateConsoleSessionLater(ctx, &gone, "h5", nil, now, nil, func(err error) { settled <- err })
		if err := st.WaitQueued(ctx); err != nil {
			t.Fatal(err)
		}
		if err := <-settled; !errors.Is(err, ErrNotFound) {
			t.Errorf("settle: %v, want ErrNotFound", err)
		}
		wantSession(t, st, "h5", true, "")
	})
}

// TestRotateLaterThenSignOut checks that a sign-out queued right after a
// rotation, before it committed, is not undone by it.
func TestRotateLaterThenSignOut(t *testing.T) {
	t.Parallel()
	forEachDialect(t, func(t *testing.T, st *Store) {
		sess, now := rotateFixture(t, st)
		ctx := context.Background()
		release := holdWriter(t, st)
		st.RotateConsoleSessionLater(ctx, sess, "h2", nil, now, nil, nil)
		signedOut := make(chan error, 1)
		go func() { signedOut <- st.Batch(ctx, func(q *Q) error { return q.DeleteConsoleSession("h2") }) }()
		release()
		if err := <-signedOut; err != nil {
			t.Fatal(err)
		}
		wantSession(t, st, "h1", true, "")
		wantSession(t, st, "h2", true, "")
		if stored(t, st, "h1") != nil || stored(t, st, "h2") != nil {
			t.Error("the session survived its sign-out")
		}
	})
}

// TestRotateLaterAfterClose checks that a rotation queued once the group
// commit has stopped is written at once.
func TestRotateLaterAfterClose(t *testing.T) {
	t.Parallel()
	forEachDialect(t, func(t *testing.T, st *Store) {
		sess, now := rotateFixture(t, st)
		st.stopBatcher()
		var settled bool
		st.RotateConsoleSessionLater(context.Background(), sess, "h2", nil, now, nil, func(err error) {
			if err != nil {
				t.Error(err)
			}
			settled = true
		})
		if !settled || stored(t, st, "h2") == nil || stored(t, st, "h1") != nil {
			t.Errorf("settled %v; h1 %+v, h2 %+v", settled, stored(t, st, "h1"), stored(t, st, "h2"))
		}
		wantSession(t, st, "h2", false, "")
	})
}
