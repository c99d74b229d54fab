package iamapi

import (
	"strings"
	"testing"
)

func TestStatementEnd(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name         string
		doc          string
		line, col    int
		wantL, wantC int
		wantOK       bool
	}{
		{"one line", `{"Statement":[{"Effect":"Allow"}]}`, 1, 15, 1, 33, true},
		{"braces inside strings", `{"Statement":{"Sid":"}{\"}","Effect":"Deny"}}`, 1, 14, 1, 45, true},
		{"several lines", "{\n  \"Statement\": [\n    {\n      \"Effect\": \"Allow\"\n    }\n  ]\n}", 3, 5, 5, 6, true},
		{"non-ASCII counted in characters", `{"Statement":{"Sid":"é","Effect":"Allow"}}`, 1, 14, 1, 42, true},
		{"unterminated", `{"Statement":{"Effect":"Allow"`, 1, 14, 0, 0, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			l, c, ok := statementEnd(tc.doc, tc.line, tc.col)
			if l != tc.wantL || c != tc.wantC || ok != tc.wantOK {
				t.Errorf("got %d:%d %v, want %d:%d %v", l, c, ok, tc.wantL, tc.wantC, tc.wantOK)
			}
		})
	}
}

func TestGlobMatch(t *testing.T) {
	t.Parallel()
	tests := []struct {
		pattern, s string
		want       bool
	}{
		{"s3:*", "s3:getobject", true},
		{"*", "iam:listusers", true},
		{"s3:get*", "s3:putobject", false},
		{"iam:?etuser", "iam:getuser", true},
		{"iam:*user*", "iam:listusertags", true},
		{"sts:assumerole", "sts:assumerolewithsaml", false},
		{"", "", true},
	}
	for _, tc := range tests {
		t.Run(tc.pattern+" "+tc.s, func(t *testing.T) {
			t.Parallel()
			if got := globMatch(tc.pattern, tc.s); got != tc.want {
				t.Errorf("got %v, want %v", got, tc.want)
			}
		})
	}
}

// FuzzStatementEnd: any document and start yield an end after the start, or
// none, and never a panic.
func FuzzStatementEnd(f *testing.F) {
	f.Add(`{"Statement":[{"Effect":"Allow"}]}`, 1, 15)
	f.Add("{\n  \"Statement\": {\"Sid\": \"\\\"}\"}\n}", 2, 16)
	f.Fuzz(func(t *testing.T, doc string, line, col int) {
		l, c, ok := statementEnd(doc, line, col)
		if ok && (l < line && l < 1 || c < 1 || l > strings.Count(doc, "\n")+1) {
			t.Errorf("%q from %d:%d: end %d:%d", doc, line, col, l, c)
		}
	})
}

// FuzzGlobMatch: a pattern always matches itself with its wildcards
// removed when they stand for nothing.
func FuzzGlobMatch(f *testing.F) {
	f.Add("s3:Get*", "s3:GetObject")
	f.Fuzz(func(t *testing.T, pattern, s string) {
		_ = globMatch(pattern, s) // must not panic on any input
		plain := strings.NewReplacer("*", "", "?", "").Replace(pattern)
		if !strings.Contains(pattern, "?") && !globMatch(pattern, plain) {
			t.Errorf("%q does not match %q", pattern, plain)
		}
	})
}
