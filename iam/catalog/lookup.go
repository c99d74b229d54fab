package catalog

import (
	"strings"

	"iamconsole/iam/arn"
)

// Service returns the service with the given prefix, ignoring case.
func Service(prefix string) (*ServiceInfo, bool) {
	return get().service(prefix)
}

func (c *catalog) service(prefix string) (*ServiceInfo, bool) {
	// An open-coded binary search: LookupAction is on the hot path.
	ss := c.services
	lo, hi := 0, len(ss)
	for lo < hi {
		m := int(uint(lo+hi) >> 1)
		switch d := compareFold(ss[m].Prefix, prefix); {
		case d == 0:
			return ss[m], true
		case d < 0:
			lo = m + 1
		default:
			hi = m
		}
	}
	return nil, false
}

// Services returns every service, sorted by prefix. The slice is the
// caller's; the entries are shared.
func Services() []*ServiceInfo {
	return append([]*ServiceInfo(nil), get().services...)
}

// Action returns the service's action with the given name (without the
// prefix), ignoring case.
func (s *ServiceInfo) Action(name string) (*ActionInfo, bool) {
	as := s.Actions
	lo, hi := 0, len(as)
	for lo < hi {
		m := int(uint(lo+hi) >> 1)
		switch d := compareFold(as[m].Name, name); {
		case d == 0:
			return as[m], true
		case d < 0:
			lo = m + 1
		default:
			hi = m
		}
	}
	return nil, false
}

// ResourceType returns the service's resource type with the given name,
// ignoring case.
func (s *ServiceInfo) ResourceType(name string) (*ResourceTypeInfo, bool) {
	i := searchFold(len(s.ResourceTypes), func(i int) string { return s.ResourceTypes[i].Name }, name)
	if i < 0 {
		return nil, false
	}
	return s.ResourceTypes[i], true
}

// LookupAction returns the action named "service:ActionName", ignoring case
// as IAM does. A name with a wildcard is not an action: use MatchActions.
func LookupAction(name string) (*ActionInfo, bool) {
	a := get().actions.get(name)
	return a, a != nil
}

// actionIndex is an open-addressing hash table of actions by full name,
// hashed and compared ignoring ASCII case, so that a lookup neither lowers
// (allocates) nor binary-searches two lists.
type actionIndex struct {
	slots []*ActionInfo
	mask  uint32
}

func newActionIndex(n int) actionIndex {
	size := 1
	for size < 2*n {
		size <<= 1
	}
	return actionIndex{slots: make([]*ActionInfo, size), mask: uint32(size - 1)}
}

// hashFold is FNV-1a over the ASCII-lowered bytes of s.
func hashFold(s string) uint32 {
	h := uint32(2166136261)
	for i := 0; i < len(s); i++ {
		h ^= uint32(lowerASCII(s[i]))
		h *= 16777619
	}
	return h
}

func (x *actionIndex) add(a *ActionInfo) {
	i := hashFold(a.full) & x.mask
	for x.slots[i] != nil {
		i = (i + 1) & x.mask
	}
	x.slots[i] = a
}

func (x *actionIndex) get(name string) *ActionInfo {
	if len(x.slots) == 0 {
		return nil
	}
	for i := hashFold(name) & x.mask; ; i = (i + 1) & x.mask {
		a := x.slots[i]
		if a == nil || equalFold(a.full, name) {
			return a
		}
	}
}

// MatchActions returns the actions an Action element entry matches, in
// catalog order (by service prefix, then name). It matches as the policy
// engine does: the whole "service:Action" name, ignoring case, where '*'
// matches any run of characters and '?' exactly one. A pattern without
// wildcards returns its action, if it exists. A pattern IAM refuses in a
// policy, one without a "vendor:" part other than "*", matches nothing.
func MatchActions(pattern string) []*ActionInfo {
	if !wellFormedAction(pattern) {
		return nil
	}
	c := get()
	if pattern == "*" {
		out := make([]*ActionInfo, 0, len(c.actions.slots)/2)
		for _, s := range c.services {
			out = append(out, s.Actions...)
		}
		return out
	}
	if !strings.ContainsAny(pattern, "*?") {
		if a, ok := LookupAction(pattern); ok {
			return []*ActionInfo{a}
		}
		return nil
	}
	// A full name has exactly one colon, so the pattern's first colon must
	// meet it: no wildcard can span it, and the service and action parts
	// match on their own. A second colon in the pattern matches nothing.
	svcPat, actPat, _ := strings.Cut(strings.ToLower(pattern), ":")
	if strings.IndexByte(actPat, ':') >= 0 {
		return nil
	}
	svcWild := strings.ContainsAny(svcPat, "*?")
	actWild := strings.ContainsAny(actPat, "*?")
	actLit := actPat
	if i := strings.IndexAny(actPat, "*?"); i >= 0 {
		actLit = actPat[:i]
	}
	services := c.services
	if !svcWild {
		s, ok := c.service(svcPat)
		if !ok {
			return nil
		}
		services = []*ServiceInfo{s}
	}
	var out []*ActionInfo
	for _, s := range services {
		if svcWild && !arn.Glob(svcPat, s.Prefix, false, true) {
			continue
		}
		if !actWild {
			if a, ok := s.Action(actPat); ok {
				out = append(out, a)
			}
			continue
		}
		for _, a := range s.Actions {
			// The text before the first wildcard must start the name; most
			// names fail that test before Glob runs.
			if hasPrefixFold(a.Name, actLit) && arn.Glob(actPat[len(actLit):], a.Name[len(actLit):], false, true) {
				out = append(out, a)
			}
		}
	}
	return out
}

// wellFormedAction reports whether IAM accepts a as an Action element entry:
// "*", or a vendor of letters, digits, '-' and wildcards, a colon and a
// name. (IAM refuses the rest with "Actions/Conditions must be prefaced by a
// vendor".)
func wellFormedAction(a string) bool {
	if a == "*" {
		return true
	}
	vendor, name, ok := strings.Cut(a, ":")
	if !ok || vendor == "" || name == "" {
		return false
	}
	for i := range len(vendor) {
		c := vendor[i]
		if !('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '-' || c == '*' || c == '?') {
			return false
		}
	}
	return true
}

// ResourceTypeFor returns the resource type of action that resourceARN has
// the shape of (see ResourceTypeInfo.Matches). A variable of an ARN format
// may hold a slash (role paths, object keys), so an ARN can fit several
// formats: an object ARN fits the bucket format too, an index ARN the table
// format. The type with the most literal text wins, among the action's
// types and those of the ARN's and the action's services; when the winner
// is not one of the action's types, the ARN is not a resource of the action
// (an object is no resource of s3:ListBucket).
func ResourceTypeFor(action, resourceARN string) (*ActionResourceType, bool) {
	a, ok := LookupAction(action)
	if !ok {
		return nil, false
	}
	var best *ActionResourceType
	bestLit := -1
	for i := range a.ResourceTypes {
		rt := &a.ResourceTypes[i]
		if lit, ok := rt.ResourceType.match(resourceARN); ok && lit > bestLit {
			best, bestLit = rt, lit
		}
	}
	if best == nil {
		return nil, false
	}
	if _, lit, ok := mostSpecific(a.Service, resourceARN); ok && lit > bestLit {
		return nil, false
	}
	if p, err := arn.Parse(resourceARN); err == nil && !equalFold(p.Service, a.Service.Prefix) {
		if s, ok := get().service(p.Service); ok {
			if _, lit, ok := mostSpecific(s, resourceARN); ok && lit > bestLit {
				return nil, false
			}
		}
	}
	return best, true
}

// ResourceTypeOf returns the resource type, among those of the service named
// in resourceARN's service segment, that the ARN has the shape of, preferring
// the most specific as ResourceTypeFor does. Types a service borrows from
// another (the sts resource type role has an iam ARN) are found under the
// service that owns the ARN.
func ResourceTypeOf(resourceARN string) (*ResourceTypeInfo, bool) {
	a, err := arn.Parse(resourceARN)
	if err != nil {
		return nil, false
	}
	s, ok := get().service(a.Service)
	if !ok {
		return nil, false
	}
	rt, _, ok := mostSpecific(s, resourceARN)
	return rt, ok
}

// mostSpecific returns the resource type of s that resourceARN fits with the
// most literal text, and that amount.
func mostSpecific(s *ServiceInfo, resourceARN string) (*ResourceTypeInfo, int, bool) {
	var best *ResourceTypeInfo
	bestLit := -1
	for _, rt := range s.ResourceTypes {
		if lit, ok := rt.match(resourceARN); ok && lit > bestLit {
			best, bestLit = rt, lit
		}
	}
	return best, bestLit, best != nil
}

// ConditionKey returns the condition key that name names, ignoring case: a
// global key (aws:…), a key of the service whose prefix starts the name, or
// a key a service lists under a prefix of its own (sts lists saml:aud). A
// name that fits a templated key returns it: "aws:ResourceTag/Team" returns
// aws:ResourceTag/${TagKey}, "s3:ExistingObjectTag/team" returns
// s3:ExistingObjectTag/<key>. An exact name wins over a template.
func ConditionKey(name string) (*ConditionKeyInfo, bool) {
	c := get()
	prefix, _, ok := strings.Cut(name, ":")
	if !ok {
		return nil, false
	}
	if equalFold(prefix, "aws") {
		if i := searchFold(len(c.globals), func(i int) string { return c.globals[i].Name }, name); i >= 0 {
			return c.globals[i], true
		}
	} else if s, ok := c.service(prefix); ok {
		if k, ok := s.ConditionKey(name); ok {
			return k, true
		}
	}
	if i := searchFold(len(c.foreign), func(i int) string { return c.foreign[i].Name }, name); i >= 0 {
		return c.foreign[i], true
	}
	for _, k := range c.templates {
		if k.tmpl.match(name, true) {
			return k, true
		}
	}
	return nil, false
}

// ConditionKey returns the key of the service's list with the given name,
// ignoring case; a name that fits a templated key of the list returns it.
func (s *ServiceInfo) ConditionKey(name string) (*ConditionKeyInfo, bool) {
	ks := s.ConditionKeys
	if i := searchFold(len(ks), func(i int) string { return ks[i].Name }, name); i >= 0 {
		return ks[i], true
	}
	for _, k := range ks {
		if k.tmpl != nil && k.tmpl.match(name, true) {
			return k, true
		}
	}
	return nil, false
}

// GlobalConditionKeys returns AWS's global condition keys, sorted by name.
// The slice is the caller's; the entries are shared.
func GlobalConditionKeys() []*ConditionKeyInfo {
	return append([]*ConditionKeyInfo(nil), get().globals...)
}
