package catalog

import "strings"

// template is an ARN format or a templated condition key split into literal
// text and variables.
type template struct {
	parts   []tpart
	literal int // bytes of literal text: the more, the more specific
}

type tpart struct {
	text  string // literal text; "" for a variable
	isVar bool
	// colon: the variable may hold a colon. In an ARN format that is so in
	// the resource segment (after the fifth colon) alone, as arn.Match lets
	// '*' cross colons there only: a DynamoDB stream label is a timestamp.
	colon bool
}

// compileTemplate splits s at its ${Name} variables. A condition key (key)
// also has <name> variables (the reference writes
// s3:ExistingObjectTag/<key>), and its variables may hold any character. It
// reports whether s has any variable.
func compileTemplate(s string, key bool) (template, bool) {
	var t template
	hasVar := false
	colons := 0
	for s != "" {
		i, j := nextVar(s, key)
		if i < 0 {
			t.parts = append(t.parts, tpart{text: s})
			t.literal += len(s)
			break
		}
		if i > 0 {
			t.parts = append(t.parts, tpart{text: s[:i]})
			t.literal += i
			colons += strings.Count(s[:i], ":")
		}
		t.parts = append(t.parts, tpart{isVar: true, colon: key || colons >= 5})
		hasVar = true
		s = s[j:]
	}
	return t, hasVar
}

// nextVar returns the start and end of the first variable in s, or -1.
func nextVar(s string, angle bool) (int, int) {
	for i := 0; i < len(s); i++ {
		var closer byte
		switch {
		case s[i] == '$' && i+1 < len(s) && s[i+1] == '{':
			closer = '}'
		case angle && s[i] == '<':
			closer = '>'
		default:
			continue
		}
		if j := strings.IndexByte(s[i:], closer); j > 1 {
			return i, i + j + 1
		}
	}
	return -1, -1
}

// match reports whether s fits the template. For a condition key (key) the
// literal text compares ignoring ASCII case; for an ARN it compares exactly.
// A variable stands for a non-empty run of characters, without a colon
// where the variable must stay inside its ARN segment.
//
// It tracks the set of positions in s that the parts so far can end at, so
// it runs in O(len(parts)·len(s)) whatever the input, with no backtracking.
func (t *template) match(s string, key bool) bool {
	if len(t.parts) == 0 {
		return s == ""
	}
	if len(t.parts) == 1 && !t.parts[0].isVar {
		if key {
			return equalFold(t.parts[0].text, s)
		}
		return t.parts[0].text == s
	}
	if !key && !t.possible(s) {
		return false
	}
	n := len(s)
	var bufA, bufB [256]bool
	cur, next := bufA[:0], bufB[:0]
	if n+1 > len(bufA) {
		cur, next = make([]bool, n+1), make([]bool, n+1)
	} else {
		cur, next = bufA[:n+1], bufB[:n+1]
	}
	cur[0] = true
	for _, p := range t.parts {
		clear(next)
		reached := false
		if p.isVar {
			run := false // some start position reaches here through non-colon bytes
			for j := 1; j <= n; j++ {
				run = (run || cur[j-1]) && (p.colon || s[j-1] != ':')
				if run {
					next[j] = true
					reached = true
				}
			}
		} else {
			l := len(p.text)
			for i := 0; i+l <= n; i++ {
				if !cur[i] {
					continue
				}
				if key && hasPrefixFold(s[i:], p.text) || !key && s[i:i+l] == p.text {
					next[i+l] = true
					reached = true
				}
			}
		}
		if !reached {
			return false
		}
		cur, next = next, cur
	}
	return cur[n]
}

// possible is a quick necessary condition for an exact match: the literal
// parts occur in s in order, the first at the start and the last at the end
// where the template starts or ends with one. It rejects most resource types
// of a service (":instance/" against a subnet ARN) before the full match.
func (t *template) possible(s string) bool {
	last := len(t.parts) - 1
	if p := t.parts[last]; !p.isVar {
		if !strings.HasSuffix(s, p.text) {
			return false
		}
	}
	i := 0
	for k, p := range t.parts {
		if p.isVar {
			continue
		}
		if k == 0 {
			if !strings.HasPrefix(s, p.text) {
				return false
			}
			i = len(p.text)
			continue
		}
		j := strings.Index(s[i:], p.text)
		if j < 0 {
			return false
		}
		i += j + len(p.text)
	}
	return true
}

// lowerASCII lowers an ASCII letter; IAM folds only ASCII in names.
func lowerASCII(c byte) byte {
	if 'A' <= c && c <= 'Z' {
		return c + ('a' - 'A')
	}
	return c
}

// compareFold compares a and b with ASCII letters lowered, the order the
// generator sorts names in.
func compareFold(a, b string) int {
	n := min(len(a), len(b))
	for i := range n {
		ca, cb := a[i], b[i]
		if ca == cb {
			continue // the usual case: names are mostly written as the reference spells them
		}
		if ca, cb = lowerASCII(ca), lowerASCII(cb); ca != cb {
			if ca < cb {
				return -1
			}
			return 1
		}
	}
	switch {
	case len(a) < len(b):
		return -1
	case len(a) > len(b):
		return 1
	}
	return 0
}

func equalFold(a, b string) bool {
	return len(a) == len(b) && compareFold(a, b) == 0
}

func hasPrefixFold(s, prefix string) bool {
	return len(s) >= len(prefix) && equalFold(s[:len(prefix)], prefix)
}

// searchFold returns the index of name in the n names that at returns, which
// are sorted by compareFold, or -1.
func searchFold(n int, at func(int) string, name string) int {
	lo, hi := 0, n
	for lo < hi {
		m := int(uint(lo+hi) >> 1)
		switch c := compareFold(at(m), name); {
		case c == 0:
			return m
		case c < 0:
			lo = m + 1
		default:
			hi = m
		}
	}
	return -1
}
