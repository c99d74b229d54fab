package organizations

import (
	"context"
	"errors"
	"fmt"
	"time"

	"iamconsole/iam"
	"iamconsole/iam/arn"
	"iamconsole/store"
)

// OrganizationAccountAccessRole is the role AWS Organizations creates in every
// new member account, trusting the management account.
const OrganizationAccountAccessRole = "OrganizationAccountAccessRole"

// NewAccount describes an account to create.
type NewAccount struct {
	ID, Alias, Name, RootEmail string
	// RootPasswordHash is the root user's bcrypt hash (iam.HashPasswords).
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
		Management: in.Management, CreatedAt: s.k.Now()}
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
		r := &store.Role{ID: iam.NewUniqueID(iam.PrefixRole), AccountID: a.ID, Name: OrganizationAccountAccessRole, Path: "/",
			TrustPolicy: trust, MaxSessionDuration: 3600, CreatedAt: s.k.Now()}
		if err := q.CreateRole(r); err != nil {
			return nil, err
		}
		if err := q.Attach(&store.Attachment{AccountID: a.ID, EntityType: "role", EntityID: r.ID, PolicyARN: iam.AdministratorAccessARN, CreatedAt: s.k.Now()}); err != nil {
			return nil, err
		}
	}
	return a, nil
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
		in.AccountID = iam.NewAccountID()
	}
	if !arn.IsAccountID(in.AccountID) {
		return nil, iam.Invalid("account_id", "The account ID must be 12 digits.")
	}
	if in.Alias != "" {
		if err := iam.ValidateAlias(in.Alias); err != nil {
			return nil, err
		}
	}
	if in.RootEmail == "" {
		in.RootEmail = "root@" + in.AccountID + ".example.com"
	}
	if in.RootPassword == "" {
		in.RootPassword = iam.NewPassword()
	}
	if in.AdminUser == "" {
		in.AdminUser = "admin"
	}
	if in.AdminPassword == "" {
		in.AdminPassword = iam.NewPassword()
	}
	for field, pw := range map[string]string{"root_password": in.RootPassword, "admin_password": in.AdminPassword} {
		if err := iam.ValidatePassword(field, pw); err != nil {
			return nil, err
		}
	}
	if err := iam.ValidateName("user_name", "userName", in.AdminUser, 64); err != nil {
		return nil, err
	}
	hashes, err := iam.HashPasswords(in.RootPassword, in.AdminPassword)
	if err != nil {
		return nil, err
	}
	res := &BootstrapResult{AccountID: in.AccountID, Alias: in.Alias, RootEmail: in.RootEmail, RootPassword: in.RootPassword,
		Admin: BootstrapAdmin{UserName: in.AdminUser, Password: in.AdminPassword}}
	err = s.k.Tx(ctx, func(q *store.Q) error {
		if as, err := q.Accounts(); err != nil {
			return err
		} else if len(as) > 0 {
			return ErrNotEmpty
		}
		if _, err := s.insertAccount(q, NewAccount{ID: in.AccountID, Alias: in.Alias, Name: "Management", RootEmail: in.RootEmail,
			RootPasswordHash: hashes[0], Management: true}); err != nil {
			return err
		}
		u, err := s.id.InsertUser(q, in.AccountID, "/", in.AdminUser, hashes[1], false)
		if err != nil {
			return err
		}
		if err := q.Attach(&store.Attachment{AccountID: in.AccountID, EntityType: "user", EntityID: u.ID, PolicyARN: iam.AdministratorAccessARN, CreatedAt: s.k.Now()}); err != nil {
			return err
		}
		k, secret, err := s.id.InsertAccessKey(q, u)
		if err != nil {
			return err
		}
		res.Admin.AccessKeyID, res.Admin.SecretAccessKey = k.ID, secret
		return q.SetSetting("bootstrapped", s.k.Now().Format(time.RFC3339))
	})
	if errors.Is(err, ErrNotEmpty) {
		return nil, err
	}
	if err != nil {
		return nil, iam.StoreErr(err, nil)
	}
	return res, nil
}
