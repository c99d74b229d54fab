package expr

import (
	"strconv"
	"strings"

	"iamconsole/resources/dynamodb/attr"
)

// Resolve returns the value at path in it.
func Resolve(it attr.Item, path Path) (attr.Value, bool) {
	v, ok := it[path[0].Name]
	if !ok || path[0].IsIndex {
		return attr.Value{}, false
	}
	for _, e := range path[1:] {
		switch {
		case e.IsIndex && v.Type == attr.L:
			if e.Index >= len(v.List) {
				return attr.Value{}, false
			}
			v = v.List[e.Index]
		case !e.IsIndex && v.Type == attr.M:
			x, ok := v.Map[e.Name]
			if !ok {
				return attr.Value{}, false
			}
			v = x
		default:
			return attr.Value{}, false
		}
	}
	return v, true
}

// operandValue evaluates an operand of a condition.
func operandValue(it attr.Item, o *Operand) (attr.Value, bool) {
	switch o.Kind {
	case OpValue:
		return o.Value, true
	case OpPath:
		return Resolve(it, o.Path)
	case OpSize:
		if len(o.Args) != 1 {
			return attr.Value{}, false
		}
		v, ok := operandValue(it, o.Args[0])
		if !ok {
			return attr.Value{}, false
		}
		n, ok := sizeOf(v)
		if !ok {
			return attr.Value{}, false
		}
		return attr.MustNum(strconv.Itoa(n)), true
	}
	return attr.Value{}, false
}

// sizeOf is size(): a string's or binary's length, a set's, list's or
// map's number of elements.
func sizeOf(v attr.Value) (int, bool) {
	switch v.Type {
	case attr.S, attr.B:
		return len(v.Str), true
	case attr.SS, attr.NS, attr.BS:
		return len(v.Set), true
	case attr.L:
		return len(v.List), true
	case attr.M:
		return len(v.Map), true
	}
	return 0, false
}

// Eval reports whether it satisfies c. A missing attribute satisfies
// only <>, attribute_not_exists and what negates the rest.
func (c *Cond) Eval(it attr.Item) bool {
	switch c.Kind {
	case CondAnd:
		return c.Subs[0].Eval(it) && c.Subs[1].Eval(it)
	case CondOr:
		return c.Subs[0].Eval(it) || c.Subs[1].Eval(it)
	case CondNot:
		return !c.Subs[0].Eval(it)
	case CondExists:
		_, ok := operandValue(it, c.Ops[0])
		return ok
	case CondNotExists:
		_, ok := operandValue(it, c.Ops[0])
		return !ok
	}
	x, ok := operandValue(it, c.Ops[0])
	switch c.Kind {
	case CondNE:
		y, yok := operandValue(it, c.Ops[1])
		return !ok || !yok || !attr.Equal(x, y)
	case CondEQ:
		y, yok := operandValue(it, c.Ops[1])
		return ok && yok && attr.Equal(x, y)
	case CondLT, CondLE, CondGT, CondGE:
		y, yok := operandValue(it, c.Ops[1])
		if !ok || !yok {
			return false
		}
		r, comparable := attr.Compare(x, y)
		if !comparable {
			return false
		}
		switch c.Kind {
		case CondLT:
			return r < 0
		case CondLE:
			return r <= 0
		case CondGT:
			return r > 0
		}
		return r >= 0
	case CondBetween:
		lo, lok := operandValue(it, c.Ops[1])
		hi, hok := operandValue(it, c.Ops[2])
		if !ok || !lok || !hok {
			return false
		}
		a, ok1 := attr.Compare(x, lo)
		b, ok2 := attr.Compare(x, hi)
		return ok1 && ok2 && a >= 0 && b <= 0
	case CondIn:
		if !ok {
			return false
		}
		for _, o := range c.Ops[1:] {
			if y, yok := operandValue(it, o); yok && attr.Equal(x, y) {
				return true
			}
		}
		return false
	case CondType:
		t, tok := operandValue(it, c.Ops[1])
		return ok && tok && t.Type == attr.S && x.Type.String() == t.Str
	case CondBeginsWith:
		p, pok := operandValue(it, c.Ops[1])
		return ok && pok && (x.Type == attr.S || x.Type == attr.B) && p.Type == x.Type && strings.HasPrefix(x.Str, p.Str)
	case CondContains:
		y, yok := operandValue(it, c.Ops[1])
		return ok && yok && attr.Contains(x, y)
	}
	return false
}

// Names lists the top-level attribute names a condition reads.
func (c *Cond) Names() []string {
	var out []string
	seen := map[string]bool{}
	var walk func(*Cond)
	var op func(*Operand)
	op = func(o *Operand) {
		if o.Kind == OpPath && !seen[o.Path.Top()] {
			seen[o.Path.Top()] = true
			out = append(out, o.Path.Top())
		}
		for _, a := range o.Args {
			op(a)
		}
	}
	walk = func(c *Cond) {
		for _, o := range c.Ops {
			op(o)
		}
		for _, s := range c.Subs {
			walk(s)
		}
	}
	walk(c)
	return out
}

// Project returns the parts of it that paths name, nested maps and lists
// kept in their shape (list elements in index order).
func Project(it attr.Item, paths []Path) attr.Item {
	out := attr.Item{}
	for _, p := range paths {
		v, ok := it[p[0].Name]
		if !ok {
			continue
		}
		if len(p) == 1 {
			out[p[0].Name] = v
			continue
		}
		got, ok := project(v, p[1:])
		if !ok {
			continue
		}
		if prev, had := out[p[0].Name]; had {
			out[p[0].Name] = merge(prev, got)
		} else {
			out[p[0].Name] = got
		}
	}
	for k, v := range out {
		out[k] = finish(v)
	}
	return out
}

// project extracts path from v as a value of v's shape holding only it.
func project(v attr.Value, path Path) (attr.Value, bool) {
	if len(path) == 0 {
		return v, true
	}
	e := path[0]
	switch {
	case e.IsIndex && v.Type == attr.L:
		if e.Index >= len(v.List) {
			return attr.Value{}, false
		}
		x, ok := project(v.List[e.Index], path[1:])
		if !ok {
			return attr.Value{}, false
		}
		return attr.Value{Type: attr.L, List: []attr.Value{x}, Set: []string{strconv.Itoa(e.Index)}}, true
	case !e.IsIndex && v.Type == attr.M:
		x, ok := v.Map[e.Name]
		if !ok {
			return attr.Value{}, false
		}
		x, ok = project(x, path[1:])
		if !ok {
			return attr.Value{}, false
		}
		return attr.Value{Type: attr.M, Map: map[string]attr.Value{e.Name: x}}, true
	}
	return attr.Value{}, false
}

// merge joins two projections of one value. Projected lists carry their
// elements' original indexes in Set while Project runs, to keep them in
// index order; finish drops them.
func merge(a, b attr.Value) attr.Value {
	switch {
	case a.Type == attr.M && b.Type == attr.M:
		m := make(map[string]attr.Value, len(a.Map)+len(b.Map))
		for k, v := range a.Map {
			m[k] = v
		}
		for k, v := range b.Map {
			if prev, ok := m[k]; ok {
				m[k] = merge(prev, v)
			} else {
				m[k] = v
			}
		}
		return attr.Value{Type: attr.M, Map: m}
	case a.Type == attr.L && b.Type == attr.L && a.Set != nil && b.Set != nil:
		l := attr.Value{Type: attr.L, List: append([]attr.Value(nil), a.List...), Set: append([]string(nil), a.Set...)}
		for i, v := range b.List {
			idx := b.Set[i]
			pos := -1
			for j, s := range l.Set {
				if s == idx {
					pos = j
				}
			}
			if pos >= 0 {
				l.List[pos] = merge(l.List[pos], v)
				continue
			}
			// Insert in index order.
			n, _ := strconv.Atoi(idx)
			at := len(l.Set)
			for j, s := range l.Set {
				if m, _ := strconv.Atoi(s); m > n {
					at = j
					break
				}
			}
			l.List = append(l.List[:at], append([]attr.Value{v}, l.List[at:]...)...)
			l.Set = append(l.Set[:at], append([]string{idx}, l.Set[at:]...)...)
		}
		return l
	}
	return b
}

func finish(v attr.Value) attr.Value {
	switch v.Type {
	case attr.L:
		l := make([]attr.Value, len(v.List))
		for i, e := range v.List {
			l[i] = finish(e)
		}
		return attr.Value{Type: attr.L, List: l}
	case attr.M:
		m := make(map[string]attr.Value, len(v.Map))
		for k, e := range v.Map {
			m[k] = finish(e)
		}
		return attr.Value{Type: attr.M, Map: m}
	}
	return v
}
