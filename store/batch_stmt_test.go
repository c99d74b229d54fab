package store

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	"testing"
	"time"
)

// TestBatchRoleSessionRow checks that the group commit's prepared INSERT
// stores a role session exactly as gorm's Create does.
func TestBatchRoleSessionRow(t *testing.T) {
	t.Parallel()
	forEachDialect(t, func(t *testing.T, st *Store) {
		ctx := context.Background()
		now := time.Date(2026, 3, 4, 5, 6, 7, 890123456, time.UTC)
		mfa := now.Add(-time.Minute)
		tests := []struct {
			name string
			rs   RoleSession
		}{
			{"minimal", RoleSession{RoleID: "AROA1", AccountID: "111122223333", RoleName: "r", RolePath: "/", SessionName: "s",
				SourceARN: "arn:aws:iam::111122223333:user/u", SourceID: "AIDA1", SourceAccountID: "111122223333", IssuedAt: now, ExpiresAt: now.Add(time.Hour)}},
			{"every field", RoleSession{RoleID: "AROA2", AccountID: "444455556666", RoleName: "Admin", RolePath: "/ops/", SessionName: "david",
				SourceARN: "arn:aws:iam::111122223333:user/david", SourceID: "AIDA2", SourceAccountID: "111122223333", DisplayName: "Prod <admin>",
				Color: "f2b0a9", MFAAuthenticated: true, MFAAuthTime: &mfa, SourceIdentity: "me", SessionPolicy: `{"Version":"2012-10-17"}`,
				SessionPolicyARNs: "arn:aws:iam::aws:policy/ReadOnlyAccess", Tags: `[{"Key":"k","Value":"v"}]`, TransitiveTagKeys: "k",
				ChainedFrom: "ASIAX", IssuedAt: now, ExpiresAt: now.Add(12 * time.Hour)}},
		}
		for i, tc := range tests {
			t.Run(tc.name, func(t *testing.T) {
				viaGorm, viaBatch := tc.rs, tc.rs
				viaGorm.ID, viaBatch.ID = "ASIAGORM"+string(rune('0'+i)), "ASIABATCH"+string(rune('0'+i))
				if err := st.Tx(ctx, func(q *Q) error { return q.CreateRoleSession(&viaGorm) }); err != nil {
					t.Fatal(err)
				}
				if err := st.Batch(ctx, func(q *Q) error {
					if q.tx == nil {
						return errors.New("not in the group commit")
					}
					return q.CreateRoleSession(&viaBatch)
				}); err != nil {
					t.Fatal(err)
				}
				raw := func(id string) map[string]any {
					row := map[string]any{}
					if err := st.r.Raw("SELECT * FROM role_sessions WHERE id = ?", id).Take(&row).Error; err != nil {
						t.Fatal(err)
					}
					delete(row, "id")
					return row
				}
				if g, b := raw(viaGorm.ID), raw(viaBatch.ID); !reflect.DeepEqual(g, b) {
					t.Errorf("stored rows differ:\ngorm  %v\nbatch %v", g, b)
				}
				// A duplicate ID is refused the same way.
				err := st.Batch(ctx, func(q *Q) error { return q.CreateRoleSession(&viaBatch) })
				if !errors.Is(err, ErrDuplicate) {
					t.Errorf("duplicate: %v, want ErrDuplicate", err)
				}
			})
		}
	})
}

// TestBatchPreparedWrites checks the group commit's other prepared writes:
// a rotation of a missing session is not found, a rotation and a history
// touch store what they do outside it.
func TestBatchPreparedWrites(t *testing.T) {
	t.Parallel()
	forEachDialect(t, func(t *testing.T, st *Store) {
		seed(t, st)
		ctx := context.Background()
		now := time.Now().UTC()
		uid := "AIDA1"
		sess := &ConsoleSession{IDHash: "p1", State: "active", AccountID: "111122223333", UserID: &uid, CreatedAt: now, LastSeenAt: now, ExpiresAt: now.Add(time.Hour)}
		if err := st.Tx(ctx, func(q *Q) error { return q.CreateConsoleSession(sess) }); err != nil {
			t.Fatal(err)
		}
		gone := *sess
		gone.IDHash = "nope"
		if err := st.Batch(ctx, func(q *Q) error { return q.RotateConsoleSession(&gone, "nope2", nil, now) }); !errors.Is(err, ErrNotFound) {
			t.Fatalf("rotate a missing session: %v, want ErrNotFound", err)
		}
		rs := &RoleSession{ID: "ASIAP1", RoleID: "AROA1", AccountID: "111122223333", RoleName: "r", RolePath: "/", IssuedAt: now, ExpiresAt: now.Add(time.Hour)}
		later := now.Add(time.Minute)
		err := st.Batch(ctx, func(q *Q) error {
			if err := q.CreateRoleSession(rs); err != nil {
				return err
			}
			if err := q.RotateConsoleSession(sess, "p2", rs, later); err != nil {
				return err
			}
			for _, color := range []string{"f2b0a9", "b7ca9d"} { // an insert, then an update
				if err := q.TouchRoleHistory(&RoleHistory{UserID: uid, Account: "111122223333", RoleName: "r", Color: color, UsedAt: later}, 50); err != nil {
					return err
				}
			}
			// Events of one, two (prepared) and three rows (not prepared).
			for n := range 3 {
				es := make([]Event, n+1)
				for i := range es {
					es[i] = Event{EventID: fmt.Sprintf("ev-%d-%d", n, i), AccountID: "111122223333", EventTime: later,
						EventName: "SwitchRole", EventSource: "signin.amazonaws.com", Record: "{}"}
				}
				if err := q.InsertEvents(es); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		var got ConsoleSession
		if err := st.r.Where("id_hash = ?", "p2").Take(&got).Error; err != nil {
			t.Fatal(err)
		}
		if got.RoleSessionID == nil || *got.RoleSessionID != "ASIAP1" || !got.LastSeenAt.Equal(later) {
			t.Errorf("rotated session = %+v", got)
		}
		hs, err := st.Read(ctx).RoleHistoryFor(uid, 50)
		if err != nil {
			t.Fatal(err)
		}
		if len(hs) != 1 || hs[0].Color != "b7ca9d" || !hs[0].UsedAt.Equal(later) {
			t.Errorf("history = %+v", hs)
		}
		es, err := st.Read(ctx).Events(EventFilter{AccountID: "111122223333", Attribute: "EventName", Value: "SwitchRole", Limit: 10})
		if err != nil || len(es) != 6 || es[0].EventID != "ev-2-2" || !es[0].EventTime.Equal(later) {
			t.Errorf("events = %+v %v", es, err)
		}
	})
}
