package iam

import (
	"context"
	"strings"

	"iamconsole/iam/arn"
	"iamconsole/iam/policy"
)

// SimulatePrincipalPolicyAs is SimulatePrincipalPolicy with IAM's CallerArn:
// the policies of the user or role in.PolicySourceARN, evaluated for
// requests made by the IAM user callerARN ("as if Bob had David's
// policies"). The caller's name and tags fill the request context and
// resource policies match the caller. An empty callerARN is
// SimulatePrincipalPolicy.
func (s *Service) SimulatePrincipalPolicyAs(ctx context.Context, c *Caller, in SimulatePrincipalInput, callerARN string) ([]EvaluationResult, error) {
	if callerARN == "" {
		return s.SimulatePrincipalPolicy(ctx, c, in)
	}
	if err := s.authorize(ctx, c, "SimulatePrincipalPolicy", "iam:SimulatePrincipalPolicy", in.PolicySourceARN); err != nil {
		return nil, err
	}
	s.readEvent(c, "SimulatePrincipalPolicy", map[string]any{"policySourceArn": in.PolicySourceARN, "callerArn": callerARN,
		"actionNames": in.ActionNames})
	ca, err := arn.Parse(callerARN)
	if err != nil || ca.Service != "iam" || !strings.HasPrefix(ca.Resource, "user/") {
		return nil, invalid("caller_arn", "Invalid caller ARN %s.", callerARN)
	}
	a, err := arn.Parse(in.PolicySourceARN)
	if err != nil || a.Service != "iam" || a.Account != c.AccountID {
		return nil, invalid("policy_source_arn", "Invalid policy source ARN %s.", in.PolicySourceARN)
	}
	typ, rest, _ := strings.Cut(a.Resource, "/")
	name := rest[strings.LastIndex(rest, "/")+1:]
	q := s.st.Read(ctx)
	set := &policy.Set{}
	sourceTags := map[string]string{}
	switch typ {
	case "user":
		u, err := q.UserByName(c.AccountID, name)
		if err != nil {
			return nil, storeErr(err, noSuchEntityOf("user", name))
		}
		if err := s.userPolicies(q, u.ID, set, sourceTags); err != nil {
			return nil, err
		}
	case "role":
		r, err := q.RoleByName(c.AccountID, name)
		if err != nil {
			return nil, storeErr(err, noSuchRole(name))
		}
		if err := s.rolePolicies(q, r.ID, set, sourceTags); err != nil {
			return nil, err
		}
	default:
		return nil, invalid("policy_source_arn", "Invalid policy source ARN %s.", in.PolicySourceARN)
	}
	callerName := ca.Resource[strings.LastIndex(ca.Resource, "/")+1:]
	p := policy.Principal{Type: policy.PrincipalUser, ARN: callerARN, Account: ca.Account, UserName: callerName,
		UniqueID: "AIDASIMULATEDUSER0000", Tags: map[string]string{}}
	if ca.Account == c.AccountID {
		if u, err := q.UserByName(c.AccountID, callerName); err == nil {
			p.UniqueID = u.ID
			ts, err := q.Tags("user", u.ID)
			if err != nil {
				return nil, internal(err)
			}
			for _, t := range ts {
				p.Tags[t.Key] = t.Value
			}
		}
	}
	return s.simulate(q, c, p, set, in.PolicyInputList, in.PermissionsBoundaryPolicyInputList, in.ResourcePolicy, in.ActionNames, in.ResourceARNs, in.ContextEntries)
}
