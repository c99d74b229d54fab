package iam

import (
	"iamconsole/iam/arn"
	"iamconsole/store"
)

// cachedAccount reads an account by ID, from memory while no IAM write has
// happened since. Callers must not modify it.
func (s *Service) cachedAccount(q *store.Q, id string) (*store.Account, error) {
	return genCached(s, s.caches.rows, "account\x00"+id, func() (*store.Account, error) { return q.Account(id) })
}

// cachedAccountByIDOrAlias is resolveAccount from memory, like cachedAccount.
func (s *Service) cachedAccountByIDOrAlias(q *store.Q, idOrAlias string) (*store.Account, error) {
	if arn.IsAccountID(idOrAlias) {
		return s.cachedAccount(q, idOrAlias)
	}
	return genCached(s, s.caches.rows, "alias\x00"+idOrAlias, func() (*store.Account, error) { return ResolveAccount(q, idOrAlias) })
}

// cachedUser reads a user by ID like cachedAccount.
func (s *Service) cachedUser(q *store.Q, id string) (*store.User, error) {
	return genCached(s, s.caches.rows, "user\x00"+id, func() (*store.User, error) { return q.UserByID(id) })
}
