package labs_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"iamconsole/labs"
)

// FuzzParse: any input yields a lab or problems, never a panic, and every
// problem has a position.
func FuzzParse(f *testing.F) {
	for _, pattern := range []string{"builtin/*.yaml", "testdata/invalid/*.yaml"} {
		files, _ := filepath.Glob(pattern)
		for _, name := range files {
			if b, err := os.ReadFile(name); err == nil {
				f.Add(b)
			}
		}
	}
	f.Add([]byte("a: &x [*x]\n"))
	f.Fuzz(func(t *testing.T, src []byte) {
		lab, ps := labs.Parse("f.yaml", src)
		if (lab == nil) == (len(ps) == 0) {
			t.Fatalf("lab %v with %d problems", lab != nil, len(ps))
		}
		for _, p := range ps {
			if p.Line < 1 || p.Column < 1 || p.Message == "" {
				t.Fatalf("problem without a position or message: %+v", p)
			}
		}
		if lab != nil {
			for _, task := range lab.Tasks {
				labs.RenderMarkdown(task.Instructions)
			}
		}
	})
}

// FuzzRenderMarkdown: no Markdown makes a script.
func FuzzRenderMarkdown(f *testing.F) {
	for _, s := range []string{"<script>x</script>", "[a](javascript:x)", "**b**", "<img onerror=x>", "```\n<script>\n```"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, src string) {
		html := strings.ToLower(labs.RenderMarkdown(src))
		if strings.Contains(html, "<script") || strings.Contains(html, "href=\"javascript:") {
			t.Fatalf("RenderMarkdown(%q) = %q", src, html)
		}
	})
}
