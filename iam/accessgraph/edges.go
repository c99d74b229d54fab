package accessgraph

import (
	"maps"
	"slices"
	"time"

	"iamconsole/iam"
	"iamconsole/iam/catalog"
	"iamconsole/iam/policy"
)

// builder computes edges with the kernel's engine.
type builder struct {
	k   *iam.Service
	st  *state
	now time.Time
}

// candidate is a possible source of an edge to a role: named by the
// role's trust policy directly (by ID, ARN or "*" in its own account), so
// that the trust policy alone may allow it, or through its account.
type candidate struct {
	p       *principal
	direct  bool
	session string // a session name the trust policy names for it
}

// edgesInto computes every edge reaching role r afresh.
func (b *builder) edgesInto(r *principal) {
	b.st.dropIn(r.id)
	for _, e := range b.into(r) {
		b.st.putEdge(e)
	}
}

// into computes every edge reaching role r. It only reads the state, so
// that roles can be weighed in parallel.
func (b *builder) into(r *principal) []*Edge {
	st := b.st
	if r.target == nil {
		return nil
	}
	var out []*Edge
	cands := map[string]*candidate{}
	consider := func(p *principal, direct bool, session string) {
		if p == nil || p.set == nil {
			return
		}
		direct = direct && p.account == r.account
		if !direct && !p.grantsMatch(r.arn) {
			return
		}
		c, ok := cands[p.id]
		if !ok {
			c = &candidate{p: p}
			cands[p.id] = c
		}
		c.direct = c.direct || direct
		if session != "" {
			c.session = session
		}
	}
	byAccount := func(acct string) {
		x := st.sigs[acct]
		if x == nil {
			return
		}
		seen := map[*sigGroup]bool{}
		x.candidates(r.arn, func(g *sigGroup) {
			if seen[g] {
				return
			}
			seen[g] = true
			if grantsMatch(g.grants, r.arn) {
				for _, p := range g.members {
					consider(p, false, "")
				}
			}
		})
	}
	for _, ref := range r.refs {
		switch ref.kind {
		case refAny:
			for acct := range st.accounts {
				if acct == r.account {
					for _, p := range st.byAcct[acct] {
						consider(p, true, "")
					}
				} else {
					byAccount(acct)
				}
			}
			out = append(out, b.trustEdge(keyExternal+"*", r))
		case refAccount:
			if _, ok := st.accounts[ref.value]; ok {
				byAccount(ref.value)
			} else {
				out = append(out, b.trustEdge(keyExternal+ref.value, r))
			}
		case refID:
			consider(st.prins[ref.value], true, "")
		case refARN:
			consider(st.prins[st.byARN[ref.value]], true, "")
		case refSession:
			for _, p := range st.byAcct[accountOfSessions(ref.value)] {
				if !p.user && sessionsOf(p.account, p.name) == ref.value {
					consider(p, true, ref.name)
				}
			}
		case refService:
			if e := b.serviceEdge(keyService+ref.value, r, ref, policy.Principal{Type: policy.PrincipalService, Service: ref.value}); e != nil {
				out = append(out, e)
			}
		case refFederated:
			if e := b.serviceEdge(keyFederated+ref.value, r, ref, policy.Principal{Type: policy.PrincipalFederated, Service: ref.value, ARN: ref.value}); e != nil {
				out = append(out, e)
			}
		}
	}
	for _, c := range cands {
		if e := b.pair(c.p, r, c.session); e != nil {
			out = append(out, e)
		}
	}
	return out
}

// edgesFrom computes every edge leaving principal p afresh.
func (b *builder) edgesFrom(p *principal) {
	st := b.st
	st.dropOut(p.id)
	if p.set == nil {
		return
	}
	type cand struct {
		direct  bool
		session string
	}
	cands := map[string]*cand{}
	consider := func(ids map[string]bool, direct bool, session string) {
		for id := range ids {
			r := st.prins[id]
			if r == nil || r.target == nil {
				continue
			}
			d := direct && p.account == r.account
			if !d && !p.grantsMatch(r.arn) {
				continue
			}
			c, ok := cands[id]
			if !ok {
				c = &cand{}
				cands[id] = c
			}
			c.direct = c.direct || d
			if session != "" {
				c.session = session
			}
		}
	}
	consider(st.trustAny, true, "")
	consider(st.trustByAcct[p.account], false, "")
	consider(st.trustByID[p.id], true, "")
	consider(st.trustByARN[p.arn], true, "")
	if !p.user {
		for id := range st.trustByARN[sessionsOf(p.account, p.name)] {
			if r := st.prins[id]; r != nil {
				for _, ref := range r.refs {
					if ref.kind == refSession && ref.value == sessionsOf(p.account, p.name) {
						consider(map[string]bool{id: true}, true, ref.name)
					}
				}
			}
		}
	}
	for id, c := range cands {
		r := st.prins[id]
		if e := b.pair(p, r, c.session); e != nil {
			st.putEdge(e)
		}
	}
}

// grantsMatch reports whether any of gs may allow assuming roleARN.
func grantsMatch(gs []*policyGrants, roleARN string) bool {
	for _, g := range gs {
		if g.matches(roleARN) {
			return true
		}
	}
	return false
}

// pair decides whether p can assume r, and with what: first the request as
// it stands, then with the witnesses the policies' conditions suggest. It
// returns nil when the engine refuses every one.
func (b *builder) pair(p, r *principal, session string) *Edge {
	base := Needs{SessionName: session}
	d, ok := b.allowed(p, r, base)
	needs := base
	if !ok {
		found := false
		for _, w := range b.witnesses(p, r, base) {
			if d, ok = b.allowed(p, r, w); ok {
				needs, d = b.minimize(p, r, w, base)
				found = true
				break
			}
		}
		if !found {
			return nil
		}
	}
	e := &Edge{From: p.arn, To: r.arn, from: p.id, to: r.id, Kind: EdgeAssume, Chain: !p.user, Needs: needs, Grants: grantsIn(d, r)}
	e.MaxSessionSeconds = r.role.MaxSessionDuration
	if e.MaxSessionSeconds <= 0 {
		e.MaxSessionSeconds = ChainedSessionSeconds
	}
	if e.Chain {
		e.MaxSessionSeconds = min(e.MaxSessionSeconds, ChainedSessionSeconds)
	}
	if p.user && needs.ConsoleCapable() && len(r.path)-1+len(r.name) <= 64 {
		// The console's request differs from the API's only in the keys of
		// a session (MFA, token issue time): without a condition on those
		// the engine answers both alike.
		e.Console = b.st.setFlags(p, r)&flagSession == 0 || b.consoleAllows(p, r, needs)
	}
	return e
}

// allowed asks the engine whether p may assume r with needs, as STS asks:
// sts:AssumeRole, and sts:TagSession when the request carries tags, and
// sts:SetSourceIdentity when it carries a source identity.
func (b *builder) allowed(p, r *principal, n Needs) (policy.Decision, bool) {
	c, cx := b.request(p, n)
	d, err := b.k.DecideAssumeWith(c, p.set, p.tags, r.target, assumeAction, cx)
	if err != nil {
		return d, false
	}
	if len(n.Tags) > 0 {
		if _, err := b.k.DecideAssumeWith(c, p.set, p.tags, r.target, catalog.STSTagSession.String(), cx); err != nil {
			return d, false
		}
	}
	if n.SourceIdentity != "" {
		if _, err := b.k.DecideAssumeWith(c, p.set, p.tags, r.target, catalog.STSSetSourceIdentity.String(), cx); err != nil {
			return d, false
		}
	}
	return d, true
}

// request is the caller and the context keys of p's AssumeRole request
// carrying n, as STS builds them: the user with its access keys, or a
// session of the role (whose MFA carries over from its own session).
func (b *builder) request(p *principal, n Needs) (*iam.Caller, map[string][]string) {
	c := p.caller
	name := n.SessionName
	if name == "" {
		name = p.name
	}
	cx := map[string][]string{"sts:RoleSessionName": {name}}
	if n.ExternalID != "" {
		cx["sts:ExternalId"] = []string{n.ExternalID}
	}
	if n.SourceIdentity != "" {
		cx["sts:SourceIdentity"] = []string{n.SourceIdentity}
	}
	if n.MFA {
		if p.user {
			cx["aws:MultiFactorAuthPresent"] = []string{"true"}
			cx["aws:MultiFactorAuthAge"] = []string{"0"}
		} else {
			cp := *c
			cp.MFA, cp.MFAAuthTime = true, b.now
			c = &cp
		}
	}
	if n.SourceIP != "" {
		cp := *c
		cp.SourceIP = n.SourceIP
		c = &cp
	}
	if len(n.Tags) > 0 {
		keys := slices.Sorted(maps.Keys(n.Tags))
		for _, k := range keys {
			cx["aws:RequestTag/"+k] = []string{n.Tags[k]}
		}
		cx["aws:TagKeys"] = keys
	}
	if len(n.TransitiveTagKeys) > 0 {
		cx["sts:TransitiveTagKeys"] = n.TransitiveTagKeys
	}
	return c, cx
}

// consoleAllows asks the engine whether the console's Switch Role lets p
// into r with MFA as n asks: the console session's caller (temporary
// credentials, MFA from the sign-in) and the session named after the user.
func (b *builder) consoleAllows(p, r *principal, n Needs) bool {
	c := *p.caller
	c.Console, c.Temporary, c.IssuedAt = true, true, b.now
	if n.MFA {
		c.MFA, c.MFAAuthTime = true, b.now
	}
	c.SourceIP = n.SourceIP
	_, err := b.k.DecideAssumeWith(&c, p.set, p.tags, r.target, assumeAction, map[string][]string{"sts:RoleSessionName": {p.name}})
	return err == nil
}

// witnesses are the requests worth trying when the plain one is refused:
// for each Allow statement of the trust policy, the values its conditions
// want, merged with what the caller's own policies and every Deny want.
func (b *builder) witnesses(p, r *principal, base Needs) []Needs {
	trust := r.target.Trust
	if b.st.setFlags(p, r)&flagSuppliable == 0 {
		return nil
	}
	v := vars{p: p}
	var common Needs
	for _, ps := range [][]*policy.Policy{p.set.Identity, p.set.Boundary} {
		for _, pol := range ps {
			for _, s := range pol.Document().Statements {
				if statementActs(s, assumeAction) {
					v.witness(&common, s)
				}
			}
		}
	}
	for _, s := range trust.Document().Statements {
		if s.Effect == "Deny" {
			v.witness(&common, s)
		}
	}
	var out []Needs
	for _, s := range trust.Document().Statements {
		if s.Effect != "Allow" {
			continue
		}
		w := base
		v.witness(&w, s)
		out = append(out, merge(w, common))
	}
	if len(out) == 0 {
		out = append(out, merge(base, common))
	}
	return out
}

// merge adds to n what m asks for and n does not set.
func merge(n, m Needs) Needs {
	out := n.Union(m)
	return out
}

// minimize drops from w every need without which the engine still
// allows, in a fixed order, and returns what is left with the final
// decision.
func (b *builder) minimize(p, r *principal, w, base Needs) (Needs, policy.Decision) {
	try := func(n Needs) bool {
		_, ok := b.allowed(p, r, n)
		if ok {
			w = n
		}
		return ok
	}
	if w.MFA {
		n := w
		n.MFA = false
		try(n)
	}
	if w.ExternalID != "" {
		n := w
		n.ExternalID = ""
		try(n)
	}
	if w.SourceIdentity != "" {
		n := w
		n.SourceIdentity = ""
		try(n)
	}
	if w.SessionName != base.SessionName {
		n := w
		n.SessionName = base.SessionName
		try(n)
	}
	if w.SourceIP != "" {
		n := w
		n.SourceIP = ""
		try(n)
	}
	if len(w.TransitiveTagKeys) > 0 {
		n := w
		n.TransitiveTagKeys = nil
		try(n)
	}
	for _, k := range slices.Sorted(maps.Keys(w.Tags)) {
		n := w
		n.Tags = maps.Clone(w.Tags)
		delete(n.Tags, k)
		if len(n.Tags) == 0 {
			n.Tags = nil
		}
		if slices.Contains(n.TransitiveTagKeys, k) {
			continue
		}
		try(n)
	}
	d, _ := b.allowed(p, r, w)
	return w, d
}

// grantsIn lists the Allow statements that a decision matched; a trust
// policy is named as the kernel names role r's.
func grantsIn(d policy.Decision, r *principal) []Grant {
	var out []Grant
	for _, m := range d.Matched {
		if m.Effect != "Allow" {
			continue
		}
		g := Grant{Layer: m.Layer.String(), Policy: m.Policy, Statement: m.Statement, Sid: m.Sid}
		if m.Layer == policy.LayerTrust && r != nil {
			g.Policy = trustLabel(r.arn)
		}
		out = append(out, g)
	}
	return out
}

// serviceEdge adds the edge from a service or federated principal to r
// when the trust policy allows it, which alone decides for principals
// that have no policies of their own: the engine's rule, asked of the
// policy engine directly, since the kernel has no caller of that kind.
func (b *builder) serviceEdge(key string, r *principal, ref trustRef, pr policy.Principal) *Edge {
	set := &policy.Set{Resource: r.target.Trust, Trust: true}
	ask := func(n Needs) (policy.Decision, bool) {
		cx := b.k.RequestContext(&iam.Caller{}, nil)
		for k, v := range n.Keys {
			cx.Set(k, v)
		}
		d := policy.Explain(&policy.Request{Principal: pr, Action: ref.action, Resource: r.arn, ResourceAccount: r.account, Context: cx}, set)
		return d, d.Effect == policy.Allow
	}
	needs := Needs{}
	d, ok := ask(needs)
	if !ok {
		v := vars{}
		for _, s := range r.target.Trust.Document().Statements {
			w := Needs{}
			v.keysWitness(&w, s)
			if len(w.Keys) == 0 {
				continue
			}
			if d, ok = ask(w); ok {
				needs = w
				break
			}
		}
		if !ok {
			return nil
		}
	}
	return &Edge{From: b.st.node(key).ID, To: r.arn, from: key, to: r.id, Kind: EdgeAssume, Needs: needs, Grants: grantsIn(d, r),
		MaxSessionSeconds: r.role.MaxSessionDuration}
}

// trustEdge adds the edge from an account outside the organization (or
// every account) that r's trust policy names: what that account's
// principals may do is for its own policies to say.
func (b *builder) trustEdge(key string, r *principal) *Edge {
	needs := Needs{}
	v := vars{}
	for _, s := range r.target.Trust.Document().Statements {
		if s.Effect == "Allow" {
			v.witness(&needs, s)
			break
		}
	}
	return &Edge{From: b.st.node(key).ID, To: r.arn, from: key, to: r.id, Kind: EdgeTrust, Needs: needs, MaxSessionSeconds: r.role.MaxSessionDuration}
}

// accountOfSessions is the account of a sessionsOf prefix.
func accountOfSessions(prefix string) string {
	// arn:aws:sts::ACCOUNT:assumed-role/NAME/
	const head = "arn:aws:sts::"
	if len(prefix) < len(head)+12 {
		return ""
	}
	return prefix[len(head) : len(head)+12]
}
