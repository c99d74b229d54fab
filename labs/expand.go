package labs

import (
	"strings"
)

// Env is what a sandbox fills a lab's placeholders with:
//
//	${account.KEY}  the 12-digit ID of the lab account KEY
//	${alias.KEY}    its alias in this sandbox
//	${secret.NAME}  the sandbox's random value NAME (a flag, an external ID)
//	${console}      the console's base URL
//
// Anything else between ${ and } is left as it is, so that IAM policy
// variables (${aws:username}, ${*}) pass through untouched.
type Env struct {
	Accounts map[string]string
	Aliases  map[string]string
	Secrets  map[string]string
	Console  string
}

// placeholder is one ${…} of ours in a string.
type placeholder struct {
	ns, name string
	off, end int // byte offsets of ${ and of the byte after }
}

// placeholders finds the lab placeholders of s: ${ident} or ${ident.ident}.
func placeholders(s string) []placeholder {
	var out []placeholder
	for i := 0; i < len(s); {
		j := strings.Index(s[i:], "${")
		if j < 0 {
			break
		}
		start := i + j
		k := strings.IndexByte(s[start:], '}')
		if k < 0 {
			break
		}
		body := s[start+2 : start+k]
		ns, name, _ := strings.Cut(body, ".")
		if isIdent(ns) && (name == "" && !strings.Contains(body, ".") || isIdent(name)) {
			out = append(out, placeholder{ns: ns, name: name, off: start, end: start + k + 1})
		}
		i = start + 2
	}
	return out
}

// isIdent reports a placeholder word: a letter, then letters, digits, _ or -.
func isIdent(s string) bool {
	if s == "" || len(s) > 64 {
		return false
	}
	for i, c := range s {
		switch {
		case c >= 'a' && c <= 'z', c >= 'A' && c <= 'Z':
		case i > 0 && (c >= '0' && c <= '9' || c == '_' || c == '-'):
		default:
			return false
		}
	}
	return true
}

// Expand fills in the placeholders of s.
func (e *Env) Expand(s string) string {
	if !strings.Contains(s, "${") {
		return s
	}
	ps := placeholders(s)
	if len(ps) == 0 {
		return s
	}
	var b strings.Builder
	last := 0
	for _, p := range ps {
		v, ok := e.value(p)
		if !ok {
			continue
		}
		b.WriteString(s[last:p.off])
		b.WriteString(v)
		last = p.end
	}
	b.WriteString(s[last:])
	return b.String()
}

// ExpandAll fills in the placeholders of each string.
func (e *Env) ExpandAll(ss []string) []string {
	out := make([]string, len(ss))
	for i, s := range ss {
		out[i] = e.Expand(s)
	}
	return out
}

func (e *Env) value(p placeholder) (string, bool) {
	var v string
	var ok bool
	switch p.ns {
	case "account":
		v, ok = e.Accounts[p.name]
	case "alias":
		v, ok = e.Aliases[p.name]
	case "secret":
		v, ok = e.Secrets[p.name]
	case "console":
		v, ok = strings.TrimRight(e.Console, "/"), p.name == ""
	}
	return v, ok
}
