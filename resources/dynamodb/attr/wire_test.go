package attr

import (
	"encoding/json"
	"strings"
	"testing"
)

func decode(t testing.TB, s string) (Value, error) {
	t.Helper()
	var w Wire
	if err := json.Unmarshal([]byte(s), &w); err != nil {
		t.Fatalf("%s: %v", s, err)
	}
	return w.Value()
}

func TestWireRefusals(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct{ in, want string }{
		{`{}`, MsgEmpty},
		{`{"M":{"a":{}}}`, MsgEmpty},
		{`{"L":[{}]}`, MsgEmpty},
		{`{"S":"a","N":"1"}`, MsgMultiple},
		{`{"S":"","N":""}`, "The parameter cannot be converted to a numeric value"},
		{`{"S":"a","N":"b"}`, "The parameter cannot be converted to a numeric value: b"},
		{`{"NS":["1",""]}`, "The parameter cannot be converted to a numeric value"},
		{`{"NS":["1","1.0"]}`, "Input collection contains duplicates"},
		{`{"NULL":false}`, "One or more parameter values were invalid: Null attribute value types must have the value of true"},
		{`{"SS":[]}`, "One or more parameter values were invalid: An string set  may not be empty"},
		{`{"NS":[]}`, "One or more parameter values were invalid: An number set  may not be empty"},
		{`{"BS":[]}`, "One or more parameter values were invalid: Binary sets should not be empty"},
		{`{"SS":["a","a"]}`, "One or more parameter values were invalid: Input collection [a, a] contains duplicates."},
		{`{"BS":["Yg==","Yg=="]}`, "One or more parameter values were invalid: Input collection [Yg==, Yg==]of type BS contains duplicates."},
		{`{"N":"1e126"}`, "Number overflow. Attempting to store a number with magnitude larger than supported range"},
	} {
		_, err := decode(t, tt.in)
		if err == nil || err.Error() != tt.want {
			t.Errorf("%s: %v, want %q", tt.in, err, tt.want)
		}
	}
}

func TestWireRoundTrip(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct{ in, want string }{
		{`{"S":"héllo \"x\"\n"}`, `{"S":"héllo \"x\"\n"}`},
		{`{"N":"1.50"}`, `{"N":"1.5"}`},
		{`{"B":"AAEC"}`, `{"B":"AAEC"}`},
		{`{"BOOL":false}`, `{"BOOL":false}`},
		{`{"NULL":true}`, `{"NULL":true}`},
		{`{"SS":["b","a"]}`, `{"SS":["b","a"]}`},
		{`{"NS":["1e2","-3"]}`, `{"NS":["100","-3"]}`},
		{`{"BS":["AA==","AQ=="]}`, `{"BS":["AA==","AQ=="]}`},
		{`{"L":[{"S":"x"},{"N":"2"},{"M":{}}]}`, `{"L":[{"S":"x"},{"N":"2"},{"M":{}}]}`},
		{`{"M":{"z":{"S":"1"},"a":{"L":[]}}}`, `{"M":{"a":{"L":[]},"z":{"S":"1"}}}`},
		{`{"S":""}`, `{"S":""}`},
		{`{"S":"\u0001\u2028"}`, `{"S":"\u0001\u2028"}`},
	} {
		v, err := decode(t, tt.in)
		if err != nil {
			t.Errorf("%s: %v", tt.in, err)
			continue
		}
		got := string(AppendJSON(nil, v))
		if got != tt.want {
			t.Errorf("%s encodes as %s, want %s", tt.in, got, tt.want)
		}
		again, err := decode(t, got)
		if err != nil || !Equal(again, v) {
			t.Errorf("%s does not decode back: %v", got, err)
		}
	}
}

func TestItemSize(t *testing.T) {
	t.Parallel()
	it := Item{"a": Str("abc"), "bb": MustNum("12345"), "c": Boolean(true),
		"l": {Type: L, List: []Value{Str("x"), Null()}}, "m": {Type: M, Map: map[string]Value{"k": Str("vv")}}}
	// a:1+3, bb:2+4, c:1+1, l:1+3+(1+1)+(1+1), m:1+3+1+1+2
	if got, want := it.Size(), 4+6+2+8+8; got != want {
		t.Errorf("Size = %d, want %d", got, want)
	}
}

func TestEqualAndContains(t *testing.T) {
	t.Parallel()
	ss1, _ := decode(t, `{"SS":["a","b"]}`)
	ss2, _ := decode(t, `{"SS":["b","a"]}`)
	if !Equal(ss1, ss2) {
		t.Error("sets in another order are not equal")
	}
	if !Equal(MustNum("1.0"), MustNum("1")) || Equal(Str("1"), MustNum("1")) {
		t.Error("number equality")
	}
	if !Contains(Str("hello"), Str("ell")) || Contains(Str("hello"), MustNum("1")) || !Contains(ss1, Str("b")) {
		t.Error("contains")
	}
}

func FuzzWire(f *testing.F) {
	for _, s := range []string{`{"S":"a"}`, `{"N":"1"}`, `{"M":{"a":{"L":[{"NS":["1","2"]}]}}}`, `{"BS":["AA=="]}`, `{}`, `{"NULL":true}`} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		var w Wire
		if json.Unmarshal([]byte(s), &w) != nil {
			return
		}
		v, err := w.Value()
		if err != nil {
			if !strings.Contains(err.Error(), " ") {
				t.Fatalf("message %q", err)
			}
			return
		}
		enc := AppendJSON(nil, v)
		var w2 Wire
		if err := json.Unmarshal(enc, &w2); err != nil {
			t.Fatalf("%s: %v", enc, err)
		}
		v2, err := w2.Value()
		if err != nil || !Equal(v, v2) {
			t.Fatalf("%s does not decode back: %v", enc, err)
		}
		if v.Size() < 0 {
			t.Fatal("negative size")
		}
	})
}
