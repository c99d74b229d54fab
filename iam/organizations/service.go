package organizations

import (
	"iamconsole/iam"
	"iamconsole/iam/identity"
	"iamconsole/store"
)

// Service runs the organization: its accounts and their aliases, the
// creation of member accounts, and the accounts a database starts with
// (iamconsole init, or the demo organization).
type Service struct {
	k  *iam.Service
	id *identity.Service // creates users and their access keys
	st *store.Store
}

// New builds the organization's service over the kernel k, creating
// users with id.
func New(k *iam.Service, id *identity.Service) *Service { return &Service{k: k, id: id, st: k.Store()} }
