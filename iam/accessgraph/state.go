package accessgraph

import (
	"strings"

	"iamconsole/iam"
	"iamconsole/iam/policy"
	"iamconsole/store"
)

// account is an account of the organization.
type account struct {
	id, alias, name string
	management      bool
}

// label is how the account is shown: its alias, else its ID.
func (a *account) label() string {
	if a.alias != "" {
		return a.alias
	}
	return a.id
}

// principal is an IAM user or role, with everything the engine weighs for
// it as a caller and, for a role, as a target.
type principal struct {
	id      string // unique ID (AIDA…, AROA…): the node's key
	user    bool
	account string
	name    string
	path    string
	arn     string
	// caller is the principal as the engine sees it asking: the user with
	// long-term credentials, or a session of the role.
	caller *iam.Caller
	set    *policy.Set
	tags   map[string]string
	// grants are the sts:AssumeRole grants of its identity policies, to
	// pass over roles its policies cannot reach.
	grants []*policyGrants
	// For the incremental update: a user's groups; the managed policies
	// attached to it and its boundary.
	groups   []string
	policies []string
	boundary string

	// Roles only.
	role   *store.Role
	target *iam.AssumeTarget
	refs   []trustRef
}

// group is a group of users, for the incremental update.
type group struct {
	id, account, name string
	members           map[string]bool
	policies          []string // attached managed policies
}

// refKind is how a trust policy names a principal.
type refKind uint8

const (
	refAny       refKind = iota // "AWS": "*"
	refAccount                  // an account ID or root ARN
	refID                       // a user's or role's unique ID
	refARN                      // a user's or role's ARN
	refSession                  // an assumed-role session ARN: value is the role ARN, name the session
	refService                  // an AWS service principal
	refFederated                // a SAML or OIDC provider
)

// trustRef is one principal that an Allow statement of a trust policy names.
type trustRef struct {
	kind  refKind
	value string
	name  string // refSession: the session name
	// action is the statement's action for service and federated
	// principals (sts:AssumeRole, sts:AssumeRoleWithWebIdentity …).
	action string
}

// state is the graph: principals, groups, the trust indexes, and the edges.
type state struct {
	gen      uint64
	accounts map[string]*account
	prins    map[string]*principal            // unique ID → principal
	byARN    map[string]string                // ARN → unique ID
	byAcct   map[string]map[string]*principal // account → unique ID → principal
	groups   map[string]*group
	// policyRefs: a managed policy ARN → the entities it is attached to or
	// bounds ("u:", "g:", "r:" + unique ID).
	policyRefs map[string]map[string]bool

	// Roles by what their trust policies name.
	trustAny    map[string]bool
	trustByAcct map[string]map[string]bool
	trustByID   map[string]map[string]bool
	trustByARN  map[string]map[string]bool
	// out and in hold the edges by their ends' keys. A principal's key is
	// its unique ID; other nodes' keys are their IDs with a kind prefix
	// (see nodeKey).
	out map[string]map[string]*Edge
	in  map[string]map[string]*Edge
	// resources are the nodes sources contribute, by ARN.
	resources map[string]Resource

	grantCache map[*policy.Policy]*policyGrants
	grants     int // policyGrants made, for their IDs
	// sigs groups each account's principals by the sts:AssumeRole grants
	// of their identity policies (see sigKey); principals without any are
	// in no group.
	sigs map[string]*sigIndex
	// flags caches what each compiled policy's conditions test (see
	// policyFlags).
	flags map[*policy.Policy]policyFlags
}

// sigGroup is the principals of an account whose identity policies grant
// sts:AssumeRole alike.
type sigGroup struct {
	grants  []*policyGrants
	members map[string]*principal
}

// sigIndex is an account's sigGroups, indexed by the literal start of the
// resource part of their patterns ("role/team-05-" for
// arn:aws:iam::*:role/team-05-*), so that a role meets only the groups
// whose patterns can match its ARN.
type sigIndex struct {
	groups map[string]*sigGroup
	// prefixes: literal start → groups with a pattern starting so (with
	// how many of their patterns do).
	prefixes map[string]map[*sigGroup]int
	// general are the groups with a pattern that cannot be indexed so
	// ("*", a resource through a variable, not shaped like an ARN).
	general map[*sigGroup]bool
}

// add indexes a new group.
func (x *sigIndex) add(g *sigGroup) {
	x.each(g, func(lit string, ok bool) {
		if !ok {
			x.general[g] = true
			return
		}
		m, found := x.prefixes[lit]
		if !found {
			m = map[*sigGroup]int{}
			x.prefixes[lit] = m
		}
		m[g]++
	})
}

// remove drops a group from the index.
func (x *sigIndex) remove(g *sigGroup) {
	delete(x.general, g)
	x.each(g, func(lit string, ok bool) {
		if m := x.prefixes[lit]; ok && m != nil {
			if m[g]--; m[g] <= 0 {
				delete(m, g)
			}
			if len(m) == 0 {
				delete(x.prefixes, lit)
			}
		}
	})
}

// each calls fn with the literal start of every pattern of g, ok false
// for one that cannot be indexed.
func (x *sigIndex) each(g *sigGroup, fn func(lit string, ok bool)) {
	for _, gr := range g.grants {
		if gr.any {
			fn("", false)
		}
		for _, p := range gr.patterns {
			fn(resourceLiteral(p))
		}
	}
}

// candidates calls fn with every group that may grant assuming roleARN
// (a superset: the caller checks each with grantsMatch).
func (x *sigIndex) candidates(roleARN string, fn func(g *sigGroup)) {
	for g := range x.general {
		fn(g)
	}
	seg, ok := resourceLiteral(roleARN)
	if !ok {
		return
	}
	for i := 0; i <= len(seg); i++ {
		for g := range x.prefixes[seg[:i]] {
			if !x.general[g] {
				fn(g)
			}
		}
	}
}

// resourceLiteral is the literal start of the resource part (after the
// fifth colon) of an ARN pattern, up to its first wildcard; ok is false for
// a pattern not shaped like an ARN.
func resourceLiteral(pattern string) (string, bool) {
	n := 0
	for i := 0; i < len(pattern); i++ {
		if pattern[i] != ':' {
			continue
		}
		if n++; n == 5 {
			seg := pattern[i+1:]
			if j := strings.IndexAny(seg, "*?"); j >= 0 {
				seg = seg[:j]
			}
			return seg, true
		}
	}
	return "", false
}

func newState() *state {
	return &state{accounts: map[string]*account{}, prins: map[string]*principal{}, byARN: map[string]string{},
		byAcct: map[string]map[string]*principal{}, groups: map[string]*group{}, policyRefs: map[string]map[string]bool{},
		trustAny: map[string]bool{}, trustByAcct: map[string]map[string]bool{}, trustByID: map[string]map[string]bool{},
		trustByARN: map[string]map[string]bool{}, out: map[string]map[string]*Edge{}, in: map[string]map[string]*Edge{},
		resources: map[string]Resource{}, grantCache: map[*policy.Policy]*policyGrants{},
		sigs: map[string]*sigIndex{}, flags: map[*policy.Policy]policyFlags{}}
}

// Keys of the nodes that are not principals.
const (
	keyService   = "service:"
	keyFederated = "federated:"
	keyExternal  = "external:"
)

// addSet adds v to the set held in m under k.
func addSet(m map[string]map[string]bool, k, v string) {
	s, ok := m[k]
	if !ok {
		s = map[string]bool{}
		m[k] = s
	}
	s[v] = true
}

// delSet removes v from the set held in m under k.
func delSet(m map[string]map[string]bool, k, v string) {
	if s, ok := m[k]; ok {
		delete(s, v)
		if len(s) == 0 {
			delete(m, k)
		}
	}
}

// addPrincipal puts p into the state and its indexes (a role's trust
// indexes too); a principal of the same ID is replaced.
func (st *state) addPrincipal(p *principal) {
	st.removePrincipal(p.id, false)
	st.prins[p.id] = p
	st.byARN[p.arn] = p.id
	m, ok := st.byAcct[p.account]
	if !ok {
		m = map[string]*principal{}
		st.byAcct[p.account] = m
	}
	m[p.id] = p
	if len(p.grants) > 0 {
		k := sigKey(p.grants)
		x, ok := st.sigs[p.account]
		if !ok {
			x = &sigIndex{groups: map[string]*sigGroup{}, prefixes: map[string]map[*sigGroup]int{}, general: map[*sigGroup]bool{}}
			st.sigs[p.account] = x
		}
		g, ok := x.groups[k]
		if !ok {
			g = &sigGroup{grants: p.grants, members: map[string]*principal{}}
			x.groups[k] = g
			x.add(g)
		}
		g.members[p.id] = p
	}
	prefix := "u:"
	if !p.user {
		prefix = "r:"
	}
	for _, a := range p.policies {
		addSet(st.policyRefs, a, prefix+p.id)
	}
	if p.boundary != "" {
		addSet(st.policyRefs, p.boundary, prefix+p.id)
	}
	for _, g := range p.groups {
		if gr := st.groups[g]; gr != nil {
			gr.members[p.id] = true
		}
	}
	for _, r := range p.refs {
		switch r.kind {
		case refAny:
			st.trustAny[p.id] = true
		case refAccount:
			addSet(st.trustByAcct, r.value, p.id)
		case refID:
			addSet(st.trustByID, r.value, p.id)
		case refARN, refSession:
			addSet(st.trustByARN, r.value, p.id)
		}
	}
}

// removePrincipal takes the principal id out of the state and its indexes;
// with edges, its edges go too.
func (st *state) removePrincipal(id string, edges bool) {
	p, ok := st.prins[id]
	if !ok {
		return
	}
	delete(st.prins, id)
	if st.byARN[p.arn] == id {
		delete(st.byARN, p.arn)
	}
	if m := st.byAcct[p.account]; m != nil {
		delete(m, id)
	}
	if len(p.grants) > 0 {
		k := sigKey(p.grants)
		if x := st.sigs[p.account]; x != nil {
			if g := x.groups[k]; g != nil {
				delete(g.members, id)
				if len(g.members) == 0 {
					delete(x.groups, k)
					x.remove(g)
				}
			}
		}
	}
	prefix := "u:"
	if !p.user {
		prefix = "r:"
	}
	for _, a := range p.policies {
		delSet(st.policyRefs, a, prefix+id)
	}
	if p.boundary != "" {
		delSet(st.policyRefs, p.boundary, prefix+id)
	}
	for _, g := range p.groups {
		if gr := st.groups[g]; gr != nil {
			delete(gr.members, id)
		}
	}
	for _, r := range p.refs {
		switch r.kind {
		case refAny:
			delete(st.trustAny, id)
		case refAccount:
			delSet(st.trustByAcct, r.value, id)
		case refID:
			delSet(st.trustByID, r.value, id)
		case refARN, refSession:
			delSet(st.trustByARN, r.value, id)
		}
	}
	if edges {
		st.dropOut(id)
		st.dropIn(id)
	}
}

// putEdge stores e under its ends' keys.
func (st *state) putEdge(e *Edge) {
	from, to := e.from, e.to
	m, ok := st.out[from]
	if !ok {
		m = map[string]*Edge{}
		st.out[from] = m
	}
	m[to] = e
	m, ok = st.in[to]
	if !ok {
		m = map[string]*Edge{}
		st.in[to] = m
	}
	m[from] = e
}

// dropOut removes every edge leaving key.
func (st *state) dropOut(key string) {
	for to := range st.out[key] {
		if m := st.in[to]; m != nil {
			delete(m, key)
			if len(m) == 0 {
				delete(st.in, to)
			}
		}
	}
	delete(st.out, key)
}

// dropIn removes every edge reaching key.
func (st *state) dropIn(key string) {
	for from := range st.in[key] {
		if m := st.out[from]; m != nil {
			delete(m, key)
			if len(m) == 0 {
				delete(st.out, from)
			}
		}
	}
	delete(st.in, key)
}

// isBoundID reports whether a principal value is a user's or role's unique
// ID, as IAM stores the principals of a trust policy.
func isBoundID(v string) bool {
	return len(v) == 21 && (strings.HasPrefix(v, iam.PrefixUser) || strings.HasPrefix(v, iam.PrefixRole))
}
