package attr

import (
	"encoding/base64"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"
)

// Error is an AttributeValue that DynamoDB refuses, with its message.
type Error struct{ Message string }

func (e *Error) Error() string { return e.Message }

func invalid(msg string) *Error { return &Error{Message: msg} }

// Messages of refused AttributeValues, in DynamoDB's words.
const (
	MsgEmpty        = "Supplied AttributeValue is empty, must contain exactly one of the supported datatypes"
	MsgMultiple     = "Supplied AttributeValue has more than one datatypes set, must contain exactly one of the supported datatypes"
	prefixInvalid   = "One or more parameter values were invalid: "
	msgNullFalse    = prefixInvalid + "Null attribute value types must have the value of true"
	msgEmptySS      = prefixInvalid + "An string set  may not be empty"
	msgEmptyNS      = prefixInvalid + "An number set  may not be empty"
	msgEmptyBS      = prefixInvalid + "Binary sets should not be empty"
	msgDupNS        = "Input collection contains duplicates"
	maxNestingDepth = 32
	msgTooDeep      = "Nesting Levels have exceeded supported limits"
)

// Wire is an AttributeValue as it is on the wire, before validation.
type Wire struct {
	S    *string          `json:"S,omitempty"`
	N    *string          `json:"N,omitempty"`
	B    []byte           `json:"B,omitempty"`
	BOOL *bool            `json:"BOOL,omitempty"`
	NULL *bool            `json:"NULL,omitempty"`
	M    map[string]*Wire `json:"M,omitempty"`
	L    []*Wire          `json:"L,omitempty"`
	SS   []string         `json:"SS,omitempty"`
	NS   []string         `json:"NS,omitempty"`
	BS   [][]byte         `json:"BS,omitempty"`
}

// Value validates w as DynamoDB does and returns its value.
func (w *Wire) Value() (Value, error) { return w.value(0) }

func (w *Wire) value(depth int) (Value, error) {
	if w == nil {
		return Value{}, invalid(MsgEmpty)
	}
	if depth > maxNestingDepth {
		return Value{}, invalid(msgTooDeep)
	}
	// Numbers are read first, as DynamoDB deserializes them: a bad number
	// is reported before a second data type.
	var v Value
	if w.N != nil {
		n, err := ParseNumber(*w.N)
		if err != nil {
			return Value{}, err
		}
		v = Num(n)
	}
	if w.NS != nil {
		v.Nums = make([]Number, len(w.NS))
		v.Set = make([]string, len(w.NS))
		for i, s := range w.NS {
			n, err := ParseNumber(s)
			if err != nil {
				return Value{}, err
			}
			v.Nums[i], v.Set[i] = n, n.String()
		}
	}
	count := 0
	for _, set := range [...]bool{w.S != nil, w.N != nil, w.B != nil, w.BOOL != nil, w.NULL != nil, w.M != nil, w.L != nil, w.SS != nil, w.NS != nil, w.BS != nil} {
		if set {
			count++
		}
	}
	switch {
	case count == 0:
		return Value{}, invalid(MsgEmpty)
	case count > 1:
		return Value{}, invalid(MsgMultiple)
	}
	switch {
	case w.S != nil:
		return Str(*w.S), nil
	case w.N != nil:
		return v, nil
	case w.B != nil:
		return Bin(w.B), nil
	case w.BOOL != nil:
		return Boolean(*w.BOOL), nil
	case w.NULL != nil:
		if !*w.NULL {
			return Value{}, invalid(msgNullFalse)
		}
		return Null(), nil
	case w.M != nil:
		m := make(map[string]Value, len(w.M))
		for k, e := range w.M {
			x, err := e.value(depth + 1)
			if err != nil {
				return Value{}, err
			}
			m[k] = x
		}
		return Value{Type: M, Map: m}, nil
	case w.L != nil:
		l := make([]Value, len(w.L))
		for i, e := range w.L {
			x, err := e.value(depth + 1)
			if err != nil {
				return Value{}, err
			}
			l[i] = x
		}
		return Value{Type: L, List: l}, nil
	case w.SS != nil:
		if len(w.SS) == 0 {
			return Value{}, invalid(msgEmptySS)
		}
		if dupStrings(w.SS) {
			return Value{}, invalid(prefixInvalid + "Input collection [" + strings.Join(w.SS, ", ") + "] contains duplicates.")
		}
		return Value{Type: SS, Set: append([]string(nil), w.SS...)}, nil
	case w.NS != nil:
		if len(w.NS) == 0 {
			return Value{}, invalid(msgEmptyNS)
		}
		if dupStrings(v.Set) {
			return Value{}, invalid(msgDupNS)
		}
		v.Type = NS
		return v, nil
	default:
		if len(w.BS) == 0 {
			return Value{}, invalid(msgEmptyBS)
		}
		set := make([]string, len(w.BS))
		for i, b := range w.BS {
			set[i] = string(b)
		}
		if dupStrings(set) {
			enc := make([]string, len(w.BS))
			for i, b := range w.BS {
				enc[i] = base64.StdEncoding.EncodeToString(b)
			}
			return Value{}, invalid(prefixInvalid + "Input collection [" + strings.Join(enc, ", ") + "]of type BS contains duplicates.")
		}
		return Value{Type: BS, Set: set}, nil
	}
}

func dupStrings(ss []string) bool {
	if len(ss) < 8 {
		for i := range ss {
			for j := i + 1; j < len(ss); j++ {
				if ss[i] == ss[j] {
					return true
				}
			}
		}
		return false
	}
	seen := make(map[string]struct{}, len(ss))
	for _, s := range ss {
		if _, ok := seen[s]; ok {
			return true
		}
		seen[s] = struct{}{}
	}
	return false
}

// ItemOf validates a wire item.
func ItemOf(m map[string]*Wire) (Item, error) {
	it := make(Item, len(m))
	for k, w := range m {
		v, err := w.Value()
		if err != nil {
			return nil, err
		}
		it[k] = v
	}
	return it, nil
}

// AppendJSON appends v's wire JSON to b.
func AppendJSON(b []byte, v Value) []byte {
	b = append(b, '{')
	b = appendString(b, v.Type.String())
	b = append(b, ':')
	switch v.Type {
	case S:
		b = appendString(b, v.Str)
	case N:
		b = appendString(b, v.Str)
	case B:
		b = append(b, '"')
		b = base64.StdEncoding.AppendEncode(b, []byte(v.Str))
		b = append(b, '"')
	case BOOL, NULL:
		b = strconv.AppendBool(b, v.Bool || v.Type == NULL)
	case SS, NS:
		b = append(b, '[')
		for i, s := range v.Set {
			if i > 0 {
				b = append(b, ',')
			}
			b = appendString(b, s)
		}
		b = append(b, ']')
	case BS:
		b = append(b, '[')
		for i, s := range v.Set {
			if i > 0 {
				b = append(b, ',')
			}
			b = append(b, '"')
			b = base64.StdEncoding.AppendEncode(b, []byte(s))
			b = append(b, '"')
		}
		b = append(b, ']')
	case L:
		b = append(b, '[')
		for i, e := range v.List {
			if i > 0 {
				b = append(b, ',')
			}
			b = AppendJSON(b, e)
		}
		b = append(b, ']')
	case M:
		b = appendMap(b, v.Map)
	default:
		b = append(b, "null"...)
	}
	return append(b, '}')
}

// AppendItemJSON appends an item's wire JSON, its names in order.
func AppendItemJSON(b []byte, it Item) []byte { return appendMap(b, it) }

func appendMap(b []byte, m map[string]Value) []byte {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	b = append(b, '{')
	for i, k := range keys {
		if i > 0 {
			b = append(b, ',')
		}
		b = appendString(b, k)
		b = append(b, ':')
		b = AppendJSON(b, m[k])
	}
	return append(b, '}')
}

const hexDigits = "0123456789abcdef"

// appendString appends s as a JSON string; invalid UTF-8 becomes U+FFFD
// as encoding/json writes it.
func appendString(b []byte, s string) []byte {
	b = append(b, '"')
	start := 0
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if c >= 0x20 && c != '"' && c != '\\' {
				i++
				continue
			}
			b = append(b, s[start:i]...)
			switch c {
			case '"', '\\':
				b = append(b, '\\', c)
			case '\n':
				b = append(b, '\\', 'n')
			case '\r':
				b = append(b, '\\', 'r')
			case '\t':
				b = append(b, '\\', 't')
			default:
				b = append(b, '\\', 'u', '0', '0', hexDigits[c>>4], hexDigits[c&0xf])
			}
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			b = append(b, s[start:i]...)
			b = append(b, `\ufffd`...)
			i += size
			start = i
			continue
		}
		if r == '\u2028' || r == '\u2029' {
			b = append(b, s[start:i]...)
			b = append(b, '\\', 'u', '2', '0', '2', hexDigits[r&0xf])
			i += size
			start = i
			continue
		}
		i += size
	}
	b = append(b, s[start:]...)
	return append(b, '"')
}
