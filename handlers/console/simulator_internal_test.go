package console

import (
	"strings"
	"testing"
	"unicode/utf8"

	"iamconsole/iam/identity"
)

// FuzzSimulatorForm: whatever is typed into the simulator's action and
// context fields is either read or refused with a message, never a panic;
// what is read keeps to its bounds.
func FuzzSimulatorForm(f *testing.F) {
	f.Add("s3:Get*\nsts:AssumeRole", "aws:MultiFactorAuthPresent=true\naws:TagKeys=a, b")
	f.Add("*", "=")
	f.Add("iam:?", "no equals")
	f.Fuzz(func(t *testing.T, actions, context string) {
		as, _, errs := expandActions(actions)
		if len(errs) == 0 && (len(as) == 0 || len(as) > maxSimulatedActions) {
			t.Fatalf("%d actions read without a complaint", len(as))
		}
		for _, a := range as {
			if !strings.Contains(a, ":") {
				t.Fatalf("action %q has no service", a)
			}
		}
		cx, msg := parseContext(context)
		if msg == "" {
			for k := range cx {
				if !strings.Contains(k, ":") || strings.TrimSpace(k) != k {
					t.Fatalf("context key %q read", k)
				}
			}
		}
	})
}

// FuzzSegments: a policy's text is cut at its statements' bounds into
// segments that, put together, are the text again, whatever the spans say.
func FuzzSegments(f *testing.F) {
	f.Add("{\n  \"Statement\": [\n    {\"Effect\": \"Allow\"}\n  ]\n}", 3, 5, 3, 24)
	f.Add("é{}", 1, 2, 1, 4)
	f.Fuzz(func(t *testing.T, text string, sl, sc, el, ec int) {
		if !utf8.ValidString(text) {
			return
		}
		p := identity.SimulatedPolicy{Text: text, Statements: []identity.StatementSpan{{StartLine: sl, StartCol: sc, EndLine: el, EndCol: ec, Effect: "Allow"}}}
		var b strings.Builder
		for _, s := range segments(p, func(int, string) (string, string) { return "a", "stmt" }) {
			b.WriteString(s.Text)
		}
		if b.String() != text {
			t.Fatalf("segments put together = %q, want %q", b.String(), text)
		}
	})
}
