package store

import (
	"context"
	"testing"
	"time"
)

// TestAccountAccessKeys: every key of the account, oldest first, without
// the sealed secrets, and none of another account's.
func TestAccountAccessKeys(t *testing.T) {
	t.Parallel()
	forEachDialect(t, func(t *testing.T, st *Store) {
		now := seedAccount(t, st)
		tx(t, st, func(q *Q) error {
			if err := q.CreateAccount(&Account{ID: "210987654321", Name: "other", RootEmail: "other@example.com", RootPasswordHash: "x", CreatedAt: now}); err != nil {
				return err
			}
			for _, u := range []User{{ID: "AIDA1", AccountID: acct, Name: "a", Path: "/", CreatedAt: now}, {ID: "AIDA2", AccountID: acct, Name: "b", Path: "/", CreatedAt: now},
				{ID: "AIDA3", AccountID: "210987654321", Name: "c", Path: "/", CreatedAt: now}} {
				if err := q.CreateUser(&u); err != nil {
					return err
				}
			}
			for i, k := range []AccessKey{{ID: "AKIA2", UserID: "AIDA2", AccountID: acct}, {ID: "AKIA1", UserID: "AIDA1", AccountID: acct},
				{ID: "AKIA3", UserID: "AIDA3", AccountID: "210987654321"}} {
				k.SecretSealed, k.Status, k.CreatedAt = []byte("sealed"), "Active", now.Add(time.Duration(i)*time.Minute)
				if err := q.CreateAccessKey(&k); err != nil {
					return err
				}
			}
			return nil
		})
		ks, err := st.Read(context.Background()).AccountAccessKeys(acct)
		if err != nil || len(ks) != 2 || ks[0].ID != "AKIA2" || ks[1].ID != "AKIA1" || ks[0].UserID != "AIDA2" || ks[0].Status != "Active" {
			t.Fatalf("keys: %+v %v", ks, err)
		}
		if ks[0].SecretSealed != nil {
			t.Error("the sealed secret was read")
		}
	})
}
