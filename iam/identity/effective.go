package identity

import (
	"context"
	"slices"
	"sort"
	"strings"

	"iamconsole/iam"
	"iamconsole/iam/arn"
	"iamconsole/iam/catalog"
	"iamconsole/iam/policy"
	"iamconsole/store"
)

// Effective is what a principal may do, read from its policies: the
// Allow statements of its identity policies, each limited by its
// permissions boundary and its session policies (an action survives only
// where every layer allows it), less what Deny statements take away,
// grouped as the console shows it: service → access level → actions →
// resources → conditions. Conditions are listed, not evaluated: what they
// ask is for the request to meet.
type Effective struct {
	// Root: the root user, who may do anything in its own account.
	Root bool
	// Boundary is the permissions boundary's ARN, if one applies;
	// Session tells that session policies apply too.
	Boundary string
	Session  bool
	// Services are what is allowed, by service prefix ("*" alone when
	// every action of every service is).
	Services []EffectiveService
	// Denied are the explicit denies, in the same shape.
	Denied []EffectiveService
	// Unknown lists the actions the policies name that the catalog does
	// not know (a typo, or an action newer than the catalog).
	Unknown []string
	// Actions counts the actions allowed somewhere.
	Actions int
}

// EffectiveService is one service's share of an Effective.
type EffectiveService struct {
	Prefix, Name string
	// Full: every action of the service, on every resource, without
	// conditions.
	Full bool
	// Actions counts the service's actions allowed (or denied); Of is
	// how many it has.
	Actions, Of int
	Levels      []EffectiveLevel
}

// EffectiveLevel is one access level of a service.
type EffectiveLevel struct {
	Level       string // "List", "Read", "Write", "Permissions management", "Tagging"
	Actions, Of int
	Grants      []EffectiveGrant
}

// EffectiveGrant is a set of actions allowed (or denied) alike: on the
// same resources, under the same conditions.
type EffectiveGrant struct {
	Actions     []string // names without the service prefix
	Resources   []string
	NotResource bool // every resource except Resources
	Conditions  []string
	// Sources name the policies that grant it.
	Sources []string
}

// layers are a principal's policies as the summary weighs them.
type layers struct {
	identity, boundary, session []*policy.Policy
	hasBoundary, hasSession     bool
}

// EffectivePermissions summarizes what the user or role (typ "user" or
// "role") of c's account may do. Reading another principal's policies this
// way is a simulation of them: it needs iam:SimulatePrincipalPolicy on the
// principal.
func (s *Service) EffectivePermissions(ctx context.Context, c *iam.Caller, typ, name string) (*Effective, error) {
	if typ != "user" && typ != "role" {
		return nil, checkEntityType(typ)
	}
	q := s.st.Read(ctx)
	e, err := lookupEntity(q, c.AccountID, typ, name)
	if err != nil {
		return nil, err
	}
	if err := s.k.Authorize(ctx, c, catalog.IAMSimulatePrincipalPolicy.String(), e.arn); err != nil {
		return nil, err
	}
	if !e.exists {
		return nil, noSuchEntityOf(typ, name)
	}
	set, tags := &policy.Set{}, map[string]string{}
	if typ == "user" {
		err = s.k.UserPolicies(q, e.id, set, tags)
	} else {
		err = s.k.RolePolicies(q, e.id, set, tags)
	}
	if err != nil {
		return nil, err
	}
	out := *s.summarize(layers{identity: set.Identity, boundary: set.Boundary, hasBoundary: set.HasBoundary})
	out.Boundary = boundaryOf(q, typ, e.id)
	return &out, nil
}

// SessionPermissions summarizes what c itself may do: its identity
// policies with its boundary and, for a role session, the role's and the
// session's policies. A principal may always see what it is allowed, so
// it needs no permission.
func (s *Service) SessionPermissions(ctx context.Context, c *iam.Caller) (*Effective, error) {
	if c == nil {
		return nil, iam.ErrNoSession
	}
	if c.IsRoot() {
		return &Effective{Root: true}, nil
	}
	// The set authorization weighs, from the kernel's cache: the console
	// home asks after every switch.
	set, err := s.k.PolicySet(ctx, c)
	if err != nil {
		return nil, err
	}
	l := layers{identity: set.Identity, boundary: set.Boundary, hasBoundary: set.HasBoundary, session: set.Session, hasSession: set.HasSession}
	out := *s.summarize(l)
	out.Session = l.hasSession
	if set.HasBoundary {
		if len(set.Boundary) > 0 {
			out.Boundary = set.Boundary[0].ID()
		} else {
			id, typ := c.UserID, "user"
			if c.Type == iam.CallerAssumedRole {
				id, typ = c.RoleID, "role"
			}
			out.Boundary = boundaryOf(s.st.Read(ctx), typ, id)
		}
	}
	return &out, nil
}

// boundaryOf is the permissions boundary ARN of a user or role, "" if none.
func boundaryOf(q *store.Q, typ, id string) string {
	var b *string
	if typ == "user" {
		if u, err := q.UserByID(id); err == nil {
			b = u.BoundaryARN
		}
	} else if r, err := q.RoleByID(id); err == nil {
		b = r.BoundaryARN
	}
	if b == nil {
		return ""
	}
	return *b
}

// grant is one way an action is allowed (or denied) while summarizing.
type grant struct {
	resources   []string
	notResource bool
	conds       []string
	sources     []string
}

// statementGrants lists the actions a statement names, with the grant it
// makes, calling fn for each; actions the catalog does not know go to
// unknown.
func statementGrants(p *policy.Policy, st *policy.Statement, unknown map[string]bool, fn func(a *catalog.ActionInfo, g grant)) {
	g := grant{resources: st.Resource, sources: []string{p.ID()}}
	if st.NotResource != nil {
		g.resources, g.notResource = st.NotResource, true
	}
	if st.Resource == nil && st.NotResource == nil {
		g.resources = []string{"*"}
	}
	for _, c := range st.Conditions {
		g.conds = append(g.conds, c.Operator+" "+c.Key+" = "+strings.Join(c.Values, ", "))
	}
	if st.NotAction != nil {
		for _, a := range catalog.MatchActions("*") {
			if !matchesAny(st.NotAction, a.String()) {
				fn(a, g)
			}
		}
		return
	}
	for _, pat := range st.Action {
		as := catalog.MatchActions(pat)
		if len(as) == 0 && !strings.ContainsAny(pat, "*?") {
			unknown[pat] = true
		}
		for _, a := range as {
			fn(a, g)
		}
	}
}

func matchesAny(patterns []string, action string) bool {
	for _, p := range patterns {
		if arn.Glob(strings.ToLower(p), action, false, true) {
			return true
		}
	}
	return false
}

// intersect limits an identity grant by a boundary's or session policy's:
// both must allow, so both resource lists and both sets of conditions
// apply. Where both name resources, the narrower patterns are kept.
func intersect(a, b grant) grant {
	out := grant{conds: append(slices.Clone(a.conds), b.conds...), sources: append(slices.Clone(a.sources), b.sources...)}
	switch {
	case isAll(b):
		out.resources, out.notResource = a.resources, a.notResource
	case isAll(a):
		out.resources, out.notResource = b.resources, b.notResource
	case a.notResource || b.notResource:
		// Keep the positive list (or the first), and say what the other
		// takes away as a condition.
		pos, neg := a, b
		if a.notResource {
			pos, neg = b, a
		}
		out.resources, out.notResource = pos.resources, pos.notResource
		out.conds = append(out.conds, "resource not in "+strings.Join(neg.resources, ", "))
	default:
		for _, r := range a.resources {
			for _, s := range b.resources {
				switch {
				case arn.Match(s, r):
					out.resources = append(out.resources, r)
				case arn.Match(r, s):
					out.resources = append(out.resources, s)
				default:
					continue
				}
				break
			}
		}
	}
	slices.Sort(out.conds)
	out.conds = slices.Compact(out.conds)
	return out
}

func isAll(g grant) bool { return !g.notResource && slices.Contains(g.resources, "*") }

// summarizeEffective weighs a principal's layers of policies.
func summarizeEffective(l layers) *Effective {
	unknown := map[string]bool{}
	collect := func(ps []*policy.Policy, effect string, into map[*catalog.ActionInfo][]grant) map[*catalog.ActionInfo][]grant {
		if into == nil {
			into = map[*catalog.ActionInfo][]grant{}
		}
		for _, p := range ps {
			for _, st := range p.Document().Statements {
				if st.Effect != effect {
					continue
				}
				statementGrants(p, st, unknown, func(a *catalog.ActionInfo, g grant) {
					into[a] = append(into[a], g)
				})
			}
		}
		return into
	}
	allowed := collect(l.identity, "Allow", nil)
	for _, lim := range []struct {
		on bool
		ps []*policy.Policy
	}{{l.hasBoundary, l.boundary}, {l.hasSession, l.session}} {
		if !lim.on {
			continue
		}
		limits := collect(lim.ps, "Allow", nil)
		for a, gs := range allowed {
			var kept []grant
			for _, g := range gs {
				for _, b := range limits[a] {
					if ig := intersect(g, b); len(ig.resources) > 0 {
						kept = append(kept, ig)
					}
				}
			}
			if kept == nil {
				delete(allowed, a)
			} else {
				allowed[a] = kept
			}
		}
	}
	var denied map[*catalog.ActionInfo][]grant
	for _, ps := range [][]*policy.Policy{l.identity, l.boundary, l.session} {
		denied = collect(ps, "Deny", denied)
	}
	// A Deny of every resource without conditions takes the action away.
	for a, gs := range denied {
		for _, g := range gs {
			if isAll(g) && len(g.conds) == 0 {
				delete(allowed, a)
			}
		}
	}
	out := &Effective{Services: group(allowed), Denied: group(denied)}
	for _, s := range out.Services {
		out.Actions += s.Actions
	}
	// Every action of every service, unconditionally, on everything.
	if len(out.Services) > 0 && len(out.Services) == len(catalog.Services()) {
		all := true
		for _, s := range out.Services {
			all = all && s.Full
		}
		if all {
			out.Services = []EffectiveService{{Prefix: "*", Name: "All services", Full: true, Actions: out.Actions, Of: out.Actions}}
		}
	}
	for a := range unknown {
		out.Unknown = append(out.Unknown, a)
	}
	sort.Strings(out.Unknown)
	return out
}

// group arranges grants by service, access level, and grants alike.
func group(m map[*catalog.ActionInfo][]grant) []EffectiveService {
	bySvc := map[*catalog.ServiceInfo]map[catalog.AccessLevel]map[string]*EffectiveGrant{}
	counts := map[*catalog.ServiceInfo]map[catalog.AccessLevel]int{}
	full := map[*catalog.ServiceInfo]int{}
	for a, gs := range m {
		svc := a.Service
		if bySvc[svc] == nil {
			bySvc[svc] = map[catalog.AccessLevel]map[string]*EffectiveGrant{}
			counts[svc] = map[catalog.AccessLevel]int{}
		}
		if bySvc[svc][a.AccessLevel] == nil {
			bySvc[svc][a.AccessLevel] = map[string]*EffectiveGrant{}
		}
		counts[svc][a.AccessLevel]++
		unconditional := false
		for _, g := range merge(gs) {
			unconditional = unconditional || isAll(g) && len(g.conds) == 0
			key := strings.Join(g.resources, "\x00") + "\x01" + boolKey(g.notResource) + "\x01" + strings.Join(g.conds, "\x00")
			eg, ok := bySvc[svc][a.AccessLevel][key]
			if !ok {
				eg = &EffectiveGrant{Resources: g.resources, NotResource: g.notResource, Conditions: g.conds}
				bySvc[svc][a.AccessLevel][key] = eg
			}
			eg.Actions = append(eg.Actions, a.Name)
			for _, src := range g.sources {
				if !slices.Contains(eg.Sources, src) {
					eg.Sources = append(eg.Sources, src)
				}
			}
		}
		if unconditional {
			full[svc]++
		}
	}
	var out []EffectiveService
	for svc, levels := range bySvc {
		es := EffectiveService{Prefix: svc.Prefix, Name: svc.Name, Of: len(svc.Actions)}
		of := map[catalog.AccessLevel]int{}
		for _, a := range svc.Actions {
			of[a.AccessLevel]++
		}
		for lv := catalog.LevelList; lv <= catalog.LevelTagging; lv++ {
			grants := levels[lv]
			if len(grants) == 0 {
				continue
			}
			el := EffectiveLevel{Level: lv.String(), Actions: counts[svc][lv], Of: of[lv]}
			for _, g := range grants {
				sort.Strings(g.Actions)
				el.Grants = append(el.Grants, *g)
			}
			sort.Slice(el.Grants, func(i, j int) bool { return el.Grants[i].Actions[0] < el.Grants[j].Actions[0] })
			es.Actions += el.Actions
			es.Levels = append(es.Levels, el)
		}
		es.Full = full[svc] == len(svc.Actions)
		out = append(out, es)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Prefix < out[j].Prefix })
	return out
}

// merge drops grants another one covers (same conditions, every resource).
func merge(gs []grant) []grant {
	for _, g := range gs {
		if isAll(g) && len(g.conds) == 0 {
			srcs := []string{}
			for _, h := range gs {
				if isAll(h) && len(h.conds) == 0 {
					srcs = append(srcs, h.sources...)
				}
			}
			return []grant{{resources: []string{"*"}, sources: srcs}}
		}
	}
	return gs
}

func boolKey(b bool) string {
	if b {
		return "1"
	}
	return "0"
}
