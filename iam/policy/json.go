package policy

import (
	"fmt"
	"strings"
	"unicode/utf8"
)

// Limits applied before any other work, so hostile input fails fast.
const (
	// MaxDocumentBytes is the longest document the IAM API accepts.
	MaxDocumentBytes = 131072
	// maxDepth bounds nesting; the policy grammar needs 6 levels.
	maxDepth = 16
)

type nodeKind uint8

const (
	nString nodeKind = iota
	nNumber
	nBool
	nNull
	nArray
	nObject
)

func (k nodeKind) String() string {
	return [...]string{"string", "number", "boolean", "null", "array", "object"}[k]
}

// node is a JSON value with its position.
type node struct {
	kind    nodeKind
	str     string // string value, number text, "true"/"false"
	elems   []*node
	members []member
	pos     pos
}

type member struct {
	key    string
	keyPos pos
	val    *node
}

// jsonParser is a strict RFC 8259 parser restricted to the characters IAM
// accepts, tracking line and column (in characters) of every value.
type jsonParser struct {
	data      []byte
	i         int
	line, col int
	err       *Error

	// Scratch stacks and a node slab keep allocations per value low.
	members []member
	elems   []*node
	slab    []node
}

// newNode returns a node from the slab.
func (p *jsonParser) newNode(k nodeKind, at pos) *node {
	if len(p.slab) == 0 {
		p.slab = make([]node, 64)
	}
	n := &p.slab[0]
	p.slab = p.slab[1:]
	n.kind, n.pos = k, at
	return n
}

func parseJSON(data []byte) (*node, *Error) {
	p := &jsonParser{data: data, line: 1, col: 1}
	if err := p.checkChars(); err != nil {
		return nil, err
	}
	p.skipSpace()
	n := p.value(0)
	if p.err != nil {
		return nil, p.err
	}
	p.skipSpace()
	if p.i < len(p.data) {
		return nil, p.here().err(msgSyntax, "unexpected data after the top-level value")
	}
	return n, nil
}

// checkChars rejects invalid UTF-8 and characters outside the range IAM
// allows (tab, newline, carriage return, U+0020–U+00FF).
func (p *jsonParser) checkChars() *Error {
	line, col := 1, 1
	for i := 0; i < len(p.data); {
		c := p.data[i]
		r, n := rune(c), 1
		if c >= utf8.RuneSelf {
			r, n = utf8.DecodeRune(p.data[i:])
			if r == utf8.RuneError && n <= 1 {
				return pos{line, col}.err(msgSyntax, "invalid UTF-8")
			}
		}
		if !allowedRune(r) {
			return pos{line, col}.err(msgSyntax, fmt.Sprintf("character %U is not allowed", r))
		}
		i += n
		if c == '\n' {
			line, col = line+1, 1
		} else {
			col++
		}
	}
	return nil
}

func allowedRune(r rune) bool {
	return r == '\t' || r == '\n' || r == '\r' || (r >= 0x20 && r <= 0xFF)
}

func (p *jsonParser) here() pos { return pos{p.line, p.col} }

func (p *jsonParser) fail(detail string) {
	if p.err == nil {
		p.err = p.here().err(msgSyntax, detail)
	}
}

// advance moves past one byte, keeping line and column in characters.
func (p *jsonParser) advance() {
	c := p.data[p.i]
	p.i++
	switch {
	case c == '\n':
		p.line, p.col = p.line+1, 1
	case c&0xC0 == 0x80: // continuation byte: same character
	default:
		p.col++
	}
}

func (p *jsonParser) skipSpace() {
	for p.i < len(p.data) {
		switch p.data[p.i] {
		case ' ', '\t', '\n', '\r':
			p.advance()
		default:
			return
		}
	}
}

func (p *jsonParser) value(depth int) *node {
	if depth > maxDepth {
		p.fail("nesting too deep")
		return nil
	}
	if p.i >= len(p.data) {
		p.fail("unexpected end of document")
		return nil
	}
	at := p.here()
	switch c := p.data[p.i]; {
	case c == '{':
		return p.object(depth, at)
	case c == '[':
		return p.array(depth, at)
	case c == '"':
		s, ok := p.string()
		if !ok {
			return nil
		}
		n := p.newNode(nString, at)
		n.str = s
		return n
	case c == '-' || (c >= '0' && c <= '9'):
		return p.number(at)
	case p.literal("true"):
		n := p.newNode(nBool, at)
		n.str = "true"
		return n
	case p.literal("false"):
		n := p.newNode(nBool, at)
		n.str = "false"
		return n
	case p.literal("null"):
		n := p.newNode(nNull, at)
		n.str = "null"
		return n
	}
	p.fail(fmt.Sprintf("unexpected character %q", p.data[p.i]))
	return nil
}

func (p *jsonParser) literal(word string) bool {
	if !strings.HasPrefix(string(p.data[p.i:min(p.i+len(word), len(p.data))]), word) {
		return false
	}
	for range len(word) {
		p.advance()
	}
	return true
}

func (p *jsonParser) expect(c byte, what string) bool {
	if p.i < len(p.data) && p.data[p.i] == c {
		p.advance()
		return true
	}
	if p.i >= len(p.data) {
		p.fail("unexpected end of document, expected " + what)
	} else {
		p.fail(fmt.Sprintf("unexpected character %q, expected %s", p.data[p.i], what))
	}
	return false
}

func (p *jsonParser) object(depth int, at pos) *node {
	n := p.newNode(nObject, at)
	base := len(p.members)
	defer func() { p.members = p.members[:base] }()
	p.advance() // {
	p.skipSpace()
	if p.i < len(p.data) && p.data[p.i] == '}' {
		p.advance()
		return n
	}
	for {
		p.skipSpace()
		keyPos := p.here()
		if p.i >= len(p.data) || p.data[p.i] != '"' {
			p.expect('"', "a quoted key")
			return nil
		}
		key, ok := p.string()
		if !ok {
			return nil
		}
		p.skipSpace()
		if !p.expect(':', "':'") {
			return nil
		}
		p.skipSpace()
		v := p.value(depth + 1)
		if p.err != nil {
			return nil
		}
		p.members = append(p.members, member{key: key, keyPos: keyPos, val: v})
		p.skipSpace()
		if p.i < len(p.data) && p.data[p.i] == ',' {
			p.advance()
			continue
		}
		if !p.expect('}', "',' or '}'") {
			return nil
		}
		n.members = append([]member(nil), p.members[base:]...)
		return n
	}
}

func (p *jsonParser) array(depth int, at pos) *node {
	n := p.newNode(nArray, at)
	base := len(p.elems)
	defer func() { p.elems = p.elems[:base] }()
	p.advance() // [
	p.skipSpace()
	if p.i < len(p.data) && p.data[p.i] == ']' {
		p.advance()
		return n
	}
	for {
		p.skipSpace()
		v := p.value(depth + 1)
		if p.err != nil {
			return nil
		}
		p.elems = append(p.elems, v)
		p.skipSpace()
		if p.i < len(p.data) && p.data[p.i] == ',' {
			p.advance()
			continue
		}
		if !p.expect(']', "',' or ']'") {
			return nil
		}
		n.elems = append([]*node(nil), p.elems[base:]...)
		return n
	}
}

func (p *jsonParser) number(at pos) *node {
	start := p.i
	digits := func() int {
		n := 0
		for p.i < len(p.data) && p.data[p.i] >= '0' && p.data[p.i] <= '9' {
			p.advance()
			n++
		}
		return n
	}
	if p.data[p.i] == '-' {
		p.advance()
	}
	first := p.i
	if digits() == 0 {
		p.fail("malformed number")
		return nil
	}
	if p.data[first] == '0' && p.i-first > 1 {
		p.err = at.err(msgSyntax, "leading zero in number")
		return nil
	}
	if p.i < len(p.data) && p.data[p.i] == '.' {
		p.advance()
		if digits() == 0 {
			p.fail("malformed number")
			return nil
		}
	}
	if p.i < len(p.data) && (p.data[p.i] == 'e' || p.data[p.i] == 'E') {
		p.advance()
		if p.i < len(p.data) && (p.data[p.i] == '+' || p.data[p.i] == '-') {
			p.advance()
		}
		if digits() == 0 {
			p.fail("malformed number")
			return nil
		}
	}
	n := p.newNode(nNumber, at)
	n.str = string(p.data[start:p.i])
	return n
}

// string parses a quoted string at p.i, decoding escapes. Decoded
// characters obey the same range as raw ones.
func (p *jsonParser) string() (string, bool) {
	p.advance() // "
	start := p.i
	// Fast path: no escapes.
	for p.i < len(p.data) {
		c := p.data[p.i]
		if c == '"' {
			s := intern(p.data[start:p.i])
			p.advance()
			return s, true
		}
		if c == '\\' {
			break
		}
		if c < 0x20 {
			p.fail("control character in string")
			return "", false
		}
		p.advance()
	}
	b := []byte(string(p.data[start:p.i]))
	for p.i < len(p.data) {
		c := p.data[p.i]
		switch {
		case c == '"':
			p.advance()
			return string(b), true
		case c < 0x20:
			p.fail("control character in string")
			return "", false
		case c != '\\':
			b = append(b, c)
			p.advance()
			continue
		}
		p.advance() // backslash
		if p.i >= len(p.data) {
			break
		}
		e := p.data[p.i]
		switch e {
		case '"', '\\', '/':
			b = append(b, e)
		case 'b', 'f':
			p.fail("escaped character is not allowed")
			return "", false
		case 'n':
			b = append(b, '\n')
		case 'r':
			b = append(b, '\r')
		case 't':
			b = append(b, '\t')
		case 'u':
			r, ok := p.hex4()
			if !ok {
				return "", false
			}
			if !allowedRune(r) {
				p.fail(fmt.Sprintf("character %U is not allowed", r))
				return "", false
			}
			b = utf8.AppendRune(b, r)
			continue
		default:
			p.fail(fmt.Sprintf("invalid escape \\%c", e))
			return "", false
		}
		p.advance()
	}
	p.fail("unterminated string")
	return "", false
}

// hex4 reads the four hex digits after \u (p.i at 'u').
func (p *jsonParser) hex4() (rune, bool) {
	p.advance() // u
	var r rune
	for range 4 {
		if p.i >= len(p.data) {
			p.fail("unterminated string")
			return 0, false
		}
		c := p.data[p.i]
		var d byte
		switch {
		case c >= '0' && c <= '9':
			d = c - '0'
		case c >= 'a' && c <= 'f':
			d = c - 'a' + 10
		case c >= 'A' && c <= 'F':
			d = c - 'A' + 10
		default:
			p.fail("invalid \\u escape")
			return 0, false
		}
		r = r<<4 | rune(d)
		p.advance()
	}
	return r, true
}

// intern returns common policy strings without allocating.
func intern(b []byte) string {
	switch string(b) {
	case "Version":
		return "Version"
	case "Statement":
		return "Statement"
	case "Sid":
		return "Sid"
	case "Effect":
		return "Effect"
	case "Allow":
		return "Allow"
	case "Deny":
		return "Deny"
	case "Principal":
		return "Principal"
	case "AWS":
		return "AWS"
	case "Service":
		return "Service"
	case "Action":
		return "Action"
	case "NotAction":
		return "NotAction"
	case "Resource":
		return "Resource"
	case "NotResource":
		return "NotResource"
	case "Condition":
		return "Condition"
	case "2012-10-17":
		return "2012-10-17"
	case "*":
		return "*"
	case "StringEquals":
		return "StringEquals"
	case "StringLike":
		return "StringLike"
	case "Bool":
		return "Bool"
	case "true":
		return "true"
	case "false":
		return "false"
	}
	return string(b)
}
