package policy

import (
	"strings"

	"iamconsole/iam/arn"
)

// pattern is a wildcard pattern split at its first wildcard, so that the
// common shapes ("iam:Get*", "role/team/*", exact names) match with one
// prefix comparison and no glob.
type pattern struct {
	lit   string // text before the first wildcard (lower case when folding)
	rest  string // from the first wildcard on; "" when there is none
	exact bool   // no wildcard at all
	star  bool   // rest is exactly "*"
}

func newPattern(p string) pattern {
	i := strings.IndexAny(p, "*?")
	if i < 0 {
		return pattern{lit: p, exact: true}
	}
	return pattern{lit: p[:i], rest: p[i:], star: p[i:] == "*"}
}

// match reports whether v matches. With fold, ASCII letters of v are
// compared in lower case (the pattern is already lower case).
func (p *pattern) match(v string, fold bool) bool {
	if p.exact {
		if fold {
			return len(v) == len(p.lit) && hasLowerPrefix(v, p.lit)
		}
		return v == p.lit
	}
	if len(v) < len(p.lit) {
		return false
	}
	if fold {
		if !hasLowerPrefix(v, p.lit) {
			return false
		}
	} else if v[:len(p.lit)] != p.lit {
		return false
	}
	return p.star || arn.Glob(p.rest, v[len(p.lit):], false, fold)
}

// hasLowerPrefix reports whether v, lowered, starts with the lower-case
// prefix.
func hasLowerPrefix(v, prefix string) bool {
	for i := range len(prefix) {
		c := v[i]
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		if c != prefix[i] {
			return false
		}
	}
	return true
}
