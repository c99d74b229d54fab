package policy

import (
	"strings"
)

// Request is one request to authorize.
type Request struct {
	Principal       Principal
	Action          string   // e.g. "iam:CreateRole"
	Resource        string   // an ARN, or "*"
	ResourceAccount string   // account owning the resource; "" = taken from the Resource ARN
	Context         *Context // condition keys; may be nil
}

// Set is every policy that applies to one request.
type Set struct {
	Identity []*Policy // identity-based policies of the principal (user and groups, or the role's)
	Boundary []*Policy // the permissions boundary; in force only when HasBoundary
	// HasBoundary says the principal (an IAM user, or the role of a role
	// session) has a permissions boundary. Besides putting Boundary in force
	// it makes every Deny statement with NotPrincipal apply to the principal,
	// as AWS does.
	HasBoundary bool
	Session     []*Policy // session policies; in force only when HasSession
	HasSession  bool
	Resource    *Policy // resource-based policy of the target, nil if none
	Trust       bool    // Resource is a role trust policy, which must explicitly allow the caller
}

// Effect is the outcome of an evaluation.
type Effect int

// Effects.
const (
	ImplicitDeny Effect = iota // nothing allowed the request
	Allow                      // allowed
	ExplicitDeny               // a Deny statement matched
)

// String returns "ImplicitDeny", "Allow" or "ExplicitDeny".
func (e Effect) String() string {
	switch e {
	case Allow:
		return "Allow"
	case ExplicitDeny:
		return "ExplicitDeny"
	}
	return "ImplicitDeny"
}

// Layer is a kind of policy taking part in a decision.
type Layer int

// Layers, in evaluation order.
const (
	LayerNone Layer = iota
	LayerIdentity
	LayerBoundary
	LayerSession
	LayerResource
	LayerTrust
)

// String returns AWS's name for the layer, as used in AccessDenied messages.
func (l Layer) String() string {
	switch l {
	case LayerIdentity:
		return "identity-based policy"
	case LayerBoundary:
		return "permissions boundary"
	case LayerSession:
		return "session policy"
	case LayerResource:
		return "resource-based policy"
	case LayerTrust:
		return "role trust policy"
	}
	return ""
}

// Match identifies one statement that matched a request.
type Match struct {
	Policy    string // Policy.ID()
	Statement int    // 0-based index in the document
	Sid       string
	Effect    string // "Allow" or "Deny"
	Layer     Layer
}

// Decision is the result of evaluating a request, with its reasons.
type Decision struct {
	Effect Effect
	// Decisive is the statement that decided: the first Deny for
	// ExplicitDeny, the granting Allow for Allow; zero for ImplicitDeny.
	Decisive Match
	// Missing is, for ImplicitDeny, the layer that lacked an Allow.
	Missing Layer
	// Matched lists every matching statement, in evaluation order. Only
	// Explain fills it.
	Matched []Match
}

// Message renders AWS's AccessDenied text for d, e.g. "User:
// arn:aws:iam::111122223333:user/alice is not authorized to perform:
// iam:CreateRole on resource: arn:aws:iam::111122223333:role/X because no
// identity-based policy allows the iam:CreateRole action". It returns ""
// for an Allow.
func (d Decision) Message(req *Request) string {
	caller := req.Principal.ARN
	if caller == "" {
		caller = "anonymous"
	}
	head := "User: " + caller + " is not authorized to perform: " + req.Action + " on resource: " + req.Resource
	switch d.Effect {
	case ExplicitDeny:
		return head + " with an explicit deny in " + article(d.Decisive.Layer) + d.Decisive.Layer.String()
	case ImplicitDeny:
		l := d.Missing
		if l == LayerNone {
			l = LayerIdentity
		}
		return head + " because no " + l.String() + " allows the " + req.Action + " action"
	}
	return ""
}

func article(l Layer) string {
	if l == LayerIdentity {
		return "an "
	}
	return "a "
}

// Evaluate decides req against the policies in set following AWS's
// evaluation logic: an explicit Deny in any layer wins; otherwise identity
// policies, the permissions boundary and session policies must all allow,
// except where a same-account resource-based policy grants on its own; a
// cross-account request needs both the caller's policies and the
// resource-based policy; a trust policy must always allow the caller.
// Evaluate does not fill Decision.Matched.
func Evaluate(req *Request, set *Set) Decision {
	return evaluate(req, set, nil)
}

// Explain is Evaluate that also lists every matching statement in
// Decision.Matched.
func Explain(req *Request, set *Set) Decision {
	matched := []Match{}
	d := evaluate(req, set, &matched)
	d.Matched = matched
	return d
}

// layerResult is what one layer contributed.
type layerResult struct {
	allow, deny       Match
	hasAllow, hasDeny bool
	grant             grant // resource layer: how strongly the allow names the caller
}

func evaluate(req *Request, set *Set, matched *[]Match) Decision {
	e := evalCtx{req: req, svc: servicePrefix(req.Action), boundary: set.HasBoundary}
	if req.Context != nil {
		e.ctx = req.Context.m
	}
	resLayer := LayerResource
	if set.Trust {
		resLayer = LayerTrust
	}
	var id, bd, sd, rs layerResult
	layers := [...]struct {
		ps    []*Policy
		on    bool
		layer Layer
		r     *layerResult
	}{
		{set.Identity, true, LayerIdentity, &id},
		{set.Boundary, set.HasBoundary, LayerBoundary, &bd},
		{set.Session, set.HasSession, LayerSession, &sd},
	}
	for _, l := range layers {
		if !l.on {
			continue
		}
		for _, p := range l.ps {
			e.evalPolicy(p, l.layer, l.r, matched)
			if l.r.hasDeny && matched == nil {
				return Decision{Effect: ExplicitDeny, Decisive: l.r.deny}
			}
		}
	}
	if set.Resource != nil {
		e.evalPolicy(set.Resource, resLayer, &rs, matched)
	}
	for _, r := range [...]*layerResult{&id, &bd, &sd, &rs} {
		if r.hasDeny {
			return Decision{Effect: ExplicitDeny, Decisive: r.deny}
		}
	}

	// The caller's side: identity ∩ boundary ∩ session.
	chain := LayerNone // the first layer that does not allow
	switch {
	case !id.hasAllow:
		chain = LayerIdentity
	case set.HasBoundary && !bd.hasAllow:
		chain = LayerBoundary
	case set.HasSession && !sd.hasAllow:
		chain = LayerSession
	}
	// Boundary and session alone, for grants naming the caller's role.
	limits := LayerNone
	switch {
	case set.HasBoundary && !bd.hasAllow:
		limits = LayerBoundary
	case set.HasSession && !sd.hasAllow:
		limits = LayerSession
	}
	deny := func(l Layer) Decision { return Decision{Effect: ImplicitDeny, Missing: l} }
	viaIdentity := func() Decision {
		if chain != LayerNone {
			return deny(chain)
		}
		return Decision{Effect: Allow, Decisive: id.allow}
	}

	resAcct := req.ResourceAccount
	if resAcct == "" {
		resAcct = accountOf(req.Resource)
	}
	sameAccount := resAcct == "" || resAcct == req.Principal.Account

	if set.Resource == nil {
		if set.Trust {
			return deny(LayerTrust)
		}
		if !sameAccount && chain == LayerNone {
			// Another account's resource cannot be reached without a
			// resource-based policy that allows it.
			return deny(LayerResource)
		}
		return viaIdentity()
	}
	if t := req.Principal.Type; t == PrincipalService || t == PrincipalAnonymous {
		// Service principals and anonymous callers have no policies of
		// their own: the resource-based policy alone decides.
		if !rs.hasAllow {
			return deny(resLayer)
		}
		return Decision{Effect: Allow, Decisive: rs.allow}
	}
	if !rs.hasAllow && (set.Trust || !sameAccount) {
		if !set.Trust && chain != LayerNone {
			return deny(chain)
		}
		return deny(resLayer)
	}
	if sameAccount {
		switch rs.grant {
		case grantDirect:
			return Decision{Effect: Allow, Decisive: rs.allow}
		case grantRole:
			if limits != LayerNone {
				return deny(limits)
			}
			return Decision{Effect: Allow, Decisive: rs.allow}
		}
	}
	return viaIdentity()
}

// evalPolicy matches p's candidate statements and records the layer's
// first Deny and its Allow. Without matched it stops at the first Deny and
// skips Allow statements once one has matched (except in the resource
// layer, where the strongest grant counts).
func (e *evalCtx) evalPolicy(p *Policy, layer Layer, r *layerResult, matched *[]Match) {
	resource := layer == LayerResource || layer == LayerTrust
	for _, i := range p.candidates(e.svc) {
		s := &p.stmts[i]
		if matched == nil && !s.deny && r.hasAllow && (!resource || r.grant == grantDirect) {
			continue
		}
		g, ok := e.statementMatches(s, resource)
		if !ok {
			continue
		}
		m := Match{Policy: p.id, Statement: s.index, Sid: s.sid, Effect: "Allow", Layer: layer}
		if s.deny {
			m.Effect = "Deny"
		}
		if matched != nil {
			*matched = append(*matched, m)
		}
		switch {
		case s.deny:
			if !r.hasDeny {
				r.deny, r.hasDeny = m, true
			}
			if matched == nil {
				return
			}
		case !r.hasAllow || g > r.grant:
			r.allow, r.hasAllow, r.grant = m, true, g
		}
	}
}

// statementMatches reports whether s applies to the request and, for
// resource-based policies, how strongly it names the caller.
func (e *evalCtx) statementMatches(s *cstmt, resource bool) (grant, bool) {
	if e.matchAction(s) == s.notAction {
		return grantNone, false
	}
	// Trust policies name no resource: the role they belong to is implied.
	if s.resources != nil && e.matchResource(s) == s.notResource {
		return grantNone, false
	}
	g := grantDirect
	if resource && s.principal != nil {
		if s.notPrinc {
			// A Deny with NotPrincipal denies any IAM principal that has a
			// permissions boundary, whatever the element names.
			if !(s.deny && e.boundary) && s.principal.names(&e.req.Principal) {
				return grantNone, false
			}
		} else if g = s.principal.match(&e.req.Principal); g == grantNone {
			return grantNone, false
		}
	}
	for i := range s.conds {
		if !s.conds[i].eval(e) {
			return grantNone, false
		}
	}
	return g, true
}

func (e *evalCtx) matchAction(s *cstmt) bool {
	for i := range s.actions {
		if s.actions[i].match(e.req.Action, true) {
			return true
		}
	}
	return false
}

func (e *evalCtx) matchResource(s *cstmt) bool {
	for i := range s.resources {
		if s.resources[i].match(e, e.req.Resource) {
			return true
		}
	}
	return false
}

// servicePrefix returns the lower-case service prefix of an action,
// allocating only when the action is not already lower case there.
func servicePrefix(action string) string {
	svc, _, _ := strings.Cut(action, ":")
	for i := range len(svc) {
		if c := svc[i]; 'A' <= c && c <= 'Z' {
			return strings.ToLower(svc)
		}
	}
	return svc
}

// accountOf returns the account segment of an ARN, "" if s is no ARN.
func accountOf(s string) string {
	if !strings.HasPrefix(s, "arn:") {
		return ""
	}
	start, n := 0, 0
	for i := 0; i < len(s); i++ {
		if s[i] != ':' {
			continue
		}
		n++
		switch n {
		case 4:
			start = i + 1
		case 5:
			return s[start:i]
		}
	}
	return ""
}
