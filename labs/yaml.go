package labs

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"

	yaml "go.yaml.in/yaml/v4"
)

// Bounds of a lab file: a hostile file is refused before it costs much.
const (
	// MaxFileBytes is the largest lab file read (the largest built-in lab
	// is about 15 KB).
	MaxFileBytes = 1 << 20
	// maxNodes bounds the nodes of a file, aliases expanded: an alias bomb
	// (aliases of aliases) stops here.
	maxNodes = 100_000
	// maxDepth bounds the nesting of collections.
	maxDepth = 64
)

// nodeKind is what a YAML node is.
type nodeKind uint8

const (
	kindNull nodeKind = iota
	kindScalar
	kindMap
	kindSeq
)

// node is a YAML node with its position, aliases expanded: the tree the
// decoder reads, independent of the YAML parser's own types.
type node struct {
	kind nodeKind
	// tag is a scalar's type as YAML resolved it: str, int, float, bool.
	tag  string
	text string
	Pos
	keys, vals []*node // a mapping's entries, in order
	items      []*node // a sequence's items
}

// Pos is a position in a lab file: 1-based line and column. For a block
// scalar (| or >) it is the indicator's, and Indent is the indentation of
// its content, so that a position inside the text can be found.
type Pos struct {
	Line, Column int
	Block        bool
	Indent       int
}

// kindName names a node's kind in messages.
func (n *node) kindName() string {
	switch n.kind {
	case kindNull:
		return "null"
	case kindMap:
		return "a mapping"
	case kindSeq:
		return "a list"
	}
	switch n.tag {
	case "int", "float":
		return "a number"
	case "bool":
		return "a boolean"
	}
	return "a string"
}

// converter turns the parser's tree into nodes, expanding aliases.
type converter struct {
	lines    []string
	active   map[*yaml.Node]bool // collections being converted: an alias to one is a cycle
	count    int
	problems []Problem
	stopped  bool
}

func (c *converter) problem(p Pos, format string, args ...any) {
	c.problems = append(c.problems, Problem{Line: p.Line, Column: p.Column, Message: fmt.Sprintf(format, args...)})
}

// parseYAML parses one YAML document into a node tree, or returns the
// problems that stopped it, each with its position.
func parseYAML(src []byte) (root *node, problems []Problem) {
	if len(src) > MaxFileBytes {
		return nil, []Problem{{Line: 1, Column: 1, Message: fmt.Sprintf("the file is %d bytes; a lab file may have at most %d bytes (1 MiB)", len(src), MaxFileBytes)}}
	}
	if p, ok := flowTooDeep(src); ok {
		return nil, []Problem{{Line: p.Line, Column: p.Column, Message: fmt.Sprintf("collections are nested more than %d levels deep", maxDepth)}}
	}
	if i := bytes.IndexByte(src, 0); i >= 0 {
		p := offsetPos(src, i)
		return nil, []Problem{{Line: p.Line, Column: p.Column, Message: "the file holds a NUL byte: a lab file is UTF-8 text"}}
	}
	if !utf8.Valid(src) {
		p := offsetPos(src, invalidUTF8(src))
		return nil, []Problem{{Line: p.Line, Column: p.Column, Message: "the file is not valid UTF-8"}}
	}
	doc, second, err := loadYAML(src)
	if err != nil {
		return nil, []Problem{syntaxProblem(err)}
	}
	if doc == nil || len(doc.Content) == 0 {
		return nil, []Problem{{Line: 1, Column: 1, Message: "the file is empty: a lab file is one YAML mapping"}}
	}
	if second != nil {
		return nil, []Problem{{Line: second.Line, Column: second.Column, Message: "a second YAML document: a lab file holds exactly one"}}
	}
	c := &converter{lines: strings.Split(string(src), "\n"), active: map[*yaml.Node]bool{}}
	root = c.convert(doc, 0)
	if len(c.problems) > 0 {
		return nil, c.problems
	}
	return root, nil
}

// loadYAML reads the first document of src, and the start of a second if
// there is one; a panic of the parser on hostile input is an error.
func loadYAML(src []byte) (doc, second *yaml.Node, err error) {
	defer func() {
		if r := recover(); r != nil {
			doc, second, err = nil, nil, fmt.Errorf("the YAML parser could not read the file (%v)", r)
		}
	}()
	l, err := yaml.NewLoader(bytes.NewReader(src))
	if err != nil {
		return nil, nil, err
	}
	var first yaml.Node
	if err := l.Load(&first); errors.Is(err, io.EOF) {
		return nil, nil, nil
	} else if err != nil {
		return nil, nil, err
	}
	var next yaml.Node
	if err := l.Load(&next); err == nil {
		p := &next
		if len(next.Content) > 0 {
			p = next.Content[0]
		}
		return &first, p, nil
	} else if !errors.Is(err, io.EOF) {
		return nil, nil, err
	}
	return &first, nil, nil
}

func invalidUTF8(b []byte) int {
	for i := 0; i < len(b); {
		r, n := utf8.DecodeRune(b[i:])
		if r == utf8.RuneError && n <= 1 {
			return i
		}
		i += n
	}
	return 0
}

// syntaxProblem turns a parser error into a problem with its position.
func syntaxProblem(err error) Problem {
	var le *yaml.LoadError
	if errors.As(err, &le) {
		msg := le.Message
		if le.ContextMsg != "" {
			msg = le.ContextMsg + ": " + msg
			if le.ContextMark.Line > 0 && le.ContextMark.Line != le.Mark.Line {
				msg += fmt.Sprintf(" (started at line %d, column %d)", le.ContextMark.Line, le.ContextMark.Column)
			}
		}
		line, col := le.Mark.Line, le.Mark.Column
		if line == 0 {
			line, col = 1, 1
		}
		return Problem{Line: line, Column: max(col, 1), Message: "YAML syntax: " + msg}
	}
	return Problem{Line: 1, Column: 1, Message: "YAML: " + strings.TrimPrefix(err.Error(), "yaml: ")}
}

// flowTooDeep finds where flow collections ([ and {) nest deeper than
// maxDepth, before the parser recurses that deep. Brackets inside quotes
// and comments do not count.
func flowTooDeep(src []byte) (Pos, bool) {
	depth := 0
	var quote byte
	comment := false
	for i := 0; i < len(src); i++ {
		ch := src[i]
		switch {
		case ch == '\n':
			comment = false
			if quote == 0 {
				continue
			}
		case comment:
		case quote != 0:
			if ch == '\\' && quote == '"' {
				i++
			} else if ch == quote {
				quote = 0
			}
		case ch == '#' && (i == 0 || src[i-1] == ' ' || src[i-1] == '\t' || src[i-1] == '\n'):
			comment = true
		case ch == '"' || ch == '\'':
			if depth > 0 {
				quote = ch
			}
		case ch == '[' || ch == '{':
			depth++
			if depth > maxDepth {
				return offsetPos(src, i), true
			}
		case ch == ']' || ch == '}':
			if depth > 0 {
				depth--
			}
		}
	}
	return Pos{}, false
}

// offsetPos is the line and column of byte offset i.
func offsetPos(src []byte, i int) Pos {
	line, col := 1, 1
	for _, ch := range src[:i] {
		if ch == '\n' {
			line++
			col = 1
		} else {
			col++
		}
	}
	return Pos{Line: line, Column: col}
}

// convert turns one parser node into a node; nil after a problem.
func (c *converter) convert(n *yaml.Node, depth int) *node {
	if c.stopped || n == nil {
		return nil
	}
	c.count++
	p := Pos{Line: n.Line, Column: n.Column}
	if c.count > maxNodes {
		c.problem(p, "the file has more than %d values (aliases expanded): it is refused", maxNodes)
		c.stopped = true
		return nil
	}
	if depth > maxDepth {
		c.problem(p, "collections are nested more than %d levels deep", maxDepth)
		c.stopped = true
		return nil
	}
	switch n.Kind {
	case yaml.DocumentNode:
		if len(n.Content) == 0 {
			return &node{kind: kindNull, Pos: p}
		}
		return c.convert(n.Content[0], depth)
	case yaml.MappingNode:
		if !c.tag(n, "!!map") {
			return nil
		}
		out := &node{kind: kindMap, Pos: p}
		c.enter(n)
		for i := 0; i+1 < len(n.Content); i += 2 {
			c.entry(out, n.Content[i], n.Content[i+1], depth)
		}
		c.leave(n)
		return out
	case yaml.SequenceNode:
		if !c.tag(n, "!!seq") {
			return nil
		}
		out := &node{kind: kindSeq, Pos: p}
		c.enter(n)
		for _, item := range n.Content {
			if x := c.convert(item, depth+1); x != nil {
				out.items = append(out.items, x)
			}
		}
		c.leave(n)
		return out
	case yaml.ScalarNode:
		return c.scalar(n, p)
	case yaml.AliasNode:
		target := n.Alias
		if target == nil {
			c.problem(p, "alias *%s refers to no anchor defined before it", n.Value)
			return nil
		}
		if c.active[target] {
			c.problem(p, "alias *%s refers to the anchor &%s that contains it: a cyclic reference", n.Value, n.Value)
			c.stopped = true
			return nil
		}
		out := c.convert(target, depth)
		if out != nil {
			out = out.at(p)
		}
		return out
	}
	c.problem(p, "unsupported YAML construct")
	return nil
}

func (c *converter) enter(n *yaml.Node) { c.active[n] = true }
func (c *converter) leave(n *yaml.Node) { delete(c.active, n) }

// tag accepts a collection's standard tag; a lab file has no others.
func (c *converter) tag(n *yaml.Node, std string) bool {
	if n.Tag == "" || n.Tag == std || n.Tag == "!" {
		return true
	}
	c.problem(Pos{Line: n.Line, Column: n.Column}, "the YAML tag %s is not supported in a lab file", n.Tag)
	return false
}

// scalar reads a scalar with the type YAML resolved for it.
func (c *converter) scalar(n *yaml.Node, p Pos) *node {
	out := &node{kind: kindScalar, text: n.Value, Pos: p}
	switch n.Tag {
	case "!!str", "!!timestamp", "!!binary", "", "!":
		out.tag = "str"
	case "!!int":
		out.tag = "int"
	case "!!float":
		out.tag = "float"
	case "!!bool":
		out.tag = "bool"
	case "!!null":
		return &node{kind: kindNull, Pos: p}
	case "!!merge":
		c.problem(p, "merge keys (<<) are not supported in a lab file: write the keys out")
		return nil
	default:
		c.problem(p, "the YAML tag %s is not supported in a lab file (only !!str is)", n.Tag)
		return nil
	}
	if n.Style&(yaml.LiteralStyle|yaml.FoldedStyle) != 0 {
		out.Block, out.Indent = true, c.blockIndent(p.Line)
	}
	return out
}

// at is a copy of n (shallow) placed at p: an alias's expansion reports
// problems where the alias is.
func (n *node) at(p Pos) *node {
	cp := *n
	cp.Line, cp.Column = p.Line, p.Column
	return &cp
}

// entry adds one key and value to a mapping.
func (c *converter) entry(m *node, key, val *yaml.Node, depth int) {
	if key.Kind == yaml.ScalarNode && key.Tag == "!!merge" {
		c.problem(Pos{Line: key.Line, Column: key.Column}, "merge keys (<<) are not supported in a lab file: write the keys out")
		return
	}
	k := c.convert(key, depth+1)
	if k == nil {
		return
	}
	if k.kind != kindScalar {
		c.problem(k.Pos, "a mapping key must be a string, not %s", k.kindName())
		return
	}
	for _, prev := range m.keys {
		if prev.text == k.text {
			c.problem(k.Pos, "duplicate key %q (first at line %d)", k.text, prev.Line)
			return
		}
	}
	v := c.convert(val, depth+1)
	if v == nil {
		if c.stopped {
			return
		}
		v = &node{kind: kindNull, Pos: Pos{Line: val.Line, Column: val.Column}}
	}
	m.keys = append(m.keys, k)
	m.vals = append(m.vals, v)
}

// blockIndent is the indentation of a block scalar's content: that of its
// first non-blank line after the indicator's line.
func (c *converter) blockIndent(line int) int {
	for i := line; i < len(c.lines); i++ { // c.lines[line] is the line after the indicator
		s := strings.TrimRight(c.lines[i], "\r")
		if strings.TrimSpace(s) == "" {
			continue
		}
		return len(s) - len(strings.TrimLeft(s, " "))
	}
	return 0
}
