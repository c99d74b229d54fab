package store

import (
	"context"
	"errors"
	"reflect"
	"testing"
	"time"
)

// TestBatchRoleSessionRow checks that the group commit's prepared INSERT
// stores a role session exactly as gorm's Create does.
func TestBatchRoleSessionRow(t *testing.T) {
	t.Parallel()
	st := openTemp(t)
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
}
