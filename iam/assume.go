package iam

import (
	"context"
	"errors"

	"iamconsole/iam/arn"
	"iamconsole/iam/policy"
	"iamconsole/store"
)

// assumeTarget is a role as both ways of assuming it find it, the console's
// Switch Role and STS AssumeRole: the role, its ARN, its account and its
// compiled trust policy.
type assumeTarget struct {
	role    *store.Role
	arn     string
	account string
	trust   *policy.Policy
}

// errNoRole means the role to assume does not exist (or its name or path
// differs in case: names and paths match case-sensitively when assuming);
// errBadTrust that its stored trust policy does not compile.
var (
	errNoRole   = errors.New("iam: no such role to assume")
	errBadTrust = errors.New("iam: the role's trust policy does not compile")
)

// findAssumeTarget looks up the role path/name of account, from the cache
// while no IAM write has happened since, and compiles its trust policy, once
// per document. It returns errNoRole for an unknown role and errBadTrust
// (wrapped in an internal error) for a trust policy that does not compile.
func (s *Service) findAssumeTarget(q *store.Q, account, path, name string) (*assumeTarget, error) {
	r, err := s.roleForAssume(q, account, name)
	if err == nil && (r.Name != name || r.Path != path) {
		err = store.ErrNotFound
	}
	if errors.Is(err, store.ErrNotFound) {
		return nil, errNoRole
	} else if err != nil {
		return nil, Internal(err)
	}
	roleARN := arn.IAM(account, "role", r.Path, r.Name)
	trust, err := s.caches.compile(roleARN+" trust policy", r.TrustPolicy, policy.KindTrust)
	if err != nil {
		return nil, Internal(errors.Join(errBadTrust, err))
	}
	return &assumeTarget{role: r, arn: roleARN, account: account, trust: trust}, nil
}

// decideAssume evaluates action (sts:AssumeRole, sts:TagSession,
// sts:SetSourceIdentity) on the target for c with AWS's logic: the trust
// policy must allow c, and, across accounts (or when the trust names the
// account), so must c's own policies; an explicit deny on either side wins.
// cx adds the request's context keys (sts:RoleSessionName, sts:ExternalId …).
func (s *Service) decideAssume(ctx context.Context, c *Caller, t *assumeTarget, action string, cx map[string][]string) (policy.Decision, error) {
	return s.Decide(ctx, c, Check{Action: action, Resource: t.arn, ResourceAccount: t.account,
		ResourcePolicy: t.trust, Trust: true, Context: cx})
}
