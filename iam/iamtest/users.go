package iamtest

import (
	"testing"
	"time"

	"iamconsole/iam"
	"iamconsole/iam/organizations"
)

// Users is the demo organization, its clock at 2026-03-01 12:00 UTC and
// its logs discarded, with callers of its accounts.
type Users struct {
	*Env
	Root  *iam.Caller // Development root
	Admin *iam.Caller // Development admin (AdministratorAccess)
	David *iam.Caller // Development david (ReadOnlyAccess, Developers)
	MRoot *iam.Caller // Management root
	PRoot *iam.Caller // Production root (a member account)
}

// NewUsers builds the Users fixture.
func NewUsers(t testing.TB) *Users {
	t.Helper()
	e := New(t, Options{Start: time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC), Quiet: true})
	return &Users{Env: e, Root: e.Root(t, organizations.DemoDevelopmentID),
		Admin: e.User(t, organizations.DemoDevelopmentID, "admin"), David: e.User(t, organizations.DemoDevelopmentID, "david"),
		MRoot: e.Root(t, organizations.DemoManagementID), PRoot: e.Root(t, organizations.DemoProductionID)}
}
