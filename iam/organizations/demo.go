package organizations

import (
	"context"
	"errors"
	"time"

	"iamconsole/iam"
	"iamconsole/store"
)

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
		pws[i] = iam.NewPassword()
	}
	hashes, err := iam.HashPasswords(pws[:]...)
	if err != nil {
		return nil, err
	}
	next := 0
	pw := func() (string, string) { next++; return pws[next-1], hashes[next-1] }
	err = s.k.Tx(ctx, func(q *store.Q) error {
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
		now := s.k.Now()
		// Development: Developers may switch to Production's UpdateAPP; Testers may not.
		groups := map[string]*store.Group{}
		for _, name := range []string{"Developers", "Testers"} {
			g := &store.Group{ID: iam.NewUniqueID(iam.PrefixGroup), AccountID: DemoDevelopmentID, Name: name, Path: "/", CreatedAt: now}
			if err := q.CreateGroup(g); err != nil {
				return err
			}
			if err := q.Attach(&store.Attachment{AccountID: DemoDevelopmentID, EntityType: "group", EntityID: g.ID, PolicyARN: iam.IAMUserChangePasswordARN, CreatedAt: now}); err != nil {
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
			{DemoManagementID, "admin", "", iam.AdministratorAccessARN, "AdministratorAccess"},
			{DemoDevelopmentID, "admin", "", iam.AdministratorAccessARN, "AdministratorAccess"},
			{DemoDevelopmentID, "david", "Developers", iam.ReadOnlyAccessARN, "Developers: may switch to UpdateAPP in production"},
			{DemoDevelopmentID, "theresa", "Testers", iam.ReadOnlyAccessARN, "Testers: may not switch to UpdateAPP"},
			{DemoProductionID, "admin", "", iam.AdministratorAccessARN, "AdministratorAccess"},
		}
		for _, du := range users {
			p, hash := pw()
			u, err := s.id.InsertUser(q, du.account, "/", du.name, hash, false)
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
		role := &store.Role{ID: iam.NewUniqueID(iam.PrefixRole), AccountID: DemoProductionID, Name: "UpdateAPP", Path: "/",
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
		return nil, iam.StoreErr(err, nil)
	}
	return logins, nil
}
