package arn

import "unicode/utf8"

// Match reports whether value matches pattern the way IAM matches the
// Resource element and the Arn* condition operators: segment by segment,
// case-sensitively, where '*' matches any run of characters and '?' exactly
// one. In the partition, service, region and account segments a wildcard
// stays within its segment; in the resource segment '*' also crosses '/' and
// ':'. A pattern of exactly "*" matches anything. A pattern or value that is
// not shaped like an ARN is matched as a whole string.
func Match(pattern, value string) bool {
	return match(pattern, value, false)
}

// MatchEscaped is Match for patterns where a NUL byte before '*' or '?'
// makes that character literal. The policy engine uses it after substituting
// policy variables, whose values (and ${*}, ${?}) must not act as wildcards.
// Policy documents cannot contain NUL, so the escape never collides with
// written text.
func MatchEscaped(pattern, value string) bool {
	return match(pattern, value, true)
}

func match(pattern, value string, esc bool) bool {
	if pattern == "*" {
		return true
	}
	if !isARNShaped(pattern) || !isARNShaped(value) {
		return Glob(pattern, value, esc, false)
	}
	p, v := pattern, value
	for range 5 {
		pi := indexColon(p, esc)
		vi := indexColon(v, false)
		if !Glob(p[:pi], v[:vi], esc, false) {
			return false
		}
		p, v = p[pi+1:], v[vi+1:]
	}
	return Glob(p, v, esc, false)
}

// isARNShaped reports whether s has at least five colons.
func isARNShaped(s string) bool {
	n := 0
	for i := 0; i < len(s) && n < 5; i++ {
		if s[i] == ':' {
			n++
		}
	}
	return n == 5
}

// indexColon returns the index of the first colon in s; with esc, an escaped
// character (NUL followed by any byte) is skipped.
func indexColon(s string, esc bool) int {
	for i := 0; i < len(s); i++ {
		switch {
		case esc && s[i] == 0:
			i++
		case s[i] == ':':
			return i
		}
	}
	return len(s)
}

// Glob matches value against pattern, where '*' matches any run of
// characters (including none) and '?' exactly one character. With esc, a NUL
// byte makes the following pattern byte literal. With fold, ASCII letters in
// value are lowered before comparison; the pattern must then already be
// lower case. Glob does not allocate and runs in O(len(pattern)·len(value))
// in the worst case, linear in the common one.
func Glob(pattern, value string, esc, fold bool) bool {
	p, v := pattern, value
	pi, vi := 0, 0
	starP, starV := -1, 0
	for vi < len(v) {
		if pi < len(p) {
			c := p[pi]
			switch {
			case c == '*':
				starP, starV = pi, vi
				pi++
				continue
			case c == '?':
				pi++
				vi += runeLen(v, vi)
				continue
			case esc && c == 0 && pi+1 < len(p):
				if p[pi+1] == lower(v[vi], fold) {
					pi += 2
					vi++
					continue
				}
			default:
				if c == lower(v[vi], fold) {
					pi++
					vi++
					continue
				}
			}
		}
		if starP < 0 {
			return false
		}
		starV += runeLen(v, starV)
		pi, vi = starP+1, starV
	}
	for pi < len(p) && p[pi] == '*' {
		pi++
	}
	return pi == len(p)
}

func lower(c byte, fold bool) byte {
	if fold && 'A' <= c && c <= 'Z' {
		return c + ('a' - 'A')
	}
	return c
}

func runeLen(s string, i int) int {
	if s[i] < utf8.RuneSelf {
		return 1
	}
	_, n := utf8.DecodeRuneInString(s[i:])
	return n
}
