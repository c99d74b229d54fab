package expr

import (
	"strconv"
	"strings"

	"iamconsole/resources/dynamodb/attr"
)

// PathElem is one step of a document path: a map key (an attribute name
// at the top) or a list index.
type PathElem struct {
	Name    string
	Index   int
	IsIndex bool
}

// Path is a document path, its names resolved.
type Path []PathElem

// Top is the path's top-level attribute name.
func (p Path) Top() string { return p[0].Name }

// String renders the path as DynamoDB's messages list it: [a, b, [0]].
func (p Path) String() string {
	parts := make([]string, len(p))
	for i, e := range p {
		if e.IsIndex {
			parts[i] = "[" + strconv.Itoa(e.Index) + "]"
		} else {
			parts[i] = e.Name
		}
	}
	return "[" + strings.Join(parts, ", ") + "]"
}

// Dotted renders the path as an expression would write it: a.b[0].
func (p Path) Dotted() string {
	var b strings.Builder
	for i, e := range p {
		switch {
		case e.IsIndex:
			b.WriteString("[" + strconv.Itoa(e.Index) + "]")
		case i > 0:
			b.WriteString("." + e.Name)
		default:
			b.WriteString(e.Name)
		}
	}
	return b.String()
}

// OperandKind is a kind of operand.
type OperandKind uint8

// Kinds of operand.
const (
	OpPath        OperandKind = iota + 1 // a document path
	OpValue                              // an expression attribute value
	OpSize                               // size(path)
	OpIfNotExists                        // if_not_exists(path, operand), update only
	OpListAppend                         // list_append(operand, operand), update only
	OpPlus                               // operand + operand, update only
	OpMinus                              // operand - operand, update only
)

// Operand is a value in an expression.
type Operand struct {
	Kind  OperandKind
	Path  Path
	Value attr.Value
	Name  string // the :value's name
	Args  []*Operand
}

// CondKind is a kind of condition.
type CondKind uint8

// Kinds of condition.
const (
	CondEQ CondKind = iota + 1
	CondNE
	CondLT
	CondLE
	CondGT
	CondGE
	CondBetween
	CondIn
	CondAnd
	CondOr
	CondNot
	CondExists     // attribute_exists(path)
	CondNotExists  // attribute_not_exists(path)
	CondType       // attribute_type(path, :type)
	CondBeginsWith // begins_with(path, operand)
	CondContains   // contains(path, operand)
)

var comparators = map[string]CondKind{"=": CondEQ, "<>": CondNE, "<": CondLT, "<=": CondLE, ">": CondGT, ">=": CondGE}

// Symbol is the operator as written, for messages.
func (k CondKind) Symbol() string {
	for s, c := range comparators {
		if c == k {
			return s
		}
	}
	switch k {
	case CondBetween:
		return "BETWEEN"
	case CondIn:
		return "IN"
	case CondAnd:
		return "AND"
	case CondOr:
		return "OR"
	case CondNot:
		return "NOT"
	case CondExists:
		return "attribute_exists"
	case CondNotExists:
		return "attribute_not_exists"
	case CondType:
		return "attribute_type"
	case CondBeginsWith:
		return "begins_with"
	case CondContains:
		return "contains"
	}
	return ""
}

// Cond is a condition: a comparison, a function or a logical operator.
type Cond struct {
	Kind CondKind
	// Ops are the operands: two of a comparison, three of BETWEEN (x, low,
	// high), x and the list of IN, the arguments of a function.
	Ops []*Operand
	// Subs are the conditions of AND, OR (two) and NOT (one).
	Subs []*Cond
	// parens marks a condition written in parentheses.
	parens bool
}
