package labs

import (
	"bytes"
	"fmt"
	"strings"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/text"
)

// markdown renders a lab's Markdown as GitHub does, without its raw HTML:
// goldmark without the unsafe option escapes none of it through, writing
// "<!-- raw HTML omitted -->" instead, and drops javascript:, vbscript:,
// file: and data: link targets.
var markdown = goldmark.New(goldmark.WithExtensions(extension.GFM))

// RenderMarkdown renders src (placeholders already filled in) as HTML safe
// to put in a page: no raw HTML, no script links.
func RenderMarkdown(src string) string {
	doc := markdown.Parser().Parse(text.NewReader([]byte(src)))
	// Links whose scheme is not a web or mail one lose their target, beyond
	// what goldmark drops already.
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch l := n.(type) {
		case *ast.Link:
			if !safeURL(string(l.Destination)) {
				l.Destination = []byte("#")
			}
		case *ast.Image:
			if !safeURL(string(l.Destination)) {
				l.Destination = []byte("#")
			}
		}
		return ast.WalkContinue, nil
	})
	var b bytes.Buffer
	if err := markdown.Renderer().Render(&b, []byte(src), doc); err != nil {
		return "<p>" + escapeText(src) + "</p>"
	}
	return b.String()
}

func escapeText(s string) string {
	return strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;", `"`, "&#34;", "'", "&#39;").Replace(s)
}

// safeURL allows relative links and http, https and mailto ones.
func safeURL(u string) bool {
	u = strings.TrimSpace(u)
	i := strings.IndexAny(u, ":/?#")
	if i < 0 || u[i] != ':' {
		return true // no scheme: relative
	}
	switch strings.ToLower(u[:i]) {
	case "http", "https", "mailto":
		return true
	}
	return false
}

// mdProblem is something a lab's Markdown may not hold, at a byte offset.
type mdProblem struct {
	off int
	msg string
}

// markdownProblems finds the raw HTML and the links to other schemes in a
// Markdown text: a lab file refuses both rather than rendering around them.
func markdownProblems(src string) []mdProblem {
	source := []byte(src)
	doc := markdown.Parser().Parse(text.NewReader(source))
	var out []mdProblem
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch v := n.(type) {
		case *ast.HTMLBlock:
			if v.Lines().Len() > 0 {
				seg := v.Lines().At(0)
				out = append(out, mdProblem{off: seg.Start, msg: rawHTML(seg.Value(source))})
			}
			return ast.WalkSkipChildren, nil
		case *ast.RawHTML:
			if v.Segments.Len() > 0 {
				seg := v.Segments.At(0)
				out = append(out, mdProblem{off: seg.Start, msg: rawHTML(seg.Value(source))})
			}
			return ast.WalkSkipChildren, nil
		case *ast.Link:
			if !safeURL(string(v.Destination)) {
				out = append(out, mdProblem{off: nodeOffset(v, source), msg: fmt.Sprintf("a link to %q: only http, https, mailto and relative links are allowed", clip(string(v.Destination)))})
			}
		case *ast.Image:
			if !safeURL(string(v.Destination)) {
				out = append(out, mdProblem{off: nodeOffset(v, source), msg: fmt.Sprintf("an image from %q: only http, https and relative images are allowed", clip(string(v.Destination)))})
			}
		case *ast.AutoLink:
			if u := string(v.URL(source)); !safeURL(u) && v.AutoLinkType == ast.AutoLinkURL {
				out = append(out, mdProblem{off: nodeOffset(v, source), msg: fmt.Sprintf("a link to %q: only http, https, mailto and relative links are allowed", clip(u))})
			}
		}
		return ast.WalkContinue, nil
	})
	return out
}

func rawHTML(b []byte) string {
	s := strings.TrimSpace(string(b))
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		s = s[:i]
	}
	return fmt.Sprintf("raw HTML is not allowed in Markdown (%s): write Markdown, which is shown escaped", clip(s))
}

func clip(s string) string {
	if len(s) > 40 {
		return s[:40] + "…"
	}
	return s
}

// nodeOffset is where an inline node's text starts, as near as goldmark
// keeps it: its first text child's, else its parent block's first line.
func nodeOffset(n ast.Node, source []byte) int {
	for c := n.FirstChild(); c != nil; c = c.NextSibling() {
		if t, ok := c.(*ast.Text); ok {
			return max(t.Segment.Start-1, 0)
		}
	}
	for p := n.Parent(); p != nil; p = p.Parent() {
		if p.Type() == ast.TypeBlock && p.Lines().Len() > 0 {
			return p.Lines().At(0).Start
		}
	}
	return 0
}
