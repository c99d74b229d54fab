package identity

import (
	"context"
	"time"

	"iamconsole/iam"
	"iamconsole/iam/arn"
	"iamconsole/iam/catalog"
	"iamconsole/store"
)

// AccountSummary is GetAccountSummary's SummaryMap: the numbers of the
// account's IAM entities and its quotas, under AWS's keys ("Users",
// "Groups", "Roles", "Policies", "AccountMFAEnabled", "MFADevicesInUse" …).
type AccountSummary map[string]int

// CredentialReportRow is one line of the credential report: a user (or the
// account's root user, named "<root_account>" as in AWS's report) and the
// state of its credentials.
type CredentialReportRow struct {
	User, ARN       string
	Root            bool
	UserCreation    time.Time
	PasswordEnabled bool
	MFAActive       bool
	// AccessKeys are the user's keys, oldest first (at most two).
	AccessKeys []AccessKeyInfo
}

// CredentialReport lists the credentials of every user of the caller's
// account, the root user first, as GetCredentialReport's CSV does: whether
// each has a console password and an active MFA device, and its access keys
// with their creation dates, which the IAM dashboard's security
// recommendations are drawn from.
func (s *Service) CredentialReport(ctx context.Context, c *iam.Caller) ([]CredentialReportRow, error) {
	if c == nil {
		return nil, iam.ErrNoSession
	}
	o, err := s.k.Begin(ctx, c, iam.SourceIAM, "GetCredentialReport", catalog.IAMGetCredentialReport.String(), "*", nil)
	if err != nil {
		return nil, err
	}
	q := s.st.Read(ctx)
	acct, err := q.Account(c.AccountID)
	if err != nil {
		return nil, o.Read(iam.StoreErr(err, nil))
	}
	rootMFA, err := q.EnabledMFAForRoot(acct.ID)
	if err != nil {
		return nil, o.Read(iam.Internal(err))
	}
	rows := []CredentialReportRow{{User: "<root_account>", ARN: arn.Root(acct.ID), Root: true, UserCreation: acct.CreatedAt,
		PasswordEnabled: acct.RootPasswordHash != "", MFAActive: len(rootMFA) > 0}}
	users, keysOf, withMFA, err := credentialsOf(q, acct.ID)
	if err != nil {
		return nil, o.Read(err)
	}
	for i := range users {
		u := &users[i]
		row := CredentialReportRow{User: u.Name, ARN: userARN(acct.ID, u.Path, u.Name), UserCreation: u.CreatedAt,
			PasswordEnabled: u.PasswordHash != nil, MFAActive: withMFA[u.ID]}
		for _, k := range keysOf[u.ID] {
			row.AccessKeys = append(row.AccessKeys, accessKeyInfo(k, u.Name))
		}
		rows = append(rows, row)
	}
	return rows, o.Read(nil)
}

// credentialsOf reads what the credential report shows of an account's
// users in three queries, whatever the account's size: the users, their
// access keys by user ID (oldest first), and which of them have an
// enabled MFA device.
func credentialsOf(q *store.Q, acct string) ([]store.User, map[string][]*store.AccessKey, map[string]bool, error) {
	users, err := q.AccountUsers(acct)
	if err != nil {
		return nil, nil, nil, iam.Internal(err)
	}
	keys, err := q.AccountAccessKeys(acct)
	if err != nil {
		return nil, nil, nil, iam.Internal(err)
	}
	devices, err := q.VirtualMFADevices(acct, "Assigned")
	if err != nil {
		return nil, nil, nil, iam.Internal(err)
	}
	keysOf := map[string][]*store.AccessKey{}
	for i := range keys {
		keysOf[keys[i].UserID] = append(keysOf[keys[i].UserID], &keys[i])
	}
	withMFA := map[string]bool{}
	for _, d := range devices {
		if d.UserID != nil {
			withMFA[*d.UserID] = true
		}
	}
	return users, keysOf, withMFA, nil
}
