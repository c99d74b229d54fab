package accessgraph

import (
	"context"
	"errors"
	"strings"

	"iamconsole/iam"
	"iamconsole/iam/policy"
	"iamconsole/store"
)

// errRebuild means a change cannot be applied in place: build afresh.
var errRebuild = errors.New("accessgraph: the change needs a rebuild")

// noEffect are IAM writes that change nothing the graph weighs and name no
// user, group, role or policy to look at.
var noEffect = map[string]bool{
	"ChangePassword": true, "CreatePolicy": true, "CreateVirtualMFADevice": true, "DeleteVirtualMFADevice": true,
	"UpdateAccountPasswordPolicy": true, "DeleteAccountPasswordPolicy": true,
}

// touched is what a batch of changes touched, by account and name as the
// events name them.
type touched struct {
	users, groups, roles map[string]bool // account + "\x00" + name
	policies             map[string]bool // ARN
	accounts             map[string]bool // labels to reread
	resources            bool
}

// apply brings st up to date with changes in place, or answers errRebuild.
func (s *Service) apply(ctx context.Context, st *state, changes []iam.Change) error {
	t := touched{users: map[string]bool{}, groups: map[string]bool{}, roles: map[string]bool{}, policies: map[string]bool{}, accounts: map[string]bool{}}
	for _, ch := range changes {
		if err := t.note(ch); err != nil {
			return err
		}
	}
	q := s.k.Store().Read(ctx)
	u := &updater{s: s, st: st, q: q, b: &builder{k: s.k, st: st, now: s.k.Now()}, accts: map[string]*store.Account{},
		users: map[string]bool{}, roles: map[string]bool{}}
	if err := u.resolve(&t); err != nil {
		return err
	}
	if err := u.reload(); err != nil {
		return err
	}
	if t.resources {
		if err := s.readResources(ctx, st); err != nil {
			return err
		}
	}
	st.gen = changes[len(changes)-1].Gen
	return nil
}

// note records what one change touched.
func (t *touched) note(ch iam.Change) error {
	switch ch.Source {
	case iam.SourceIAM:
	case iam.SourceOrganizations:
		return errRebuild
	case iam.SourceSTS, iam.SourceSignIn:
		return nil
	default:
		// Another service's write: its resources may have changed.
		t.resources = true
		return nil
	}
	params, _ := ch.Params.(map[string]any)
	str := func(k string) string { v, _ := params[k].(string); return v }
	key := func(name string) string { return ch.Account + "\x00" + strings.ToLower(name) }
	named := false
	for _, f := range []struct {
		param string
		set   map[string]bool
	}{{"userName", t.users}, {"newUserName", t.users}, {"groupName", t.groups}, {"newGroupName", t.groups},
		{"roleName", t.roles}} {
		if v := str(f.param); v != "" {
			f.set[key(v)], named = true, true
		}
	}
	if v := str("policyArn"); v != "" {
		t.policies[v], named = true, true
	}
	switch {
	case named:
	case ch.Event == "CreateAccountAlias" || ch.Event == "DeleteAccountAlias":
		t.accounts[ch.Account] = true
	case noEffect[ch.Event]:
	default:
		return errRebuild
	}
	return nil
}

// updater reloads the principals a batch of changes touched and
// recomputes their edges.
type updater struct {
	s     *Service
	st    *state
	q     *store.Q
	b     *builder
	accts map[string]*store.Account
	// users and roles to reload, by unique ID.
	users, roles map[string]bool
}

// resolve turns what the changes named into the users and roles to reload:
// the ones the state knows by those names (they may be gone or renamed) and
// the ones the store holds by them now, and the members of touched groups
// and the holders of touched policies.
func (u *updater) resolve(t *touched) error {
	st, q := u.st, u.q
	byName := func(acct, name string, user bool) {
		for _, p := range st.byAcct[acct] {
			if p.user == user && strings.EqualFold(p.name, name) {
				u.mark(p)
			}
		}
	}
	for k := range t.users {
		acct, name, _ := strings.Cut(k, "\x00")
		byName(acct, name, true)
		if us, err := q.UserByName(acct, name); err == nil {
			u.users[us.ID] = true
		} else if !errors.Is(err, store.ErrNotFound) {
			return iam.Internal(err)
		}
	}
	for k := range t.roles {
		acct, name, _ := strings.Cut(k, "\x00")
		byName(acct, name, false)
		if r, err := q.RoleByName(acct, name); err == nil {
			u.roles[r.ID] = true
		} else if !errors.Is(err, store.ErrNotFound) {
			return iam.Internal(err)
		}
	}
	for k := range t.groups {
		acct, name, _ := strings.Cut(k, "\x00")
		for id, g := range st.groups {
			if g.account == acct && strings.EqualFold(g.name, name) {
				u.groupMembers(g)
				for _, a := range g.policies {
					delSet(st.policyRefs, a, "g:"+id)
				}
				delete(st.groups, id)
			}
		}
		g, err := q.GroupByName(acct, name)
		if errors.Is(err, store.ErrNotFound) {
			continue
		} else if err != nil {
			return iam.Internal(err)
		}
		gr, err := u.group(g)
		if err != nil {
			return err
		}
		st.groups[g.ID] = gr
	}
	for a := range t.policies {
		for ref := range st.policyRefs[a] {
			kind, id := ref[:2], ref[2:]
			switch kind {
			case "u:":
				u.users[id] = true
			case "r:":
				u.roles[id] = true
			case "g:":
				if g := st.groups[id]; g != nil {
					u.groupMembers(g)
				}
			}
		}
	}
	for acct := range t.accounts {
		a, err := q.Account(acct)
		if err != nil {
			return errRebuild
		}
		if ac := st.accounts[acct]; ac != nil {
			ac.alias = ""
			if a.Alias != nil {
				ac.alias = *a.Alias
			}
		}
	}
	return nil
}

func (u *updater) mark(p *principal) {
	if p.user {
		u.users[p.id] = true
	} else {
		u.roles[p.id] = true
	}
}

// groupMembers marks a group's members for reloading.
func (u *updater) groupMembers(g *group) {
	for id := range g.members {
		u.users[id] = true
	}
}

// group reads a group with its members (marked for reloading) and its
// attached policies.
func (u *updater) group(g *store.Group) (*group, error) {
	members, err := u.q.GroupMembers(g.ID)
	if err != nil {
		return nil, iam.Internal(err)
	}
	atts, err := u.q.AttachedPolicies("group", g.ID)
	if err != nil {
		return nil, iam.Internal(err)
	}
	gr := &group{id: g.ID, account: g.AccountID, name: g.Name, members: map[string]bool{}}
	for _, m := range members {
		gr.members[m.ID] = true
		u.users[m.ID] = true
	}
	for _, a := range atts {
		gr.policies = append(gr.policies, a.PolicyARN)
	}
	for _, a := range gr.policies {
		addSet(u.st.policyRefs, a, "g:"+g.ID)
	}
	return gr, nil
}

// account reads an account row, once per update.
func (u *updater) account(id string) (*store.Account, error) {
	if a, ok := u.accts[id]; ok {
		return a, nil
	}
	a, err := u.q.Account(id)
	if err != nil {
		return nil, iam.Internal(err)
	}
	u.accts[id] = a
	return a, nil
}

// reload rereads the marked principals through the engine's own gatherers
// and recomputes the edges that can have changed: every edge leaving a
// reloaded principal, and every edge reaching a reloaded role.
func (u *updater) reload() error {
	st, q := u.st, u.q
	var fresh []*principal
	for id := range u.users {
		us, err := q.UserByID(id)
		if errors.Is(err, store.ErrNotFound) {
			st.removePrincipal(id, true)
			continue
		} else if err != nil {
			return iam.Internal(err)
		}
		a, err := u.account(us.AccountID)
		if err != nil {
			return err
		}
		groups, err := q.GroupsForUser(id)
		if err != nil {
			return iam.Internal(err)
		}
		atts, err := q.AttachedPolicies("user", id)
		if err != nil {
			return iam.Internal(err)
		}
		p := &principal{id: us.ID, user: true, account: us.AccountID, name: us.Name, path: us.Path,
			arn: iam.UserCaller(a, us).ARN, caller: iam.UserCaller(a, us), tags: map[string]string{}}
		for _, g := range groups {
			p.groups = append(p.groups, g.ID)
		}
		for _, at := range atts {
			p.policies = append(p.policies, at.PolicyARN)
		}
		if us.BoundaryARN != nil {
			p.boundary = *us.BoundaryARN
		}
		set := &policy.Set{}
		if err := u.s.k.UserPolicies(q, id, set, p.tags); err == nil {
			p.set, p.grants = set, st.grantsFor(set)
		} else if !iam.IsKind(err, iam.KindInternal) {
			return err
		}
		st.removePrincipal(id, true)
		st.addPrincipal(p)
		fresh = append(fresh, p)
	}
	l := &loader{k: u.s.k, q: q, st: st}
	var roles []*principal
	for id := range u.roles {
		r, err := q.RoleByID(id)
		if errors.Is(err, store.ErrNotFound) {
			st.removePrincipal(id, true)
			continue
		} else if err != nil {
			return iam.Internal(err)
		}
		a, err := u.account(r.AccountID)
		if err != nil {
			return err
		}
		atts, err := q.AttachedPolicies("role", id)
		if err != nil {
			return iam.Internal(err)
		}
		p := l.role(a, r)
		p.tags = map[string]string{}
		for _, at := range atts {
			p.policies = append(p.policies, at.PolicyARN)
		}
		if r.BoundaryARN != nil {
			p.boundary = *r.BoundaryARN
		}
		set := &policy.Set{}
		if err := u.s.k.RolePolicies(q, id, set, p.tags); err == nil {
			p.set, p.grants = set, st.grantsFor(set)
		} else if !iam.IsKind(err, iam.KindInternal) {
			return err
		}
		st.removePrincipal(id, true)
		st.addPrincipal(p)
		fresh = append(fresh, p)
		roles = append(roles, p)
	}
	for _, p := range fresh {
		u.b.edgesFrom(p)
	}
	for _, r := range roles {
		u.b.edgesInto(r)
	}
	return nil
}
