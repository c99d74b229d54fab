package policy

import "strings"

// family is a condition-operator family; each has its own file.
type family uint8

const (
	famString family = iota
	famNumeric
	famDate
	famBool
	famBinary
	famIP
	famARN
	famNull
)

// cmp is the comparison an operator performs within its family.
type cmp uint8

const (
	cmpEq cmp = iota
	cmpFold
	cmpLike
	cmpLT
	cmpLE
	cmpGT
	cmpGE
)

type opInfo struct {
	fam family
	neg bool // StringNotEquals and friends: values combine as NOR
	cmp cmp
}

// operators lists every base condition operator IAM knows.
var operators = map[string]opInfo{
	"StringEquals":              {famString, false, cmpEq},
	"StringNotEquals":           {famString, true, cmpEq},
	"StringEqualsIgnoreCase":    {famString, false, cmpFold},
	"StringNotEqualsIgnoreCase": {famString, true, cmpFold},
	"StringLike":                {famString, false, cmpLike},
	"StringNotLike":             {famString, true, cmpLike},
	"NumericEquals":             {famNumeric, false, cmpEq},
	"NumericNotEquals":          {famNumeric, true, cmpEq},
	"NumericLessThan":           {famNumeric, false, cmpLT},
	"NumericLessThanEquals":     {famNumeric, false, cmpLE},
	"NumericGreaterThan":        {famNumeric, false, cmpGT},
	"NumericGreaterThanEquals":  {famNumeric, false, cmpGE},
	"DateEquals":                {famDate, false, cmpEq},
	"DateNotEquals":             {famDate, true, cmpEq},
	"DateLessThan":              {famDate, false, cmpLT},
	"DateLessThanEquals":        {famDate, false, cmpLE},
	"DateGreaterThan":           {famDate, false, cmpGT},
	"DateGreaterThanEquals":     {famDate, false, cmpGE},
	"Bool":                      {famBool, false, cmpEq},
	"BinaryEquals":              {famBinary, false, cmpEq},
	"IpAddress":                 {famIP, false, cmpEq},
	"NotIpAddress":              {famIP, true, cmpEq},
	"ArnEquals":                 {famARN, false, cmpLike},
	"ArnLike":                   {famARN, false, cmpLike},
	"ArnNotEquals":              {famARN, true, cmpLike},
	"ArnNotLike":                {famARN, true, cmpLike},
	"Null":                      {famNull, false, cmpEq},
}

// setMode is the set-operator prefix of a condition operator.
type setMode uint8

const (
	setNone setMode = iota
	setAny          // ForAnyValue:
	setAll          // ForAllValues:
)

// operator is a fully decoded condition operator.
type operator struct {
	opInfo
	set      setMode
	ifExists bool
}

// parseOperator decodes "ForAnyValue:StringLikeIfExists" and the like.
func parseOperator(s string) (operator, bool) {
	var op operator
	switch {
	case strings.HasPrefix(s, "ForAnyValue:"):
		op.set, s = setAny, s[len("ForAnyValue:"):]
	case strings.HasPrefix(s, "ForAllValues:"):
		op.set, s = setAll, s[len("ForAllValues:"):]
	}
	if base, ok := strings.CutSuffix(s, "IfExists"); ok {
		op.ifExists, s = true, base
	}
	info, ok := operators[s]
	if !ok || (info.fam == famNull && (op.ifExists || op.set != setNone)) {
		return operator{}, false
	}
	op.opInfo = info
	return op, true
}

// valueMatcher reports whether one request value matches any of the policy
// values of a condition (OR). A policy value whose variable has no value is
// effectively null: no request value equals it or is like it, so it matches
// nothing, and negated operators, which test that nothing matches, hold.
type valueMatcher interface {
	match(e *evalCtx, r string) bool
}

// ccond is a compiled condition.
type ccond struct {
	key     string // lower case
	op      operator
	m       valueMatcher
	nullVal []bool // Null: the policy values ("true" = key must be absent)
}

func compileCondition(c Condition, vars bool) ccond {
	op, _ := parseOperator(c.Operator) // Validate has vetted it
	cc := ccond{key: strings.ToLower(c.Key), op: op}
	switch op.fam {
	case famString:
		cc.m = newStringMatcher(c.Values, op.cmp, vars)
	case famNumeric:
		cc.m = newNumericMatcher(c.Values, op.cmp)
	case famDate:
		cc.m = newDateMatcher(c.Values, op.cmp)
	case famBool:
		cc.m = newBoolMatcher(c.Values)
	case famBinary:
		cc.m = newBinaryMatcher(c.Values)
	case famIP:
		cc.m = newIPMatcher(c.Values)
	case famARN:
		cc.m = newARNMatcher(c.Values, vars)
	case famNull:
		for _, v := range c.Values {
			cc.nullVal = append(cc.nullVal, strings.EqualFold(v, "true"))
		}
	}
	return cc
}

// eval applies AWS's rules: a missing (or empty) key fails positive
// operators and satisfies negated ones and IfExists; a set operator decides
// on its own, whatever the suffix: ForAllValues holds and ForAnyValue fails,
// because IfExists applies to each request value inside the set loop and
// there is none. Values of one key are ORed (NORed for negated operators).
func (c *ccond) eval(e *evalCtx) bool {
	vs := e.lookup(c.key)
	if c.op.fam == famNull {
		for _, absent := range c.nullVal {
			if absent == (vs.n == 0) {
				return true
			}
		}
		return false
	}
	if vs.n == 0 {
		switch {
		case c.op.set == setAll:
			return true
		case c.op.set == setAny:
			return false
		case c.op.ifExists:
			return true
		}
		return c.op.neg
	}
	switch c.op.set {
	case setAny, setAll:
		all := c.op.set == setAll
		for i := range vs.n {
			if (c.m.match(e, vs.at(i)) != c.op.neg) != all { // any: one holds; all: one fails
				return !all
			}
		}
		return all
	}
	for i := range vs.n {
		if c.m.match(e, vs.at(i)) {
			return !c.op.neg
		}
	}
	return c.op.neg
}
