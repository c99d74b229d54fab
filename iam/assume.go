package iam

import (
	"context"
	"errors"

	"iamconsole/iam/arn"
	"iamconsole/iam/policy"
	"iamconsole/store"
)

// AssumeTarget is a role as both ways of assuming it find it, the console's
// Switch Role and STS AssumeRole: the role, its ARN, its account and its
// compiled trust policy.
type AssumeTarget struct {
	Role    *store.Role
	ARN     string
	Account string
	Trust   *policy.Policy
}

// ErrNoRole means the role to assume does not exist (or its name or path
// differs in case: names and paths match case-sensitively when assuming);
// ErrBadTrust that its stored trust policy does not compile.
var (
	ErrNoRole   = errors.New("iam: no such role to assume")
	ErrBadTrust = errors.New("iam: the role's trust policy does not compile")
)

// FindAssumeTarget looks up the role path/name of account, from the cache
// while no IAM write has happened since, and compiles its trust policy, once
// per document. It returns errNoRole for an unknown role and errBadTrust
// (wrapped in an internal error) for a trust policy that does not compile.
func (s *Service) FindAssumeTarget(q *store.Q, account, path, name string) (*AssumeTarget, error) {
	r, err := s.roleForAssume(q, account, name)
	if err == nil && (r.Name != name || r.Path != path) {
		err = store.ErrNotFound
	}
	if errors.Is(err, store.ErrNotFound) {
		return nil, ErrNoRole
	} else if err != nil {
		return nil, Internal(err)
	}
	roleARN := arn.IAM(account, "role", r.Path, r.Name)
	trust, err := s.Compile(roleARN+" trust policy", r.TrustPolicy, policy.KindTrust)
	if err != nil {
		return nil, Internal(errors.Join(ErrBadTrust, err))
	}
	return &AssumeTarget{Role: r, ARN: roleARN, Account: account, Trust: trust}, nil
}

// DecideAssume evaluates action (sts:AssumeRole, sts:TagSession,
// sts:SetSourceIdentity) on the target for c with AWS's logic: the trust
// policy must allow c, and, across accounts (or when the trust names the
// account), so must c's own policies; an explicit deny on either side wins.
// cx adds the request's context keys (sts:RoleSessionName, sts:ExternalId …).
func (s *Service) DecideAssume(ctx context.Context, c *Caller, t *AssumeTarget, action string, cx map[string][]string) (policy.Decision, error) {
	return s.Decide(ctx, c, assumeCheck(t, action, cx))
}

// DecideAssumeWith is DecideAssume for c over policies gathered beforehand
// (see DecideWith): the same question, asked of the same engine, for
// callers that weigh many principals at once (the access graph).
func (s *Service) DecideAssumeWith(c *Caller, set *policy.Set, tags map[string]string, t *AssumeTarget, action string, cx map[string][]string) (policy.Decision, error) {
	return s.DecideWith(c, set, tags, assumeCheck(t, action, cx))
}

// assumeCheck is the authorization question of assuming t.
func assumeCheck(t *AssumeTarget, action string, cx map[string][]string) Check {
	return Check{Action: action, Resource: t.ARN, ResourceAccount: t.Account, ResourcePolicy: t.Trust, Trust: true, Context: cx}
}

// roleForAssume reads a role by account and name, from the cache while no
// IAM write has happened since. Callers must not modify the role.
func (s *Service) roleForAssume(q *store.Q, account, name string) (*store.Role, error) {
	return s.caches.roles.Load("role\x00"+account+"\x00"+name, func() (*store.Role, error) { return q.RoleByName(account, name) })
}
