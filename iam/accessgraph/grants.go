package accessgraph

import (
	"strings"

	"iamconsole/iam/arn"
	"iamconsole/iam/catalog"
	"iamconsole/iam/policy"
)

// assumeAction is the action every edge asks for.
const assumeAction = "sts:AssumeRole"

// policyGrants is what one identity policy's Allow statements for
// sts:AssumeRole name as resources: a necessary condition for the policy
// to allow assuming a role, conditions aside. It only ever passes over a
// role that the policy cannot allow, never one it can.
type policyGrants struct {
	id       int      // unique in the state, for sigKey
	any      bool     // some statement names every resource (or names it through a variable or NotResource)
	patterns []string // the resource patterns of the other statements
}

// matches reports whether the policy may allow assuming the role roleARN.
func (g *policyGrants) matches(roleARN string) bool {
	if g.any {
		return true
	}
	for _, p := range g.patterns {
		if arn.Match(p, roleARN) {
			return true
		}
	}
	return false
}

// empty reports whether the policy grants sts:AssumeRole on nothing.
func (g *policyGrants) empty() bool { return !g.any && len(g.patterns) == 0 }

// grantsOf reads the sts:AssumeRole grants of a compiled policy, once per
// compiled policy.
func (st *state) grantsOf(p *policy.Policy) *policyGrants {
	if g, ok := st.grantCache[p]; ok {
		return g
	}
	st.grants++
	g := &policyGrants{id: st.grants}
	for _, s := range p.Document().Statements {
		if s.Effect != "Allow" || !statementActs(s, assumeAction) {
			continue
		}
		if s.NotResource != nil {
			g.any = true
			continue
		}
		for _, r := range s.Resource {
			if r == "*" || strings.Contains(r, "${") {
				g.any = true
				continue
			}
			g.patterns = append(g.patterns, r)
		}
	}
	st.grantCache[p] = g
	return g
}

// grantsMatch reports whether any of p's identity policies may allow
// assuming roleARN.
func (p *principal) grantsMatch(roleARN string) bool {
	for _, g := range p.grants {
		if g.matches(roleARN) {
			return true
		}
	}
	return false
}

// statementActs reports whether the statement's Action (or NotAction)
// covers action, as the engine matches actions: whole names, ignoring case.
func statementActs(s *policy.Statement, action string) bool {
	if s.NotAction != nil {
		for _, a := range s.NotAction {
			if actionGlob(a, action) {
				return false
			}
		}
		return true
	}
	for _, a := range s.Action {
		if actionGlob(a, action) {
			return true
		}
	}
	return false
}

// actionGlob matches an action against an Action entry, ignoring case.
func actionGlob(pattern, action string) bool {
	return arn.Glob(strings.ToLower(pattern), action, false, true)
}

// trustActions are the actions through which a trust policy admits a
// principal: sts:AssumeRole for AWS and service principals, the federated
// forms for identity providers.
var trustActions = []string{assumeAction, catalog.STSAssumeRoleWithSAML.String(), catalog.STSAssumeRoleWithWebIdentity.String()}

// trustRefs lists the principals that the Allow statements of a trust
// policy name.
func trustRefs(trust *policy.Policy) []trustRef {
	if trust == nil {
		return nil
	}
	var out []trustRef
	seen := map[trustRef]bool{}
	add := func(r trustRef) {
		if !seen[r] {
			seen[r] = true
			out = append(out, r)
		}
	}
	for _, s := range trust.Document().Statements {
		if s.Effect != "Allow" || s.Principal == nil {
			continue
		}
		var actions []string
		for _, a := range trustActions {
			if statementActs(s, a) {
				actions = append(actions, a)
			}
		}
		if len(actions) == 0 {
			continue
		}
		p := s.Principal
		if p.Wildcard {
			add(trustRef{kind: refAny})
		}
		for _, v := range p.AWS {
			add(awsRef(v))
		}
		for _, v := range p.Service {
			add(trustRef{kind: refService, value: v, action: actions[0]})
		}
		for _, v := range p.Federated {
			action := actions[0]
			for _, a := range actions {
				if a != assumeAction {
					action = a
					break
				}
			}
			add(trustRef{kind: refFederated, value: v, action: action})
		}
	}
	return out
}

// awsRef reads one "AWS" principal of a trust policy as the engine does.
func awsRef(v string) trustRef {
	switch {
	case v == "*":
		return trustRef{kind: refAny}
	case arn.IsAccountID(v):
		return trustRef{kind: refAccount, value: v}
	case isBoundID(v):
		return trustRef{kind: refID, value: v}
	case strings.HasPrefix(v, "arn:"):
		a, err := arn.Parse(v)
		if err != nil {
			return trustRef{kind: refARN, value: v}
		}
		typ, rest, _ := strings.Cut(a.Resource, "/")
		switch {
		case a.Service == "iam" && a.Resource == "root":
			return trustRef{kind: refAccount, value: a.Account}
		case a.Service == "sts" && typ == "assumed-role":
			role, session, ok := strings.Cut(rest, "/")
			if ok {
				return trustRef{kind: refSession, value: sessionsOf(a.Account, role), name: session}
			}
		}
		return trustRef{kind: refARN, value: v}
	}
	return trustRef{kind: refID, value: v}
}

// sessionsOf is the prefix of the ARNs of every session of a role: what a
// trust policy naming one session of it is indexed under.
func sessionsOf(account, roleName string) string { return arn.AssumedRole(account, roleName, "") }

// policyFlags say what a compiled policy's conditions test.
type policyFlags uint8

const (
	// flagSuppliable: a condition tests a key the caller of AssumeRole
	// controls (see suppliable), so a witness may change the answer.
	flagSuppliable policyFlags = 1 << iota
	// flagSession: a condition tests a key that a console session sets
	// and long-term keys do not (MFA, token issue time), so the console's
	// answer may differ from the API's.
	flagSession
)

// flagsOf reads what p's conditions test, once per compiled policy.
func (st *state) flagsOf(p *policy.Policy) policyFlags {
	if f, ok := st.flags[p]; ok {
		return f
	}
	var f policyFlags
	for _, s := range p.Document().Statements {
		for _, c := range s.Conditions {
			k := strings.ToLower(c.Key)
			if suppliableKey(k) {
				f |= flagSuppliable
			}
			switch k {
			case "aws:multifactorauthpresent", "aws:multifactorauthage", "aws:tokenissuetime":
				f |= flagSession
			}
		}
	}
	st.flags[p] = f
	return f
}

// setFlags is what any policy of a principal's set, or the target's trust
// policy, tests.
func (st *state) setFlags(p, r *principal) policyFlags {
	f := st.flagsOf(r.target.Trust)
	for _, ps := range [][]*policy.Policy{p.set.Identity, p.set.Boundary, p.set.Session} {
		for _, pol := range ps {
			f |= st.flagsOf(pol)
		}
	}
	return f
}

// precompute reads the flags of every policy of p (and of its trust
// policy), so that weighing edges in parallel only reads flags.
func (st *state) precompute(p *principal) {
	if p.target != nil {
		st.flagsOf(p.target.Trust)
	}
	if p.set != nil {
		for _, ps := range [][]*policy.Policy{p.set.Identity, p.set.Boundary, p.set.Session} {
			for _, pol := range ps {
				st.flagsOf(pol)
			}
		}
	}
}
