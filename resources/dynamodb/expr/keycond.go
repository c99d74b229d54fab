package expr

import (
	"iamconsole/resources/dynamodb/attr"
)

// KeyPart is the condition of a Query on one key attribute.
type KeyPart struct {
	Name string
	// Op is CondEQ, CondLT, CondLE, CondGT, CondGE, CondBetween or
	// CondBeginsWith.
	Op     CondKind
	Values []attr.Value
}

func keyError(msg string) error { return &Error{msg} }

// KeyConditions splits a parsed KeyConditionExpression into its
// conditions per attribute, refusing what a key condition may not hold.
func KeyConditions(c *Cond) ([]KeyPart, error) {
	var conds []*Cond
	var collect func(*Cond) error
	collect = func(c *Cond) error {
		switch c.Kind {
		case CondAnd:
			for _, s := range c.Subs {
				if err := collect(s); err != nil {
					return err
				}
			}
			return nil
		case CondOr, CondNot, CondIn, CondNE, CondExists, CondNotExists, CondType, CondContains:
			return keyError("Invalid operator used in KeyConditionExpression: " + c.Kind.Symbol())
		}
		conds = append(conds, c)
		return nil
	}
	if err := collect(c); err != nil {
		return nil, err
	}
	var parts []KeyPart
	for _, c := range conds {
		part, err := keyPart(c)
		if err != nil {
			return nil, err
		}
		for _, p := range parts {
			if p.Name == part.Name {
				return nil, keyError("KeyConditionExpressions must only contain one condition per key")
			}
		}
		parts = append(parts, part)
	}
	if len(parts) > 2 {
		return nil, keyError("Conditions can be of length 1 or 2 only")
	}
	return parts, nil
}

// flipped is the comparison with its operands swapped.
var flipped = map[CondKind]CondKind{CondEQ: CondEQ, CondLT: CondGT, CondLE: CondGE, CondGT: CondLT, CondGE: CondLE}

func keyPart(c *Cond) (KeyPart, error) {
	if (c.Kind == CondBetween || c.Kind == CondBeginsWith) && c.Ops[0].Kind != OpPath {
		name := "BETWEEN"
		if c.Kind == CondBeginsWith {
			name = "begins_with"
		}
		return KeyPart{}, keyError("Invalid condition in KeyConditionExpression: " + name + " operator must have the key attribute as its first operand")
	}
	paths := 0
	for _, o := range c.Ops {
		switch o.Kind {
		case OpPath:
			paths++
			if len(o.Path) > 1 {
				return KeyPart{}, keyError("KeyConditionExpressions cannot have conditions on nested attributes")
			}
		case OpValue:
		default:
			return KeyPart{}, keyError("KeyConditionExpressions cannot contain nested operations")
		}
	}
	switch {
	case paths > 1:
		return KeyPart{}, keyError("Invalid condition in KeyConditionExpression: Multiple attribute names used in one condition")
	case paths == 0:
		return KeyPart{}, keyError("Invalid condition in KeyConditionExpression: No key attribute specified")
	}
	switch c.Kind {
	case CondBetween, CondBeginsWith:
		vals := make([]attr.Value, 0, len(c.Ops)-1)
		for _, o := range c.Ops[1:] {
			vals = append(vals, o.Value)
		}
		return KeyPart{Name: c.Ops[0].Path.Top(), Op: c.Kind, Values: vals}, nil
	}
	x, y, op := c.Ops[0], c.Ops[1], c.Kind
	if x.Kind != OpPath {
		x, y, op = y, x, flipped[op]
	}
	return KeyPart{Name: x.Path.Top(), Op: op, Values: []attr.Value{y.Value}}, nil
}
