package policy

import (
	"strconv"
	"time"
)

// dateMatcher implements the Date* operators. Values are ISO 8601 dates or
// date-times, or epoch seconds.
type dateMatcher struct {
	cmp  cmp
	vals []int64 // Unix nanoseconds; unparsable policy values are dropped
}

func newDateMatcher(values []string, c cmp) *dateMatcher {
	m := &dateMatcher{cmp: c}
	for _, v := range values {
		if t, ok := parseDate(v); ok {
			m.vals = append(m.vals, t)
		}
	}
	return m
}

func (m *dateMatcher) match(_ *evalCtx, r string) bool {
	t, good := parseDate(r)
	if !good {
		return false
	}
	for _, p := range m.vals {
		if compare(m.cmp, t, p) {
			return true
		}
	}
	return false
}

var dateLayouts = []string{
	time.RFC3339Nano,
	"2006-01-02T15:04Z07:00",
	"2006-01-02T15:04:05",
	"2006-01-02",
	"20060102T150405Z07:00",
}

// parseDate reads an ISO 8601 date or epoch seconds, as Unix nanoseconds.
func parseDate(s string) (int64, bool) {
	if s == "" {
		return 0, false
	}
	if c := s[0]; c == '-' || (c >= '0' && c <= '9') {
		if n, err := strconv.ParseInt(s, 10, 64); err == nil {
			if n > 1<<33 || n < -(1<<33) { // beyond year 2242: not seconds
				return 0, false
			}
			return n * int64(time.Second), true
		}
	}
	for _, l := range dateLayouts {
		if t, err := time.Parse(l, s); err == nil {
			return t.UnixNano(), true
		}
	}
	return 0, false
}
