package labs_test

import (
	"os"
	"strings"
	"testing"

	"iamconsole/labs"
)

// TestBuiltinLabsParse: every embedded lab is valid, and there are at
// least eight.
func TestBuiltinLabsParse(t *testing.T) {
	t.Parallel()
	ls, err := labs.Builtin()
	if err != nil {
		t.Fatal(err)
	}
	if len(ls) < 8 {
		t.Fatalf("%d built-in labs, want at least 8", len(ls))
	}
}

// TestEveryBuiltinLabSolved: every built-in lab is started by a test that
// solves it (solve_test.go, or the CLI and browser tests).
func TestEveryBuiltinLabSolved(t *testing.T) {
	t.Parallel()
	src, err := os.ReadFile("solve_test.go")
	if err != nil {
		t.Fatal(err)
	}
	ls, err := labs.Builtin()
	if err != nil {
		t.Fatal(err)
	}
	for _, l := range ls {
		if !strings.Contains(string(src), `e.start(t, "`+l.ID+`")`) {
			t.Errorf("no test in solve_test.go solves the built-in lab %s", l.ID)
		}
	}
}
