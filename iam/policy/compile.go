package policy

import (
	"strings"

	"iamconsole/iam/arn"
)

// Policy is a compiled policy: immutable and safe for concurrent use.
type Policy struct {
	id    string
	doc   *Document
	stmts []cstmt
	// byService maps a lower-case service prefix to the statements that can
	// match an action of that service, in document order; wild holds the
	// statements that can match any service (Action "*", "s3*:…",
	// NotAction). Evaluation cost thus grows with the statements that can
	// apply to an action, not with unrelated ones.
	byService map[string][]int32
	wild      []int32
	// few is byService as a list when it is short: scanning a handful of
	// names is cheaper than hashing.
	few []svcStatements
}

type svcStatements struct {
	svc   string
	stmts []int32
}

// cstmt is a compiled statement.
type cstmt struct {
	index       int
	sid         string
	deny        bool
	notAction   bool
	actions     []pattern // lower case
	notResource bool
	resources   []resPattern
	principal   *cprincipals // nil when the statement has none
	notPrinc    bool
	conds       []ccond
}

// Compile parses data, validates it as a policy of kind k and compiles it.
// id labels the policy in decisions: a policy ARN, or a name such as
// "user/alice/inline/MyPolicy".
func Compile(id string, data []byte, k Kind) (*Policy, error) {
	d, err := ParseFor(data, k)
	if err != nil {
		return nil, err
	}
	if err := d.Validate(k); err != nil {
		return nil, err
	}
	return compile(id, d), nil
}

// CompileManaged compiles a document that AWS itself publishes, an AWS
// managed policy, as an identity policy: parsed strictly but not validated
// and not bounded in size, since AWS's own documents go beyond what IAM
// accepts from its customers (partition wildcards such as arn:*:kms:…,
// regions in S3 access point ARNs, more than 131,072 bytes).
func CompileManaged(id string, data []byte) (*Policy, error) {
	d, err := parse(data)
	if err != nil {
		return nil, err
	}
	return compile(id, d), nil
}

// MustCompile is Compile that panics on error, for policies known to be
// valid (tests, built-in policies).
func MustCompile(id string, data []byte, k Kind) *Policy {
	p, err := Compile(id, data, k)
	if err != nil {
		panic("policy: MustCompile " + id + ": " + err.Error())
	}
	return p
}

// ID returns the label given to Compile.
func (p *Policy) ID() string { return p.id }

// Document returns the parsed document. Callers must not modify it.
func (p *Policy) Document() *Document { return p.doc }

func compile(id string, d *Document) *Policy {
	vars := d.Version == Version2012
	p := &Policy{id: id, doc: d, stmts: make([]cstmt, len(d.Statements)), byService: map[string][]int32{}}
	services := map[string]bool{}
	for i, s := range d.Statements {
		cs := &p.stmts[i]
		cs.index, cs.sid, cs.deny = i, s.Sid, s.Effect == "Deny"
		acts := s.Action
		if s.NotAction != nil {
			cs.notAction, acts = true, s.NotAction
		}
		for _, a := range acts {
			cs.actions = append(cs.actions, newPattern(strings.ToLower(a)))
		}
		res := s.Resource
		if s.NotResource != nil {
			cs.notResource, res = true, s.NotResource
		}
		if s.Resource == nil && s.NotResource == nil {
			// A trust policy's statements name no Resource: they apply to
			// the role they are attached to.
			res = []string{"*"}
		}
		for _, r := range res {
			cs.resources = append(cs.resources, newResPattern(r, vars))
		}
		switch {
		case s.Principal != nil:
			cs.principal = compilePrincipals(s.Principal)
		case s.NotPrincipal != nil:
			cs.principal, cs.notPrinc = compilePrincipals(s.NotPrincipal), true
		}
		for _, c := range s.Conditions {
			cs.conds = append(cs.conds, compileCondition(c, vars))
		}
		for _, svc := range cs.services() {
			services[svc] = true
		}
	}
	// Build each service's list in document order, wildcard statements
	// merged in.
	for i := range p.stmts {
		svcs := p.stmts[i].services()
		if svcs == nil {
			p.wild = append(p.wild, int32(i))
			for svc := range services {
				p.byService[svc] = append(p.byService[svc], int32(i))
			}
			continue
		}
		seen := map[string]bool{}
		for _, svc := range svcs {
			if !seen[svc] {
				seen[svc] = true
				p.byService[svc] = append(p.byService[svc], int32(i))
			}
		}
	}
	if len(p.byService) <= 8 {
		for svc, idx := range p.byService {
			p.few = append(p.few, svcStatements{svc, idx})
		}
	}
	return p
}

// services returns the service prefixes s can match, or nil when it can
// match actions of any service.
func (s *cstmt) services() []string {
	if s.notAction {
		return nil
	}
	out := make([]string, 0, len(s.actions))
	for _, a := range s.actions {
		svc, _, _ := strings.Cut(a.lit+a.rest, ":")
		if strings.ContainsAny(svc, "*?") {
			return nil
		}
		out = append(out, svc)
	}
	return out
}

// candidates returns the indexes of the statements that can match an action
// of service svc (lower case).
func (p *Policy) candidates(svc string) []int32 {
	if len(p.byService) <= 8 {
		for i := range p.few {
			if p.few[i].svc == svc {
				return p.few[i].stmts
			}
		}
		return p.wild
	}
	if c, ok := p.byService[svc]; ok {
		return c
	}
	return p.wild
}

// parseResource compiles a Resource pattern. Variables may only appear in
// the resource part, after the fifth colon; elsewhere they stay literal.
func parseResource(r string, vars bool) template {
	if !vars || !strings.Contains(r, "${") {
		return template{lit: r}
	}
	head, n := 0, 0
	for i := 0; i < len(r) && n < 5; i++ {
		if r[i] == ':' {
			n++
			head = i + 1
		}
	}
	if n < 5 || strings.Contains(r[:head], "${") {
		return template{lit: r}
	}
	t := parseTemplate(r[head:], true)
	t.parts = append([]tpart{{lit: r[:head]}}, t.parts...)
	return t
}

// resPattern is a compiled Resource pattern. When the first five segments
// hold no wildcard and no variable, head is that literal prefix (through the
// fifth colon) and tail the resource part, so matching is a prefix
// comparison and one glob.
type resPattern struct {
	t      template
	any    bool // "*"
	simple bool
	head   string
	tail   pattern
}

func newResPattern(r string, vars bool) resPattern {
	p := resPattern{t: parseResource(r, vars), any: r == "*"}
	if p.t.parts != nil {
		return p
	}
	n := 0
	for i := 0; i < len(r); i++ {
		switch r[i] {
		case '*', '?':
			return p
		case ':':
			if n++; n == 5 {
				p.simple, p.head, p.tail = true, r[:i+1], newPattern(r[i+1:])
				return p
			}
		}
	}
	return p
}

func (p *resPattern) match(e *evalCtx, v string) bool {
	switch {
	case p.any:
		return true
	case p.simple:
		return len(v) >= len(p.head) && v[:len(p.head)] == p.head && p.tail.match(v[len(p.head):], false)
	case p.t.parts == nil:
		return arn.MatchEscaped(p.t.lit, v)
	}
	// A variable without a value matches nothing.
	r, ok := e.resolve(&p.t, true)
	return ok && arn.MatchEscaped(r, v)
}

// grant is how strongly a resource-based statement names the caller.
type grant uint8

const (
	grantNone    grant = iota
	grantAccount       // the caller's account: identity policies must allow too
	grantRole          // the caller's role: boundary and session policies still apply
	grantDirect        // the caller itself (user, session, "*"): grants on its own
)

type principalKind uint8

const (
	pkAccount principalKind = iota
	pkUser
	pkRole
	pkSession // assumed-role or federated-user ARN
	pkUniqueID
)

type pentry struct {
	kind  principalKind
	value string
}

// cprincipals is a compiled Principal or NotPrincipal.
type cprincipals struct {
	any                           bool
	aws                           []pentry
	service, federated, canonical []string
}

func compilePrincipals(p *Principals) *cprincipals {
	c := &cprincipals{service: p.Service, federated: p.Federated, canonical: p.CanonicalUser}
	for _, v := range p.AWS {
		switch {
		case v == "*":
			c.any = true
		case arn.IsAccountID(v):
			c.aws = append(c.aws, pentry{pkAccount, v})
		case strings.HasPrefix(v, "arn:"):
			a, _ := arn.Parse(v)
			typ, _, _ := strings.Cut(a.Resource, "/")
			switch {
			case a.Service == "iam" && a.Resource == "root":
				c.aws = append(c.aws, pentry{pkAccount, a.Account})
			case a.Service == "iam" && typ == "user":
				c.aws = append(c.aws, pentry{pkUser, v})
			case a.Service == "iam" && typ == "role":
				c.aws = append(c.aws, pentry{pkRole, v})
			default:
				c.aws = append(c.aws, pentry{pkSession, v})
			}
		default:
			c.aws = append(c.aws, pentry{pkUniqueID, v})
		}
	}
	return c
}

// match returns how strongly c names the principal.
func (c *cprincipals) match(p *Principal) grant {
	if c.any {
		return grantDirect
	}
	best := grantNone
	for _, e := range c.aws {
		g := grantNone
		switch e.kind {
		case pkAccount:
			if p.Account == e.value && p.Type != PrincipalAnonymous && p.Type != PrincipalService {
				g = grantAccount
			}
		case pkUser:
			if p.Type == PrincipalUser && p.ARN == e.value {
				g = grantDirect
			}
		case pkRole:
			if p.Type == PrincipalAssumedRole && p.PrincipalARN != "" && p.PrincipalARN == e.value {
				g = grantRole
			}
		case pkSession:
			if p.ARN == e.value {
				g = grantDirect
			}
		case pkUniqueID:
			if p.UniqueID == e.value {
				g = grantDirect
				if p.Type == PrincipalAssumedRole {
					g = grantRole
				}
			}
		}
		best = max(best, g)
	}
	if best == grantDirect {
		return best
	}
	for _, s := range c.service {
		if p.Type == PrincipalService && p.Service == s {
			return grantDirect
		}
	}
	for _, f := range c.federated {
		if p.Service == f || (p.ARN != "" && p.ARN == f) {
			return grantDirect
		}
	}
	for _, u := range c.canonical {
		if p.UniqueID == u {
			return grantDirect
		}
	}
	return best
}

// names reports whether c names exactly the principal, as NotPrincipal
// requires: an account entry spares only the account's root user, and a role
// entry spares no session of the role.
func (c *cprincipals) names(p *Principal) bool {
	if c.any {
		return true
	}
	for _, e := range c.aws {
		switch e.kind {
		case pkAccount:
			if p.Type == PrincipalRoot && p.Account == e.value {
				return true
			}
		case pkUser, pkSession:
			if p.ARN == e.value {
				return true
			}
		case pkUniqueID:
			if p.Type != PrincipalAssumedRole && p.UniqueID == e.value {
				return true
			}
		}
	}
	for _, s := range c.service {
		if p.Type == PrincipalService && p.Service == s {
			return true
		}
	}
	for _, f := range c.federated {
		if p.Service == f || (p.ARN != "" && p.ARN == f) {
			return true
		}
	}
	for _, u := range c.canonical {
		if p.UniqueID == u {
			return true
		}
	}
	return false
}
