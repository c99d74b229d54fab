package iam

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"iamconsole/iam/arn"
	"iamconsole/iam/managed"
	"iamconsole/store"
)

// ARNs of AWS managed policies used when bootstrapping.
const (
	AdministratorAccessARN   = managed.ARNPrefix + "/AdministratorAccess"
	ReadOnlyAccessARN        = managed.ARNPrefix + "/ReadOnlyAccess"
	IAMUserChangePasswordARN = managed.ARNPrefix + "/IAMUserChangePassword"
)

// OrganizationAccountAccessRole is the role AWS Organizations creates in every
// new member account, trusting the management account.
const OrganizationAccountAccessRole = "OrganizationAccountAccessRole"

// NewAccount describes an account to create.
type NewAccount struct {
	ID, Alias, Name, RootEmail string
	// RootPasswordHash is the root user's bcrypt hash (hashPasswords).
	RootPasswordHash string
	Management       bool
	// ManagementID is the organization's management account, trusted by
	// the member account's OrganizationAccountAccessRole.
	ManagementID string
}

// insertAccount creates an account row, and for a member account its
// OrganizationAccountAccessRole with AdministratorAccess.
func (s *Service) insertAccount(q *store.Q, in NewAccount) (*store.Account, error) {
	a := &store.Account{ID: in.ID, Name: in.Name, RootEmail: in.RootEmail, RootPasswordHash: in.RootPasswordHash,
		Management: in.Management, CreatedAt: s.Now()}
	if in.Alias != "" {
		alias := in.Alias
		a.Alias = &alias
	}
	if err := q.CreateAccount(a); err != nil {
		return nil, err
	}
	if !in.Management && in.ManagementID != "" {
		trust := fmt.Sprintf(`{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Allow",
      "Principal": {
        "AWS": "arn:aws:iam::%s:root"
      },
      "Action": "sts:AssumeRole"
    }
  ]
}`, in.ManagementID)
		r := &store.Role{ID: NewUniqueID(PrefixRole), AccountID: a.ID, Name: OrganizationAccountAccessRole, Path: "/",
			TrustPolicy: trust, MaxSessionDuration: 3600, CreatedAt: s.Now()}
		if err := q.CreateRole(r); err != nil {
			return nil, err
		}
		if err := q.Attach(&store.Attachment{AccountID: a.ID, EntityType: "role", EntityID: r.ID, PolicyARN: AdministratorAccessARN, CreatedAt: s.Now()}); err != nil {
			return nil, err
		}
	}
	return a, nil
}

// InsertUser creates a user with an optional console password.
func (s *Service) InsertUser(q *store.Q, accountID, path, name, passwordHash string, resetRequired bool) (*store.User, error) {
	now := s.Now()
	u := &store.User{ID: NewUniqueID(PrefixUser), AccountID: accountID, Name: name, Path: path, CreatedAt: now,
		PasswordResetRequired: resetRequired}
	if passwordHash != "" {
		u.PasswordHash, u.PasswordCreatedAt = &passwordHash, &now
	}
	return u, q.CreateUser(u)
}

// InsertAccessKey creates an active access key and returns its secret.
func (s *Service) InsertAccessKey(q *store.Q, u *store.User) (*store.AccessKey, string, error) {
	secret := NewSecretAccessKey()
	k := &store.AccessKey{ID: NewAccessKeyID(PrefixAccessKey), AccountID: u.AccountID, UserID: u.ID, Status: "Active", CreatedAt: s.Now()}
	k.SecretSealed = s.sealer.Seal([]byte(secret), k.ID)
	return k, secret, q.CreateAccessKey(k)
}

// BootstrapInput sets what `iamconsole init` creates; empty fields get defaults.
type BootstrapInput struct {
	AccountID, Alias, RootEmail, RootPassword string
	AdminUser, AdminPassword                  string
}

// BootstrapResult is what `iamconsole init --json` prints.
type BootstrapResult struct {
	AccountID    string         `json:"account_id"`
	Alias        string         `json:"alias"`
	RootEmail    string         `json:"root_email"`
	RootPassword string         `json:"root_password"`
	Admin        BootstrapAdmin `json:"admin"`
}

// BootstrapAdmin is the administrator IAM user created by Bootstrap.
type BootstrapAdmin struct {
	UserName        string `json:"user_name"`
	Password        string `json:"password"`
	AccessKeyID     string `json:"access_key_id"`
	SecretAccessKey string `json:"secret_access_key"`
}

// ErrNotEmpty means bootstrap was asked of a database that has accounts.
var ErrNotEmpty = errors.New("the database already has accounts")

// Bootstrap creates the management account, its root user and an IAM user
// with AdministratorAccess and an access key, in an empty database.
func (s *Service) Bootstrap(ctx context.Context, in BootstrapInput) (*BootstrapResult, error) {
	if in.AccountID == "" {
		in.AccountID = NewAccountID()
	}
	if !arn.IsAccountID(in.AccountID) {
		return nil, Invalid("account_id", "The account ID must be 12 digits.")
	}
	if in.Alias != "" {
		if err := ValidateAlias(in.Alias); err != nil {
			return nil, err
		}
	}
	if in.RootEmail == "" {
		in.RootEmail = "root@" + in.AccountID + ".example.com"
	}
	if in.RootPassword == "" {
		in.RootPassword = NewPassword()
	}
	if in.AdminUser == "" {
		in.AdminUser = "admin"
	}
	if in.AdminPassword == "" {
		in.AdminPassword = NewPassword()
	}
	for field, pw := range map[string]string{"root_password": in.RootPassword, "admin_password": in.AdminPassword} {
		if err := ValidatePassword(field, pw); err != nil {
			return nil, err
		}
	}
	if err := ValidateName("user_name", "userName", in.AdminUser, 64); err != nil {
		return nil, err
	}
	hashes, err := HashPasswords(in.RootPassword, in.AdminPassword)
	if err != nil {
		return nil, err
	}
	res := &BootstrapResult{AccountID: in.AccountID, Alias: in.Alias, RootEmail: in.RootEmail, RootPassword: in.RootPassword,
		Admin: BootstrapAdmin{UserName: in.AdminUser, Password: in.AdminPassword}}
	err = s.Tx(ctx, func(q *store.Q) error {
		if as, err := q.Accounts(); err != nil {
			return err
		} else if len(as) > 0 {
			return ErrNotEmpty
		}
		if _, err := s.insertAccount(q, NewAccount{ID: in.AccountID, Alias: in.Alias, Name: "Management", RootEmail: in.RootEmail,
			RootPasswordHash: hashes[0], Management: true}); err != nil {
			return err
		}
		u, err := s.InsertUser(q, in.AccountID, "/", in.AdminUser, hashes[1], false)
		if err != nil {
			return err
		}
		if err := q.Attach(&store.Attachment{AccountID: in.AccountID, EntityType: "user", EntityID: u.ID, PolicyARN: AdministratorAccessARN, CreatedAt: s.Now()}); err != nil {
			return err
		}
		k, secret, err := s.InsertAccessKey(q, u)
		if err != nil {
			return err
		}
		res.Admin.AccessKeyID, res.Admin.SecretAccessKey = k.ID, secret
		return q.SetSetting("bootstrapped", s.Now().Format(time.RFC3339))
	})
	if errors.Is(err, ErrNotEmpty) {
		return nil, err
	}
	if err != nil {
		return nil, StoreErr(err, nil)
	}
	return res, nil
}

// DemoLogin is one set of sign-in details of the demo organization.
type DemoLogin struct {
	Account, AccountID, UserName, Email, Password, Note string
}

// Demo account IDs and names, from AWS's classic walkthroughs.
const (
	DemoManagementID  = "444455556666"
	DemoDevelopmentID = "111122223333"
	DemoProductionID  = "123456789012"
)

// CreateDemo builds the demo organization in an empty database and returns
// the sign-in details, generated now and stored only as hashes.
func (s *Service) CreateDemo(ctx context.Context) ([]DemoLogin, error) {
	var logins []DemoLogin
	// Eight passwords, hashed together before the transaction.
	var pws [8]string
	for i := range pws {
		pws[i] = NewPassword()
	}
	hashes, err := HashPasswords(pws[:]...)
	if err != nil {
		return nil, err
	}
	next := 0
	pw := func() (string, string) { next++; return pws[next-1], hashes[next-1] }
	err = s.Tx(ctx, func(q *store.Q) error {
		if as, err := q.Accounts(); err != nil {
			return err
		} else if len(as) > 0 {
			return ErrNotEmpty
		}
		accounts := []NewAccount{
			{ID: DemoManagementID, Alias: "management", Name: "Management", RootEmail: "root@management.example.com", Management: true},
			{ID: DemoDevelopmentID, Alias: "development", Name: "Development", RootEmail: "root@development.example.com", ManagementID: DemoManagementID},
			{ID: DemoProductionID, Alias: "production", Name: "Production", RootEmail: "root@production.example.com", ManagementID: DemoManagementID},
		}
		for _, a := range accounts {
			var password string
			password, a.RootPasswordHash = pw()
			if _, err := s.insertAccount(q, a); err != nil {
				return err
			}
			logins = append(logins, DemoLogin{Account: a.Alias, AccountID: a.ID, Email: a.RootEmail, Password: password, Note: "root user"})
		}
		now := s.Now()
		// Development: Developers may switch to Production's UpdateAPP; Testers may not.
		groups := map[string]*store.Group{}
		for _, name := range []string{"Developers", "Testers"} {
			g := &store.Group{ID: NewUniqueID(PrefixGroup), AccountID: DemoDevelopmentID, Name: name, Path: "/", CreatedAt: now}
			if err := q.CreateGroup(g); err != nil {
				return err
			}
			if err := q.Attach(&store.Attachment{AccountID: DemoDevelopmentID, EntityType: "group", EntityID: g.ID, PolicyARN: IAMUserChangePasswordARN, CreatedAt: now}); err != nil {
				return err
			}
			groups[name] = g
		}
		if err := q.PutInlinePolicy(&store.InlinePolicy{EntityType: "group", EntityID: groups["Developers"].ID, Name: "allow-assume-UpdateAPP", CreatedAt: now,
			Document: `{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Allow",
      "Action": "sts:AssumeRole",
      "Resource": "arn:aws:iam::123456789012:role/UpdateAPP"
    }
  ]
}`}); err != nil {
			return err
		}
		if err := q.PutInlinePolicy(&store.InlinePolicy{EntityType: "group", EntityID: groups["Testers"].ID, Name: "deny-assume-UpdateAPP", CreatedAt: now,
			Document: `{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Deny",
      "Action": "sts:AssumeRole",
      "Resource": "arn:aws:iam::123456789012:role/UpdateAPP"
    }
  ]
}`}); err != nil {
			return err
		}
		users := []struct{ account, name, group, policy, note string }{
			{DemoManagementID, "admin", "", AdministratorAccessARN, "AdministratorAccess"},
			{DemoDevelopmentID, "admin", "", AdministratorAccessARN, "AdministratorAccess"},
			{DemoDevelopmentID, "david", "Developers", ReadOnlyAccessARN, "Developers: may switch to UpdateAPP in production"},
			{DemoDevelopmentID, "theresa", "Testers", ReadOnlyAccessARN, "Testers: may not switch to UpdateAPP"},
			{DemoProductionID, "admin", "", AdministratorAccessARN, "AdministratorAccess"},
		}
		for _, du := range users {
			p, hash := pw()
			u, err := s.InsertUser(q, du.account, "/", du.name, hash, false)
			if err != nil {
				return err
			}
			if err := q.Attach(&store.Attachment{AccountID: du.account, EntityType: "user", EntityID: u.ID, PolicyARN: du.policy, CreatedAt: now}); err != nil {
				return err
			}
			if du.group != "" {
				if err := q.AddGroupMember(groups[du.group].ID, u.ID, now); err != nil {
					return err
				}
			}
			alias := map[string]string{DemoManagementID: "management", DemoDevelopmentID: "development", DemoProductionID: "production"}[du.account]
			logins = append(logins, DemoLogin{Account: alias, AccountID: du.account, UserName: du.name, Password: p, Note: du.note})
		}
		// Production: UpdateAPP trusts the Development account.
		role := &store.Role{ID: NewUniqueID(PrefixRole), AccountID: DemoProductionID, Name: "UpdateAPP", Path: "/",
			Description: "Lets developers in the Development account update the production app", MaxSessionDuration: 3600, CreatedAt: now,
			TrustPolicy: `{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Allow",
      "Principal": {
        "AWS": "arn:aws:iam::111122223333:root"
      },
      "Action": "sts:AssumeRole"
    }
  ]
}`}
		if err := q.CreateRole(role); err != nil {
			return err
		}
		if err := q.PutInlinePolicy(&store.InlinePolicy{EntityType: "role", EntityID: role.ID, Name: "read-write-app-bucket", CreatedAt: now,
			Document: `{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Allow",
      "Action": [
        "s3:ListAllMyBuckets",
        "s3:GetBucketLocation"
      ],
      "Resource": "*"
    },
    {
      "Effect": "Allow",
      "Action": "s3:ListBucket",
      "Resource": "arn:aws:s3:::productionapp"
    },
    {
      "Effect": "Allow",
      "Action": [
        "s3:GetObject",
        "s3:PutObject",
        "s3:DeleteObject"
      ],
      "Resource": "arn:aws:s3:::productionapp/*"
    }
  ]
}`}); err != nil {
			return err
		}
		return q.SetSetting("demo", now.Format(time.RFC3339))
	})
	if err != nil {
		if errors.Is(err, ErrNotEmpty) {
			return nil, err
		}
		return nil, StoreErr(err, nil)
	}
	return logins, nil
}

// ResetPassword sets a user's (or with userName "root", the root user's)
// console password from the operator's shell, bypassing IAM, and requires a
// new password at next sign-in for IAM users when requireReset is set.
func (s *Service) ResetPassword(ctx context.Context, account, userName, password string, requireReset bool) error {
	if err := ValidatePassword("password", password); err != nil {
		return err
	}
	hash, err := HashPassword(password)
	if err != nil {
		return Internal(err)
	}
	return s.Tx(ctx, func(q *store.Q) error {
		acct, err := ResolveAccount(q, account)
		if err != nil {
			return StoreErr(err, NoSuchEntity("The account %s cannot be found.", account))
		}
		if userName == "root" {
			return StoreErr(q.SetRootPassword(acct.ID, hash), nil)
		}
		u, err := q.UserByName(acct.ID, userName)
		if err != nil {
			return StoreErr(err, NoSuchEntity("The user with name %s cannot be found.", userName))
		}
		now := s.Now()
		u.PasswordHash, u.PasswordResetRequired = &hash, requireReset
		if u.PasswordCreatedAt == nil {
			u.PasswordCreatedAt = &now
		}
		return StoreErr(q.UpdateUser(u), nil)
	})
}

// ConsoleSignInURL is an account's IAM-user sign-in URL.
func (s *Service) ConsoleSignInURL(accountIDOrAlias string) string {
	return strings.TrimRight(s.opts.ConsoleURL, "/") + "/signin?account=" + accountIDOrAlias
}
