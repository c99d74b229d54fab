package iam

import (
	"time"

	"iamconsole/iam/arn"
	"iamconsole/store"
)

// CallerType is the kind of principal making a request.
type CallerType string

// Caller types, named as aws:PrincipalType names them.
const (
	CallerRoot        CallerType = "Account"
	CallerUser        CallerType = "User"
	CallerAssumedRole CallerType = "AssumedRole"
	// CallerFederatedUser is a federated user of GetFederationToken: the
	// IAM user (or root user) that asked, under a name, limited by the
	// session policies passed.
	CallerFederatedUser CallerType = "FederatedUser"
)

// Caller is an authenticated principal: the root user, an IAM user, or a role
// session. The effective principal of a console session is its role session
// when one is active, else its base identity.
type Caller struct {
	Type         CallerType
	AccountID    string
	AccountAlias string
	ARN          string // user/root ARN, or the assumed-role session ARN
	UniqueID     string // AIDA… for users, AROA… (the role's) for role sessions, account ID for root
	Path         string

	// IAM users.
	UserID   string
	UserName string

	// Role sessions.
	RoleID         string
	RoleName       string
	RolePath       string
	RoleARN        string
	SessionName    string
	RoleSessionID  string
	DisplayName    string
	Color          string
	Expires        time.Time
	Chained        bool   // assumed with role credentials (API only)
	SourceARN      string // who assumed the role
	SourceIdentity string
	// SessionPolicy and SessionPolicyARNs are the session policies, if any.
	SessionPolicy     string
	SessionPolicyARNs []string
	SessionTags       map[string]string
	TransitiveTagKeys []string

	// Authentication facts.
	MFA         bool
	MFAAuthTime time.Time
	IssuedAt    time.Time // token issue time for temporary credentials
	Temporary   bool      // console sessions and role sessions use temporary credentials
	AccessKeyID string
	SourceIP    string
	UserAgent   string
	// Region is the region of an API request's signature ("" in the
	// console): STS events and RoleLastUsed record it, as AWS's regional
	// STS endpoints do; IAM is global and records us-east-1.
	Region string
	// Console is true for requests made through the web console.
	Console bool
}

// IsRoot reports whether c is an account's root user.
func (c *Caller) IsRoot() bool { return c != nil && c.Type == CallerRoot }

// Name is the short name shown in the navigation bar: the user name, the
// display name of a role session, or "root".
func (c *Caller) Name() string {
	switch c.Type {
	case CallerUser:
		return c.UserName
	case CallerAssumedRole:
		if c.DisplayName != "" {
			return c.DisplayName
		}
		return c.RoleName
	case CallerFederatedUser:
		return c.SessionName
	default:
		return "root"
	}
}

// Account is how the account is shown: its alias, else its ID.
func (c *Caller) Account() string {
	if c.AccountAlias != "" {
		return c.AccountAlias
	}
	return c.AccountID
}

// PrincipalARN is aws:PrincipalArn: the role ARN for a role session.
func (c *Caller) PrincipalARN() string {
	if c.Type == CallerAssumedRole {
		return c.RoleARN
	}
	return c.ARN
}

// UserIDKey is aws:userid.
func (c *Caller) UserIDKey() string {
	switch c.Type {
	case CallerAssumedRole:
		return c.UniqueID + ":" + c.SessionName
	case CallerRoot:
		return c.AccountID
	case CallerFederatedUser:
		return c.AccountID + ":" + c.SessionName
	default:
		return c.UniqueID
	}
}

// RootCaller is the principal of an account's root user.
func RootCaller(a *store.Account) *Caller {
	c := &Caller{Type: CallerRoot, AccountID: a.ID, ARN: arn.Root(a.ID), UniqueID: a.ID}
	if a.Alias != nil {
		c.AccountAlias = *a.Alias
	}
	return c
}

// UserCaller is the principal of IAM user u of account a.
func UserCaller(a *store.Account, u *store.User) *Caller {
	c := &Caller{Type: CallerUser, AccountID: a.ID, ARN: arn.IAM(a.ID, "user", u.Path, u.Name), UniqueID: u.ID,
		Path: u.Path, UserID: u.ID, UserName: u.Name}
	if a.Alias != nil {
		c.AccountAlias = *a.Alias
	}
	return c
}
