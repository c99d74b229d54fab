package organizations

import (
	"context"
	"crypto/sha256"
	"errors"
	"net/mail"
	"strings"
	"time"

	"iamconsole/iam"
	"iamconsole/iam/arn"
	"iamconsole/iam/catalog"
	"iamconsole/store"
)

// AccountInfo describes an account of the organization.
type AccountInfo struct {
	AccountID, Alias, Name, Email, Status string
	Management                            bool
	JoinedTimestamp                       time.Time
	SignInURL                             string
}

// CreateAccountInput is organizations:CreateAccount's input; RoleName
// defaults to OrganizationAccountAccessRole.
type CreateAccountInput struct {
	Name, Email, Alias, RoleName string
}

// OrganizationInfo is DescribeOrganization's answer.
type OrganizationInfo struct {
	ID, ARN, MasterAccountID, MasterAccountARN, MasterAccountEmail, FeatureSet string
}

var errOrgDenied = &iam.Error{Kind: iam.KindDenied, Code: "AccessDeniedException",
	Message: "You don't have permissions to access this resource."}

// orgID derives the organization's ID (o- and 10 characters) from its
// management account, so it is stable without being stored.
func orgID(mgmt string) string {
	sum := sha256.Sum256([]byte("organization:" + mgmt))
	const alphabet = "abcdefghijklmnopqrstuvwxyz0123456789"
	b := make([]byte, 10)
	for i := range b {
		b[i] = alphabet[int(sum[i])%len(alphabet)]
	}
	return "o-" + string(b)
}

func (s *Service) accountInfo(a *store.Account) AccountInfo {
	info := AccountInfo{AccountID: a.ID, Name: a.Name, Email: a.RootEmail, Status: "ACTIVE", Management: a.Management,
		JoinedTimestamp: a.CreatedAt, SignInURL: s.k.ConsoleSignInURL(a.ID)}
	if a.Alias != nil {
		info.Alias = *a.Alias
		info.SignInURL = s.k.ConsoleSignInURL(*a.Alias)
	}
	return info
}

// management returns the management account, refusing callers outside it.
func (s *Service) management(q *store.Q, c *iam.Caller) (*store.Account, error) {
	m, err := q.ManagementAccount()
	if errors.Is(err, store.ErrNotFound) {
		return nil, &iam.Error{Kind: iam.KindInvalid, Code: "AWSOrganizationsNotInUseException",
			Message: "Your account is not a member of an organization."}
	}
	if err != nil {
		return nil, iam.Internal(err)
	}
	if m.ID != c.AccountID {
		return nil, errOrgDenied
	}
	return m, nil
}

// beginOrg authorizes an Organizations call: only principals of the
// management account that their policies allow.
func (s *Service) beginOrg(ctx context.Context, c *iam.Caller, event, action, resource string, params any) (*iam.Op, *store.Account, error) {
	if c == nil {
		return nil, nil, iam.ErrNoSession
	}
	o := s.k.StartOp(ctx, c, iam.SourceOrganizations, event, nil)
	o.Rec.RequestParameters = params
	m, err := s.management(s.st.Read(ctx), c)
	if err != nil {
		return nil, nil, o.Fail(err)
	}
	if err := s.k.Authorize(ctx, c, action, resource); err != nil {
		return nil, nil, o.Fail(err)
	}
	return o, m, nil
}

// CreateAccount creates a member account with its root user (no password
// until an operator sets one) and the role that trusts the management account.
func (s *Service) CreateAccount(ctx context.Context, c *iam.Caller, in CreateAccountInput) (*AccountInfo, error) {
	o, m, err := s.beginOrg(ctx, c, "CreateAccount", catalog.OrganizationsCreateAccount.String(), "*",
		map[string]any{"accountName": in.Name, "email": in.Email, "roleName": in.RoleName})
	if err != nil {
		return nil, err
	}
	in.Name, in.Email = strings.TrimSpace(in.Name), strings.TrimSpace(in.Email)
	if in.Name == "" || len(in.Name) > 50 {
		return nil, o.Fail(&iam.Error{Kind: iam.KindInvalid, Code: "InvalidInputException", Field: "name",
			Message: "You provided a value that does not match the required pattern. The account name must be 1 to 50 characters."})
	}
	if addr, err := mail.ParseAddress(in.Email); err != nil || addr.Address != in.Email || len(in.Email) < 6 || len(in.Email) > 64 {
		return nil, o.Fail(&iam.Error{Kind: iam.KindInvalid, Code: "InvalidInputException", Field: "email",
			Message: "You provided a value that does not match the required pattern. Enter a valid email address."})
	}
	if in.Alias != "" {
		if err := iam.ValidateAlias(in.Alias); err != nil {
			return nil, o.Fail(err)
		}
	}
	if in.RoleName == "" {
		in.RoleName = OrganizationAccountAccessRole
	}
	if err := iam.ValidateName("role_name", "roleName", in.RoleName, 64); err != nil {
		return nil, o.Fail(err)
	}
	var created *store.Account
	err = o.Write(func(q *store.Q) error {
		if _, err := q.AccountByRootEmail(in.Email); err == nil {
			return &iam.Error{Kind: iam.KindExists, Code: "DuplicateAccountException", Field: "email",
				Message: "The account could not be created because an account with this email address already exists."}
		}
		if in.Alias != "" {
			if _, err := q.AccountByAlias(in.Alias); err == nil {
				return iam.AlreadyExists("alias", "The account alias %s already exists.", in.Alias)
			}
		}
		id := iam.NewAccountID()
		for range 10 {
			if _, err := q.Account(id); errors.Is(err, store.ErrNotFound) {
				break
			}
			id = iam.NewAccountID()
		}
		// As on AWS, a new member account's root user has no password
		// until one is set (here: iamconsole reset-password --user root).
		a, err := s.insertAccount(q, NewAccount{ID: id, Alias: in.Alias, Name: in.Name, RootEmail: in.Email, ManagementID: m.ID})
		if err != nil {
			return err
		}
		if in.RoleName != OrganizationAccountAccessRole {
			r, err := q.RoleByName(a.ID, OrganizationAccountAccessRole)
			if err != nil {
				return err
			}
			if err := q.RenameAccountRole(r.ID, in.RoleName); err != nil {
				return err
			}
		}
		created = a
		o.Rec.ResponseElements = map[string]any{"createAccountStatus": map[string]any{"accountName": a.Name,
			"accountId": a.ID, "state": "SUCCEEDED"}}
		o.AddResource("AWS::Organizations::Account", "arn:aws:organizations::"+m.ID+":account/"+orgID(m.ID)+"/"+a.ID)
		return nil
	})
	if err != nil {
		return nil, err
	}
	info := s.accountInfo(created)
	return &info, nil
}

// ListAccounts lists the organization's accounts, management first.
func (s *Service) ListAccounts(ctx context.Context, c *iam.Caller) ([]AccountInfo, error) {
	o, _, err := s.beginOrg(ctx, c, "ListAccounts", catalog.OrganizationsListAccounts.String(), "*", nil)
	if err != nil {
		return nil, err
	}
	as, err := s.st.Read(ctx).Accounts()
	if err != nil {
		return nil, o.Read(iam.Internal(err))
	}
	out := make([]AccountInfo, 0, len(as))
	for i := range as {
		out = append(out, s.accountInfo(&as[i]))
	}
	return out, o.Read(nil)
}

// DescribeAccount describes one account of the organization.
func (s *Service) DescribeAccount(ctx context.Context, c *iam.Caller, accountID string) (*AccountInfo, error) {
	q := s.st.Read(ctx)
	res := "*"
	if m, err := q.ManagementAccount(); err == nil {
		res = "arn:aws:organizations::" + m.ID + ":account/" + orgID(m.ID) + "/" + accountID
	}
	o, _, err := s.beginOrg(ctx, c, "DescribeAccount", catalog.OrganizationsDescribeAccount.String(), res, map[string]any{"accountId": accountID})
	if err != nil {
		return nil, err
	}
	if !arn.IsAccountID(accountID) {
		return nil, o.Read(&iam.Error{Kind: iam.KindInvalid, Code: "InvalidInputException", Field: "account_id",
			Message: "You provided a value that does not match the required pattern."})
	}
	a, err := q.Account(accountID)
	if err != nil {
		return nil, o.Read(iam.StoreErr(err, &iam.Error{Kind: iam.KindNotFound, Code: "AccountNotFoundException",
			Message: "You specified an account that doesn't exist."}))
	}
	info := s.accountInfo(a)
	return &info, o.Read(nil)
}

// DescribeOrganization describes the organization the caller's account
// belongs to; member accounts may ask too, as in AWS.
func (s *Service) DescribeOrganization(ctx context.Context, c *iam.Caller) (*OrganizationInfo, error) {
	if c == nil {
		return nil, iam.ErrNoSession
	}
	o, err := s.k.Begin(ctx, c, iam.SourceOrganizations, "DescribeOrganization", catalog.OrganizationsDescribeOrganization.String(), "*", nil)
	if err != nil {
		return nil, err
	}
	q := s.st.Read(ctx)
	m, err := q.ManagementAccount()
	if err != nil {
		return nil, o.Read(iam.StoreErr(err, &iam.Error{Kind: iam.KindInvalid, Code: "AWSOrganizationsNotInUseException",
			Message: "Your account is not a member of an organization."}))
	}
	id := orgID(m.ID)
	return &OrganizationInfo{ID: id, ARN: "arn:aws:organizations::" + m.ID + ":organization/" + id,
		MasterAccountID: m.ID, MasterAccountARN: "arn:aws:organizations::" + m.ID + ":account/" + id + "/" + m.ID,
		MasterAccountEmail: m.RootEmail, FeatureSet: "ALL"}, o.Read(nil)
}

// CreateAccountAlias sets the caller's account alias, replacing the one it
// had: an account has at most one.
func (s *Service) CreateAccountAlias(ctx context.Context, c *iam.Caller, alias string) error {
	o, err := s.k.Begin(ctx, c, iam.SourceIAM, "CreateAccountAlias", catalog.IAMCreateAccountAlias.String(), "*", map[string]any{"accountAlias": alias})
	if err != nil {
		return err
	}
	if err := iam.ValidateAlias(alias); err != nil {
		return o.Fail(err)
	}
	return o.Write(func(q *store.Q) error {
		if a, err := q.AccountByAlias(alias); err == nil {
			if a.ID == c.AccountID {
				return nil
			}
			return iam.AlreadyExists("alias", "The account alias %s already exists.", alias)
		}
		return q.SetAccountAlias(c.AccountID, &alias)
	})
}

// DeleteAccountAlias removes the caller's account alias.
func (s *Service) DeleteAccountAlias(ctx context.Context, c *iam.Caller, alias string) error {
	o, err := s.k.Begin(ctx, c, iam.SourceIAM, "DeleteAccountAlias", catalog.IAMDeleteAccountAlias.String(), "*", map[string]any{"accountAlias": alias})
	if err != nil {
		return err
	}
	return o.Write(func(q *store.Q) error {
		a, err := q.Account(c.AccountID)
		if err != nil {
			return err
		}
		if a.Alias == nil || *a.Alias != alias {
			return iam.NoSuchEntity("The account alias %s cannot be found.", alias)
		}
		return q.SetAccountAlias(c.AccountID, nil)
	})
}

// ListAccountAliases lists the caller's account alias (zero or one).
func (s *Service) ListAccountAliases(ctx context.Context, c *iam.Caller) ([]string, error) {
	o, err := s.k.Begin(ctx, c, iam.SourceIAM, "ListAccountAliases", catalog.IAMListAccountAliases.String(), "*", nil)
	if err != nil {
		return nil, err
	}
	a, err := s.st.Read(ctx).Account(c.AccountID)
	if err != nil {
		return nil, o.Read(iam.StoreErr(err, nil))
	}
	out := []string{}
	if a.Alias != nil {
		out = append(out, *a.Alias)
	}
	return out, o.Read(nil)
}
