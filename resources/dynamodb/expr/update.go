package expr

import (
	"strings"

	"iamconsole/resources/dynamodb/attr"
)

// Update is a parsed update expression.
type Update struct {
	Set    []SetAction
	Remove []Path
	Add    []ValueAction
	Delete []ValueAction
}

// SetAction is path = value.
type SetAction struct {
	Path  Path
	Value *Operand
}

// ValueAction is an ADD or DELETE of a value at a path.
type ValueAction struct {
	Path  Path
	Value attr.Value
}

// Paths lists every path the update writes, in order.
func (u *Update) Paths() []Path {
	var out []Path
	for _, a := range u.Set {
		out = append(out, a.Path)
	}
	out = append(out, u.Remove...)
	for _, a := range u.Add {
		out = append(out, a.Path)
	}
	for _, a := range u.Delete {
		out = append(out, a.Path)
	}
	return out
}

// ParseUpdate parses an UpdateExpression.
func ParseUpdate(src string, env *Env) (*Update, error) {
	p := newParser("UpdateExpression", src, env)
	p.update = true
	u := &Update{}
	err := p.run(updateRank, func() {
		seen := map[string]bool{}
		var paths []Path
		for {
			t := p.peek()
			if t.kind != tIdent {
				p.syntax()
			}
			section := strings.ToUpper(t.text)
			switch section {
			case "SET", "REMOVE", "ADD", "DELETE":
			default:
				p.syntax()
			}
			p.next()
			if seen[section] {
				p.note(fSection, `The "`+section+`" section can only be used once in an update expression;`)
			}
			seen[section] = true
			for {
				path := p.path()
				p.checkOverlap(paths, path)
				paths = append(paths, path)
				switch section {
				case "SET":
					p.expect("=")
					u.Set = append(u.Set, SetAction{Path: path, Value: p.setValue()})
				case "REMOVE":
					u.Remove = append(u.Remove, path)
				default:
					if p.peek().kind != tValue {
						p.syntax()
					}
					v := p.value()
					p.checkValueOperand(section, v)
					a := ValueAction{Path: path, Value: v.Value}
					if section == "ADD" {
						u.Add = append(u.Add, a)
					} else {
						u.Delete = append(u.Delete, a)
					}
				}
				if !p.isPunct(",") {
					break
				}
				p.next()
			}
			if p.peek().kind == tEOF {
				return
			}
		}
	})
	if err != nil {
		return nil, err
	}
	return u, nil
}

// setValue parses operand, operand + operand or operand - operand.
func (p *parser) setValue() *Operand {
	x := p.setOperand()
	if p.isPunct("+") || p.isPunct("-") {
		kind := OpPlus
		if p.next().text == "-" {
			kind = OpMinus
		}
		y := p.setOperand()
		for _, o := range []*Operand{x, y} {
			if t := typeOf(o); t != attr.Invalid && t != attr.N {
				p.note(fFunction, "Incorrect operand type for operator or function; operator or function: "+map[OperandKind]string{OpPlus: "+", OpMinus: "-"}[kind]+", operand type: "+t.String())
			}
		}
		x = &Operand{Kind: kind, Args: []*Operand{x, y}}
	}
	return x
}

func (p *parser) setOperand() *Operand {
	if p.isPunct("(") {
		p.next()
		o := p.setValue()
		p.expect(")")
		return o
	}
	o := p.operand()
	if o.Kind == OpSize && len(o.Args) > 0 && p.faults[fUnknownFunction] == "" && p.faults[fMisusedFunction] == "" {
		p.note(fUnknownFunction, "Invalid function name; function: size")
	}
	return o
}

var typeWords = map[attr.Type]string{attr.S: "STRING", attr.N: "NUMBER", attr.B: "BINARY", attr.NULL: "NULL", attr.BOOL: "BOOLEAN", attr.L: "LIST", attr.M: "MAP"}

// checkValueOperand refuses ADD and DELETE values of a type they do not
// take (ADD: numbers and sets; DELETE: sets).
func (p *parser) checkValueOperand(op string, v *Operand) {
	t := v.Value.Type
	if w, ok := typeWords[t]; ok && !(op == "ADD" && t == attr.N) {
		p.note(fUpdateOperand, "Incorrect operand type for operator or function; operator: "+op+", operand type: "+w)
	}
}

// checkOverlap refuses two paths of which one contains the other, or that
// use one step both as a map key and as a list index.
func (p *parser) checkOverlap(paths []Path, path Path) {
	for _, q := range paths {
		n := min(len(q), len(path))
		conflict := false
		i := 0
		for ; i < n; i++ {
			if q[i].IsIndex != path[i].IsIndex {
				conflict = true
				break
			}
			if q[i] != path[i] {
				break
			}
		}
		switch {
		case conflict:
			p.note(fPathConflict, "Two document paths conflict with each other; must remove or rewrite one of these paths; path one: "+q.String()+", path two: "+path.String())
		case i == n:
			p.note(fPathOverlap, "Two document paths overlap with each other; must remove or rewrite one of these paths; path one: "+q.String()+", path two: "+path.String())
		}
	}
}

// ParseProjection parses a ProjectionExpression.
func ParseProjection(src string, env *Env) ([]Path, error) {
	p := newParser("ProjectionExpression", src, env)
	var paths []Path
	err := p.run(projectionRank, func() {
		for {
			path := p.path()
			p.checkOverlap(paths, path)
			paths = append(paths, path)
			if !p.isPunct(",") {
				return
			}
			p.next()
		}
	})
	if err != nil {
		return nil, err
	}
	return paths, nil
}
