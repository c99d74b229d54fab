package policy

import (
	"fmt"
	"strings"

	"iamconsole/iam/arn"
)

// Kind selects the validation rules and the size quota applied to a
// document.
type Kind int

// Kinds of policy.
const (
	// KindIdentity is an identity policy (inline or managed): no Principal,
	// Action and Resource required.
	KindIdentity Kind = iota
	// KindTrust is a role trust policy: Principal required, no Resource, only
	// sts:AssumeRole*, sts:TagSession, sts:SetSourceIdentity and sts:SetContext.
	KindTrust
	// KindResource is a resource-based policy such as a bucket policy:
	// Principal and Resource required.
	KindResource
	// KindSession is a session policy: like KindIdentity, at most 2,048 characters.
	KindSession
	// KindBoundary is a permissions boundary: like KindIdentity.
	KindBoundary
	// KindManaged is a customer managed policy: like KindIdentity, Version
	// 2012-10-17 required, at most 6,144 characters.
	KindManaged
)

// String names the kind.
func (k Kind) String() string {
	switch k {
	case KindIdentity:
		return "identity"
	case KindTrust:
		return "trust"
	case KindResource:
		return "resource"
	case KindSession:
		return "session"
	case KindBoundary:
		return "boundary"
	case KindManaged:
		return "managed"
	}
	return fmt.Sprintf("Kind(%d)", int(k))
}

func (k Kind) identityLike() bool { return k != KindTrust && k != KindResource }

// trustActions are the only actions a trust policy may grant.
var trustActions = []string{
	"sts:assumerole", "sts:assumerolewithsaml", "sts:assumerolewithwebidentity",
	"sts:tagsession", "sts:setsourceidentity", "sts:setcontext",
}

// Validate checks d against the rules IAM applies to a policy of kind k,
// including the kind's size quota, and returns every problem as Errors (nil
// when d is valid).
func (d *Document) Validate(k Kind) error {
	v := &validator{kind: k}
	v.document(d)
	if len(v.errs) == 0 {
		return nil
	}
	return v.errs
}

type validator struct {
	kind Kind
	errs Errors
}

func (v *validator) add(at pos, msg, detail string) {
	v.errs = append(v.errs, at.err(msg, detail))
}

func (v *validator) document(d *Document) {
	size := d.size
	if size < 0 {
		b, _ := d.MarshalJSON()
		size = Size(b)
	}
	switch {
	case v.kind == KindManaged && size > 6144:
		v.add(pos{}, msgManagedSize, "")
	case v.kind == KindTrust && size > 2048:
		v.add(pos{}, msgTrustSize, "")
	case v.kind == KindSession && size > 2048:
		v.add(pos{}, msgSessionSize, "")
	}
	switch d.Version {
	case Version2012:
	case "", Version2008:
		if v.kind == KindManaged {
			v.add(d.pos.version, msgVersion, "")
		}
	default:
		v.add(d.pos.version, msgLegacy, fmt.Sprintf("unknown Version %q", d.Version))
	}
	if d.ID != "" && v.kind.identityLike() {
		v.add(d.pos.id, "Has prohibited field Id.", "")
	}
	if d.Statements == nil {
		v.add(d.pos.start, msgSyntax, "missing Statement")
	}
	sids := map[string]bool{}
	for _, s := range d.Statements {
		v.statement(s)
		if s.Sid != "" {
			if sids[s.Sid] {
				v.add(s.pos.sid, msgSidUnique, "")
			}
			sids[s.Sid] = true
		}
	}
}

func (v *validator) statement(s *Statement) {
	at := pos{s.Line, s.Column}
	if s.Sid != "" && v.kind != KindResource && !alnum(s.Sid) {
		v.add(s.pos.sid, msgSidChars, "")
	}
	switch s.Effect {
	case "Allow", "Deny":
	case "":
		v.add(at, msgNoEffect, "")
	default:
		v.add(s.pos.effect, msgInvalidEffect+s.Effect, "")
	}
	hasPrincipal := s.Principal != nil || s.NotPrincipal != nil
	switch {
	case v.kind.identityLike() && hasPrincipal:
		v.add(s.pos.principal, msgPrincipal, "")
	case !v.kind.identityLike() && !hasPrincipal:
		v.add(at, msgNoPrincipal, "")
	}
	for _, p := range []*Principals{s.Principal, s.NotPrincipal} {
		if p != nil && !v.kind.identityLike() {
			v.principals(s.pos.principal, p)
		}
	}
	actions := s.Action
	if actions == nil {
		actions = s.NotAction
	}
	if actions == nil {
		v.add(at, msgNoActions, "")
	}
	for _, a := range actions {
		if !validAction(a) {
			v.add(s.pos.action, msgVendor, fmt.Sprintf("action %q", a))
			break
		}
	}
	if v.kind == KindTrust && !trustOnly(s) {
		v.add(s.pos.action, msgTrustActions, "")
	}
	resources := s.Resource
	if resources == nil {
		resources = s.NotResource
	}
	switch {
	case v.kind == KindTrust && s.Resource != nil:
		v.add(s.pos.resource, "Has prohibited field Resource.", "")
	case v.kind == KindTrust && s.NotResource != nil:
		v.add(s.pos.resource, "Has prohibited field NotResource.", "")
	case v.kind != KindTrust && resources == nil:
		v.add(at, msgNoResources, "")
	}
	if v.kind != KindTrust {
		for _, r := range resources {
			if r != "*" && !strings.HasPrefix(r, "arn:") {
				v.add(s.pos.resource, fmt.Sprintf("Resource %s must be in ARN format or \"*\".", r), "")
				break
			}
		}
	}
	for _, c := range s.Conditions {
		if _, ok := parseOperator(c.Operator); !ok {
			v.add(c.opPos, msgInvalidCondType+c.Operator, "")
		}
		if !validConditionKey(c.Key) {
			v.add(c.keyPos, msgVendor, fmt.Sprintf("condition key %q", c.Key))
		}
	}
}

// principals checks the values of a Principal element.
func (v *validator) principals(at pos, p *Principals) {
	if p.Wildcard {
		return
	}
	if p.AWS == nil && p.Service == nil && p.Federated == nil && p.CanonicalUser == nil {
		v.add(at, msgSyntax, "empty Principal")
	}
	for _, a := range p.AWS {
		if !validAWSPrincipal(a) {
			v.add(at, fmt.Sprintf("Invalid principal in policy: \"AWS\":%q", a), "")
		}
	}
	for _, group := range []struct {
		name string
		vs   []string
	}{{"Service", p.Service}, {"Federated", p.Federated}, {"CanonicalUser", p.CanonicalUser}} {
		for _, s := range group.vs {
			if s == "" || (s != "*" && strings.ContainsAny(s, "*?")) {
				v.add(at, fmt.Sprintf("Invalid principal in policy: %q:%q", group.name, s), "")
			}
		}
	}
}

// validAWSPrincipal accepts "*", account IDs, IAM and STS principal ARNs and
// unique IDs; no partial wildcards.
func validAWSPrincipal(s string) bool {
	switch {
	case s == "*", arn.IsAccountID(s):
		return true
	case strings.ContainsAny(s, "*?"):
		return false
	case strings.HasPrefix(s, "arn:"):
		a, err := arn.Parse(s)
		if err != nil || arn.Validate(s) != nil {
			return false
		}
		typ, _, _ := strings.Cut(a.Resource, "/")
		switch a.Service {
		case "iam":
			return a.Resource == "root" || typ == "user" || typ == "role"
		case "sts":
			return typ == "assumed-role" || typ == "federated-user"
		}
		return false
	}
	return isUniqueID(s)
}

// isUniqueID reports whether s looks like an IAM unique ID (AIDA…, AROA…).
func isUniqueID(s string) bool {
	if len(s) < 16 || len(s) > 128 || s[0] != 'A' {
		return false
	}
	for i := range len(s) {
		c := s[i]
		if !(c >= 'A' && c <= 'Z' || c >= '0' && c <= '9') {
			return false
		}
	}
	return true
}

func alnum(s string) bool {
	for i := range len(s) {
		c := s[i]
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9') {
			return false
		}
	}
	return true
}

// validAction accepts "*" and vendor:name with a non-empty vendor of
// letters, digits and hyphens.
func validAction(a string) bool {
	if a == "*" {
		return true
	}
	vendor, name, ok := strings.Cut(a, ":")
	if !ok || vendor == "" || name == "" {
		return false
	}
	for i := range len(vendor) {
		c := vendor[i]
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '*' || c == '?') {
			return false
		}
	}
	return true
}

func validConditionKey(k string) bool {
	vendor, name, ok := strings.Cut(k, ":")
	return ok && vendor != "" && name != ""
}

// trustOnly reports whether every action pattern of s grants only actions a
// trust policy may name.
func trustOnly(s *Statement) bool {
	if s.NotAction != nil {
		return false
	}
	for _, a := range s.Action {
		p := strings.ToLower(a)
		ok := false
		for _, t := range trustActions {
			if arn.Glob(p, t, false, false) {
				ok = true
				break
			}
		}
		if !ok || !strings.HasPrefix(p, "sts:") {
			return false
		}
	}
	return true
}
