package policy_test

import (
	"strings"
	"testing"

	"iamconsole/iam/policy"
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
			l, c, ok := policy.StatementEnd(tc.doc, tc.line, tc.col)
			if l != tc.wantL || c != tc.wantC || ok != tc.wantOK {
				t.Errorf("got %d:%d %v, want %d:%d %v", l, c, ok, tc.wantL, tc.wantC, tc.wantOK)
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
		l, c, ok := policy.StatementEnd(doc, line, col)
		if ok && (l < line && l < 1 || c < 1 || l > strings.Count(doc, "\n")+1) {
			t.Errorf("%q from %d:%d: end %d:%d", doc, line, col, l, c)
		}
	})
}
