package console

import (
	"reflect"
	"strings"
	"testing"
)

func TestStringValues(t *testing.T) {
	t.Parallel()
	in := map[any]any{"id": "abc", "f": `[{"Kind":"success"}]`}
	b, err := stringValues{}.Serialize(in)
	if err != nil {
		t.Fatal(err)
	}
	var out map[any]any
	if err := (stringValues{}).Deserialize(b, &out); err != nil || !reflect.DeepEqual(in, out) {
		t.Fatalf("round trip: %v %v", out, err)
	}
	for name, bad := range map[string]any{
		"not a map":      "x",
		"non-string key": map[any]any{1: "x"},
		"non-string val": map[any]any{"id": 1},
	} {
		if _, err := (stringValues{}).Serialize(bad); err == nil {
			t.Errorf("%s: serialized", name)
		}
	}
	if err := (stringValues{}).Deserialize([]byte(`{"id":1}`), &out); err == nil {
		t.Error("a number value was accepted")
	}
	if err := (stringValues{}).Deserialize([]byte(`{}`), new(string)); err == nil {
		t.Error("a wrong destination was accepted")
	}
}

// TestCleanText: pages lose control characters and invalid UTF-8 only.
func TestCleanText(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]string{
		"plain <b>page</b>\n\tok\r\n": "plain <b>page</b>\n\tok\r\n",
		"a\x00b\x1bc\x7f":             "a\uFFFDb\uFFFDc\uFFFD",
		"ab\xff\xfe":                  "ab\uFFFD",
		"é ü 中":                       "é ü 中",
	} {
		if got := string(cleanText([]byte(in))); got != want {
			t.Errorf("cleanText(%q) = %q, want %q", in, got, want)
		}
	}
}

// BenchmarkCleanText scans a 44 KB page as the console renders them:
// markup with newlines and indentation, and some non-ASCII text.
func BenchmarkCleanText(b *testing.B) {
	row := "<tr>\n\t<td><a href=\"/iam/roles/app-role-00042\">app-role-00042</a></td>\n\t<td>Trusted: Account 111122223333 — café</td>\n</tr>\n"
	page := []byte(strings.Repeat(row, 44<<10/len(row)))
	b.SetBytes(int64(len(page)))
	for b.Loop() {
		if out := cleanText(page); len(out) != len(page) {
			b.Fatal("changed a clean page")
		}
	}
}
