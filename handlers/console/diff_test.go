package console

import (
	"strconv"
	"strings"
	"testing"

	"iamconsole/iam/identity"
)

// render writes a diff one line per row: mark, old number, new number, text.
func render(lines []string) string { return strings.Join(lines, "\n") }

func TestLineDiff(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, a, b string
		want       []string // mark, old, new, text
	}{
		{"equal", "a\nb", "a\nb", []string{"= 1 1 a", "= 2 2 b"}},
		{"both empty", "", "", nil},
		{"from empty", "", "a\nb\n", []string{"+ 0 1 a", "+ 0 2 b"}},
		{"to empty", "a\n", "", []string{"- 1 0 a"}},
		{"change in the middle", "a\nb\nc", "a\nx\nc", []string{"= 1 1 a", "- 2 0 b", "+ 0 2 x", "= 3 3 c"}},
		{"insert", "a\nc", "a\nb\nc", []string{"= 1 1 a", "+ 0 2 b", "= 2 3 c"}},
		{"delete", "a\nb\nc", "a\nc", []string{"= 1 1 a", "- 2 0 b", "= 3 2 c"}},
		{"move", "a\nb\nc\nd", "b\nc\nd\na", []string{"- 1 0 a", "= 2 1 b", "= 3 2 c", "= 4 3 d", "+ 0 4 a"}},
		{"crlf and final newline", "a\r\nb\r\n", "a\nb", []string{"= 1 1 a", "= 2 2 b"}},
		{"interleaved", "x\na\ny\nb\nz", "a\nb", []string{"- 1 0 x", "= 2 1 a", "- 3 0 y", "= 4 2 b", "- 5 0 z"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			var got []string
			for _, l := range lineDiff(tt.a, tt.b) {
				mark := map[string]string{"same": "=", "added": "+", "removed": "-"}[l.Kind]
				got = append(got, mark+" "+strconv.Itoa(l.OldNo)+" "+strconv.Itoa(l.NewNo)+" "+l.Text)
			}
			if render(got) != render(tt.want) {
				t.Errorf("lineDiff(%q, %q) =\n%s\nwant\n%s", tt.a, tt.b, render(got), render(tt.want))
			}
		})
	}
}

func TestLineDiffIsMinimalAndComplete(t *testing.T) {
	t.Parallel()
	a := strings.Split("the quick brown fox jumps over the lazy dog", " ")
	b := strings.Split("a quick red fox jumps over the dog again", " ")
	d := lineDiff(strings.Join(a, "\n"), strings.Join(b, "\n"))
	var old, nw []string
	same := 0
	for _, l := range d {
		if l.Kind != "added" {
			old = append(old, l.Text)
		}
		if l.Kind != "removed" {
			nw = append(nw, l.Text)
		}
		if l.Kind == "same" {
			same++
		}
	}
	if strings.Join(old, " ") != strings.Join(a, " ") || strings.Join(nw, " ") != strings.Join(b, " ") {
		t.Fatalf("diff does not rebuild both texts: %v / %v", old, nw)
	}
	// quick fox jumps over the dog: the longest common subsequence.
	if same != 6 {
		t.Errorf("%d kept lines, want 6", same)
	}
}

func TestLineDiffLargeInputFallsBack(t *testing.T) {
	t.Parallel()
	var a, b strings.Builder
	for i := 0; i < 3000; i++ {
		a.WriteString("a" + strconv.Itoa(i) + "\n")
		b.WriteString("b" + strconv.Itoa(i) + "\n")
	}
	d := lineDiff(a.String(), b.String())
	if len(d) != 6000 || d[0].Kind != "removed" || d[5999].Kind != "added" {
		t.Fatalf("len %d", len(d))
	}
}

func TestOldestNonDefault(t *testing.T) {
	t.Parallel()
	v := func(id string, def bool) identity.PolicyVersionInfo {
		return identity.PolicyVersionInfo{VersionID: id, IsDefaultVersion: def}
	}
	tests := []struct {
		name string
		in   []identity.PolicyVersionInfo
		want string
	}{
		{"newest first", []identity.PolicyVersionInfo{v("v12", false), v("v10", true), v("v9", false), v("v3", false)}, "v3"},
		{"oldest is default", []identity.PolicyVersionInfo{v("v3", false), v("v2", false), v("v1", true)}, "v2"},
		{"only the default", []identity.PolicyVersionInfo{v("v1", true)}, ""},
		{"numeric, not lexical", []identity.PolicyVersionInfo{v("v10", false), v("v9", false), v("v11", true)}, "v9"},
		{"malformed ids skipped", []identity.PolicyVersionInfo{v("vx", false), v("v4", false)}, "v4"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if got := oldestNonDefault(tt.in); got != tt.want {
				t.Errorf("oldestNonDefault = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestSafeNext(t *testing.T) {
	t.Parallel()
	tests := []struct{ in, want string }{
		{"/iam/policies/arn:aws:iam::aws:policy%2FX", "/iam/policies/arn:aws:iam::aws:policy%2FX"},
		{"//evil.example.com/iam/", ""},
		{"https://evil.example.com/iam/", ""},
		{"/iam/x\r\nSet-Cookie: a=b", ""},
		{"/iam\\evil", ""},
		{"", ""},
	}
	for _, tt := range tests {
		if got := safeNext(tt.in); got != tt.want {
			t.Errorf("safeNext(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}
