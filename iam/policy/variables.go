package policy

import "strings"

// template is a policy value that may contain policy variables
// (${aws:username}, ${aws:PrincipalTag/team, 'default'}, ${*}). When parts
// is nil the value is the literal lit.
type template struct {
	lit   string
	parts []tpart
}

type tpart struct {
	lit    string // literal text, or the special character of ${*} ${?} ${$}
	key    string // lower-case condition key; "" for a literal part
	def    string
	hasDef bool
	char   bool // lit is a special character from ${*}, ${?} or ${$}
}

// parseTemplate splits s into literal text and variables. Variables are
// recognised only when vars is set (Version 2012-10-17); otherwise, and for
// malformed references, the text stays literal.
func parseTemplate(s string, vars bool) template {
	if !vars || !strings.Contains(s, "${") {
		return template{lit: s}
	}
	var t template
	rest := s
	for {
		i := strings.Index(rest, "${")
		if i < 0 {
			break
		}
		j := strings.IndexByte(rest[i:], '}')
		if j < 0 {
			break
		}
		if i > 0 {
			t.parts = append(t.parts, tpart{lit: rest[:i]})
		}
		t.parts = append(t.parts, parseVariable(rest[i+2:i+j]))
		rest = rest[i+j+1:]
	}
	if rest != "" {
		t.parts = append(t.parts, tpart{lit: rest})
	}
	return t
}

func parseVariable(body string) tpart {
	switch body {
	case "*", "?", "$":
		return tpart{lit: body, char: true}
	}
	key, def, hasDef := strings.Cut(body, ",")
	p := tpart{key: strings.ToLower(strings.TrimSpace(key))}
	if hasDef {
		def = strings.TrimSpace(def)
		if len(def) >= 2 && def[0] == '\'' && def[len(def)-1] == '\'' {
			p.def, p.hasDef = def[1:len(def)-1], true
		}
	}
	if p.key == "" {
		return tpart{lit: "${" + body + "}"}
	}
	return p
}

// resolve substitutes t's variables from the request. With like set, the
// substituted text is escaped so that it matches itself only (the literal
// parts keep their wildcards). ok is false when a variable has no
// (single) value and no default.
func (e *evalCtx) resolve(t *template, like bool) (string, bool) {
	if t.parts == nil {
		return t.lit, true
	}
	var b strings.Builder
	for i := range t.parts {
		p := &t.parts[i]
		switch {
		case p.key == "" && !p.char:
			b.WriteString(p.lit)
			continue
		case p.char:
			writeLiteral(&b, p.lit, like)
			continue
		}
		vs := e.lookup(p.key)
		switch {
		case vs.n == 1:
			writeLiteral(&b, vs.at(0), like)
		case vs.n == 0 && p.hasDef:
			writeLiteral(&b, p.def, like)
		default:
			return "", false
		}
	}
	return b.String(), true
}

func writeLiteral(b *strings.Builder, s string, like bool) {
	if !like {
		b.WriteString(s)
		return
	}
	for i := 0; i < len(s); i++ {
		if s[i] == '*' || s[i] == '?' {
			b.WriteByte(0)
		}
		b.WriteByte(s[i])
	}
}
