package views

import "strings"

// Page is what the layout needs on every page.
type Page struct {
	Title   string
	CSRF    string
	Section string // the active sidenav entry, e.g. "roles"
	Nav     Nav
	Flashes []Flash
	// Full hides the side navigation.
	Full bool
	// Crumbs are the breadcrumbs when the section's default (see
	// Breadcrumbs) does not fit the page.
	Crumbs []Crumb
}

// Nav describes the signed-in identity for the navigation bar.
type Nav struct {
	SignedIn     bool
	Label        string // the identity button's text
	Color        string // hex without '#', "" for none
	InRole       bool
	RoleName     string
	AccountID    string
	AccountAlias string
	BaseLabel    string // "user @ account" of the base identity
	ARN          string
	MFA          bool
	Root         bool
	History      []RoleLink
	Favorites    []RoleLink
	CanSeeTrail  bool
}

// RoleLink is a role the identity menu offers to switch to.
type RoleLink struct {
	Account, RoleName, DisplayName, Color string
}

// Label is how the link is shown.
func (r RoleLink) Label() string {
	if r.DisplayName != "" {
		return r.DisplayName
	}
	return r.RoleName + " @ " + r.Account
}

// Flash is a one-time message shown at the top of the content.
type Flash struct {
	Kind    string // success, error, info, warning
	Message string
}

// FormatAccountID shows an account ID as AWS does in menus: 1234-5678-9012.
func FormatAccountID(id string) string {
	if len(id) != 12 {
		return id
	}
	return id[:4] + "-" + id[4:8] + "-" + id[8:]
}

func colorStyle(hex string) string {
	if hex == "" {
		return ""
	}
	return "background:#" + strings.ToLower(hex)
}
