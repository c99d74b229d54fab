package identity

import (
	"context"
	"errors"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"iamconsole/iam"
	"iamconsole/iam/catalog"
	"iamconsole/store"
)

// PasswordPolicy is the account password policy as IAM reports it.
// MaxPasswordAge and PasswordReusePrevention are nil when unset.
type PasswordPolicy struct {
	MinimumPasswordLength      int
	RequireSymbols             bool
	RequireNumbers             bool
	RequireUppercaseCharacters bool
	RequireLowercaseCharacters bool
	AllowUsersToChangePassword bool
	ExpirePasswords            bool
	MaxPasswordAge             *int
	PasswordReusePrevention    *int
	HardExpiry                 *bool
}

// PasswordPolicyInput is UpdateAccountPasswordPolicy's input: unset fields
// take IAM's defaults (length 6, nothing required, no expiry, no reuse
// prevention), as the API documents.
type PasswordPolicyInput struct {
	MinimumPasswordLength      *int
	RequireSymbols             bool
	RequireNumbers             bool
	RequireUppercaseCharacters bool
	RequireLowercaseCharacters bool
	AllowUsersToChangePassword bool
	MaxPasswordAge             *int
	PasswordReusePrevention    *int
	HardExpiry                 *bool
}

// passwordSymbols are the characters IAM counts as symbols.
const passwordSymbols = "!@#$%^&*()_+-=[]{}|'"

func noPasswordPolicy(account string) *iam.Error {
	return iam.NoSuchEntity("The Password Policy with domain name %s cannot be found.", account)
}

func policyInfo(p *store.PasswordPolicy) *PasswordPolicy {
	out := &PasswordPolicy{MinimumPasswordLength: p.MinimumLength, RequireSymbols: p.RequireSymbols, RequireNumbers: p.RequireNumbers,
		RequireUppercaseCharacters: p.RequireUppercase, RequireLowercaseCharacters: p.RequireLowercase,
		AllowUsersToChangePassword: p.AllowUsersToChange, ExpirePasswords: p.MaxPasswordAge > 0}
	if p.MaxPasswordAge > 0 {
		n, h := p.MaxPasswordAge, p.HardExpiry
		out.MaxPasswordAge, out.HardExpiry = &n, &h
	}
	if p.ReusePrevention > 0 {
		n := p.ReusePrevention
		out.PasswordReusePrevention = &n
	}
	return out
}

// GetAccountPasswordPolicy returns the account's password policy
// (iam:GetAccountPasswordPolicy); NoSuchEntity when it has none.
func (s *Service) GetAccountPasswordPolicy(ctx context.Context, c *iam.Caller) (*PasswordPolicy, error) {
	o, err := s.k.Begin(ctx, c, iam.SourceIAM, "GetAccountPasswordPolicy", catalog.IAMGetAccountPasswordPolicy.String(), "*", nil)
	if err != nil {
		return nil, err
	}
	p, err := s.st.Read(ctx).PasswordPolicyOf(c.AccountID)
	if err != nil {
		return nil, o.Read(iam.StoreErr(err, noPasswordPolicy(c.AccountID)))
	}
	return policyInfo(p), o.Read(nil)
}

// UpdateAccountPasswordPolicy sets the account's password policy
// (iam:UpdateAccountPasswordPolicy); what is not given takes its default.
func (s *Service) UpdateAccountPasswordPolicy(ctx context.Context, c *iam.Caller, in PasswordPolicyInput) error {
	params := map[string]any{"requireSymbols": in.RequireSymbols, "requireNumbers": in.RequireNumbers,
		"requireUppercaseCharacters": in.RequireUppercaseCharacters, "requireLowercaseCharacters": in.RequireLowercaseCharacters,
		"allowUsersToChangePassword": in.AllowUsersToChangePassword}
	if in.MinimumPasswordLength != nil {
		params["minimumPasswordLength"] = *in.MinimumPasswordLength
	}
	if in.MaxPasswordAge != nil {
		params["maxPasswordAge"] = *in.MaxPasswordAge
	}
	if in.PasswordReusePrevention != nil {
		params["passwordReusePrevention"] = *in.PasswordReusePrevention
	}
	if in.HardExpiry != nil {
		params["hardExpiry"] = *in.HardExpiry
	}
	o, err := s.k.Begin(ctx, c, iam.SourceIAM, "UpdateAccountPasswordPolicy", catalog.IAMUpdateAccountPasswordPolicy.String(), "*", params)
	if err != nil {
		return err
	}
	p := &store.PasswordPolicy{AccountID: c.AccountID, MinimumLength: 6, RequireSymbols: in.RequireSymbols, RequireNumbers: in.RequireNumbers,
		RequireUppercase: in.RequireUppercaseCharacters, RequireLowercase: in.RequireLowercaseCharacters,
		AllowUsersToChange: in.AllowUsersToChangePassword}
	var v rangeCheck
	if in.MinimumPasswordLength != nil {
		p.MinimumLength = *in.MinimumPasswordLength
		v.check(*in.MinimumPasswordLength, "minimumPasswordLength", 6, 128)
	}
	if in.MaxPasswordAge != nil {
		p.MaxPasswordAge = *in.MaxPasswordAge
		v.check(*in.MaxPasswordAge, "maxPasswordAge", 1, 1095)
	}
	if in.PasswordReusePrevention != nil {
		p.ReusePrevention = *in.PasswordReusePrevention
		v.check(*in.PasswordReusePrevention, "passwordReusePrevention", 1, 24)
	}
	if in.HardExpiry != nil {
		p.HardExpiry = *in.HardExpiry
	}
	if err := v.err(); err != nil {
		return o.Fail(err)
	}
	return o.Write(func(q *store.Q) error { return q.PutPasswordPolicy(p) })
}

// DeleteAccountPasswordPolicy removes the account's password policy
// (iam:DeleteAccountPasswordPolicy); NoSuchEntity when it has none.
func (s *Service) DeleteAccountPasswordPolicy(ctx context.Context, c *iam.Caller) error {
	o, err := s.k.Begin(ctx, c, iam.SourceIAM, "DeleteAccountPasswordPolicy", catalog.IAMDeleteAccountPasswordPolicy.String(), "*", nil)
	if err != nil {
		return err
	}
	return o.Write(func(q *store.Q) error {
		return iam.StoreErr(q.DeletePasswordPolicy(c.AccountID), noPasswordPolicy(c.AccountID))
	})
}

// rangeCheck collects integer range violations into IAM's message.
type rangeCheck struct{ msgs []string }

func (v *rangeCheck) check(n int, param string, lo, hi int) {
	switch {
	case n < lo:
		v.msgs = append(v.msgs, "Value '"+itoa(n)+"' at '"+param+"' failed to satisfy constraint: Member must have value greater than or equal to "+itoa(lo))
	case n > hi:
		v.msgs = append(v.msgs, "Value '"+itoa(n)+"' at '"+param+"' failed to satisfy constraint: Member must have value less than or equal to "+itoa(hi))
	}
}

func (v *rangeCheck) err() error {
	switch len(v.msgs) {
	case 0:
		return nil
	case 1:
		return iam.ValidationError("", "1 validation error detected: %s", v.msgs[0])
	default:
		return iam.ValidationError("", "%d validation errors detected: %s", len(v.msgs), strings.Join(v.msgs, "; "))
	}
}

func itoa(n int) string { return strconv.Itoa(n) }

// passwordViolation is IAM's PasswordPolicyViolation.
func passwordViolation(field, msg string) *iam.Error {
	return &iam.Error{Kind: iam.KindInvalid, Code: "PasswordPolicyViolation", Field: field, Message: msg}
}

// CheckNewPassword checks a password about to be set for a user of
// account against the account's password policy (without one, IAM's
// default of 8 characters) and, when userID is not "" and the policy
// prevents reuse, against the user's previous passwords. field names the
// form field for the console.
func (s *Service) CheckNewPassword(q *store.Q, account, userID, field, pw string) error {
	if err := iam.ValidatePassword(field, pw); err != nil {
		if e := iam.AsError(err); e.Code != "PasswordPolicyViolation" {
			return err
		}
	}
	p, err := q.PasswordPolicyOf(account)
	if errors.Is(err, store.ErrNotFound) {
		return iam.ValidatePassword(field, pw)
	} else if err != nil {
		return iam.Internal(err)
	}
	if utf8.RuneCountInString(pw) < p.MinimumLength {
		return passwordViolation(field, "Password should have a minimum length of "+itoa(p.MinimumLength))
	}
	has := func(ok func(r rune) bool) bool { return strings.IndexFunc(pw, ok) >= 0 }
	switch {
	case p.RequireSymbols && !has(func(r rune) bool { return strings.ContainsRune(passwordSymbols, r) }):
		return passwordViolation(field, "Password should have at least one symbol")
	case p.RequireNumbers && !has(func(r rune) bool { return r >= '0' && r <= '9' }):
		return passwordViolation(field, "Password should have at least one number")
	case p.RequireUppercase && !has(func(r rune) bool { return r >= 'A' && r <= 'Z' }):
		return passwordViolation(field, "Password should have at least one uppercase letter")
	case p.RequireLowercase && !has(func(r rune) bool { return r >= 'a' && r <= 'z' }):
		return passwordViolation(field, "Password should have at least one lowercase letter")
	}
	if userID != "" && p.ReusePrevention > 0 {
		old, err := q.PreviousPasswords(userID, p.ReusePrevention)
		if err != nil {
			return iam.Internal(err)
		}
		for _, h := range old {
			if iam.CheckPassword(h, pw) {
				return passwordViolation(field, "Policy constraint violation with password reuse prevention during password change.")
			}
		}
	}
	return nil
}

// PasswordExpired reports whether user u's console password has outlived
// the account's MaxPasswordAge, and whether the policy's HardExpiry then
// forbids the user to set a new one.
func (s *Service) PasswordExpired(q *store.Q, account string, u *store.User, now time.Time) (expired, hard bool, err error) {
	if u.PasswordCreatedAt == nil {
		return false, false, nil
	}
	p, err := q.PasswordPolicyOf(account)
	if errors.Is(err, store.ErrNotFound) {
		return false, false, nil
	} else if err != nil {
		return false, false, iam.Internal(err)
	}
	if p.MaxPasswordAge <= 0 || now.Before(u.PasswordCreatedAt.Add(time.Duration(p.MaxPasswordAge)*24*time.Hour)) {
		return false, false, nil
	}
	return true, p.HardExpiry, nil
}

// UsersMayChangePassword reports whether the account's password policy
// lets every IAM user change their own password without a policy that
// allows iam:ChangePassword.
func (s *Service) UsersMayChangePassword(q *store.Q, account string) bool {
	p, err := q.PasswordPolicyOf(account)
	return err == nil && p.AllowUsersToChange
}
