package policy

import (
	"strings"

	"iamconsole/iam/arn"
)

// stringMatcher implements StringEquals, StringNotEquals,
// StringEqualsIgnoreCase, StringNotEqualsIgnoreCase, StringLike and
// StringNotLike (the negation is applied by ccond).
type stringMatcher struct {
	cmp  cmp
	vals []template
}

func newStringMatcher(values []string, c cmp, vars bool) *stringMatcher {
	m := &stringMatcher{cmp: c, vals: make([]template, len(values))}
	for i, v := range values {
		m.vals[i] = parseTemplate(v, vars)
	}
	return m
}

func (m *stringMatcher) match(e *evalCtx, r string) bool {
	for i := range m.vals {
		p, resolved := e.resolve(&m.vals[i], m.cmp == cmpLike)
		if !resolved {
			continue // a variable without a value: nothing equals it
		}
		var matched bool
		switch m.cmp {
		case cmpEq:
			matched = p == r
		case cmpFold:
			matched = strings.EqualFold(p, r)
		default:
			matched = arn.Glob(p, r, true, false)
		}
		if matched {
			return true
		}
	}
	return false
}
