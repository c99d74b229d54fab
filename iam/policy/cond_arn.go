package policy

import "iamconsole/iam/arn"

// arnMatcher implements ArnEquals, ArnLike, ArnNotEquals and ArnNotLike,
// which all match segment by segment with wildcards.
type arnMatcher struct {
	vals []template
}

func newARNMatcher(values []string, vars bool) *arnMatcher {
	m := &arnMatcher{vals: make([]template, len(values))}
	for i, v := range values {
		m.vals[i] = parseTemplate(v, vars)
	}
	return m
}

func (m *arnMatcher) match(e *evalCtx, r string) bool {
	for i := range m.vals {
		if p, resolved := e.resolve(&m.vals[i], true); resolved && arn.MatchEscaped(p, r) {
			return true
		}
	}
	return false
}
