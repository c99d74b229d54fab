package policy

import "fmt"

// Policy language versions.
const (
	Version2012 = "2012-10-17"
	Version2008 = "2008-10-17"
)

// Document is a parsed policy document, with positions. It marshals back to
// JSON with MarshalJSON.
type Document struct {
	Version    string // "" if absent
	ID         string // the Id element, "" if absent
	Statements []*Statement

	single bool // Statement was written as one object rather than an array
	size   int  // Size of the source, -1 if not parsed from bytes
	pos    docPositions
}

type docPositions struct {
	version, id, statement, start pos
}

// Statement is one statement of a Document.
type Statement struct {
	Sid                                      string
	Effect                                   string // "Allow" | "Deny" (anything else fails Validate)
	Principal, NotPrincipal                  *Principals
	Action, NotAction, Resource, NotResource []string
	Conditions                               []Condition // in document order
	Line, Column                             int         // position of the statement object

	pos stmtPositions
}

type stmtPositions struct {
	sid, effect, principal, action, resource pos
	// actions are the positions of the Action (or NotAction) entries.
	actions []pos
}

// Principals is the value of a Principal or NotPrincipal element. The bare
// "*" form sets Wildcard and is represented as AWS does, AWS: ["*"].
type Principals struct {
	Wildcard                               bool // the bare "*" form
	AWS, Service, Federated, CanonicalUser []string
}

// Condition is one condition key under one operator. A Condition block
// {"StringEquals": {"a:b": "x", "c:d": ["y", "z"]}} yields two Conditions.
type Condition struct {
	Operator string   // as written, e.g. "ForAnyValue:StringLikeIfExists"
	Key      string   // as written
	Values   []string // JSON booleans and numbers in their written form

	opPos, keyPos pos
}

// Parse parses a policy document: strict JSON (no duplicate keys, no
// unknown keys, only the characters IAM allows, bounded size and nesting)
// into a Document. It checks structure, not meaning; see Validate. Any input
// yields either a Document or Errors, worded as IAM words them for identity
// policies ("Syntax errors in policy."); ParseFor words them for a kind.
func Parse(data []byte) (*Document, error) {
	if len(data) > MaxDocumentBytes {
		return nil, Errors{{Message: msgDocumentSize}}
	}
	return parse(data)
}

func parse(data []byte) (*Document, error) {
	root, perr := parseJSON(data)
	if perr != nil {
		perr.notJSON = true
		return nil, Errors{perr}
	}
	b := &builder{}
	d := b.document(root)
	if len(b.errs) > 0 {
		sortErrors(b.errs)
		return nil, b.errs
	}
	d.size = Size(data)
	return d, nil
}

// ParseFor is Parse with the wording IAM uses for a document of kind k that
// is not JSON: "Syntax errors in policy." for identity, managed, session and
// boundary policies, "This policy contains invalid Json" for role trust
// policies, and for resource-based policies S3's "Policies must be valid JSON
// and the first byte must be '{'" when the document does not start with "{".
func ParseFor(data []byte, k Kind) (*Document, error) {
	d, err := Parse(data)
	if err == nil {
		return d, nil
	}
	es, ok := err.(Errors)
	if !ok || k.identityLike() {
		return nil, err
	}
	for _, e := range es {
		switch {
		case !e.notJSON:
		case k == KindResource && (len(data) == 0 || data[0] != '{'):
			e.Message = msgFirstByte
		default:
			e.Message = msgInvalidJSON
		}
	}
	return nil, es
}

// builder turns JSON nodes into a Document, collecting every structural
// problem.
type builder struct {
	errs Errors
}

func (b *builder) fail(at pos, detail string) {
	b.errs = append(b.errs, at.err(msgSyntax, detail))
}

// fieldSet holds an object's members by allowed key.
type fieldSet struct {
	keys []string
	m    [9]member
	ok   [9]bool
}

// get returns the member with key k, if present.
func (f *fieldSet) get(k string) (member, bool) {
	for i, key := range f.keys {
		if key == k {
			return f.m[i], f.ok[i]
		}
	}
	return member{}, false
}

// fields checks an object's keys against the allowed set (at most 9) and
// returns the members by key. Duplicates and unknown keys are reported.
func (b *builder) fields(n *node, what string, allowed ...string) *fieldSet {
	f := &fieldSet{keys: allowed}
	for _, mb := range n.members {
		i := 0
		for i < len(allowed) && allowed[i] != mb.key {
			i++
		}
		switch {
		case i == len(allowed):
			b.fail(mb.keyPos, fmt.Sprintf("unknown key %q in %s", mb.key, what))
		case f.ok[i]:
			b.fail(mb.keyPos, fmt.Sprintf("duplicate key %q in %s", mb.key, what))
		default:
			f.m[i], f.ok[i] = mb, true
		}
	}
	return f
}

func (b *builder) document(root *node) *Document {
	d := &Document{size: -1}
	d.pos.start = root.pos
	if root.kind != nObject {
		e := root.pos.err(msgSyntax, "policy document must be a JSON object")
		e.notJSON = true
		b.errs = append(b.errs, e)
		return d
	}
	f := b.fields(root, "policy document", "Version", "Id", "Statement")
	if m, ok := f.get("Version"); ok {
		d.Version = b.str(m, "Version")
		d.pos.version = m.val.pos
	}
	if m, ok := f.get("Id"); ok {
		d.ID = b.str(m, "Id")
		d.pos.id = m.val.pos
	}
	if m, ok := f.get("Statement"); ok {
		d.pos.statement = m.val.pos
		switch m.val.kind {
		case nObject:
			d.single = true
			d.Statements = []*Statement{b.statement(m.val)}
		case nArray:
			d.Statements = make([]*Statement, 0, len(m.val.elems))
			for _, e := range m.val.elems {
				if e.kind != nObject {
					b.fail(e.pos, "a statement must be a JSON object")
					continue
				}
				d.Statements = append(d.Statements, b.statement(e))
			}
		default:
			b.fail(m.val.pos, "Statement must be an object or an array")
		}
	}
	return d
}

func (b *builder) str(m member, name string) string {
	if m.val.kind != nString {
		b.fail(m.val.pos, fmt.Sprintf("%s must be a string, not %s", name, m.val.kind))
		return ""
	}
	return m.val.str
}

// strings reads a string or an array of strings. A present value is never
// nil.
func (b *builder) strings(m member, name string) []string {
	switch m.val.kind {
	case nString:
		return []string{m.val.str}
	case nArray:
		out := make([]string, 0, len(m.val.elems))
		for _, e := range m.val.elems {
			if e.kind != nString {
				b.fail(e.pos, fmt.Sprintf("%s values must be strings, not %s", name, e.kind))
				continue
			}
			out = append(out, e.str)
		}
		return out
	}
	b.fail(m.val.pos, fmt.Sprintf("%s must be a string or an array of strings, not %s", name, m.val.kind))
	return []string{}
}

// entryPositions lists where the string entries of a string-or-array value
// are, in the order strings reads them.
func entryPositions(n *node) []pos {
	if n.kind == nString {
		return []pos{n.pos}
	}
	var out []pos
	for _, e := range n.elems {
		if e.kind == nString {
			out = append(out, e.pos)
		}
	}
	return out
}

// ActionPos returns where the i-th entry of the statement's Action (or
// NotAction) is in the document, 1-based; 0, 0 when it was not parsed from
// a document.
func (s *Statement) ActionPos(i int) (line, col int) {
	if i < 0 || i >= len(s.pos.actions) {
		return s.pos.action.line, s.pos.action.col
	}
	return s.pos.actions[i].line, s.pos.actions[i].col
}

// KeyPos returns where the condition's key is in the document, 1-based.
func (c Condition) KeyPos() (line, col int) { return c.keyPos.line, c.keyPos.col }

func (b *builder) statement(n *node) *Statement {
	s := &Statement{Line: n.pos.line, Column: n.pos.col}
	f := b.fields(n, "statement", "Sid", "Effect", "Principal", "NotPrincipal",
		"Action", "NotAction", "Resource", "NotResource", "Condition")
	if m, ok := f.get("Sid"); ok {
		s.Sid = b.str(m, "Sid")
		s.pos.sid = m.val.pos
	}
	if m, ok := f.get("Effect"); ok {
		s.Effect = b.str(m, "Effect")
		s.pos.effect = m.val.pos
	}
	pair := func(a, na string) (m member, isNot, ok bool) {
		ma, okA := f.get(a)
		mn, okN := f.get(na)
		switch {
		case okA && okN:
			b.fail(mn.keyPos, fmt.Sprintf("a statement cannot have both %s and %s", a, na))
			return ma, false, true
		case okN:
			return mn, true, true
		}
		return ma, false, okA
	}
	if m, not, ok := pair("Principal", "NotPrincipal"); ok {
		s.pos.principal = m.val.pos
		p := b.principals(m.val)
		if not {
			s.NotPrincipal = p
		} else {
			s.Principal = p
		}
	}
	if m, not, ok := pair("Action", "NotAction"); ok {
		s.pos.action = m.val.pos
		if not {
			s.NotAction = b.strings(m, "NotAction")
		} else {
			s.Action = b.strings(m, "Action")
		}
		s.pos.actions = entryPositions(m.val)
	}
	if m, not, ok := pair("Resource", "NotResource"); ok {
		s.pos.resource = m.val.pos
		if not {
			s.NotResource = b.strings(m, "NotResource")
		} else {
			s.Resource = b.strings(m, "Resource")
		}
	}
	if m, ok := f.get("Condition"); ok {
		s.Conditions = b.conditions(m.val)
	}
	return s
}

func (b *builder) principals(n *node) *Principals {
	p := &Principals{}
	switch n.kind {
	case nString:
		if n.str != "*" {
			b.fail(n.pos, `a Principal string must be "*"`)
		}
		p.Wildcard = true
		p.AWS = []string{"*"}
		return p
	case nObject:
	default:
		b.fail(n.pos, "Principal must be \"*\" or an object")
		return p
	}
	f := b.fields(n, "Principal", "AWS", "Service", "Federated", "CanonicalUser")
	if m, ok := f.get("AWS"); ok {
		p.AWS = b.strings(m, "AWS")
	}
	if m, ok := f.get("Service"); ok {
		p.Service = b.strings(m, "Service")
	}
	if m, ok := f.get("Federated"); ok {
		p.Federated = b.strings(m, "Federated")
	}
	if m, ok := f.get("CanonicalUser"); ok {
		p.CanonicalUser = b.strings(m, "CanonicalUser")
	}
	return p
}

func (b *builder) conditions(n *node) []Condition {
	if n.kind != nObject {
		b.fail(n.pos, "Condition must be an object")
		return nil
	}
	out := []Condition{}
	seenOp := map[string]bool{}
	for _, op := range n.members {
		if seenOp[op.key] {
			b.fail(op.keyPos, fmt.Sprintf("duplicate condition operator %q", op.key))
			continue
		}
		seenOp[op.key] = true
		if op.val.kind != nObject {
			b.fail(op.val.pos, fmt.Sprintf("the value of condition operator %q must be an object", op.key))
			continue
		}
		seenKey := map[string]bool{}
		for _, k := range op.val.members {
			if seenKey[k.key] {
				b.fail(k.keyPos, fmt.Sprintf("duplicate condition key %q", k.key))
				continue
			}
			seenKey[k.key] = true
			c := Condition{Operator: op.key, Key: k.key, opPos: op.keyPos, keyPos: k.keyPos}
			switch k.val.kind {
			case nString, nBool, nNumber:
				c.Values = []string{k.val.str}
			case nArray:
				c.Values = make([]string, 0, len(k.val.elems))
				for _, e := range k.val.elems {
					switch e.kind {
					case nString, nBool, nNumber:
						c.Values = append(c.Values, e.str)
					default:
						b.fail(e.pos, fmt.Sprintf("condition values must be strings, booleans or numbers, not %s", e.kind))
					}
				}
			default:
				b.fail(k.val.pos, fmt.Sprintf("condition values must be strings, booleans or numbers, not %s", k.val.kind))
				continue
			}
			out = append(out, c)
		}
	}
	return out
}
