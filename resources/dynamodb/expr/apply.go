package expr

import (
	"slices"

	"iamconsole/resources/dynamodb/attr"
)

// Runtime errors of an update, in DynamoDB's words.
const (
	msgMissingOperand = "The provided expression refers to an attribute that does not exist in the item"
	msgOperandType    = "An operand in the update expression has an incorrect data type"
	msgInvalidPath    = "The document path provided in the update expression is invalid for update"
)

// Apply returns it updated by u; every value is computed from it as it
// was before the update. it is not modified.
func (u *Update) Apply(it attr.Item) (attr.Item, error) {
	orig := it
	out := it.Clone()
	for _, a := range u.Set {
		v, err := setValue(orig, a.Value)
		if err != nil {
			return nil, err
		}
		if err := put(out, a.Path, v); err != nil {
			return nil, err
		}
	}
	for _, a := range u.Add {
		cur, ok := Resolve(out, a.Path)
		v := a.Value
		if ok {
			var err error
			if v, err = add(cur, a.Value); err != nil {
				return nil, err
			}
		} else if !a.Value.Type.IsSet() && a.Value.Type != attr.N {
			return nil, &Error{msgOperandType}
		}
		if err := put(out, a.Path, v); err != nil {
			return nil, err
		}
	}
	for _, a := range u.Delete {
		cur, ok := Resolve(out, a.Path)
		if !ok {
			continue
		}
		v, empty, err := subtract(cur, a.Value)
		if err != nil {
			return nil, err
		}
		if empty {
			if err := remove(out, a.Path); err != nil {
				return nil, err
			}
			continue
		}
		if err := put(out, a.Path, v); err != nil {
			return nil, err
		}
	}
	// List elements are removed last, highest index first, so that every
	// index names the element of the item before the update.
	removes := slices.Clone(u.Remove)
	slices.SortStableFunc(removes, func(a, b Path) int {
		ia, ib := lastIndex(a), lastIndex(b)
		return ib - ia
	})
	for _, p := range removes {
		if err := remove(out, p); err != nil {
			return nil, err
		}
	}
	return out, nil
}

func lastIndex(p Path) int {
	if e := p[len(p)-1]; e.IsIndex {
		return e.Index
	}
	return -1
}

// setValue evaluates the value of a SET action.
func setValue(it attr.Item, o *Operand) (attr.Value, error) {
	switch o.Kind {
	case OpValue:
		return o.Value, nil
	case OpPath:
		v, ok := Resolve(it, o.Path)
		if !ok {
			return attr.Value{}, &Error{msgMissingOperand}
		}
		return v, nil
	case OpIfNotExists:
		if v, ok := Resolve(it, o.Args[0].Path); ok {
			return v, nil
		}
		return setValue(it, o.Args[1])
	case OpListAppend:
		a, err := setValue(it, o.Args[0])
		if err != nil {
			return attr.Value{}, err
		}
		b, err := setValue(it, o.Args[1])
		if err != nil {
			return attr.Value{}, err
		}
		if a.Type != attr.L || b.Type != attr.L {
			return attr.Value{}, &Error{msgOperandType}
		}
		l := make([]attr.Value, 0, len(a.List)+len(b.List))
		return attr.Value{Type: attr.L, List: append(append(l, a.List...), b.List...)}, nil
	case OpPlus, OpMinus:
		a, err := setValue(it, o.Args[0])
		if err != nil {
			return attr.Value{}, err
		}
		b, err := setValue(it, o.Args[1])
		if err != nil {
			return attr.Value{}, err
		}
		if a.Type != attr.N || b.Type != attr.N {
			return attr.Value{}, &Error{msgOperandType}
		}
		var n attr.Number
		if o.Kind == OpPlus {
			n, err = a.Num.Add(b.Num)
		} else {
			n, err = a.Num.Sub(b.Num)
		}
		if err != nil {
			return attr.Value{}, err
		}
		return attr.Num(n), nil
	}
	return attr.Value{}, &Error{msgOperandType}
}

// add is ADD on an existing value: a sum or a set union.
func add(cur, v attr.Value) (attr.Value, error) {
	if cur.Type != v.Type {
		return attr.Value{}, &Error{msgOperandType}
	}
	switch cur.Type {
	case attr.N:
		n, err := cur.Num.Add(v.Num)
		if err != nil {
			return attr.Value{}, err
		}
		return attr.Num(n), nil
	case attr.SS, attr.BS, attr.NS:
		out := cur.Clone()
		for i, s := range v.Set {
			if slices.Contains(out.Set, s) {
				continue
			}
			out.Set = append(out.Set, s)
			if cur.Type == attr.NS {
				out.Nums = append(out.Nums, v.Nums[i])
			}
		}
		return out, nil
	}
	return attr.Value{}, &Error{msgOperandType}
}

// subtract is DELETE: a set difference; empty reports that nothing is left.
func subtract(cur, v attr.Value) (attr.Value, bool, error) {
	if cur.Type != v.Type || !cur.Type.IsSet() {
		return attr.Value{}, false, &Error{msgOperandType}
	}
	out := attr.Value{Type: cur.Type}
	for i, s := range cur.Set {
		if slices.Contains(v.Set, s) {
			continue
		}
		out.Set = append(out.Set, s)
		if cur.Type == attr.NS {
			out.Nums = append(out.Nums, cur.Nums[i])
		}
	}
	return out, len(out.Set) == 0, nil
}

// put stores v at path in it; a nested path needs its parent.
func put(it attr.Item, path Path, v attr.Value) error {
	if len(path) == 1 {
		it[path[0].Name] = v
		return nil
	}
	top, ok := it[path[0].Name]
	if !ok {
		return &Error{msgInvalidPath}
	}
	nv, err := putIn(top, path[1:], v)
	if err != nil {
		return err
	}
	it[path[0].Name] = nv
	return nil
}

func putIn(cur attr.Value, path Path, v attr.Value) (attr.Value, error) {
	e := path[0]
	switch {
	case e.IsIndex && cur.Type == attr.L:
		if len(path) == 1 {
			if e.Index >= len(cur.List) {
				cur.List = append(cur.List, v)
			} else {
				cur.List[e.Index] = v
			}
			return cur, nil
		}
		if e.Index >= len(cur.List) {
			return attr.Value{}, &Error{msgInvalidPath}
		}
		nv, err := putIn(cur.List[e.Index], path[1:], v)
		if err != nil {
			return attr.Value{}, err
		}
		cur.List[e.Index] = nv
		return cur, nil
	case !e.IsIndex && cur.Type == attr.M:
		if len(path) == 1 {
			cur.Map[e.Name] = v
			return cur, nil
		}
		child, ok := cur.Map[e.Name]
		if !ok {
			return attr.Value{}, &Error{msgInvalidPath}
		}
		nv, err := putIn(child, path[1:], v)
		if err != nil {
			return attr.Value{}, err
		}
		cur.Map[e.Name] = nv
		return cur, nil
	}
	return attr.Value{}, &Error{msgInvalidPath}
}

// remove deletes the value at path; a missing value is no error, a
// missing parent is.
func remove(it attr.Item, path Path) error {
	if len(path) == 1 {
		delete(it, path[0].Name)
		return nil
	}
	top, ok := it[path[0].Name]
	if !ok {
		return &Error{msgInvalidPath}
	}
	nv, err := removeIn(top, path[1:])
	if err != nil {
		return err
	}
	it[path[0].Name] = nv
	return nil
}

func removeIn(cur attr.Value, path Path) (attr.Value, error) {
	e := path[0]
	switch {
	case e.IsIndex && cur.Type == attr.L:
		if e.Index >= len(cur.List) {
			if len(path) == 1 {
				return cur, nil
			}
			return attr.Value{}, &Error{msgInvalidPath}
		}
		if len(path) == 1 {
			cur.List = append(cur.List[:e.Index:e.Index], cur.List[e.Index+1:]...)
			return cur, nil
		}
		nv, err := removeIn(cur.List[e.Index], path[1:])
		if err != nil {
			return attr.Value{}, err
		}
		cur.List[e.Index] = nv
		return cur, nil
	case !e.IsIndex && cur.Type == attr.M:
		if len(path) == 1 {
			delete(cur.Map, e.Name)
			return cur, nil
		}
		child, ok := cur.Map[e.Name]
		if !ok {
			return attr.Value{}, &Error{msgInvalidPath}
		}
		nv, err := removeIn(child, path[1:])
		if err != nil {
			return attr.Value{}, err
		}
		cur.Map[e.Name] = nv
		return cur, nil
	}
	return attr.Value{}, &Error{msgInvalidPath}
}
