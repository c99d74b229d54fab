package accessgraph

import (
	"context"
	"slices"
	"strings"

	"iamconsole/iam"
	"iamconsole/iam/arn"
	"iamconsole/iam/catalog"
	"iamconsole/iam/policy"
)

// Reach is one answer of a reachability question: a node, and the
// shortest path of edges between it and the node asked about, in the
// order they are taken.
type Reach struct {
	Node Node   `json:"node"`
	Path []Edge `json:"path"`
	// Needs is everything the path needs (a chained session carries the
	// MFA and source identity of the first hop on).
	Needs Needs `json:"needs"`
	// Chain: the path takes more than one hop, so the console cannot take
	// it (the console never chains) and the last session lasts at most
	// an hour.
	Chain bool `json:"chain,omitempty"`
	// MaxSessionSeconds is the longest session of the path's last role.
	MaxSessionSeconds int `json:"maxSessionSeconds"`
}

// Scope is the part of the organization a caller may look at: all of it
// from the management account, else its own account's principals and
// roles and the edges that touch them.
type Scope struct {
	All     bool
	Account string
}

// ScopeFor authorizes c to look at the graph (iam:GetAccountAuthorizationDetails,
// which reads the same configuration) and says how much of it: a caller of
// the management account sees the organization.
func (s *Service) ScopeFor(ctx context.Context, c *iam.Caller) (Scope, error) {
	if err := s.k.Authorize(ctx, c, catalog.IAMGetAccountAuthorizationDetails.String(), "*"); err != nil {
		return Scope{}, err
	}
	sc := Scope{Account: c.AccountID}
	err := s.view(ctx, func(st *state) error {
		if a := st.accounts[c.AccountID]; a != nil && a.management {
			sc.All = true
		}
		return nil
	})
	return sc, err
}

// sees reports whether an edge is in the scope.
func (sc Scope) sees(st *state, e *Edge) bool {
	return sc.All || st.accountOf(e.from) == sc.Account || st.accountOf(e.to) == sc.Account
}

// accountOf is the account of the node key k, "" for nodes of none.
func (st *state) accountOf(k string) string {
	if p := st.prins[k]; p != nil {
		return p.account
	}
	if acct, ok := strings.CutPrefix(k, keyExternal); ok {
		return acct
	}
	return ""
}

// keyOf finds the node key of a node ID (an ARN, a service principal …).
func (st *state) keyOf(id string) (string, bool) {
	if k, ok := st.byARN[id]; ok {
		return k, true
	}
	if k := keyService + id; st.out[k] != nil {
		return k, true
	}
	if k := keyFederated + id; st.out[k] != nil {
		return k, true
	}
	if a, err := arn.Parse(id); err == nil && a.Resource == "root" {
		if k := keyExternal + a.Account; st.out[k] != nil {
			return k, true
		}
	}
	if id == "*" && st.out[keyExternal+"*"] != nil {
		return keyExternal + "*", true
	}
	return "", false
}

// node describes the node of key k.
func (st *state) node(k string) Node {
	if p := st.prins[k]; p != nil {
		n := Node{ID: p.arn, Kind: KindUser, Label: p.name, Account: p.account}
		if !p.user {
			n.Kind = KindRole
		}
		return n
	}
	switch {
	case strings.HasPrefix(k, keyService):
		v := k[len(keyService):]
		return Node{ID: v, Kind: KindService, Label: v}
	case strings.HasPrefix(k, keyFederated):
		v := k[len(keyFederated):]
		label := v
		if i := strings.LastIndexByte(v, '/'); i >= 0 {
			label = v[i+1:]
		}
		return Node{ID: v, Kind: KindFederated, Label: label}
	case strings.HasPrefix(k, keyExternal):
		v := k[len(keyExternal):]
		if v == "*" {
			return Node{ID: "*", Kind: KindExternal, Label: "Any AWS account"}
		}
		return Node{ID: arn.Root(v), Kind: KindExternal, Label: v + " (outside the organization)", Account: v}
	}
	return Node{ID: k, Label: k}
}

// export is e as the graph's users see it: its ends named by node ID
// (which edges carry from when they are made).
func (st *state) export(e *Edge) Edge {
	out := *e
	out.from, out.to = "", ""
	return out
}

// WhoCanReach answers who can reach the role roleARN, directly or through
// chains of roles, each with its shortest path, nearest first. Trust in
// accounts outside the organization is listed too (EdgeTrust).
func (s *Service) WhoCanReach(ctx context.Context, sc Scope, roleARN string) ([]Reach, error) {
	var out []Reach
	err := s.view(ctx, func(st *state) error {
		k, ok := st.byARN[roleARN]
		if !ok || st.prins[k].user {
			return iam.NoSuchEntity("The role with name %s cannot be found.", roleNameOf(roleARN))
		}
		out = st.bfs(sc, []string{k}, true)
		return nil
	})
	return out, err
}

// CanReach answers which roles the principal (a user or role, by ARN) can
// reach, each with its shortest path, nearest first.
func (s *Service) CanReach(ctx context.Context, sc Scope, principalARN string) ([]Reach, error) {
	var out []Reach
	err := s.view(ctx, func(st *state) error {
		k, ok := st.keyOf(principalARN)
		if !ok {
			return iam.NoSuchEntity("No user, role or service %s is in the organization's graph.", principalARN)
		}
		out = st.bfs(sc, []string{k}, false)
		return nil
	})
	return out, err
}

// bfs walks the edges from the start keys, backwards (who reaches them)
// or forwards (what they reach), and returns every node met with its
// shortest path. Trust edges end a path: nothing in the organization
// follows from an outside account.
func (st *state) bfs(sc Scope, start []string, backwards bool) []Reach {
	// visits are the nodes met, in order; seen maps a key to its visit
	// (the start keys to -1).
	type visit struct {
		key   string
		via   *Edge
		prev  int // the visit it was reached from; -1 for a start key
		depth int
	}
	hint := len(start)
	if len(start) == 1 {
		hint += len(st.in[start[0]]) + len(st.out[start[0]])
	}
	seen := make(map[string]int, hint)
	for _, k := range start {
		seen[k] = -1
	}
	var visits []visit
	frontier := slices.Clone(start)
	prevOf := make([]int, len(frontier))
	for i := range prevOf {
		prevOf[i] = -1
	}
	total := 0
	for len(frontier) > 0 {
		var next []string
		var nextPrev []int
		for fi, k := range frontier {
			nb := st.out[k]
			if backwards {
				nb = st.in[k]
			}
			from, depth := prevOf[fi], 1
			if from >= 0 {
				depth = visits[from].depth + 1
			}
			for _, o := range sortedKeys(nb) {
				e := nb[o]
				if _, ok := seen[o]; ok || !sc.sees(st, e) {
					continue
				}
				seen[o] = len(visits)
				visits = append(visits, visit{key: o, via: e, prev: from, depth: depth})
				total += depth
				if e.Kind == EdgeAssume {
					next = append(next, o)
					nextPrev = append(nextPrev, len(visits)-1)
				}
			}
		}
		frontier, prevOf = next, nextPrev
	}
	// Every path in one array: a question answered for thousands of
	// principals allocates once for their paths.
	buf := make([]Edge, total)
	out := make([]Reach, len(visits))
	for i, v := range visits {
		path := buf[:v.depth:v.depth]
		buf = buf[v.depth:]
		j := 0
		for at := i; at >= 0; at = visits[at].prev {
			path[j] = st.export(visits[at].via)
			j++
		}
		if !backwards {
			slices.Reverse(path)
		}
		r := &out[i]
		r.Node, r.Path, r.Chain = st.node(v.key), path, len(path) > 1
		for _, e := range path {
			if !e.Needs.None() {
				r.Needs = r.Needs.Union(e.Needs)
			}
		}
		r.MaxSessionSeconds = path[len(path)-1].MaxSessionSeconds
	}
	return out
}

// Access is one answer of WhoCan: a principal that can perform the action
// on the resource, itself (Path empty) or by assuming the roles of Path.
type Access struct {
	Principal Node   `json:"principal"`
	Path      []Edge `json:"path,omitempty"`
	Needs     Needs  `json:"needs"`
	// Grants are the statements that allowed the action itself.
	Grants []Grant `json:"grants,omitempty"`
}

// WhoCan answers who in the organization can perform action on resource
// (with the request's context keys cx): every user, role session and
// account root the engine allows, and every principal that can reach such
// a role through the graph. A resource a Source holds is weighed with its
// resource-based policy.
func (s *Service) WhoCan(ctx context.Context, sc Scope, action, resource string, cx map[string][]string) ([]Access, error) {
	var out []Access
	err := s.view(ctx, func(st *state) error {
		out = s.whoCan(st, sc, action, resource, cx)
		return nil
	})
	return out, err
}

func (s *Service) whoCan(st *state, sc Scope, action, resource string, cx map[string][]string) []Access {
	check := iam.Check{Action: action, Resource: resource, Context: cx}
	res, held := st.resourceOf(resource)
	if held {
		check.ResourceAccount, check.ResourcePolicy = res.Account, res.Policy
	}
	// checkFor is the question for one caller: the service's own when the
	// resource's Source gives one (its keys, its rules for other accounts).
	checkFor := func(c *iam.Caller) (iam.Check, bool) {
		if !held || res.Check == nil {
			return check, true
		}
		ch, err := res.Check(c, action, resource)
		if err != nil {
			return ch, false
		}
		for k, v := range cx {
			if ch.Context == nil {
				ch.Context = map[string][]string{}
			}
			ch.Context[k] = v
		}
		return ch, true
	}
	now, owner := s.k.Now(), resourceOwner(check, resource)
	direct := map[string]Access{}
	var roles []string
	for _, id := range sortedKeys(st.prins) {
		p := st.prins[id]
		if p.set == nil || !sc.All && p.account != sc.Account && owner != sc.Account {
			continue
		}
		pc, ok := checkFor(p.caller)
		if !ok {
			continue
		}
		d, err := s.k.DecideWith(p.caller, p.set, p.tags, pc)
		needs := Needs{}
		if err != nil && mentionsMFA(p.set, pc.ResourcePolicy) {
			c, mc := p.caller, pc
			if p.user {
				mc.Context = withMFA(pc.Context)
			} else {
				cp := *c
				cp.MFA, cp.MFAAuthTime = true, now
				c = &cp
			}
			d, err = s.k.DecideWith(c, p.set, p.tags, mc)
			needs.MFA = true
		}
		if err != nil {
			continue
		}
		direct[id] = Access{Principal: st.node(id), Needs: needs, Grants: grantsIn(d, nil)}
		if !p.user {
			roles = append(roles, id)
		}
	}
	for _, a := range st.accounts {
		if !sc.All && a.id != sc.Account && owner != sc.Account {
			continue
		}
		root := &iam.Caller{Type: iam.CallerRoot, AccountID: a.id, ARN: arn.Root(a.id), UniqueID: a.id}
		rc, ok := checkFor(root)
		if !ok {
			continue
		}
		if d, err := s.k.DecideWith(root, &policy.Set{}, nil, rc); err == nil {
			k := "root:" + a.id
			direct[k] = Access{Principal: Node{ID: arn.Root(a.id), Kind: KindAccount, Label: a.label() + " root user", Account: a.id},
				Grants: grantsIn(d, nil)}
		}
	}
	var out []Access
	for _, k := range sortedKeys(direct) {
		out = append(out, direct[k])
	}
	// Through chains: whoever reaches a role that can act, by the
	// shortest path to the nearest such role.
	for _, r := range st.bfs(sc, roles, true) {
		if r.Node.Kind == KindExternal {
			continue
		}
		k, _ := st.keyOf(r.Node.ID)
		if _, ok := direct[k]; ok {
			continue
		}
		last := r.Path[len(r.Path)-1].To
		acting := direct[st.byARN[last]]
		out = append(out, Access{Principal: r.Node, Path: r.Path, Needs: r.Needs.Union(acting.Needs), Grants: acting.Grants})
	}
	return out
}

// resourceOf finds the resource a Source holds that an ARN names: the
// resource itself, or the one holding it (an object's bucket: the ARN up to
// the resource part's first "/").
func (st *state) resourceOf(resourceARN string) (Resource, bool) {
	if r, ok := st.resources[resourceARN]; ok {
		return r, true
	}
	if i := strings.IndexByte(resourceARN, '/'); i > 0 {
		if r, ok := st.resources[resourceARN[:i]]; ok {
			return r, true
		}
	}
	return Resource{}, false
}

// resourceOwner is the account that owns the resource of check.
func resourceOwner(check iam.Check, resource string) string {
	if check.ResourceAccount != "" {
		return check.ResourceAccount
	}
	if a, err := arn.Parse(resource); err == nil {
		return a.Account
	}
	return ""
}

// mentionsMFA reports whether a condition of the principal's policies or
// the resource policy tests MFA: only then can MFA change the answer.
func mentionsMFA(set *policy.Set, res *policy.Policy) bool {
	ps := append(append(append([]*policy.Policy{}, set.Identity...), set.Boundary...), set.Session...)
	if res != nil {
		ps = append(ps, res)
	}
	for _, p := range ps {
		for _, s := range p.Document().Statements {
			for _, c := range s.Conditions {
				if k := strings.ToLower(c.Key); k == "aws:multifactorauthpresent" || k == "aws:multifactorauthage" {
					return true
				}
			}
		}
	}
	return false
}

// withMFA is cx with the keys a request made with an MFA code carries.
func withMFA(cx map[string][]string) map[string][]string {
	out := map[string][]string{"aws:MultiFactorAuthPresent": {"true"}, "aws:MultiFactorAuthAge": {"0"}}
	for k, v := range cx {
		out[k] = v
	}
	return out
}

// roleNameOf is the name at the end of a role ARN.
func roleNameOf(roleARN string) string {
	return roleARN[strings.LastIndexByte(roleARN, '/')+1:]
}

// sortedKeys lists a map's keys in order, for answers that do not depend on
// map order.
func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}
