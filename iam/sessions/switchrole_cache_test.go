package sessions_test

import (
	"context"
	"reflect"
	"sync"
	"testing"

	"iamconsole/iam"
	"iamconsole/iam/organizations"
	"iamconsole/iam/sessions"
	"iamconsole/store"
)

// historyTwice returns base's role history as the service answers it now,
// and as the store holds it once every queued switch is written.
func historyTwice(t *testing.T, f *switchFixture, base *iam.Caller) (cached, stored []iam.RoleLink) {
	t.Helper()
	ctx := context.Background()
	cached, err := f.svc.RoleHistory(ctx, base)
	if err != nil {
		t.Fatal(err)
	}
	f.k.FlushEvents() // every queued switch is written
	if stored, err = f.svc.ReadHistory(ctx, base.UserID); err != nil {
		t.Fatal(err)
	}
	return cached, stored
}

// TestRoleHistoryWriteThrough checks that the history a switch leaves in
// memory is the one the store reads back.
func TestRoleHistoryWriteThrough(t *testing.T) {
	t.Parallel()
	f := newSwitchFixture(t)
	ctx := context.Background()
	sid := f.signIn(t, "development", "david")
	con, err := f.svc.ResolveConsole(ctx, sid)
	if err != nil {
		t.Fatal(err)
	}
	base := con.Base
	steps := []struct{ account, role, display, color string }{
		{"production", "UpdateAPP", "", ""},
		{organizations.DemoDevelopmentID, "SameDirect", "dev", "f2b0a9"},
		{"production", "UpdateAPP", "prod", "b7ca9d"},
		{organizations.DemoProductionID, "UpdateAPP", "", ""},
	}
	for i, st := range steps {
		// Read first, so that the cache holds the history before the switch.
		if _, err := f.svc.RoleHistory(ctx, base); err != nil {
			t.Fatal(err)
		}
		f.clock.Advance(1)
		if sid, _, err = f.svc.SwitchRole(ctx, sid, sessions.SwitchRoleInput{Account: st.account, RoleName: st.role, DisplayName: st.display, Color: st.color}); err != nil {
			t.Fatalf("step %d: %v", i, err)
		}
		if held := f.svc.HistoryHeld(base.UserID); !held {
			t.Fatalf("step %d: the switch left no history in memory", i)
		}
		cached, stored := historyTwice(t, f, base)
		if len(cached) != len(stored) {
			t.Fatalf("step %d: cached %+v, stored %+v", i, cached, stored)
		}
		for j := range stored {
			c, s := cached[j], stored[j]
			if !c.UsedAt.Equal(s.UsedAt) {
				t.Errorf("step %d [%d]: cached used %v, stored %v", i, j, c.UsedAt, s.UsedAt)
			}
			c.UsedAt = s.UsedAt
			if !reflect.DeepEqual(c, s) {
				t.Errorf("step %d [%d]: cached %+v, stored %+v", i, j, c, s)
			}
		}
	}
}

// TestRoleHistoryConcurrentSwitches switches one user's sessions to several
// roles at once, reading the history meanwhile, also from the store: once
// the switches are written, the history in memory is the store's, entry
// for entry.
func TestRoleHistoryConcurrentSwitches(t *testing.T) {
	t.Parallel()
	f := newSwitchFixture(t)
	ctx := context.Background()
	sids := make([]string, 8)
	for i := range sids {
		sids[i] = f.signIn(t, "development", "david")
	}
	con, err := f.svc.ResolveConsole(ctx, sids[0])
	if err != nil {
		t.Fatal(err)
	}
	base := con.Base
	if _, err := f.svc.RoleHistory(ctx, base); err != nil { // cached from the start
		t.Fatal(err)
	}
	roles := []sessions.SwitchRoleInput{
		{Account: "production", RoleName: "UpdateAPP"},
		{Account: organizations.DemoDevelopmentID, RoleName: "SameDirect", DisplayName: "dev", Color: "f2b0a9"},
		{Account: organizations.DemoProductionID, RoleName: "UpdateAPP", DisplayName: "prod"},
	}
	// round switches every session 15 times, reading the history after
	// each switch; with invalidate, the configuration keeps changing
	// meanwhile, so the history is also read again from the store while
	// switches are being written.
	round := func(invalidate bool) {
		t.Helper()
		var wg, switches sync.WaitGroup
		errs := make(chan error, len(sids)+1)
		stop := make(chan struct{})
		if invalidate {
			wg.Go(func() {
				for {
					select {
					case <-stop:
						return
					default:
					}
					f.k.InvalidateCaches()
					if _, err := f.svc.RoleHistory(ctx, base); err != nil {
						errs <- err
						return
					}
				}
			})
		}
		for i := range sids {
			switches.Go(func() {
				for j := range 15 {
					var err error
					if sids[i], _, err = f.svc.SwitchRole(ctx, sids[i], roles[(i+j)%len(roles)]); err != nil {
						errs <- err
						return
					}
					if _, err := f.svc.RoleHistory(ctx, base); err != nil {
						errs <- err
						return
					}
				}
			})
		}
		switches.Wait()
		close(stop)
		wg.Wait()
		close(errs)
		for err := range errs {
			t.Fatal(err)
		}
	}
	round(true)
	round(false) // the history in memory follows the switches alone
	cached, stored := historyTwice(t, f, base)
	if !reflect.DeepEqual(cached, stored) || len(stored) != len(roles)-1 {
		// production and the production account's ID are one account
		t.Errorf("in memory %+v,\nstored %+v", cached, stored)
	}
}

// TestSwitchCloseLosesNothing switches sessions and closes the service at
// once: every switch answered is written, with its SwitchRole and
// AssumeRole events.
func TestSwitchCloseLosesNothing(t *testing.T) {
	t.Parallel()
	f := newSwitchFixture(t)
	ctx := context.Background()
	const nsessions = 20
	ids := make([]string, nsessions)
	for i := range ids {
		ids[i] = f.signIn(t, "development", "david")
	}
	f.k.FlushEvents()
	for i, sid := range ids {
		var err error
		if ids[i], _, err = f.svc.SwitchRole(ctx, sid, sessions.SwitchRoleInput{Account: "production", RoleName: "UpdateAPP"}); err != nil {
			t.Fatal(err)
		}
	}
	f.k.Close()
	q := f.k.Store().Read(ctx)
	for _, sid := range ids {
		if s, err := q.ConsoleSession(sessions.HashID(sid)); err != nil || s.RoleSessionID == nil {
			t.Fatalf("session after Close: %+v %v", s, err)
		}
	}
	for _, c := range []struct{ account, name string }{{organizations.DemoProductionID, "SwitchRole"}, {organizations.DemoDevelopmentID, "AssumeRole"}} {
		es, err := q.Events(store.EventFilter{AccountID: c.account, Attribute: "EventName", Value: c.name, Limit: 100})
		if err != nil || len(es) != nsessions {
			t.Errorf("%s events in %s: %d %v, want %d", c.name, c.account, len(es), err, nsessions)
		}
	}
}

// TestSwitchWriteFailureFailsClosed signs a session out underneath a
// switch that is queued but not yet written: the switch's writes fail, its
// new session ID never resolves, no SwitchRole is recorded, and the role
// history in memory drops the entry the store never got.
func TestSwitchWriteFailureFailsClosed(t *testing.T) {
	t.Parallel()
	f := newSwitchFixture(t)
	ctx := context.Background()
	sid := f.signIn(t, "development", "david")
	con, err := f.svc.ResolveConsole(ctx, sid)
	if err != nil {
		t.Fatal(err)
	}
	if h, err := f.svc.RoleHistory(ctx, con.Base); err != nil || len(h) != 0 {
		t.Fatalf("history before: %+v %v", h, err)
	}
	f.k.FlushEvents()
	// The sign-out holds the writer until the switch is queued behind it.
	deleted, queued, done := make(chan struct{}), make(chan struct{}), make(chan error, 1)
	go func() {
		done <- f.k.Store().Tx(ctx, func(q *store.Q) error {
			err := q.DeleteConsoleSession(sessions.HashID(sid))
			close(deleted)
			<-queued
			return err
		})
	}()
	<-deleted
	newID, _, err := f.svc.SwitchRole(ctx, sid, sessions.SwitchRoleInput{Account: "production", RoleName: "UpdateAPP"})
	close(queued)
	if err != nil {
		t.Fatalf("switch: %v", err)
	}
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	f.k.FlushEvents()
	if _, err := f.svc.ResolveConsole(ctx, newID); !iam.IsKind(err, iam.KindUnauthenticated) {
		t.Errorf("the failed switch's session ID resolves: %v", err)
	}
	if _, err := f.svc.ResolveConsole(ctx, sid); !iam.IsKind(err, iam.KindUnauthenticated) {
		t.Errorf("the signed-out session ID resolves: %v", err)
	}
	if h, err := f.svc.RoleHistory(ctx, con.Base); err != nil || len(h) != 0 {
		t.Errorf("history after the failed switch: %+v %v", h, err)
	}
	es, err := f.k.Store().Read(ctx).Events(store.EventFilter{AccountID: organizations.DemoProductionID, Attribute: "EventName", Value: "SwitchRole", Limit: 10})
	if err != nil || len(es) != 0 {
		t.Errorf("SwitchRole events recorded for a switch never written: %d %v", len(es), err)
	}
}
