package attr

import (
	"bytes"
	"slices"
	"sort"
	"strings"
)

// Type is an AttributeValue's data type.
type Type uint8

// The data types, named as the wire names them.
const (
	Invalid Type = iota
	S
	N
	B
	BOOL
	NULL
	M
	L
	SS
	NS
	BS
)

var typeNames = [...]string{Invalid: "", S: "S", N: "N", B: "B", BOOL: "BOOL", NULL: "NULL", M: "M", L: "L", SS: "SS", NS: "NS", BS: "BS"}

// String is the type's wire name ("S", "NS", …).
func (t Type) String() string {
	if int(t) < len(typeNames) {
		return typeNames[t]
	}
	return ""
}

// TypeNamed returns the type of a wire name, Invalid when there is none.
func TypeNamed(name string) Type {
	for t, n := range typeNames {
		if n == name && n != "" {
			return Type(t)
		}
	}
	return Invalid
}

// IsSet reports whether t is SS, NS or BS.
func (t Type) IsSet() bool { return t == SS || t == NS || t == BS }

// IsScalar reports whether t is S, N or B, the types a key may have.
func (t Type) IsScalar() bool { return t == S || t == N || t == B }

// Value is one AttributeValue.
type Value struct {
	Type Type
	// Str holds S, the canonical form of N, and the bytes of B.
	Str string
	// Num is N's value.
	Num Number
	// Bool holds BOOL (NULL is always true).
	Bool bool
	List []Value
	Map  map[string]Value
	// Set holds SS, the canonical NS members and the bytes of BS, in the
	// order given; Nums holds NS's values alike.
	Set  []string
	Nums []Number
}

// Item is an item: attribute names to values.
type Item map[string]Value

// Str returns an S value.
func Str(s string) Value { return Value{Type: S, Str: s} }

// Bin returns a B value.
func Bin(b []byte) Value { return Value{Type: B, Str: string(b)} }

// Num returns an N value.
func Num(n Number) Value { return Value{Type: N, Str: n.String(), Num: n} }

// MustNum returns the N value of a number literal; it panics on a bad one.
func MustNum(s string) Value {
	n, err := ParseNumber(s)
	if err != nil {
		panic(err)
	}
	return Num(n)
}

// Boolean returns a BOOL value.
func Boolean(b bool) Value { return Value{Type: BOOL, Bool: b} }

// Null is the NULL value.
func Null() Value { return Value{Type: NULL, Bool: true} }

// Size is the value's size as DynamoDB counts it toward the item limit.
func (v Value) Size() int {
	switch v.Type {
	case S, B:
		return len(v.Str)
	case N:
		return v.Num.Size()
	case BOOL, NULL:
		return 1
	case SS, BS:
		n := 0
		for _, s := range v.Set {
			n += len(s)
		}
		return n
	case NS:
		n := 0
		for _, x := range v.Nums {
			n += x.Size()
		}
		return n
	case L:
		n := 3
		for _, e := range v.List {
			n += 1 + e.Size()
		}
		return n
	case M:
		n := 3
		for k, e := range v.Map {
			n += len(k) + 1 + e.Size()
		}
		return n
	}
	return 0
}

// Size is the item's size: its attribute names and values.
func (it Item) Size() int {
	n := 0
	for k, v := range it {
		n += len(k) + v.Size()
	}
	return n
}

// MaxItemSize is DynamoDB's item size limit, 400 KB.
const MaxItemSize = 400 * 1024

// Equal reports whether a and b are the same value (sets in any order).
func Equal(a, b Value) bool {
	if a.Type != b.Type {
		return false
	}
	switch a.Type {
	case S, B:
		return a.Str == b.Str
	case N:
		return a.Num.Cmp(b.Num) == 0
	case BOOL:
		return a.Bool == b.Bool
	case NULL:
		return true
	case SS, BS:
		if len(a.Set) != len(b.Set) {
			return false
		}
		x, y := slices.Clone(a.Set), slices.Clone(b.Set)
		sort.Strings(x)
		sort.Strings(y)
		return slices.Equal(x, y)
	case NS:
		if len(a.Nums) != len(b.Nums) {
			return false
		}
		for _, n := range a.Nums {
			if !containsNum(b.Nums, n) {
				return false
			}
		}
		return true
	case L:
		if len(a.List) != len(b.List) {
			return false
		}
		for i := range a.List {
			if !Equal(a.List[i], b.List[i]) {
				return false
			}
		}
		return true
	case M:
		if len(a.Map) != len(b.Map) {
			return false
		}
		for k, x := range a.Map {
			y, ok := b.Map[k]
			if !ok || !Equal(x, y) {
				return false
			}
		}
		return true
	}
	return false
}

func containsNum(ns []Number, n Number) bool {
	for _, m := range ns {
		if m.Cmp(n) == 0 {
			return true
		}
	}
	return false
}

// Compare orders two values of the same scalar type (S and B by bytes, N
// numerically); ok is false for other types or different types.
func Compare(a, b Value) (c int, ok bool) {
	if a.Type != b.Type {
		return 0, false
	}
	switch a.Type {
	case S, B:
		return strings.Compare(a.Str, b.Str), true
	case N:
		return a.Num.Cmp(b.Num), true
	}
	return 0, false
}

// Contains reports whether v (a string, set or list) contains x, as the
// contains function of condition expressions decides.
func Contains(v, x Value) bool {
	switch v.Type {
	case S:
		return x.Type == S && strings.Contains(v.Str, x.Str)
	case B:
		return x.Type == B && strings.Contains(v.Str, x.Str)
	case SS:
		return x.Type == S && slices.Contains(v.Set, x.Str)
	case BS:
		return x.Type == B && slices.Contains(v.Set, x.Str)
	case NS:
		return x.Type == N && containsNum(v.Nums, x.Num)
	case L:
		for _, e := range v.List {
			if Equal(e, x) {
				return true
			}
		}
	}
	return false
}

// Key is the store's encoding of a key attribute: byte strings of values
// of one type compare as DynamoDB orders the values.
func Key(v Value) []byte {
	switch v.Type {
	case N:
		return v.Num.appendKey(make([]byte, 0, 4+len(v.Num.Digits)))
	default:
		return []byte(v.Str)
	}
}

// KeyValue decodes Key's encoding of a value of type t.
func KeyValue(t Type, b []byte) Value {
	switch t {
	case S:
		return Str(string(b))
	case B:
		return Bin(bytes.Clone(b))
	case N:
		return Num(numberFromKey(b))
	}
	return Value{}
}

func numberFromKey(b []byte) Number {
	if len(b) < 3 {
		return Number{}
	}
	e := int(uint16(b[1])<<8|uint16(b[2])) - 32768
	switch b[0] {
	case 0x03:
		return Number{Exp: e, Digits: string(b[3:])}
	case 0x01:
		e = int(^(uint16(b[1])<<8 | uint16(b[2]))) - 32768
		d := make([]byte, 0, len(b)-4)
		for _, c := range b[3 : len(b)-1] {
			d = append(d, 0xff-c)
		}
		return Number{Neg: true, Exp: e, Digits: string(d)}
	}
	return Number{}
}

// Clone returns a deep copy of v.
func (v Value) Clone() Value {
	switch v.Type {
	case L:
		l := make([]Value, len(v.List))
		for i, e := range v.List {
			l[i] = e.Clone()
		}
		v.List = l
	case M:
		m := make(map[string]Value, len(v.Map))
		for k, e := range v.Map {
			m[k] = e.Clone()
		}
		v.Map = m
	case SS, BS:
		v.Set = slices.Clone(v.Set)
	case NS:
		v.Set, v.Nums = slices.Clone(v.Set), slices.Clone(v.Nums)
	}
	return v
}

// Clone returns a deep copy of it.
func (it Item) Clone() Item {
	out := make(Item, len(it))
	for k, v := range it {
		out[k] = v.Clone()
	}
	return out
}
