package organizations

import (
	"iamconsole/iam"
	"iamconsole/store"
)

// Service runs the organization: its accounts and their aliases, the
// creation of member accounts, and the accounts a database starts with
// (iamconsole init, or the demo organization).
type Service struct {
	k  *iam.Service
	st *store.Store
}

// New builds the organization's service over the kernel k.
func New(k *iam.Service) *Service { return &Service{k: k, st: k.Store()} }
