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
	sigs map[string]map[string]*sigGroup
}

// sigGroup is the principals of an account whose identity policies grant
// sts:AssumeRole alike.
type sigGroup struct {
	grants  []*policyGrants
	members map[string]*principal
}

func newState() *state {
	return &state{accounts: map[string]*account{}, prins: map[string]*principal{}, byARN: map[string]string{},
		byAcct: map[string]map[string]*principal{}, groups: map[string]*group{}, policyRefs: map[string]map[string]bool{},
		trustAny: map[string]bool{}, trustByAcct: map[string]map[string]bool{}, trustByID: map[string]map[string]bool{},
		trustByARN: map[string]map[string]bool{}, out: map[string]map[string]*Edge{}, in: map[string]map[string]*Edge{},
		resources: map[string]Resource{}, grantCache: map[*policy.Policy]*policyGrants{},
		sigs: map[string]map[string]*sigGroup{}}
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
		groups, ok := st.sigs[p.account]
		if !ok {
			groups = map[string]*sigGroup{}
			st.sigs[p.account] = groups
		}
		g, ok := groups[k]
		if !ok {
			g = &sigGroup{grants: p.grants, members: map[string]*principal{}}
			groups[k] = g
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
		if g := st.sigs[p.account][k]; g != nil {
			delete(g.members, id)
			if len(g.members) == 0 {
				delete(st.sigs[p.account], k)
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
func (st *state) putEdge(from, to string, e *Edge) {
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
