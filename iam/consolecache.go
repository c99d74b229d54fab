package iam

import "iamconsole/store"

// genEntry is a cached row valid for one configuration generation.
type genEntry struct {
	gen uint64
	v   any
}

// cachedAccount reads an account by ID, from memory while no IAM write has
// happened since. Callers must not modify it.
func (s *Service) cachedAccount(q *store.Q, id string) (*store.Account, error) {
	key := "account\x00" + id
	gen := s.gen.Load()
	if v, ok := s.caches.rows.Load(key); ok && v.(genEntry).gen == gen {
		return v.(genEntry).v.(*store.Account), nil
	}
	a, err := q.Account(id)
	if err != nil {
		return nil, err
	}
	s.caches.rows.Store(key, genEntry{gen: gen, v: a})
	return a, nil
}

// cachedAccountByIDOrAlias is resolveAccount from memory, like cachedAccount.
func (s *Service) cachedAccountByIDOrAlias(q *store.Q, idOrAlias string) (*store.Account, error) {
	if isAccountID(idOrAlias) {
		return s.cachedAccount(q, idOrAlias)
	}
	key := "alias\x00" + idOrAlias
	gen := s.gen.Load()
	if v, ok := s.caches.rows.Load(key); ok && v.(genEntry).gen == gen {
		return v.(genEntry).v.(*store.Account), nil
	}
	a, err := resolveAccount(q, idOrAlias)
	if err != nil {
		return nil, err
	}
	s.caches.rows.Store(key, genEntry{gen: gen, v: a})
	return a, nil
}

// cachedUser reads a user by ID like cachedAccount.
func (s *Service) cachedUser(q *store.Q, id string) (*store.User, error) {
	key := "user\x00" + id
	gen := s.gen.Load()
	if v, ok := s.caches.rows.Load(key); ok && v.(genEntry).gen == gen {
		return v.(genEntry).v.(*store.User), nil
	}
	u, err := q.UserByID(id)
	if err != nil {
		return nil, err
	}
	s.caches.rows.Store(key, genEntry{gen: gen, v: u})
	return u, nil
}
