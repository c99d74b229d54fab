package labs_test

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"iamconsole/labs"
)

// TestHostileLabFiles: files made to hurt are refused at once, each with
// a precise message and position.
func TestHostileLabFiles(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name, src, want string
	}{
		{"10 MB", "id: big\nsummary: " + strings.Repeat("a", 10<<20) + "\n",
			"1:1: the file is 10485778 bytes; a lab file may have at most 1048576 bytes (1 MiB)"},
		{"nested flow", "id: " + strings.Repeat("[", 10000) + strings.Repeat("]", 10000) + "\n",
			"1:69: collections are nested more than 64 levels deep"},
		{"nested blocks", nestedBlocks(80), "collections are nested more than 64 levels deep"},
		{"NUL byte", "id: x\ntitle: a\x00b\n", "2:9: the file holds a NUL byte: a lab file is UTF-8 text"},
		{"not UTF-8", "id: x\ntitle: \xff\xfe\n", "2:8: the file is not valid UTF-8"},
		{"cyclic alias", "a: &x\n  b: *x\n", "2:6: alias *x refers to the anchor &x that contains it: a cyclic reference"},
		{"unknown anchor", "a: *nothing\n", "1:4: YAML syntax: unknown anchor 'nothing' referenced"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			lab, ps := labs.Parse("f.yaml", []byte(tc.src))
			if lab != nil || len(ps) == 0 {
				t.Fatal("accepted")
			}
			if !strings.Contains(ps.Error(), tc.want) {
				t.Errorf("problems:\n%s\nwant one with %q", ps.Error(), tc.want)
			}
		})
	}
}

func nestedBlocks(depth int) string {
	var b strings.Builder
	for i := range depth {
		b.WriteString(strings.Repeat(" ", i) + "k:\n")
	}
	return b.String()
}

// TestMarkdownRenderedSafely: whatever a Markdown text holds, the HTML
// made of it runs no script.
func TestMarkdownRenderedSafely(t *testing.T) {
	t.Parallel()
	for _, src := range []string{
		"<script>alert(1)</script>",
		"hello <img src=x onerror=alert(1)> world",
		"[click](javascript:alert(1))",
		"[click](JaVaScRiPt:alert(1))",
		"[click](vbscript:msgbox)",
		"![x](data:text/html,<script>alert(1)</script>)",
		"<a href=\"javascript:alert(1)\">a</a>",
		"`<script>` in code is shown as text",
		"<div onclick=alert(1)>x</div>\n\ntext",
		"<https://ok.example>",
	} {
		html := strings.ToLower(labs.RenderMarkdown(src))
		for _, bad := range []string{"<script", "onerror=", "onclick=", "javascript:", "vbscript:", "data:text", "<img src=x", "<a href=\"javascript"} {
			if strings.Contains(html, bad) {
				t.Errorf("RenderMarkdown(%q) = %q holds %q", src, html, bad)
			}
		}
	}
	if got := labs.RenderMarkdown("`<script>`"); !strings.Contains(got, "&lt;script&gt;") {
		t.Errorf("code is escaped: %q", got)
	}
	if got := labs.RenderMarkdown("**bold** [link](https://docs.aws.amazon.com/)"); !strings.Contains(got, "<strong>bold</strong>") ||
		!strings.Contains(got, `<a href="https://docs.aws.amazon.com/">link</a>`) {
		t.Errorf("Markdown lost: %q", got)
	}
}

// TestAuthorsDirectory: the labs of --labs DIR join the catalogue; a
// broken or oversized file is listed with its problems; a file changed on
// disk is read again.
func TestAuthorsDirectory(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	good, err := os.ReadFile(filepath.Join("builtin", "explicit-deny.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	good = bytes.Replace(good, []byte("id: explicit-deny"), []byte("id: my-explicit-deny"), 1)
	write := func(name string, b []byte) {
		if err := os.WriteFile(filepath.Join(dir, name), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("mine.yaml", good)
	write("broken.yml", []byte("id: broken\ntitel: x\n"))
	write("huge.yaml", bytes.Repeat([]byte("#"), 10<<20))
	write("clash.yaml", bytes.Replace(good, []byte("id: my-explicit-deny"), []byte("id: explicit-deny"), 1))
	write("notes.txt", []byte("not a lab"))
	c, err := labs.NewCatalogue(dir)
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := c.Lab("my-explicit-deny"); !ok {
		t.Error("the author's lab is not offered")
	}
	problems := map[string]string{}
	for _, f := range c.Files() {
		problems[filepath.Base(f.Path)] = f.Problems.Error()
	}
	for name, want := range map[string]string{
		"broken.yml": `broken.yml:2:1: titel: unknown key "titel": did you mean "title"?`,
		"huge.yaml":  "huge.yaml:1:1: the file is 10485760 bytes; a lab file may have at most 1048576 bytes (1 MiB)",
		"clash.yaml": `clash.yaml:2:5: id: the lab ID "explicit-deny" is taken by a built-in lab`,
		"mine.yaml":  "",
	} {
		if !strings.Contains(problems[name], want) || want == "" && problems[name] != "" {
			t.Errorf("%s: problems %q, want %q", name, problems[name], want)
		}
	}
	if _, ok := problems["notes.txt"]; ok {
		t.Error("a .txt file was read as a lab")
	}
	// Fixing the broken file shows in the next refresh.
	write("broken.yml", bytes.Replace(good, []byte("id: my-explicit-deny"), []byte("id: fixed"), 1))
	c.Refresh()
	if _, ok := c.Lab("fixed"); !ok {
		t.Error("the fixed file is not offered after Refresh")
	}
	if _, err := labs.NewCatalogue(filepath.Join(dir, "missing")); err == nil {
		t.Error("a missing directory was accepted")
	}
}

// TestStaleLabAfterEdit: an author edits a lab file while a sandbox of it
// runs: the sandbox says so, its checks follow the new file, and a reset
// starts the new version.
func TestStaleLabAfterEdit(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	src, err := os.ReadFile(filepath.Join("builtin", "explicit-deny.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	src = bytes.Replace(src, []byte("id: explicit-deny"), []byte("id: my-lab"), 1)
	file := filepath.Join(dir, "my-lab.yaml")
	if err := os.WriteFile(file, src, 0o644); err != nil {
		t.Fatal(err)
	}
	e := newEnv(t)
	cat, err := labs.NewCatalogue(dir)
	if err != nil {
		t.Fatal(err)
	}
	e.Labs.SetCatalogue(cat)
	sb := e.start(t, "my-lab")
	if sb.Stale {
		t.Fatal("a fresh sandbox is stale")
	}
	edited := bytes.Replace(src, []byte("title: Delete what you may"), []byte("title: Delete Scratch-Build"), 1)
	if err := os.WriteFile(file, edited, 0o644); err != nil {
		t.Fatal(err)
	}
	cat.Refresh()
	got, err := e.Labs.Sandbox(context.Background(), sb.ID)
	if err != nil {
		t.Fatal(err)
	}
	if !got.Stale || got.Lab.Task("delete-scratch").Title != "Delete Scratch-Build" {
		t.Errorf("after the edit: stale %v, title %q", got.Stale, got.Lab.Task("delete-scratch").Title)
	}
	e.want(t, got)
	reset, err := e.Labs.Reset(context.Background(), sb.ID)
	if err != nil {
		t.Fatal(err)
	}
	if reset.Stale {
		t.Error("a reset sandbox is still stale")
	}
}
