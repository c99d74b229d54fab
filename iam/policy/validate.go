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
// when d is valid), first the one IAM reports.
func (d *Document) Validate(k Kind) error {
	v := &validator{kind: k}
	v.document(d)
	if len(v.errs) == 0 {
		return nil
	}
	sortErrors(v.errs)
	return v.errs
}

type validator struct {
	kind Kind
	errs Errors
}

func (v *validator) add(at pos, r rank, msg, detail string) {
	e := at.err(msg, detail)
	e.rank = r
	v.errs = append(v.errs, e)
}

// syntax reports a structural defect, which IAM words "Syntax errors in
// policy." whatever it is.
func (v *validator) syntax(at pos, detail string) {
	v.add(at, rankSyntax, msgSyntax, detail)
}

// s3 reports whether the document is a resource-based policy, which S3's
// validator words differently from IAM's.
func (v *validator) s3() bool { return v.kind == KindResource }

func (v *validator) document(d *Document) {
	size := d.size
	if size < 0 {
		b, _ := d.MarshalJSON()
		size = Size(b)
	}
	switch {
	case v.kind == KindManaged && size > 6144:
		v.add(pos{}, rankSyntax, msgManagedSize, "")
	case v.kind == KindTrust && size > 2048:
		v.add(pos{}, rankSyntax, msgTrustSize, "")
	case v.kind == KindSession && size > 2048:
		v.add(pos{}, rankSyntax, msgSessionSize, "")
	}
	switch d.Version {
	case Version2012:
	case "", Version2008:
		if v.kind == KindManaged {
			v.add(d.pos.version, rankVersion, msgVersion, "")
		}
	default:
		v.syntax(d.pos.version, fmt.Sprintf("unknown Version %q", d.Version))
	}
	switch {
	case d.Statements == nil && v.s3():
		v.add(d.pos.start, rankSyntax, msgNoStatement, "")
	case d.Statements == nil:
		v.syntax(d.pos.start, "missing Statement")
	case len(d.Statements) == 0 && v.s3():
		v.add(d.pos.statement, rankSyntax, msgEmptyStatement, "")
	case len(d.Statements) == 0:
		v.syntax(d.pos.statement, "empty Statement")
	}
	sids := map[string]bool{}
	for _, s := range d.Statements {
		v.statement(s)
		if s.Sid != "" {
			if sids[s.Sid] {
				v.add(s.pos.sid, rankSid, msgSidUnique, "")
			}
			sids[s.Sid] = true
		}
	}
}

func (v *validator) statement(s *Statement) {
	at := pos{s.Line, s.Column}
	if s.Sid != "" && !v.s3() && !alnum(s.Sid) {
		v.add(s.pos.sid, rankSid, msgSidChars, "")
	}
	v.effect(at, s)
	v.principal(at, s)
	actions := s.Action
	if actions == nil {
		actions = s.NotAction
	}
	if len(actions) == 0 {
		v.add(at, rankActions, msgNoActions, "")
	}
	for _, a := range actions {
		if msg := actionProblem(a); msg != "" {
			v.add(s.pos.action, rankActionFormat, msg, fmt.Sprintf("action %q", a))
			break
		}
	}
	if v.kind == KindTrust && len(actions) > 0 && !trustOnly(s) {
		v.add(s.pos.action, rankTrustActions, msgTrustActions, "")
	}
	v.resources(at, s)
	for _, c := range s.Conditions {
		op, ok := parseOperator(c.Operator)
		switch {
		case !ok && v.s3():
			v.add(c.opPos, rankSyntax, msgInvalidCondType+c.Operator, "")
		case !ok:
			v.syntax(c.opPos, fmt.Sprintf("unknown condition operator %q", c.Operator))
		case op.fam == famDate && !v.s3():
			for _, val := range c.Values {
				if _, ok := parseDate(val); !ok {
					v.add(c.keyPos, rankLegacy, msgLegacy, fmt.Sprintf("%q is not a date", val))
					break
				}
			}
		}
	}
}

// effect checks Effect: IAM's syntax check takes any case of Allow or Deny,
// its legacy parser only the exact words.
func (v *validator) effect(at pos, s *Statement) {
	switch {
	case s.Effect == "Allow" || s.Effect == "Deny":
	case v.s3() && s.Effect == "":
		v.add(at, rankSyntax, msgNoEffect, "")
	case v.s3():
		v.add(s.pos.effect, rankSyntax, msgInvalidEffect+s.Effect, "")
	case s.Effect == "":
		v.syntax(at, "missing Effect")
	case strings.EqualFold(s.Effect, "Allow") || strings.EqualFold(s.Effect, "Deny"):
		v.add(s.pos.effect, rankLegacy, msgLegacy, fmt.Sprintf("Effect %q is not Allow or Deny", s.Effect))
	default:
		v.syntax(s.pos.effect, fmt.Sprintf("Effect %q is not Allow or Deny", s.Effect))
	}
}

func (v *validator) principal(at pos, s *Statement) {
	switch {
	case v.kind.identityLike():
		if s.Principal != nil || s.NotPrincipal != nil {
			v.add(s.pos.principal, rankElement, msgPrincipal, "")
		}
	case v.kind == KindTrust:
		switch p := s.Principal; {
		case s.NotPrincipal != nil:
			v.add(s.pos.principal, rankElement, msgProhibited+"NotPrincipal", "role trust policies do not support NotPrincipal")
		case p == nil || (!p.Wildcard && len(p.AWS)+len(p.Service)+len(p.Federated)+len(p.CanonicalUser) == 0):
			v.add(at, rankPrincipal, msgTrustNoPrinc, "")
		case p.Wildcard:
			v.add(s.pos.principal, rankPrincipal, msgTrustStar, `use {"AWS": "*"}`)
		default:
			v.principals(s.pos.principal, p)
		}
	default:
		p := s.Principal
		if p == nil {
			p = s.NotPrincipal
		}
		switch {
		case p == nil:
			v.add(at, rankSyntax, msgNoPrincipal, "")
		case !p.Wildcard && p.AWS == nil && p.Service == nil && p.Federated == nil && p.CanonicalUser == nil:
			v.syntax(s.pos.principal, "empty Principal")
		default:
			v.principals(s.pos.principal, p)
		}
	}
}

// principals checks the values of a Principal element, naming the kind of
// principal as IAM does in its message ("AWS", "SERVICE").
func (v *validator) principals(at pos, p *Principals) {
	if p.Wildcard {
		return
	}
	for _, a := range p.AWS {
		if !validAWSPrincipal(a) {
			v.add(at, rankPrincipal, fmt.Sprintf(msgInvalidPrinc, "AWS", a), "")
		}
	}
	for _, s := range p.Service {
		if !validServicePrincipal(s) {
			v.add(at, rankPrincipal, fmt.Sprintf(msgInvalidPrinc, "SERVICE", s), "")
		}
	}
	for _, group := range []struct {
		name string
		vs   []string
	}{{"FEDERATED", p.Federated}, {"CANONICAL_USER", p.CanonicalUser}} {
		for _, s := range group.vs {
			if s == "" || (s != "*" && strings.ContainsAny(s, "*?")) {
				v.add(at, rankPrincipal, fmt.Sprintf(msgInvalidPrinc, group.name, s), "")
			}
		}
	}
}

// resources checks Resource and NotResource: prohibited in a trust policy,
// required elsewhere, and in IAM's policies each an ARN IAM's parser takes.
func (v *validator) resources(at pos, s *Statement) {
	resources := s.Resource
	if resources == nil {
		resources = s.NotResource
	}
	switch {
	case v.kind == KindTrust && s.Resource != nil:
		v.add(s.pos.resource, rankElement, msgProhibited+"Resource", "role trust policies apply to their role")
		return
	case v.kind == KindTrust && s.NotResource != nil:
		v.add(s.pos.resource, rankElement, msgProhibited+"NotResource", "role trust policies apply to their role")
		return
	case v.kind == KindTrust:
		return
	case len(resources) == 0:
		v.add(at, rankResources, msgNoResources, "")
		return
	}
	for _, r := range resources {
		if v.s3() {
			if r != "*" && !strings.HasPrefix(r, "arn:") {
				v.add(s.pos.resource, rankResourceFormat, fmt.Sprintf(msgResourceARN, r), "")
				return
			}
			continue
		}
		if msg := resourceProblem(r); msg != "" {
			v.add(s.pos.resource, rankResourceFormat, msg, "")
			return
		}
		if !legacyResource(r) {
			v.add(s.pos.resource, rankLegacy, msgLegacy, fmt.Sprintf("resource %q", r))
			return
		}
	}
}

// iamResourceTypes are the resource types an IAM ARN in a policy may name.
var iamResourceTypes = []string{
	"user/", "federated-user/", "role/", "group/", "instance-profile/", "mfa/",
	"server-certificate/", "policy/", "sms-mfa/", "saml-provider/", "oidc-provider/",
	"report/", "access-report/",
}

// resourceProblem returns IAM's message for a Resource entry of an
// identity-based policy that its ARN checks refuse, or "". The partition
// must be aws, the service a plain name; IAM and S3 ARNs hold no region, and
// IAM ARNs name one of IAM's resource types.
func resourceProblem(r string) string {
	if r == "*" {
		return ""
	}
	_, rest, ok := strings.Cut(r, ":")
	if !ok {
		return fmt.Sprintf(msgResourceARN, r)
	}
	partition, rest, more := strings.Cut(rest, ":")
	if partition != "aws" {
		// IAM echoes the ARN it read, filling missing segments with "*".
		seg := strings.Split(rest, ":")
		fill := [4]string{"*", "*", "*", "*"}
		for i := range min(len(seg), 3) {
			fill[i] = seg[i]
		}
		if len(seg) == 1 && seg[0] == "" {
			fill[0] = "*"
		}
		if len(seg) > 3 {
			fill[3] = strings.Join(seg[3:], ":")
		}
		return fmt.Sprintf(msgPartition, partition, "arn:"+partition+":"+strings.Join(fill[:], ":"))
	}
	if !more {
		return msgResourceVendor
	}
	service, rest, _ := strings.Cut(rest, ":")
	if strings.ContainsAny(service, "*?") {
		return msgResourceVendor
	}
	// rest starts with the region's closing colon unless there is a region
	// (or no further segment at all, which IAM takes for one).
	switch {
	case service == "iam" && !strings.HasPrefix(rest, ":"):
		return fmt.Sprintf(msgIAMRegion, r)
	case service == "s3" && !strings.HasPrefix(rest, ":"):
		return fmt.Sprintf(msgS3Region, r)
	}
	if service == "iam" {
		_, rest, _ = strings.Cut(rest, ":") // region
		_, res, _ := strings.Cut(rest, ":") // account
		if res == "*" {
			return ""
		}
		for _, t := range iamResourceTypes {
			if strings.HasPrefix(res, t) {
				return ""
			}
		}
		return msgIAMPath
	}
	return ""
}

// legacyResource reports whether IAM's legacy parser reads a Resource entry:
// a service segment, and all six segments once an empty one appears.
func legacyResource(r string) bool {
	if r == "*" {
		return true
	}
	if strings.Count(r, ":") < 5 && strings.Contains(r, "::") {
		return false
	}
	// The third segment, the service, must be there and not be empty.
	_, rest, _ := strings.Cut(r, ":")
	_, rest, ok := strings.Cut(rest, ":")
	return ok && rest != "" && rest[0] != ':'
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

// actionProblem returns IAM's message for an Action or NotAction entry it
// refuses, or "": "*", or a vendor of letters, digits, hyphens and dots (and
// wildcards), one colon, then any name.
func actionProblem(a string) string {
	if a == "*" {
		return ""
	}
	vendor, _, ok := strings.Cut(a, ":")
	switch {
	case !ok || vendor == "":
		return msgVendor
	case strings.Count(a, ":") > 1:
		return msgOneColon
	}
	for i := range len(vendor) {
		c := vendor[i]
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '.' || c == '*' || c == '?') {
			return fmt.Sprintf(msgVendorInvalid, vendor)
		}
	}
	return ""
}

// validServicePrincipal accepts a service principal such as
// ec2.amazonaws.com: a name before amazonaws.com, no wildcard.
func validServicePrincipal(s string) bool {
	if strings.ContainsAny(s, "*? ") {
		return false
	}
	for _, suffix := range []string{".amazonaws.com", ".amazonaws.com.cn"} {
		if name, ok := strings.CutSuffix(s, suffix); ok && name != "" && !strings.HasSuffix(name, ".") {
			return true
		}
	}
	return false
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
