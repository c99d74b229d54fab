package labs

import (
	"bytes"
	"encoding/json"
	"fmt"
	"reflect"
	"strconv"
	"strings"
	"sync"
)

// decoder fills the lab's Go types from a node tree strictly: every key
// must be known, every value of the right shape, and every problem is
// reported with its position and path, all at once.
type decoder struct {
	problems Problems
	pos      map[string]Pos
	// failed are the paths of values that could not be read: the
	// validator says nothing more about them.
	failed map[string]bool
}

func (d *decoder) problem(p Pos, path, format string, args ...any) {
	d.problems = append(d.problems, Problem{Line: p.Line, Column: p.Column, Path: path, Message: fmt.Sprintf(format, args...)})
	d.failed[path] = true
}

// shape names what a value is, with a scalar's text: not a string ("yes").
func shape(n *node) string {
	if n.kind == kindScalar {
		return fmt.Sprintf("%s (%s)", n.kindName(), clip(strconvQuote(n.text)))
	}
	return n.kindName()
}

func strconvQuote(s string) string { return strconv.Quote(s) }

// field is one key of a struct as its tag names it.
type field struct {
	key      string
	index    int
	required bool
}

// fieldCache holds the fields of each struct type decoded.
var fieldCache sync.Map // reflect.Type → []field

// fieldsOf lists the keys of a struct type, in declaration order.
func fieldsOf(t reflect.Type) []field {
	if fs, ok := fieldCache.Load(t); ok {
		return fs.([]field)
	}
	var fs []field
	for i := range t.NumField() {
		tag := t.Field(i).Tag.Get("lab")
		if tag == "" || tag == "-" {
			continue
		}
		name, opts, _ := strings.Cut(tag, ",")
		fs = append(fs, field{key: name, index: i, required: opts == "required"})
	}
	fieldCache.Store(t, fs)
	return fs
}

var (
	docType     = reflect.TypeFor[Doc]()
	stringsType = reflect.TypeFor[[]string]()
)

// decode fills v (addressable) from n; path names n in messages.
func (d *decoder) decode(n *node, path string, v reflect.Value) {
	d.pos[path] = n.Pos
	if v.Type() == docType {
		d.doc(n, path, v)
		return
	}
	switch v.Kind() {
	case reflect.Pointer:
		if n.kind == kindNull {
			return
		}
		p := reflect.New(v.Type().Elem())
		d.decode(n, path, p.Elem())
		v.Set(p)
	case reflect.Struct:
		d.structure(n, path, v)
	case reflect.String:
		if n.kind != kindScalar {
			d.problem(n.Pos, path, "must be a string, not %s", n.kindName())
			return
		}
		v.SetString(n.text)
	case reflect.Int:
		if n.kind != kindScalar || n.tag != "int" {
			d.problem(n.Pos, path, "must be a whole number, not %s", shape(n))
			return
		}
		i, err := strconv.ParseInt(n.text, 0, 32)
		if err != nil {
			d.problem(n.Pos, path, "the number %s is out of range", n.text)
			return
		}
		v.SetInt(i)
	case reflect.Bool:
		if n.kind != kindScalar || n.tag != "bool" {
			d.problem(n.Pos, path, "must be true or false, not %s", shape(n))
			return
		}
		v.SetBool(strings.EqualFold(n.text, "true"))
	case reflect.Slice:
		d.list(n, path, v)
	case reflect.Map:
		d.mapping(n, path, v)
	default:
		panic("labs: cannot decode into " + v.Type().String())
	}
}

func (d *decoder) structure(n *node, path string, v reflect.Value) {
	if n.kind != kindMap {
		d.problem(n.Pos, path, "must be a mapping of keys to values, not %s", n.kindName())
		return
	}
	fs := fieldsOf(v.Type())
	seen := map[string]bool{}
	for i, k := range n.keys {
		var f *field
		for j := range fs {
			if fs[j].key == k.text {
				f = &fs[j]
			}
		}
		if f == nil {
			d.problem(k.Pos, join(path, k.text), "%s", unknownKey(k.text, fs))
			continue
		}
		seen[f.key] = true
		val := n.vals[i]
		if val.kind == kindNull {
			if f.required {
				d.problem(val.Pos, join(path, k.text), "needs a value")
			}
			d.pos[join(path, k.text)] = val.Pos
			continue
		}
		d.decode(val, join(path, k.text), v.Field(f.index))
	}
	for _, f := range fs {
		if f.required && !seen[f.key] {
			d.problem(n.Pos, path, "missing required key %q", f.key)
		}
	}
}

func (d *decoder) list(n *node, path string, v reflect.Value) {
	if n.kind == kindScalar && v.Type() == stringsType {
		v.Set(reflect.ValueOf([]string{n.text})) // a single name for a list of one
		return
	}
	if n.kind != kindSeq {
		d.problem(n.Pos, path, "must be a list, not %s", n.kindName())
		return
	}
	s := reflect.MakeSlice(v.Type(), len(n.items), len(n.items))
	for i, item := range n.items {
		ip := fmt.Sprintf("%s[%d]", path, i)
		if item.kind == kindNull {
			d.problem(item.Pos, ip, "an empty list item")
			continue
		}
		d.decode(item, ip, s.Index(i))
	}
	v.Set(s)
}

func (d *decoder) mapping(n *node, path string, v reflect.Value) {
	if n.kind != kindMap {
		d.problem(n.Pos, path, "must be a mapping, not %s", n.kindName())
		return
	}
	m := reflect.MakeMapWithSize(v.Type(), len(n.keys))
	elem := v.Type().Elem()
	for i, k := range n.keys {
		val := n.vals[i]
		kp := join(path, k.text)
		d.pos[kp] = val.Pos
		switch {
		case elem.Kind() == reflect.String:
			if val.kind != kindScalar {
				d.problem(val.Pos, kp, "must be a string, not %s", val.kindName())
				continue
			}
			m.SetMapIndex(reflect.ValueOf(k.text), reflect.ValueOf(val.text))
		case elem == stringsType:
			var vals []string
			switch val.kind {
			case kindScalar:
				vals = []string{val.text}
			case kindSeq:
				for j, item := range val.items {
					if item.kind != kindScalar {
						d.problem(item.Pos, fmt.Sprintf("%s[%d]", kp, j), "must be a string, not %s", item.kindName())
						continue
					}
					vals = append(vals, item.text)
				}
			default:
				d.problem(val.Pos, kp, "must be a string or a list of strings, not %s", val.kindName())
				continue
			}
			m.SetMapIndex(reflect.ValueOf(k.text), reflect.ValueOf(vals))
		default:
			panic("labs: cannot decode a map of " + elem.String())
		}
	}
	v.Set(m)
}

// doc reads a policy document: a mapping written in YAML, or a JSON string.
func (d *decoder) doc(n *node, path string, v reflect.Value) {
	switch n.kind {
	case kindScalar:
		if n.tag != "str" {
			d.problem(n.Pos, path, "a policy document is a mapping or a JSON string, not %s", n.kindName())
			return
		}
		v.Set(reflect.ValueOf(Doc{JSON: n.text, text: true}))
	case kindMap:
		var b bytes.Buffer
		writeJSON(&b, n, "")
		v.Set(reflect.ValueOf(Doc{JSON: b.String()}))
	default:
		d.problem(n.Pos, path, "a policy document is a mapping or a JSON string, not %s", n.kindName())
	}
}

// writeJSON writes n as indented JSON, keys in file order.
func writeJSON(b *bytes.Buffer, n *node, indent string) {
	inner := indent + "  "
	switch n.kind {
	case kindNull:
		b.WriteString("null")
	case kindMap:
		if len(n.keys) == 0 {
			b.WriteString("{}")
			return
		}
		b.WriteString("{\n")
		for i, k := range n.keys {
			b.WriteString(inner)
			writeString(b, k.text)
			b.WriteString(": ")
			writeJSON(b, n.vals[i], inner)
			if i < len(n.keys)-1 {
				b.WriteByte(',')
			}
			b.WriteByte('\n')
		}
		b.WriteString(indent + "}")
	case kindSeq:
		if len(n.items) == 0 {
			b.WriteString("[]")
			return
		}
		b.WriteString("[\n")
		for i, item := range n.items {
			b.WriteString(inner)
			writeJSON(b, item, inner)
			if i < len(n.items)-1 {
				b.WriteByte(',')
			}
			b.WriteByte('\n')
		}
		b.WriteString(indent + "]")
	default:
		switch n.tag {
		case "bool":
			b.WriteString(strings.ToLower(n.text))
		case "int":
			if i, err := strconv.ParseInt(n.text, 0, 64); err == nil {
				b.WriteString(strconv.FormatInt(i, 10))
				return
			}
			writeString(b, n.text)
		case "float":
			if f, err := strconv.ParseFloat(n.text, 64); err == nil && !isSpecial(f) {
				b.WriteString(strconv.FormatFloat(f, 'g', -1, 64))
				return
			}
			writeString(b, n.text)
		default:
			writeString(b, n.text)
		}
	}
}

func isSpecial(f float64) bool { return f != f || f > 1e308 || f < -1e308 }

func writeString(b *bytes.Buffer, s string) {
	enc := json.NewEncoder(b)
	enc.SetEscapeHTML(false)
	enc.Encode(s)
	b.Truncate(b.Len() - 1) // Encode's newline
}

func join(path, key string) string {
	if path == "" {
		return key
	}
	return path + "." + key
}

// unknownKey words the problem of a key the format does not have,
// suggesting the nearest one.
func unknownKey(key string, fs []field) string {
	best, dist := "", 3
	for _, f := range fs {
		if dd := distance(strings.ToLower(key), f.key); dd < dist {
			best, dist = f.key, dd
		}
	}
	if best != "" {
		return fmt.Sprintf("unknown key %q: did you mean %q?", key, best)
	}
	names := make([]string, len(fs))
	for i, f := range fs {
		names[i] = f.key
	}
	return fmt.Sprintf("unknown key %q: expected one of %s", key, strings.Join(names, ", "))
}

// distance is the Levenshtein distance of two short strings.
func distance(a, b string) int {
	if len(a) > 64 || len(b) > 64 {
		return 99
	}
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}
