package labs_test

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"iamconsole/handlers/api/apitest"
	"iamconsole/labs"
)

// update is -update, which the shared API fixtures (imported by the CLI
// tests of this package) define for every golden file.
var update = apitest.Update

// TestInvalidLabsGolden: each broken lab file of testdata/invalid yields
// exactly the problems of its .golden file, every one with its line and
// column. Run with -update to rewrite them after a deliberate change.
func TestInvalidLabsGolden(t *testing.T) {
	t.Parallel()
	files, err := filepath.Glob(filepath.Join("testdata", "invalid", "*.yaml"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no broken lab files: %v", err)
	}
	for _, f := range files {
		t.Run(filepath.Base(f), func(t *testing.T) {
			t.Parallel()
			src, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			lab, ps := labs.Parse(filepath.Base(f), src)
			if lab != nil || len(ps) == 0 {
				t.Fatalf("a broken lab file was accepted")
			}
			var got bytes.Buffer
			for _, p := range ps {
				if p.Line < 1 || p.Column < 1 {
					t.Errorf("a problem without a position: %s", p)
				}
				got.WriteString(p.String() + "\n")
			}
			golden := strings.TrimSuffix(f, ".yaml") + ".golden"
			if *update {
				if err := os.WriteFile(golden, got.Bytes(), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run go test -update to write it)", err)
			}
			if got.String() != string(want) {
				t.Errorf("problems of %s:\n%s\nwant:\n%s", f, got.String(), want)
			}
		})
	}
}
