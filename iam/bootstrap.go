package iam

import (
	"context"
	"strings"

	"iamconsole/store"
)

// InsertUser creates a user with an optional console password.
func (s *Service) InsertUser(q *store.Q, accountID, path, name, passwordHash string, resetRequired bool) (*store.User, error) {
	now := s.Now()
	u := &store.User{ID: NewUniqueID(PrefixUser), AccountID: accountID, Name: name, Path: path, CreatedAt: now,
		PasswordResetRequired: resetRequired}
	if passwordHash != "" {
		u.PasswordHash, u.PasswordCreatedAt = &passwordHash, &now
	}
	return u, q.CreateUser(u)
}

// InsertAccessKey creates an active access key and returns its secret.
func (s *Service) InsertAccessKey(q *store.Q, u *store.User) (*store.AccessKey, string, error) {
	secret := NewSecretAccessKey()
	k := &store.AccessKey{ID: NewAccessKeyID(PrefixAccessKey), AccountID: u.AccountID, UserID: u.ID, Status: "Active", CreatedAt: s.Now()}
	k.SecretSealed = s.sealer.Seal([]byte(secret), k.ID)
	return k, secret, q.CreateAccessKey(k)
}

// ResetPassword sets a user's (or with userName "root", the root user's)
// console password from the operator's shell, bypassing IAM, and requires a
// new password at next sign-in for IAM users when requireReset is set.
func (s *Service) ResetPassword(ctx context.Context, account, userName, password string, requireReset bool) error {
	if err := ValidatePassword("password", password); err != nil {
		return err
	}
	hash, err := HashPassword(password)
	if err != nil {
		return Internal(err)
	}
	return s.Tx(ctx, func(q *store.Q) error {
		acct, err := ResolveAccount(q, account)
		if err != nil {
			return StoreErr(err, NoSuchEntity("The account %s cannot be found.", account))
		}
		if userName == "root" {
			return StoreErr(q.SetRootPassword(acct.ID, hash), nil)
		}
		u, err := q.UserByName(acct.ID, userName)
		if err != nil {
			return StoreErr(err, NoSuchEntity("The user with name %s cannot be found.", userName))
		}
		now := s.Now()
		u.PasswordHash, u.PasswordResetRequired = &hash, requireReset
		if u.PasswordCreatedAt == nil {
			u.PasswordCreatedAt = &now
		}
		return StoreErr(q.UpdateUser(u), nil)
	})
}

// ConsoleSignInURL is an account's IAM-user sign-in URL.
func (s *Service) ConsoleSignInURL(accountIDOrAlias string) string {
	return strings.TrimRight(s.opts.ConsoleURL, "/") + "/signin?account=" + accountIDOrAlias
}
