package labs

import (
	"context"
	"errors"
	"strings"

	"iamconsole/iam"
	"iamconsole/iam/arn"
	"iamconsole/iam/catalog"
	"iamconsole/iam/policy"
	"iamconsole/store"
)

// evaluation is one run of a sandbox's checks over its state now.
type evaluation struct {
	s         *Service
	ctx       context.Context
	q         *store.Q
	sb        *Sandbox
	run       *runState
	snapshots map[string]*snapshot
}

// holds evaluates one check; row is its task's progress (its answer).
func (ev *evaluation) holds(c *Check, row store.LabProgress) (bool, error) {
	switch {
	case c.Event != nil:
		need := max(c.Event.Count, 1)
		return ev.run.counts[c.Event] >= need, nil
	case c.Entity != nil:
		return ev.entityHolds(c.Entity)
	case c.Decision != nil:
		return ev.decisionHolds(c.Decision)
	case c.Answer != nil:
		return c.Answer.accepts(row.Answer, ev.sb.Env), nil
	case c.Resource != nil:
		return false, nil // no resource kinds in this version: Parse refuses them
	}
	return false, nil
}

// accepts reports whether an answer is right.
func (a *AnswerCheck) accepts(answer string, e *Env) bool {
	if answer == "" {
		return false
	}
	norm := func(s string) string {
		s = strings.TrimSpace(s)
		if !a.CaseSensitive {
			s = strings.ToLower(s)
		}
		return s
	}
	got := norm(answer)
	switch {
	case a.Equals != "":
		return got == norm(e.Expand(a.Equals))
	case a.Matches != "":
		return arn.Glob(norm(e.Expand(a.Matches)), got, false, false)
	}
	for _, x := range a.AnyOf {
		if got == norm(e.Expand(x)) {
			return true
		}
	}
	return false
}

// decisionSession is the session name of the role sessions decisions are
// made for.
const decisionSession = "lab-check"

// decisionHolds asks the policy engine, over the sandbox's state now,
// whether the principal may perform the action on the resource.
func (ev *evaluation) decisionHolds(d *DecisionCheck) (bool, error) {
	env := ev.sb.Env
	c, err := ev.caller(env.Expand(d.Principal), d.MFA)
	if err != nil || c == nil {
		return false, err
	}
	resource := env.Expand(d.Resource)
	cx := map[string][]string{}
	for k, vs := range d.Context {
		cx[k] = env.ExpandAll(vs)
	}
	var dec policy.Decision
	if strings.EqualFold(d.Action, catalog.STSAssumeRole.String()) && strings.Contains(resource, ":role/") {
		acct, path, name, ok := roleARN(resource)
		if !ok {
			return false, nil
		}
		t, err := ev.s.k.FindAssumeTarget(ev.q, acct, path, name)
		if errors.Is(err, iam.ErrNoRole) {
			return d.Expect != "allow", nil // no role to assume: nobody may
		}
		if err != nil {
			return false, err
		}
		dec, err = ev.s.k.DecideAssume(ev.ctx, c, t, catalog.STSAssumeRole.String(), cx)
		if err != nil && !iam.IsKind(err, iam.KindDenied) {
			return false, err
		}
	} else {
		dec, err = ev.s.k.Decide(ev.ctx, c, iam.Check{Action: d.Action, Resource: resource, Context: cx})
		if err != nil && !iam.IsKind(err, iam.KindDenied) {
			return false, err
		}
	}
	switch d.Expect {
	case "allow":
		return dec.Effect == policy.Allow, nil
	case "deny":
		return dec.Effect != policy.Allow, nil
	case "explicit_deny":
		return dec.Effect == policy.ExplicitDeny, nil
	case "implicit_deny":
		return dec.Effect != policy.Allow && dec.Effect != policy.ExplicitDeny, nil
	}
	return false, nil
}

// caller builds the principal a decision is made for: a user, an
// account's root user, or a session of a role. nil when it does not exist.
func (ev *evaluation) caller(principal string, mfa bool) (*iam.Caller, error) {
	x, err := arn.Parse(principal)
	if err != nil || x.Service != "iam" {
		return nil, nil
	}
	if !ev.sb.Owns(x.Account) {
		return nil, nil // only the sandbox's own principals are asked about
	}
	a, err := ev.q.Account(x.Account)
	if errors.Is(err, store.ErrNotFound) {
		return nil, nil
	} else if err != nil {
		return nil, iam.Internal(err)
	}
	now := ev.s.k.Now()
	var c *iam.Caller
	switch {
	case x.Resource == "root":
		c = iam.RootCaller(a)
	case strings.HasPrefix(x.Resource, "user/"):
		path, name := splitPath(strings.TrimPrefix(x.Resource, "user"))
		u, err := ev.q.UserByName(a.ID, name)
		if errors.Is(err, store.ErrNotFound) || err == nil && u.Path != path {
			return nil, nil
		} else if err != nil {
			return nil, iam.Internal(err)
		}
		c = iam.UserCaller(a, u)
	case strings.HasPrefix(x.Resource, "role/"):
		path, name := splitPath(strings.TrimPrefix(x.Resource, "role"))
		r, err := ev.q.RoleByName(a.ID, name)
		if errors.Is(err, store.ErrNotFound) || err == nil && r.Path != path {
			return nil, nil
		} else if err != nil {
			return nil, iam.Internal(err)
		}
		c = &iam.Caller{Type: iam.CallerAssumedRole, AccountID: a.ID, ARN: arn.AssumedRole(a.ID, r.Name, decisionSession),
			UniqueID: r.ID, RoleID: r.ID, RoleName: r.Name, RolePath: r.Path, RoleARN: arn.IAM(a.ID, "role", r.Path, r.Name),
			SessionName: decisionSession, Temporary: true, IssuedAt: now}
	default:
		return nil, nil
	}
	if mfa {
		c.MFA, c.MFAAuthTime, c.Temporary, c.IssuedAt = true, now, true, now
	}
	return c, nil
}

// Owns reports whether an account is one of the sandbox's.
func (sb *Sandbox) Owns(accountID string) bool {
	for _, a := range sb.Accounts {
		if a.ID == accountID {
			return true
		}
	}
	return false
}

// splitPath splits "/path/name" into "/path/" and "name".
func splitPath(rest string) (path, name string) {
	i := strings.LastIndex(rest, "/")
	return rest[:i+1], rest[i+1:]
}

// roleARN splits a role ARN into account, path and name.
func roleARN(s string) (account, path, name string, ok bool) {
	x, err := arn.Parse(s)
	if err != nil || x.Service != "iam" || !strings.HasPrefix(x.Resource, "role/") {
		return "", "", "", false
	}
	path, name = splitPath(strings.TrimPrefix(x.Resource, "role"))
	return x.Account, path, name, name != ""
}
