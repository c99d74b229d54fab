package iam

import (
	"context"

	"iamconsole/store"
)

// Several instances on one database (PostgreSQL; see store's changes.go):
// the kernel drops its caches whenever the store learns that another
// instance changed IAM configuration, and takes in the roles' last uses
// the others record. Every write made through Tx (and Op.Write) tells the
// others, in its own transaction; every request checks before it
// authorizes (Sync, or the console session read that carries the check),
// so that no request authorizes with data older than a write acknowledged
// before it began.

// watchInstances hooks the kernel to the store's news of other instances.
func (s *Service) watchInstances() {
	if s.st == nil || !s.st.Shared() {
		return
	}
	s.st.OnChange(s.Invalidate)
	s.st.OnRoleUse(s.audit.heard)
}

// Shared reports whether other instances share the database: subjects then
// keep in it what every instance must see alike (sign-in failures, the role
// history) and wait for their writes to commit before they answer.
func (s *Service) Shared() bool { return s.st != nil && s.st.Shared() }

// Sync catches the caches up with writes made by other instances: a request
// that did not resolve a console session (an API call) calls it before it
// authorizes. It costs nothing when no other instance shares the database.
func (s *Service) Sync(ctx context.Context) error {
	if err := s.st.Sync(ctx); err != nil {
		return Internal(err)
	}
	return nil
}

// heard notes a role's last use recorded by another instance, so that
// RoleLastUse reports it as it does this process's own.
func (a *auditor) heard(u store.RoleUse) {
	for {
		v, ok := a.known.Load(u.RoleID)
		if ok && !v.(store.RoleUse).At.Before(u.At) {
			return
		}
		if !ok {
			if _, loaded := a.known.LoadOrStore(u.RoleID, u); !loaded {
				return
			}
			continue
		}
		if a.known.CompareAndSwap(u.RoleID, v, u) {
			return
		}
	}
}
