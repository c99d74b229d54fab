package expr

import (
	"strconv"

	"iamconsole/resources/dynamodb/attr"
)

// ParseCondition parses a condition expression; what names it in errors
// ("ConditionExpression", "FilterExpression", "KeyConditionExpression").
func ParseCondition(what, src string, env *Env) (*Cond, error) {
	p := newParser(what, src, env)
	var c *Cond
	err := p.run(conditionRank, func() {
		c = p.or()
		p.checkSize(c)
	})
	if err != nil {
		return nil, err
	}
	return c, nil
}

func (p *parser) or() *Cond {
	c := p.and()
	for p.keyword("OR") {
		p.next()
		r := p.and()
		p.checkSize(r)
		p.checkSize(c)
		c = &Cond{Kind: CondOr, Subs: []*Cond{c, r}}
	}
	return c
}

func (p *parser) and() *Cond {
	c := p.not()
	for p.keyword("AND") {
		p.next()
		r := p.not()
		p.checkSize(r)
		p.checkSize(c)
		c = &Cond{Kind: CondAnd, Subs: []*Cond{c, r}}
	}
	return c
}

func (p *parser) not() *Cond {
	if p.keyword("NOT") {
		p.next()
		c := p.not()
		p.checkSize(c)
		return &Cond{Kind: CondNot, Subs: []*Cond{c}}
	}
	return p.primary()
}

// condBare marks an operand standing where a condition may stand, inside
// parentheses: "(a) = :v" is known to be a comparison only after ")".
const condBare CondKind = 0xff

// primary is a parenthesized condition or a single condition. A "(" may
// also open a parenthesized operand: the inside is parsed as a condition
// whose single operand stands bare before ")", and the comparison is
// completed after it.
func (p *parser) primary() *Cond {
	if !p.isPunct("(") {
		return p.comparison()
	}
	p.next()
	p.depth++
	c := p.or()
	p.expect(")")
	p.depth--
	if c.Kind == condBare {
		if c.parens {
			p.note(fParens, "The expression has redundant parentheses;")
		}
		if p.comparatorNext() {
			return p.comparisonRest(c.Ops[0])
		}
		if p.depth > 0 && p.isPunct(")") {
			c.parens = true
			return c
		}
		if c.Ops[0].Kind == OpSize {
			return sizeCond
		}
		p.syntax()
	}
	if c.parens {
		p.note(fParens, "The expression has redundant parentheses;")
	}
	c.parens = true
	return c
}

// comparatorNext reports whether a comparison continues at the current token.
func (p *parser) comparatorNext() bool {
	t := p.peek()
	return t.kind == tPunct && comparators[t.text] != 0 || p.keyword("BETWEEN") || p.keyword("IN")
}

// sizeCond is size(...) parsed where a condition stands.
var sizeCond = &Cond{}

func (p *parser) checkSize(c *Cond) {
	if c == sizeCond {
		p.note(fMisusedFunction, "The function is not allowed to be used this way in an expression; function: size")
	}
	if c.Kind == condBare {
		p.syntax()
	}
}

// comparison parses operand comparator operand, BETWEEN, IN, or a
// function call standing as a condition.
func (p *parser) comparison() *Cond {
	var x *Operand
	if p.peek().kind == tIdent && p.peekAt(1).kind == tPunct && p.peekAt(1).text == "(" {
		name := p.peek().text
		if c := p.condFunction(); c != nil {
			if !p.comparatorNext() {
				return c
			}
			// A condition function compared like a value.
			p.note(fMisusedFunction, "The function is not allowed to be used this way in an expression; function: "+name)
			x = &Operand{Kind: OpSize}
		}
	}
	if x == nil {
		x = p.operand()
	}
	if p.comparatorNext() {
		return p.comparisonRest(x)
	}
	if p.depth > 0 && p.isPunct(")") {
		return &Cond{Kind: condBare, Ops: []*Operand{x}}
	}
	if x.Kind == OpSize {
		return sizeCond
	}
	p.syntax()
	return nil
}

// comparisonRest parses what follows x in a comparison, BETWEEN or IN.
func (p *parser) comparisonRest(x *Operand) *Cond {
	t := p.peek()
	switch {
	case t.kind == tPunct && comparators[t.text] != 0:
		p.next()
		y := p.operand()
		p.distinct(t.text, x, y)
		return &Cond{Kind: comparators[t.text], Ops: []*Operand{x, y}}
	case p.keyword("BETWEEN"):
		p.next()
		lo := p.operand()
		if !p.keyword("AND") {
			p.syntax()
		}
		p.next()
		hi := p.operand()
		p.betweenBounds(lo, hi)
		return &Cond{Kind: CondBetween, Ops: []*Operand{x, lo, hi}}
	}
	p.next() // IN
	p.expect("(")
	ops := []*Operand{x, p.operand()}
	for p.isPunct(",") {
		p.next()
		ops = append(ops, p.operand())
	}
	p.expect(")")
	return &Cond{Kind: CondIn, Ops: ops}
}

// boolFunctions are the functions that are conditions, with their
// number of operands.
var boolFunctions = map[string]CondKind{
	"attribute_exists": CondExists, "attribute_not_exists": CondNotExists, "attribute_type": CondType,
	"begins_with": CondBeginsWith, "contains": CondContains,
}

var functionArity = map[string]int{
	"attribute_exists": 1, "attribute_not_exists": 1, "attribute_type": 2, "begins_with": 2, "contains": 2, "size": 1,
	"if_not_exists": 2, "list_append": 2,
}

// condFunction parses a function standing as a condition; nil means it
// is size(...), an operand, and nothing was consumed.
func (p *parser) condFunction() *Cond {
	name := p.peek().text
	kind, isBool := boolFunctions[name]
	if !isBool {
		if name == "size" {
			return nil
		}
		if _, known := functionArity[name]; !known || !p.update {
			p.next()
			p.args()
			p.note(fUnknownFunction, "Invalid function name; function: "+name)
			return &Cond{Kind: CondExists}
		}
		// An update function where a condition stands.
		p.next()
		p.args()
		p.note(fMisusedFunction, "The function is not allowed to be used this way in an expression; function: "+name)
		return &Cond{Kind: CondExists}
	}
	p.next()
	args := p.args()
	c := &Cond{Kind: kind, Ops: args}
	if len(args) != functionArity[name] {
		p.note(fOperandCount, "Incorrect number of operands for operator or function; operator or function: "+name+", number of operands: "+strconv.Itoa(len(args)))
		return c
	}
	if len(args) == 2 {
		p.distinct(name, args[0], args[1])
	}
	switch kind {
	case CondExists, CondNotExists:
		if args[0].Kind != OpPath {
			p.note(fFunction, "Operator or function requires a document path; operator or function: "+name)
		}
	case CondType:
		if args[0].Kind != OpPath {
			p.note(fFunction, "Operator or function requires a document path; operator or function: "+name)
			break
		}
		t := typeOf(args[1])
		if t != attr.S {
			ts := "{NS,SS,L,BS,N,M,B,BOOL,NULL,S}"
			if t != attr.Invalid {
				ts = t.String()
			}
			p.note(fFunction, "Incorrect operand type for operator or function; operator or function: "+name+", operand type: "+ts)
			break
		}
		if args[1].Kind == OpValue && attr.TypeNamed(args[1].Value.Str) == attr.Invalid {
			p.note(fFunction, "Invalid attribute type name found; type: "+args[1].Value.Str+", valid types: {B,NULL,SS,BOOL,L,BS,N,NS,S,M}")
		}
	case CondBeginsWith:
		for _, a := range args {
			if t := typeOf(a); t != attr.Invalid && t != attr.S && t != attr.B {
				p.note(fFunction, "Incorrect operand type for operator or function; operator or function: "+name+", operand type: "+t.String())
				break
			}
		}
	}
	return c
}

// args parses a parenthesized list of operands.
func (p *parser) args() []*Operand {
	p.expect("(")
	ops := []*Operand{p.operand()}
	for p.isPunct(",") {
		p.next()
		ops = append(ops, p.operand())
	}
	p.expect(")")
	return ops
}

// operand parses a path, a :value, size(path) or a parenthesized operand.
func (p *parser) operand() *Operand {
	t := p.peek()
	switch {
	case t.kind == tPunct && t.text == "(":
		p.next()
		inner := p.peek()
		o := p.operand()
		if inner.kind == tPunct && inner.text == "(" && p.isPunct(")") {
			p.note(fParens, "The expression has redundant parentheses;")
		}
		p.expect(")")
		return o
	case t.kind == tValue:
		return p.value()
	case t.kind == tIdent && p.peekAt(1).kind == tPunct && p.peekAt(1).text == "(":
		return p.funcOperand()
	case t.kind == tIdent || t.kind == tName:
		return &Operand{Kind: OpPath, Path: p.path()}
	}
	p.syntax()
	return nil
}

// funcOperand parses a function used as an operand: size in conditions,
// and if_not_exists and list_append in updates.
func (p *parser) funcOperand() *Operand {
	name := p.next().text
	args := p.args()
	if _, isBool := boolFunctions[name]; isBool {
		p.note(fMisusedFunction, "The function is not allowed to be used this way in an expression; function: "+name)
		return &Operand{Kind: OpSize, Args: args}
	}
	n, known := functionArity[name]
	if !known || (!p.update && name != "size") {
		p.note(fUnknownFunction, "Invalid function name; function: "+name)
		return &Operand{Kind: OpSize, Args: args}
	}
	if len(args) != n {
		p.note(fOperandCount, "Incorrect number of operands for operator or function; operator or function: "+name+", number of operands: "+strconv.Itoa(len(args)))
	}
	switch name {
	case "size":
		if len(args) == 1 {
			if t := typeOf(args[0]); t == attr.N || t == attr.BOOL || t == attr.NULL {
				p.note(fFunction, "Incorrect operand type for operator or function; operator or function: size, operand type: "+t.String())
			}
		}
		return &Operand{Kind: OpSize, Args: args}
	case "if_not_exists":
		if len(args) > 0 && args[0].Kind != OpPath {
			p.note(fFunction, "Operator or function requires a document path; operator or function: if_not_exists")
		}
		return &Operand{Kind: OpIfNotExists, Args: args}
	default: // list_append
		for _, a := range args {
			if t := typeOf(a); t != attr.Invalid && t != attr.L {
				p.note(fFunction, "Incorrect operand type for operator or function; operator or function: list_append, operand type: "+t.String())
				break
			}
		}
		return &Operand{Kind: OpListAppend, Args: args}
	}
}

// distinct notes a function or comparison of a path with itself.
func (p *parser) distinct(op string, x, y *Operand) {
	if x.Kind == OpPath && y.Kind == OpPath && samePath(x.Path, y.Path) {
		p.note(fDistinct, "The first operand must be distinct from the remaining operands for this operator or function; operator: "+op+", first operand: "+x.Path.String())
	}
}

func samePath(a, b Path) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// betweenBounds checks literal bounds of BETWEEN.
func (p *parser) betweenBounds(lo, hi *Operand) {
	if lo.Kind != OpValue || hi.Kind != OpValue || lo.Value.Type == attr.Invalid || hi.Value.Type == attr.Invalid {
		return
	}
	desc := "lower bound operand: AttributeValue: {" + literal(lo.Value) + "}, upper bound operand: AttributeValue: {" + literal(hi.Value) + "}"
	if lo.Value.Type != hi.Value.Type {
		p.note(fFunction, "The BETWEEN operator requires same data type for lower and upper bounds; "+desc)
		return
	}
	if c, ok := attr.Compare(lo.Value, hi.Value); ok && c > 0 {
		p.note(fFunction, "The BETWEEN operator requires upper bound to be greater than or equal to lower bound; "+desc)
	}
}

// literal renders a scalar value as DynamoDB's messages do: S:a, N:1.
func literal(v attr.Value) string {
	switch v.Type {
	case attr.S, attr.N:
		return v.Type.String() + ":" + v.Str
	}
	return v.Type.String() + ":" + string(attr.AppendJSON(nil, v))
}
