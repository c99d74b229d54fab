package accessgraph_test

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"iamconsole/iam"
	"iamconsole/iam/accessgraph"
	"iamconsole/iam/catalog"
)

var update = flag.Bool("update", false, "rewrite the golden files of testdata/")

// golden compares got with testdata/name, rewriting it with -update.
func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs from the golden file (go test -update rewrites it):\n%s", name, got)
	}
}

// TestExportsGolden: the fixture's graph as JSON and as Graphviz DOT.
func TestExportsGolden(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	s := f.snapshot(t)
	js, err := s.JSON()
	if err != nil {
		t.Fatal(err)
	}
	golden(t, "graph.json", js)
	golden(t, "graph.dot", []byte(s.DOT()))
	// The part around one role, as the page draws it.
	focus, err := f.g.Snapshot(f.ctx, all, accessgraph.Filter{Focus: hop2, Depth: 2})
	if err != nil {
		t.Fatal(err)
	}
	golden(t, "focus-hop2.dot", []byte(focus.DOT()))
}

// TestScopeOfAMemberAccount: from a member account, only the edges that
// touch it are seen.
func TestScopeOfAMemberAccount(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	sc, err := f.g.ScopeFor(f.ctx, f.Admin(t, prod))
	if err != nil {
		t.Fatal(err)
	}
	if sc.All || sc.Account != prod {
		t.Fatalf("scope of production's admin = %+v", sc)
	}
	s, err := f.g.Snapshot(f.ctx, sc, accessgraph.Filter{})
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range s.Edges {
		if !strings.Contains(e.From, prod) && !strings.Contains(e.To, prod) {
			t.Errorf("edge %s → %s is outside production", e.From, e.To)
		}
	}
	if edge(s, david, updateAPP) == nil {
		t.Error("david → UpdateAPP reaches production, but is not seen")
	}
	if sc, err := f.g.ScopeFor(f.ctx, f.Admin(t, mgmt)); err != nil || !sc.All {
		t.Errorf("scope of the management account's admin = %+v, %v; want all", sc, err)
	}
	_, err = f.g.ScopeFor(f.ctx, f.User(t, dev, "erin"))
	if !iam.IsKind(err, iam.KindDenied) {
		t.Errorf("erin (no policies) may look at the graph: %v", err)
	}
}

// TestWhoCan: who can write to the production app's bucket: the engine's
// answer for every principal itself, and whoever reaches one of them.
func TestWhoCan(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	const object = "arn:aws:s3:::productionapp/index.html"
	got, err := f.g.WhoCan(f.ctx, all, string(catalog.S3PutObject), object, nil)
	if err != nil {
		t.Fatal(err)
	}
	by := map[string]accessgraph.Access{}
	for _, a := range got {
		by[a.Principal.ID] = a
	}
	principals, _ := f.principals(t)
	q := f.Store.Read(f.ctx)
	for _, p := range principals {
		_, err := f.K.Decide(f.ctx, f.caller(t, q, p), iam.Check{Action: string(catalog.S3PutObject), Resource: object})
		a, ok := by[p]
		if direct := ok && len(a.Path) == 0; direct != (err == nil) {
			t.Errorf("%s: listed as acting itself %v, engine %v", p, direct, err)
		}
	}
	for _, want := range []string{updateAPP, david, catalog.IAMUser.ARN(prod, "admin"), "arn:aws:iam::" + prod + ":root"} {
		if _, ok := by[want]; !ok {
			t.Errorf("%s missing from who can write", want)
		}
	}
	if a := by[david]; len(a.Path) != 1 || a.Path[0].To != updateAPP {
		t.Errorf("david = %+v, want through UpdateAPP", a)
	}
	if _, ok := by[theresa]; ok {
		t.Error("theresa listed, but her group denies UpdateAPP")
	}
}
