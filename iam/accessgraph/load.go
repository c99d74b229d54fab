package accessgraph

import (
	"strconv"
	"strings"

	"iamconsole/iam"
	"iamconsole/iam/arn"
	"iamconsole/iam/managed"
	"iamconsole/iam/policy"
	"iamconsole/store"
)

// loader reads the organization's principals in bulk: a handful of queries
// per account, where the engine's own gatherers (UserPolicies,
// RolePolicies) read each principal apart. It compiles every document
// under the ID the kernel gives it, so that decisions name the same
// policies.
type loader struct {
	k  *iam.Service
	q  *store.Q
	st *state
	// cache holds the documents compiled for the graph; nil compiles
	// through the kernel's cache.
	cache *compiled
}

// compiled keeps the policies compiled for one build and hands the
// previous build's on, so that a rebuild compiles only what changed: the
// kernel's own cache is bounded below the size of a large organization.
type compiled struct {
	prev, next map[string]*policy.Policy
}

// compile compiles doc of kind k under id, as the kernel does.
func (l *loader) compile(id, doc string, k policy.Kind) (*policy.Policy, error) {
	if l.cache == nil {
		return l.k.Compile(id, doc, k)
	}
	key := strconv.Itoa(int(k)) + "\x00" + id + "\x00" + doc
	if p, ok := l.cache.next[key]; ok {
		return p, nil
	}
	p, ok := l.cache.prev[key]
	if !ok {
		var err error
		if p, err = iam.CompileDocument(id, doc, k); err != nil {
			return nil, err
		}
	}
	l.cache.next[key] = p
	return p, nil
}

// trustID labels every compiled trust policy of the graph, so that roles
// whose trust policies read alike share one; Grants name the role's own
// (see trustLabel).
const trustID = "trust policy"

// trustLabel is how the kernel names role roleARN's trust policy.
func trustLabel(roleARN string) string { return roleARN + " trust policy" }

// accountRows are one account's rows, as the store holds them.
type accountRows struct {
	users   []store.User
	groups  []store.Group
	members []store.GroupMember
	roles   []store.Role
	atts    []store.Attachment
	inline  map[string][]store.InlinePolicy // entity ID → its inline policies
	tags    map[string]map[string]string
	docs    map[string]string // customer managed policy ARN → default document
}

// fetch reads one account's users, groups, roles and their policies: a
// handful of queries, safe to run beside the other accounts' fetches.
func fetch(q *store.Q, acct string) (*accountRows, error) {
	rows := &accountRows{inline: map[string][]store.InlinePolicy{}, tags: map[string]map[string]string{}}
	var err error
	if rows.users, err = q.AccountUsers(acct); err != nil {
		return nil, err
	}
	if rows.groups, err = q.AccountGroups(acct); err != nil {
		return nil, err
	}
	if rows.members, err = q.AccountGroupMembers(acct); err != nil {
		return nil, err
	}
	if rows.roles, err = q.AccountRoles(acct); err != nil {
		return nil, err
	}
	if rows.atts, err = q.AccountAttachments(acct); err != nil {
		return nil, err
	}
	users, groups, roles := rows.users, rows.groups, rows.roles
	uids, gids, rids := make([]string, len(users)), make([]string, len(groups)), make([]string, len(roles))
	for i := range users {
		uids[i] = users[i].ID
	}
	for i := range groups {
		gids[i] = groups[i].ID
	}
	for i := range roles {
		rids[i] = roles[i].ID
	}
	for _, step := range []struct {
		typ string
		ids []string
	}{{"user", uids}, {"group", gids}, {"role", rids}} {
		ps, err := inlineChunks(q, step.typ, step.ids)
		if err != nil {
			return nil, err
		}
		for _, p := range ps {
			rows.inline[p.EntityID] = append(rows.inline[p.EntityID], p)
		}
	}
	for _, step := range []struct {
		typ string
		ids []string
	}{{"user", uids}, {"role", rids}} {
		ts, err := tagChunks(q, step.typ, step.ids)
		if err != nil {
			return nil, err
		}
		for _, t := range ts {
			m, ok := rows.tags[t.EntityID]
			if !ok {
				m = map[string]string{}
				rows.tags[t.EntityID] = m
			}
			m[t.Key] = t.Value
		}
	}
	var customer []string
	seen := map[string]bool{}
	want := func(policyARN string) {
		if _, ok := managed.ByARN(policyARN); !ok && !seen[policyARN] {
			seen[policyARN] = true
			customer = append(customer, policyARN)
		}
	}
	for _, at := range rows.atts {
		want(at.PolicyARN)
	}
	for _, u := range users {
		if u.BoundaryARN != nil && *u.BoundaryARN != "" {
			want(*u.BoundaryARN)
		}
	}
	for _, r := range roles {
		if r.BoundaryARN != nil && *r.BoundaryARN != "" {
			want(*r.BoundaryARN)
		}
	}
	if rows.docs, err = q.DefaultDocuments(customer); err != nil {
		return nil, err
	}
	return rows, nil
}

// account puts one account's fetched rows into the state: its users,
// groups and roles with their policies compiled.
func (l *loader) account(a *store.Account, rows *accountRows) error {
	acct := a.ID
	ac := &account{id: acct, name: a.Name, management: a.Management}
	if a.Alias != nil {
		ac.alias = *a.Alias
	}
	l.st.accounts[acct] = ac
	users, groups, members, roles := rows.users, rows.groups, rows.members, rows.roles
	inline, tags, docs := rows.inline, rows.tags, rows.docs
	attached := map[string][]string{}
	for _, at := range rows.atts {
		attached[at.EntityID] = append(attached[at.EntityID], at.PolicyARN)
	}
	doc := func(policyARN string) (string, bool) {
		if mp, ok := managed.ByARN(policyARN); ok {
			return string(mp.Document), true
		}
		d, ok := docs[policyARN]
		return d, ok
	}

	gs := map[string]*group{}
	userGroups := map[string][]string{}
	for _, m := range members {
		userGroups[m.UserID] = append(userGroups[m.UserID], m.GroupID)
	}
	for _, g := range groups {
		gr := &group{id: g.ID, account: acct, name: g.Name, members: map[string]bool{}, policies: attached[g.ID]}
		gs[g.ID] = gr
		l.st.groups[g.ID] = gr
		for _, a := range gr.policies {
			addSet(l.st.policyRefs, a, "g:"+g.ID)
		}
	}
	for i := range users {
		u := &users[i]
		p := &principal{id: u.ID, user: true, account: acct, name: u.Name, path: u.Path,
			arn: arn.IAM(acct, "user", u.Path, u.Name), caller: iam.UserCaller(a, u), tags: tags[u.ID],
			groups: userGroups[u.ID], policies: attached[u.ID]}
		if p.tags == nil {
			p.tags = map[string]string{}
		}
		set := &policy.Set{}
		ok := l.identity(set, "user", u.Name, inline[u.ID], attached[u.ID], doc)
		for _, gid := range p.groups {
			if g := gs[gid]; g != nil {
				ok = l.identity(set, "group", g.name, inline[gid], nil, doc) && ok
			}
		}
		for _, gid := range p.groups {
			if g := gs[gid]; g != nil {
				ok = l.identity(set, "group", g.name, nil, g.policies, doc) && ok
			}
		}
		if u.BoundaryARN != nil && *u.BoundaryARN != "" {
			p.boundary = *u.BoundaryARN
			ok = l.boundary(set, p.boundary, doc) && ok
		}
		if ok {
			p.set = set
			p.grants = l.st.grantsFor(set)
		}
		l.st.addPrincipal(p)
	}
	for i := range roles {
		r := &roles[i]
		p := l.role(a, r)
		p.tags, p.policies = tags[r.ID], attached[r.ID]
		if p.tags == nil {
			p.tags = map[string]string{}
		}
		set := &policy.Set{}
		ok := l.identity(set, "role", r.Name, inline[r.ID], attached[r.ID], doc)
		if r.BoundaryARN != nil && *r.BoundaryARN != "" {
			p.boundary = *r.BoundaryARN
			ok = l.boundary(set, p.boundary, doc) && ok
		}
		if ok {
			p.set = set
			p.grants = l.st.grantsFor(set)
		}
		l.st.addPrincipal(p)
	}
	return nil
}

// role builds a role's principal without its policies: its session as a
// caller and itself as a target, its trust policy compiled as
// FindAssumeTarget compiles it.
func (l *loader) role(a *store.Account, r *store.Role) *principal {
	acct := a.ID
	roleARN := arn.IAM(acct, "role", r.Path, r.Name)
	c := &iam.Caller{Type: iam.CallerAssumedRole, AccountID: acct, ARN: arn.AssumedRole(acct, r.Name, r.Name),
		UniqueID: r.ID, RoleID: r.ID, RoleName: r.Name, RolePath: r.Path, RoleARN: roleARN, SessionName: r.Name,
		Temporary: true, Chained: true}
	if a.Alias != nil {
		c.AccountAlias = *a.Alias
	}
	p := &principal{id: r.ID, account: acct, name: r.Name, path: r.Path, arn: roleARN, caller: c, role: r}
	if trust, err := l.compile(trustID, r.TrustPolicy, policy.KindTrust); err == nil {
		// A trust policy that does not compile admits nobody, as
		// FindAssumeTarget refuses it.
		p.target = &iam.AssumeTarget{Role: r, ARN: roleARN, Account: acct, Trust: trust}
		p.refs = trustRefs(trust)
	}
	return p
}

// identity compiles an entity's inline and attached policies into set, as
// the kernel names them; it reports false when one does not compile (the
// engine then refuses the principal everything).
func (l *loader) identity(set *policy.Set, typ, name string, inline []store.InlinePolicy, attached []string, doc func(string) (string, bool)) bool {
	ok := true
	for _, in := range inline {
		p, err := l.compile(typ+"/"+name+"/"+in.Name, in.Document, policy.KindIdentity)
		if err != nil {
			ok = false
			continue
		}
		set.Identity = append(set.Identity, p)
	}
	for _, a := range attached {
		d, found := doc(a)
		if !found || d == "" {
			continue
		}
		p, err := l.compile(a, d, policy.KindIdentity)
		if err != nil {
			ok = false
			continue
		}
		set.Identity = append(set.Identity, p)
	}
	return ok
}

// boundary puts the permissions boundary boundaryARN in force in set.
func (l *loader) boundary(set *policy.Set, boundaryARN string, doc func(string) (string, bool)) bool {
	set.HasBoundary = true
	d, found := doc(boundaryARN)
	if !found {
		return true
	}
	p, err := l.compile(boundaryARN, d, policy.KindBoundary)
	if err != nil {
		return false
	}
	set.Boundary = []*policy.Policy{p}
	return true
}

// grantsFor lists the non-empty sts:AssumeRole grants of a set's identity
// policies.
func (st *state) grantsFor(set *policy.Set) []*policyGrants {
	var out []*policyGrants
	for _, p := range set.Identity {
		if g := st.grantsOf(p); !g.empty() {
			out = append(out, g)
		}
	}
	return out
}

// chunk is how many IDs one query names at most.
const chunk = 500

func inlineChunks(q *store.Q, typ string, ids []string) ([]store.InlinePolicy, error) {
	var out []store.InlinePolicy
	for i := 0; i < len(ids); i += chunk {
		ps, err := q.InlinePolicies(typ, ids[i:min(i+chunk, len(ids))]...)
		if err != nil {
			return nil, err
		}
		out = append(out, ps...)
	}
	return out, nil
}

func tagChunks(q *store.Q, typ string, ids []string) ([]store.Tag, error) {
	var out []store.Tag
	for i := 0; i < len(ids); i += chunk {
		ts, err := q.AccountTags(typ, ids[i:min(i+chunk, len(ids))])
		if err != nil {
			return nil, err
		}
		out = append(out, ts...)
	}
	return out, nil
}

// sigKey is a stable label for a list of grants, so that the principals
// whose policies grant alike are weighed once per role.
func sigKey(gs []*policyGrants) string {
	var b strings.Builder
	for _, g := range gs {
		b.WriteString(strconv.Itoa(g.id))
		b.WriteByte(',')
	}
	return b.String()
}
