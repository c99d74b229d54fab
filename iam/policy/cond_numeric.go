package policy

import "strconv"

// numericMatcher implements the Numeric* operators.
type numericMatcher struct {
	cmp  cmp
	vals []float64 // unparsable policy values are dropped: they match nothing
}

func newNumericMatcher(values []string, c cmp) *numericMatcher {
	m := &numericMatcher{cmp: c}
	for _, v := range values {
		if f, err := strconv.ParseFloat(v, 64); err == nil {
			m.vals = append(m.vals, f)
		}
	}
	return m
}

func (m *numericMatcher) match(_ *evalCtx, r string) bool {
	f, err := strconv.ParseFloat(r, 64)
	if err != nil {
		return false
	}
	for _, p := range m.vals {
		if compare(m.cmp, f, p) {
			return true
		}
	}
	return false
}

// compare applies c to the request value r and the policy value p.
func compare[T int | float64](c cmp, r, p T) bool {
	switch c {
	case cmpLT:
		return r < p
	case cmpLE:
		return r <= p
	case cmpGT:
		return r > p
	case cmpGE:
		return r >= p
	}
	return r == p
}
