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

func (m *arnMatcher) match(e *evalCtx, r string) (matched, ok bool) {
	for i := range m.vals {
		p, resolved := e.resolve(&m.vals[i], true)
		if !resolved {
			continue
		}
		ok = true
		if arn.MatchEscaped(p, r) {
			return true, true
		}
	}
	return false, ok
}
