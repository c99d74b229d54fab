package labs

import (
	"slices"
	"strings"

	"iamconsole/iam"
	"iamconsole/iam/arn"
	"iamconsole/iam/catalog"
	"iamconsole/iam/policy"
	"iamconsole/store"
)

// snapshot is one account's IAM state, read once per evaluation, each part
// when a check first needs it.
type snapshot struct {
	q    *store.Q
	acct string

	users    []store.User
	groups   []store.Group
	roles    []store.Role
	policies []store.Policy
	loaded   map[string]bool

	attachments map[string][]string // entity ID → policy ARNs
	inline      map[string][]string // entity ID → inline policy names
	members     []store.GroupMember
	versions    map[string]int // policy ID → versions
	mfa         map[string]bool
}

func (s *snapshot) load(part string, fn func() error) error {
	if s.loaded[part] {
		return nil
	}
	if err := fn(); err != nil {
		return iam.Internal(err)
	}
	s.loaded[part] = true
	return nil
}

func (ev *evaluation) snapshot(acct string) *snapshot {
	sn, ok := ev.snapshots[acct]
	if !ok {
		sn = &snapshot{q: ev.q, acct: acct, loaded: map[string]bool{}}
		ev.snapshots[acct] = sn
	}
	return sn
}

// entity finds the entity a check names; ok is false when it does not
// exist.
func (s *snapshot) entity(e *EntityCheck, env *Env) (typ, id string, ok bool, err error) {
	switch {
	case e.User != "":
		err = s.load("users", func() (err error) { s.users, err = s.q.AccountUsers(s.acct); return })
		for _, u := range s.users {
			if strings.EqualFold(u.Name, env.Expand(e.User)) {
				return "user", u.ID, true, err
			}
		}
	case e.Group != "":
		err = s.load("groups", func() (err error) { s.groups, err = s.q.AccountGroups(s.acct); return })
		for _, g := range s.groups {
			if strings.EqualFold(g.Name, env.Expand(e.Group)) {
				return "group", g.ID, true, err
			}
		}
	case e.Role != "":
		err = s.load("roles", func() (err error) { s.roles, err = s.q.AccountRoles(s.acct); return })
		for _, r := range s.roles {
			if strings.EqualFold(r.Name, env.Expand(e.Role)) {
				return "role", r.ID, true, err
			}
		}
	case e.Policy != "":
		err = s.load("policies", func() (err error) { s.policies, err = s.q.AccountPolicies(s.acct); return })
		for _, p := range s.policies {
			if strings.EqualFold(p.Name, env.Expand(e.Policy)) {
				return "policy", p.ID, true, err
			}
		}
	}
	return "", "", false, err
}

// entityHolds evaluates an entity check.
func (ev *evaluation) entityHolds(e *EntityCheck) (bool, error) {
	env := ev.sb.Env
	acct := env.Accounts[e.Account]
	sn := ev.snapshot(acct)
	typ, id, found, err := sn.entity(e, env)
	if err != nil {
		return false, err
	}
	if e.Exists != nil && !*e.Exists {
		return !found, nil
	}
	if !found {
		return false, nil
	}
	a := ev.sb.Lab.Account(e.Account)
	ref := func(r string) string { return ev.sb.Lab.policyARN(a, r, env) }

	if len(e.Attached) > 0 || len(e.NotAttached) > 0 {
		if err := sn.load("attachments", func() error {
			atts, err := sn.q.AccountAttachments(acct)
			sn.attachments = map[string][]string{}
			for _, at := range atts {
				sn.attachments[at.EntityID] = append(sn.attachments[at.EntityID], at.PolicyARN)
			}
			return err
		}); err != nil {
			return false, err
		}
		for _, r := range e.Attached {
			if !slices.Contains(sn.attachments[id], ref(r)) {
				return false, nil
			}
		}
		for _, r := range e.NotAttached {
			if slices.Contains(sn.attachments[id], ref(r)) {
				return false, nil
			}
		}
	}
	if len(e.Inline) > 0 || len(e.NotInline) > 0 {
		if err := sn.load("inline:"+id, func() error {
			ins, err := sn.q.InlinePolicies(typ, id)
			if sn.inline == nil {
				sn.inline = map[string][]string{}
			}
			for _, in := range ins {
				sn.inline[id] = append(sn.inline[id], strings.ToLower(in.Name))
			}
			return err
		}); err != nil {
			return false, err
		}
		for _, n := range e.Inline {
			if !slices.Contains(sn.inline[id], strings.ToLower(env.Expand(n))) {
				return false, nil
			}
		}
		for _, n := range e.NotInline {
			if slices.Contains(sn.inline[id], strings.ToLower(env.Expand(n))) {
				return false, nil
			}
		}
	}
	if len(e.Tags) > 0 {
		ts, err := sn.q.Tags(typ, id)
		if err != nil {
			return false, iam.Internal(err)
		}
		for k, want := range e.Tags {
			ok := false
			for _, t := range ts {
				if strings.EqualFold(t.Key, k) && t.Value == env.Expand(want) {
					ok = true
				}
			}
			if !ok {
				return false, nil
			}
		}
	}
	switch typ {
	case "user":
		return ev.userHolds(sn, e, id, ref)
	case "group":
		return ev.groupHolds(sn, e, id)
	case "role":
		return ev.roleHolds(sn, e, id, ref)
	default:
		return ev.policyHolds(sn, e, id)
	}
}

func (ev *evaluation) userHolds(sn *snapshot, e *EntityCheck, id string, ref func(string) string) (bool, error) {
	var u *store.User
	for i := range sn.users {
		if sn.users[i].ID == id {
			u = &sn.users[i]
		}
	}
	if e.Boundary != nil && boundaryOf(u.BoundaryARN) != boundaryWant(*e.Boundary, ref) {
		return false, nil
	}
	if e.Password != nil && (u.PasswordHash != nil) != *e.Password {
		return false, nil
	}
	if len(e.Groups) > 0 || len(e.NotGroups) > 0 {
		gs, err := sn.q.GroupsForUser(id)
		if err != nil {
			return false, iam.Internal(err)
		}
		in := func(name string) bool {
			return slices.ContainsFunc(gs, func(g store.Group) bool { return strings.EqualFold(g.Name, ev.sb.Env.Expand(name)) })
		}
		for _, g := range e.Groups {
			if !in(g) {
				return false, nil
			}
		}
		for _, g := range e.NotGroups {
			if in(g) {
				return false, nil
			}
		}
	}
	if e.MFA != nil {
		ds, err := sn.q.EnabledMFAForUser(id)
		if err != nil {
			return false, iam.Internal(err)
		}
		if (len(ds) > 0) != *e.MFA {
			return false, nil
		}
	}
	if e.AccessKeys != nil {
		ks, err := sn.q.AccessKeysForUser(id)
		if err != nil {
			return false, iam.Internal(err)
		}
		if len(ks) != *e.AccessKeys {
			return false, nil
		}
	}
	return true, nil
}

func (ev *evaluation) groupHolds(sn *snapshot, e *EntityCheck, id string) (bool, error) {
	if len(e.Members) == 0 {
		return true, nil
	}
	us, err := sn.q.GroupMembers(id)
	if err != nil {
		return false, iam.Internal(err)
	}
	for _, m := range e.Members {
		if !slices.ContainsFunc(us, func(u store.User) bool { return strings.EqualFold(u.Name, ev.sb.Env.Expand(m)) }) {
			return false, nil
		}
	}
	return true, nil
}

func (ev *evaluation) roleHolds(sn *snapshot, e *EntityCheck, id string, ref func(string) string) (bool, error) {
	var r *store.Role
	for i := range sn.roles {
		if sn.roles[i].ID == id {
			r = &sn.roles[i]
		}
	}
	if e.Boundary != nil && boundaryOf(r.BoundaryARN) != boundaryWant(*e.Boundary, ref) {
		return false, nil
	}
	if e.MaxSession != nil && r.MaxSessionDuration != *e.MaxSession {
		return false, nil
	}
	if len(e.Trusts) == 0 && len(e.NotTrusts) == 0 && len(e.TrustCondition) == 0 {
		return true, nil
	}
	d, err := policy.Parse([]byte(r.TrustPolicy))
	if err != nil {
		return false, nil
	}
	trusted, conds, err := ev.trusted(d)
	if err != nil {
		return false, err
	}
	for _, p := range e.Trusts {
		if !slices.Contains(trusted, ev.sb.Env.Expand(p)) {
			return false, nil
		}
	}
	for _, p := range e.NotTrusts {
		if slices.Contains(trusted, ev.sb.Env.Expand(p)) {
			return false, nil
		}
	}
	for _, k := range e.TrustCondition {
		if !slices.Contains(conds, strings.ToLower(k)) {
			return false, nil
		}
	}
	return true, nil
}

// trusted lists the AWS principals (as ARNs; unique IDs of users and roles
// resolved) that a trust policy's Allow statements for sts:AssumeRole name,
// and the condition keys (lower case) those statements use.
func (ev *evaluation) trusted(d *policy.Document) (principals, conds []string, err error) {
	var ids []string
	for _, st := range d.Statements {
		if st.Effect != "Allow" || st.Principal == nil || !grants(st, catalog.STSAssumeRole.String()) {
			continue
		}
		for _, p := range st.Principal.AWS {
			if len(p) == 21 && (strings.HasPrefix(p, iam.PrefixUser) || strings.HasPrefix(p, iam.PrefixRole)) {
				ids = append(ids, p)
			}
		}
	}
	names := map[string]string{}
	if len(ids) > 0 {
		var users, roles []string
		for _, id := range ids {
			if strings.HasPrefix(id, iam.PrefixUser) {
				users = append(users, id)
			} else {
				roles = append(roles, id)
			}
		}
		refs, err := ev.q.EntityARNParts(users, roles)
		if err != nil {
			return nil, nil, iam.Internal(err)
		}
		for _, r := range refs {
			names[r.ID] = arn.IAM(r.AccountID, r.Type, r.Path, r.Name)
		}
	}
	for _, st := range d.Statements {
		if st.Effect != "Allow" || st.Principal == nil || !grants(st, catalog.STSAssumeRole.String()) {
			continue
		}
		if st.Principal.Wildcard {
			principals = append(principals, "*")
		}
		for _, p := range st.Principal.AWS {
			switch {
			case names[p] != "":
				principals = append(principals, names[p])
			case arn.IsAccountID(p):
				principals = append(principals, arn.Root(p))
			default:
				principals = append(principals, p)
			}
		}
		for _, c := range st.Conditions {
			conds = append(conds, strings.ToLower(c.Key))
		}
	}
	return principals, conds, nil
}

// grants reports whether a statement's actions cover action.
func grants(st *policy.Statement, action string) bool {
	for _, a := range st.Action {
		if arn.Glob(strings.ToLower(a), strings.ToLower(action), false, false) {
			return true
		}
	}
	return false
}

func (ev *evaluation) policyHolds(sn *snapshot, e *EntityCheck, id string) (bool, error) {
	if e.Versions == nil && e.DefaultVersion == "" {
		return true, nil
	}
	var p *store.Policy
	for i := range sn.policies {
		if sn.policies[i].ID == id {
			p = &sn.policies[i]
		}
	}
	if e.DefaultVersion != "" && p.DefaultVersionID != e.DefaultVersion {
		return false, nil
	}
	if e.Versions != nil {
		vs, err := sn.q.PolicyVersions(id)
		if err != nil {
			return false, iam.Internal(err)
		}
		if len(vs) != *e.Versions {
			return false, nil
		}
	}
	return true, nil
}

func boundaryOf(b *string) string {
	if b == nil {
		return ""
	}
	return *b
}

func boundaryWant(want string, ref func(string) string) string {
	if want == "" {
		return ""
	}
	return ref(want)
}
