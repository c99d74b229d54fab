package expr

import (
	"fmt"
	"strconv"
	"strings"

	"iamconsole/resources/dynamodb/attr"
)

// syntaxError is raised (as a panic) by the parser and recovered by parse.
type syntaxError struct{ msg string }

// parser is a recursive-descent parser over one expression's tokens.
type parser struct {
	what   string // "ConditionExpression", …
	src    string
	toks   []token
	pos    int
	env    *Env
	faults [nFaults]string
	update bool // functions of update expressions are known
	depth  int  // parentheses open around the condition being parsed
}

func newParser(what, src string, env *Env) *parser {
	if env == nil {
		env = NewEnv(nil, nil)
	}
	return &parser{what: what, src: src, toks: lex(src), env: env}
}

// run parses with fn, turning a syntax error or the first-ranked fault
// into an *Error of the expression's kind.
func (p *parser) run(rank []fault, fn func()) (err error) {
	if strings.TrimSpace(p.src) == "" {
		return p.errorf("The expression can not be empty;")
	}
	defer func() {
		if r := recover(); r != nil {
			se, ok := r.(syntaxError)
			if !ok {
				panic(r)
			}
			err = p.errorf("%s", se.msg)
		}
	}()
	fn()
	if p.peek().kind != tEOF {
		p.syntax()
	}
	for _, f := range rank {
		if m := p.faults[f]; m != "" {
			return p.errorf("%s", m)
		}
	}
	return nil
}

func (p *parser) errorf(format string, args ...any) *Error {
	return &Error{"Invalid " + p.what + ": " + fmt.Sprintf(format, args...)}
}

func (p *parser) note(f fault, msg string) {
	if p.faults[f] == "" {
		p.faults[f] = msg
	}
}

func (p *parser) peek() token { return p.toks[p.pos] }
func (p *parser) peekAt(n int) token {
	if p.pos+n < len(p.toks) {
		return p.toks[p.pos+n]
	}
	return p.toks[len(p.toks)-1]
}
func (p *parser) next() token {
	t := p.toks[p.pos]
	if p.pos < len(p.toks)-1 {
		p.pos++
	}
	return t
}

// syntax raises DynamoDB's syntax error at the current token: the token,
// and the text from the token before it through it.
func (p *parser) syntax() {
	t := p.peek()
	start := t.start
	if p.pos > 0 {
		start = p.toks[p.pos-1].start
	}
	near := p.src[start:t.end]
	if t.kind == tEOF && p.pos > 0 {
		near = p.src[start:p.toks[p.pos-1].end]
	}
	panic(syntaxError{"Syntax error; token: " + strconv.Quote(t.text) + ", near: " + strconv.Quote(near)})
}

func (p *parser) isPunct(s string) bool {
	t := p.peek()
	return t.kind == tPunct && t.text == s
}

func (p *parser) expect(s string) {
	if !p.isPunct(s) {
		p.syntax()
	}
	p.next()
}

// keyword reports whether the current token is the keyword kw (any case).
func (p *parser) keyword(kw string) bool {
	t := p.peek()
	return t.kind == tIdent && strings.EqualFold(t.text, kw)
}

// isKeyword reports a word the grammar reserves for itself.
func isKeyword(s string) bool {
	switch strings.ToUpper(s) {
	case "AND", "OR", "NOT", "BETWEEN", "IN":
		return true
	}
	return false
}

// path parses a document path: name or #name, then .name, .#name or [N].
func (p *parser) path() Path {
	var out Path
	out = append(out, p.pathName())
	for {
		switch {
		case p.isPunct("."):
			p.next()
			out = append(out, p.pathName())
		case p.isPunct("["):
			p.next()
			t := p.peek()
			if t.kind != tNumber {
				p.syntax()
			}
			p.next()
			n, err := strconv.Atoi(t.text)
			if err != nil {
				p.syntax()
			}
			p.expect("]")
			out = append(out, PathElem{Index: n, IsIndex: true})
		default:
			return out
		}
	}
}

func (p *parser) pathName() PathElem {
	t := p.peek()
	switch t.kind {
	case tIdent:
		if isKeyword(t.text) {
			p.syntax()
		}
		p.next()
		if IsReserved(t.text) {
			p.note(fReserved, "Attribute name is a reserved keyword; reserved keyword: "+t.text)
		}
		return PathElem{Name: t.text}
	case tName:
		p.next()
		name, ok := p.env.Names[t.text]
		if !ok {
			p.note(fAttrName, "An expression attribute name used in the document path is not defined; attribute name: "+t.text)
			return PathElem{Name: t.text}
		}
		p.env.usedNames[t.text] = true
		return PathElem{Name: name}
	}
	p.syntax()
	return PathElem{}
}

// value parses :value.
func (p *parser) value() *Operand {
	t := p.next()
	v, ok := p.env.Values[t.text]
	if !ok {
		p.note(fAttrName, "An expression attribute value used in expression is not defined; attribute value: "+t.text)
	} else {
		p.env.usedValues[t.text] = true
	}
	return &Operand{Kind: OpValue, Value: v, Name: t.text}
}

// typeOf is an operand's type for messages, "" when unknown before
// evaluation (a path).
func typeOf(o *Operand) attr.Type {
	switch o.Kind {
	case OpValue:
		return o.Value.Type
	case OpSize, OpPlus, OpMinus:
		return attr.N
	case OpListAppend:
		return attr.L
	}
	return attr.Invalid
}
