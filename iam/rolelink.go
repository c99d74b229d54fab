package iam

import "time"

// RoleLink is a role offered for switching: from the user's history or
// published to one of their groups.
type RoleLink struct {
	Account, RoleName, DisplayName, Color string
	// UsedAt is when the user last switched to it (history only).
	UsedAt time.Time
	// Group publishes it (favourites only).
	Group string
}
