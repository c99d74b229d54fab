package policy

import (
	"math"
	"time"
)

// dateMatcher implements the Date* operators. Values are ISO 8601 dates or
// date-times, or epoch seconds.
type dateMatcher struct {
	cmp  cmp
	vals []instant // Validate refuses a policy value that is no date
}

// instant is a point in time as Unix seconds and nanoseconds, wide enough
// for every date IAM's parser accepts.
type instant struct {
	sec  int64
	nsec int64
}

// order returns -1, 0 or 1 as a is before, at or after b.
func (a instant) order(b instant) int {
	switch {
	case a.sec != b.sec:
		if a.sec < b.sec {
			return -1
		}
		return 1
	case a.nsec != b.nsec:
		if a.nsec < b.nsec {
			return -1
		}
		return 1
	}
	return 0
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
		if compare(m.cmp, t.order(p), 0) {
			return true
		}
	}
	return false
}

// parseDate reads a date as IAM's parser does. A value of digits alone is
// epoch seconds (up to the largest 64-bit integer). Anything else is ISO
// 8601, read leniently: [-]year[-month[-day]] and, after T, hour[:minute
// [:second[.fraction]]] with an optional zone (Z, ±hh, ±hh:mm or ±hhmm);
// the zone defaults to UTC and the year runs from -292275054 to 292278993.
func parseDate(s string) (instant, bool) {
	if s == "" {
		return instant{}, false
	}
	if n, ok := digits(s); ok {
		if len(s) > 19 || n > math.MaxInt64 {
			return instant{}, false
		}
		return instant{sec: int64(n)}, true
	}
	p := dateScanner{s: s}
	neg := p.byte('-')
	year, ok := p.number(1, 9)
	if !ok {
		return instant{}, false
	}
	if neg {
		year = -year
	}
	if year < -292275054 || year > 292278993 {
		return instant{}, false
	}
	month, day := 1, 1
	if p.byte('-') {
		if month, ok = p.field(1, 2, 1, 12); !ok {
			return instant{}, false
		}
		if p.byte('-') {
			if day, ok = p.field(1, 2, 1, 31); !ok {
				return instant{}, false
			}
		}
	}
	var hour, minute, second, nano int
	loc := time.UTC
	if p.byte('T') || p.byte('t') {
		if p.digit() {
			if hour, ok = p.field(1, 2, 0, 23); !ok {
				return instant{}, false
			}
			if p.byte(':') {
				if minute, ok = p.field(1, 2, 0, 59); !ok {
					return instant{}, false
				}
				if p.byte(':') {
					if second, ok = p.field(1, 2, 0, 59); !ok {
						return instant{}, false
					}
					if p.byte('.') {
						start := p.i
						frac, ok := p.number(1, 9)
						if !ok {
							return instant{}, false
						}
						for range 9 - (p.i - start) {
							frac *= 10
						}
						nano = frac
					}
				}
			}
			if loc, ok = p.zone(); !ok {
				return instant{}, false
			}
		}
	}
	if p.i != len(s) {
		return instant{}, false
	}
	t := time.Date(year, time.Month(month), day, hour, minute, second, nano, loc)
	return instant{sec: t.Unix(), nsec: int64(t.Nanosecond())}, true
}

// digits returns the value of s when s is nothing but ASCII digits.
func digits(s string) (uint64, bool) {
	var n uint64
	for i := range len(s) {
		c := s[i]
		if c < '0' || c > '9' {
			return 0, false
		}
		if n > (math.MaxUint64-9)/10 {
			return math.MaxUint64, true
		}
		n = n*10 + uint64(c-'0')
	}
	return n, true
}

type dateScanner struct {
	s string
	i int
}

func (p *dateScanner) byte(c byte) bool {
	if p.i < len(p.s) && p.s[p.i] == c {
		p.i++
		return true
	}
	return false
}

func (p *dateScanner) digit() bool {
	return p.i < len(p.s) && p.s[p.i] >= '0' && p.s[p.i] <= '9'
}

// number reads between lo and hi digits.
func (p *dateScanner) number(lo, hi int) (int, bool) {
	n, start := 0, p.i
	for p.digit() && p.i-start < hi {
		n = n*10 + int(p.s[p.i]-'0')
		p.i++
	}
	if p.i-start < lo || p.digit() {
		return 0, false
	}
	return n, true
}

// field reads a number of lo to hi digits within [lowest, highest].
func (p *dateScanner) field(lo, hi, lowest, highest int) (int, bool) {
	n, ok := p.number(lo, hi)
	return n, ok && n >= lowest && n <= highest
}

// zone reads an optional time zone: Z, or an offset of two-digit hours and
// optional minutes.
func (p *dateScanner) zone() (*time.Location, bool) {
	if p.byte('Z') || p.byte('z') {
		return time.UTC, true
	}
	sign := 1
	switch {
	case p.byte('+'):
	case p.byte('-'):
		sign = -1
	default:
		return time.UTC, true
	}
	h, ok := p.two(23)
	if !ok {
		return nil, false
	}
	m := 0
	if p.byte(':') || p.digit() {
		if m, ok = p.two(59); !ok {
			return nil, false
		}
	}
	return time.FixedZone("", sign*(h*3600+m*60)), true
}

// two reads exactly two digits, at most highest.
func (p *dateScanner) two(highest int) (int, bool) {
	if p.i+2 > len(p.s) {
		return 0, false
	}
	a, b := p.s[p.i], p.s[p.i+1]
	if a < '0' || a > '9' || b < '0' || b > '9' {
		return 0, false
	}
	p.i += 2
	n := int(a-'0')*10 + int(b-'0')
	return n, n <= highest
}
