package policy

// MarshalJSON writes d as canonical, compact JSON: keys in AWS's usual order
// (Version, Id, Statement; Sid, Effect, Principal, Action, Resource,
// Condition), single values as strings. Parse(MarshalJSON(d)) equals d in
// everything but positions.
func (d *Document) MarshalJSON() ([]byte, error) {
	w := &jsonWriter{}
	w.b = append(w.b, '{')
	if d.Version != "" {
		w.key("Version")
		w.str(d.Version)
	}
	if d.ID != "" {
		w.key("Id")
		w.str(d.ID)
	}
	if d.Statements != nil {
		w.key("Statement")
		if d.single && len(d.Statements) == 1 {
			w.statement(d.Statements[0])
		} else {
			w.b = append(w.b, '[')
			for i, s := range d.Statements {
				if i > 0 {
					w.b = append(w.b, ',')
				}
				w.statement(s)
			}
			w.b = append(w.b, ']')
		}
	}
	w.b = append(w.b, '}')
	return w.b, nil
}

type jsonWriter struct {
	b     []byte
	comma bool // a member was written in the current object
}

func (w *jsonWriter) key(k string) {
	if w.comma {
		w.b = append(w.b, ',')
	}
	w.comma = true
	w.str(k)
	w.b = append(w.b, ':')
}

func (w *jsonWriter) str(s string) {
	w.b = append(w.b, '"')
	for i := 0; i < len(s); i++ {
		switch c := s[i]; c {
		case '"', '\\':
			w.b = append(w.b, '\\', c)
		case '\n':
			w.b = append(w.b, '\\', 'n')
		case '\r':
			w.b = append(w.b, '\\', 'r')
		case '\t':
			w.b = append(w.b, '\\', 't')
		default:
			w.b = append(w.b, c)
		}
	}
	w.b = append(w.b, '"')
}

func (w *jsonWriter) list(vs []string) {
	if len(vs) == 1 {
		w.str(vs[0])
		return
	}
	w.b = append(w.b, '[')
	for i, v := range vs {
		if i > 0 {
			w.b = append(w.b, ',')
		}
		w.str(v)
	}
	w.b = append(w.b, ']')
}

// object writes a nested object with body, restoring the comma state.
func (w *jsonWriter) object(body func()) {
	saved := w.comma
	w.comma = false
	w.b = append(w.b, '{')
	body()
	w.b = append(w.b, '}')
	w.comma = saved
}

func (w *jsonWriter) statement(s *Statement) {
	w.object(func() {
		if s.Sid != "" {
			w.key("Sid")
			w.str(s.Sid)
		}
		if s.Effect != "" {
			w.key("Effect")
			w.str(s.Effect)
		}
		w.principals("Principal", s.Principal)
		w.principals("NotPrincipal", s.NotPrincipal)
		for _, f := range []struct {
			name string
			vs   []string
		}{{"Action", s.Action}, {"NotAction", s.NotAction}, {"Resource", s.Resource}, {"NotResource", s.NotResource}} {
			if f.vs != nil {
				w.key(f.name)
				w.list(f.vs)
			}
		}
		if s.Conditions != nil {
			w.key("Condition")
			w.conditions(s.Conditions)
		}
	})
}

func (w *jsonWriter) principals(name string, p *Principals) {
	if p == nil {
		return
	}
	w.key(name)
	if p.Wildcard {
		w.str("*")
		return
	}
	w.object(func() {
		for _, f := range []struct {
			name string
			vs   []string
		}{{"AWS", p.AWS}, {"Service", p.Service}, {"Federated", p.Federated}, {"CanonicalUser", p.CanonicalUser}} {
			if f.vs != nil {
				w.key(f.name)
				w.list(f.vs)
			}
		}
	})
}

// conditions groups consecutive conditions of one operator into one block.
func (w *jsonWriter) conditions(cs []Condition) {
	w.object(func() {
		for i := 0; i < len(cs); {
			j := i + 1
			for j < len(cs) && cs[j].Operator == cs[i].Operator {
				j++
			}
			w.key(cs[i].Operator)
			w.object(func() {
				for _, c := range cs[i:j] {
					w.key(c.Key)
					if len(c.Values) == 1 {
						w.str(c.Values[0])
					} else {
						w.b = append(w.b, '[')
						for k, v := range c.Values {
							if k > 0 {
								w.b = append(w.b, ',')
							}
							w.str(v)
						}
						w.b = append(w.b, ']')
					}
				}
			})
			i = j
		}
	})
}
