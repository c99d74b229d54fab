package web

import (
	"iamconsole/iam"
	"iamconsole/iam/identity"
	"iamconsole/iam/organizations"
	"iamconsole/iam/sessions"
	"iamconsole/iam/sts"
	"iamconsole/labs"
)

// Services are the service layer the server runs over: the kernel and the
// subjects built on it, each wired once here.
type Services struct {
	// IAM is the kernel: authorization, audited operations, events, caches.
	IAM *iam.Service
	// Identity manages users, groups, roles, policies and credentials.
	Identity *identity.Service
	// Sessions signs people in to the console and switches their roles.
	Sessions *sessions.Service
	// STS issues and authenticates credentials.
	STS *sts.Service
	// Orgs runs the organization: accounts, aliases, the demo.
	Orgs *organizations.Service
	// Labs runs training labs: sandboxes, their checks, classes.
	Labs *labs.Service
}

// NewServices builds every subject over the kernel k. Close k (not the
// subjects, which hold no background work) to flush the event history.
func NewServices(k *iam.Service) *Services {
	id := identity.New(k)
	se := sessions.New(k, id)
	return &Services{IAM: k, Identity: id, Sessions: se, STS: sts.New(k, id), Orgs: organizations.New(k, id),
		Labs: labs.New(k, id, se, nil)}
}
