package static

import (
	"bytes"
	"compress/gzip"
	"io"
	"io/fs"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"testing"
	"testing/fstest"
)

// bigCSS is large and repetitive enough to be served gzip-compressed.
var bigCSS = strings.Repeat(".card { border: 1px solid #eaeded; }\n", 200)

func testAssets(t *testing.T) *assets {
	t.Helper()
	a, err := load(fstest.MapFS{
		"css/console.css": {Data: []byte(bigCSS)},
		"js/app.js":       {Data: []byte("document.title;")},
		"img/logo.svg":    {Data: []byte("<svg xmlns='http://www.w3.org/2000/svg'/>")},
		"LICENSE":         {Data: []byte("MIT")},
	})
	if err != nil {
		t.Fatalf("load: %v", err)
	}
	return a
}

func get(t *testing.T, h http.Handler, target string, header http.Header) *http.Response {
	t.Helper()
	req := httptest.NewRequest(http.MethodGet, target, nil)
	for k, v := range header {
		req.Header[k] = v
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	return rec.Result()
}

func body(t *testing.T, res *http.Response) string {
	t.Helper()
	b, err := io.ReadAll(res.Body)
	if err != nil {
		t.Fatalf("read body: %v", err)
	}
	return string(b)
}

func TestHashedName(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, in, want string
	}{
		{"css", "css/console.css", "css/console.abcd1234.css"},
		{"nested", "img/icons/key.svg", "img/icons/key.abcd1234.svg"},
		{"two dots", "js/editor.min.js", "js/editor.min.abcd1234.js"},
		{"no extension", "LICENSE", "LICENSE.abcd1234"},
		{"dotfile", "img/.keep", "img/.keep.abcd1234"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if got := hashedName(tt.in, "abcd1234"); got != tt.want {
				t.Errorf("hashedName(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestPathStable(t *testing.T) {
	t.Parallel()
	a1, a2 := testAssets(t), testAssets(t)
	p1, p2 := a1.path("css/console.css"), a2.path("css/console.css")
	if p1 != p2 {
		t.Fatalf("path differs between loads: %q vs %q", p1, p2)
	}
	if !regexp.MustCompile(`^/static/css/console\.[0-9a-f]{8}\.css$`).MatchString(p1) {
		t.Fatalf("path = %q, want /static/css/console.<8 hex>.css", p1)
	}
	if got := a1.path("/css/console.css"); got != p1 {
		t.Errorf("path with leading slash = %q, want %q", got, p1)
	}
	if got := a1.path("css/missing.css"); got != "/static/css/missing.css" {
		t.Errorf("unknown path = %q, want plain URL", got)
	}

	changed, err := load(fstest.MapFS{"css/console.css": {Data: []byte(bigCSS + "x")}})
	if err != nil {
		t.Fatal(err)
	}
	if got := changed.path("css/console.css"); got == p1 {
		t.Errorf("path did not change with the content: %q", got)
	}
}

func TestHandler(t *testing.T) {
	t.Parallel()
	a := testAssets(t)
	tests := []struct {
		name         string
		target       string
		wantStatus   int
		wantType     string
		wantCache    string
		wantEncoding string
	}{
		{"hashed css", a.path("css/console.css"), 200, "text/css; charset=utf-8", "public, max-age=31536000, immutable", ""},
		{"hashed js", a.path("js/app.js"), 200, "text/javascript; charset=utf-8", "public, max-age=31536000, immutable", ""},
		{"hashed svg", a.path("img/logo.svg"), 200, "image/svg+xml", "public, max-age=31536000, immutable", ""},
		{"no extension", a.path("LICENSE"), 200, "text/plain; charset=utf-8", "public, max-age=31536000, immutable", ""},
		{"plain name", "/static/css/console.css", 200, "text/css; charset=utf-8", "no-cache", ""},
		{"stale hash", "/static/css/console.00000000.css", 404, "", "", ""},
		{"unknown", "/static/css/nope.css", 404, "", "", ""},
		{"directory", "/static/css", 404, "", "", ""},
		{"root", "/static/", 404, "", "", ""},
		{"traversal", "/static/../static.go", 404, "", "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			res := get(t, a, tt.target, nil)
			if res.StatusCode != tt.wantStatus {
				t.Fatalf("GET %s: status %d, want %d", tt.target, res.StatusCode, tt.wantStatus)
			}
			if tt.wantStatus != 200 {
				return
			}
			if got := res.Header.Get("Content-Type"); got != tt.wantType {
				t.Errorf("Content-Type = %q, want %q", got, tt.wantType)
			}
			if got := res.Header.Get("Cache-Control"); got != tt.wantCache {
				t.Errorf("Cache-Control = %q, want %q", got, tt.wantCache)
			}
			if got := res.Header.Get("Content-Encoding"); got != tt.wantEncoding {
				t.Errorf("Content-Encoding = %q, want %q", got, tt.wantEncoding)
			}
			if !regexp.MustCompile(`^"[0-9a-f]{16}"$`).MatchString(res.Header.Get("ETag")) {
				t.Errorf("ETag = %q, want a quoted hash", res.Header.Get("ETag"))
			}
			if got := res.Header.Get("X-Content-Type-Options"); got != "nosniff" {
				t.Errorf("X-Content-Type-Options = %q, want nosniff", got)
			}
		})
	}
}

func TestHandlerConditional(t *testing.T) {
	t.Parallel()
	a := testAssets(t)
	target := a.path("js/app.js")
	first := get(t, a, target, nil)
	etag := first.Header.Get("ETag")
	if etag == "" {
		t.Fatal("no ETag")
	}
	tests := []struct {
		name        string
		ifNoneMatch string
		wantStatus  int
	}{
		{"matching", etag, http.StatusNotModified},
		{"wildcard", "*", http.StatusNotModified},
		{"other", `"0000000000000000"`, http.StatusOK},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			res := get(t, a, target, http.Header{"If-None-Match": {tt.ifNoneMatch}})
			if res.StatusCode != tt.wantStatus {
				t.Errorf("status %d, want %d", res.StatusCode, tt.wantStatus)
			}
		})
	}
}

func TestHandlerGzip(t *testing.T) {
	t.Parallel()
	a := testAssets(t)
	target := a.path("css/console.css")
	tests := []struct {
		name     string
		accept   string
		wantGzip bool
	}{
		{"none", "", false},
		{"gzip", "gzip", true},
		{"list", "br, gzip;q=0.8, deflate", true},
		{"refused", "gzip;q=0", false},
		{"refused spaced", "gzip ; q=0.0", false},
		{"identity only", "identity", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			res := get(t, a, target, http.Header{"Accept-Encoding": {tt.accept}})
			if res.StatusCode != http.StatusOK {
				t.Fatalf("status %d", res.StatusCode)
			}
			if got := res.Header.Get("Vary"); got != "Accept-Encoding" {
				t.Errorf("Vary = %q, want Accept-Encoding", got)
			}
			b := body(t, res)
			if !tt.wantGzip {
				if res.Header.Get("Content-Encoding") != "" || b != bigCSS {
					t.Fatalf("want identity body, got encoding %q", res.Header.Get("Content-Encoding"))
				}
				return
			}
			if res.Header.Get("Content-Encoding") != "gzip" {
				t.Fatalf("Content-Encoding = %q, want gzip", res.Header.Get("Content-Encoding"))
			}
			if !strings.HasSuffix(res.Header.Get("ETag"), `-gz"`) {
				t.Errorf("ETag %q does not mark the gzip representation", res.Header.Get("ETag"))
			}
			zr, err := gzip.NewReader(strings.NewReader(b))
			if err != nil {
				t.Fatal(err)
			}
			plain, err := io.ReadAll(zr)
			if err != nil {
				t.Fatal(err)
			}
			if string(plain) != bigCSS {
				t.Error("decompressed body differs from the asset")
			}
		})
	}
}

func TestHandlerMethods(t *testing.T) {
	t.Parallel()
	a := testAssets(t)
	target := a.path("js/app.js")
	tests := []struct {
		method     string
		wantStatus int
		wantBody   bool
	}{
		{http.MethodGet, http.StatusOK, true},
		{http.MethodHead, http.StatusOK, false},
		{http.MethodPost, http.StatusMethodNotAllowed, true},
		{http.MethodDelete, http.StatusMethodNotAllowed, true},
	}
	for _, tt := range tests {
		t.Run(tt.method, func(t *testing.T) {
			t.Parallel()
			rec := httptest.NewRecorder()
			a.ServeHTTP(rec, httptest.NewRequest(tt.method, target, nil))
			if rec.Code != tt.wantStatus {
				t.Fatalf("status %d, want %d", rec.Code, tt.wantStatus)
			}
			if tt.wantStatus == http.StatusMethodNotAllowed && rec.Header().Get("Allow") != "GET, HEAD" {
				t.Errorf("Allow = %q", rec.Header().Get("Allow"))
			}
			if tt.wantBody != (rec.Body.Len() > 0) {
				t.Errorf("body length %d, want body %v", rec.Body.Len(), tt.wantBody)
			}
		})
	}
}

// TestEmbedded checks the real asset tree: the files the views rely on exist,
// are served with the right types, and the build sources are not embedded.
func TestEmbedded(t *testing.T) {
	t.Parallel()
	h := Handler()
	tests := []struct {
		name     string
		wantType string
	}{
		{"css/console.css", "text/css; charset=utf-8"},
		{"js/app.js", "text/javascript; charset=utf-8"},
		{"js/editor.js", "text/javascript; charset=utf-8"},
		{"img/logo.svg", "image/svg+xml"},
		{"img/favicon.svg", "image/svg+xml"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			p := Path(tt.name)
			if p == Prefix+tt.name {
				t.Fatalf("Path(%q) = %q: asset not embedded", tt.name, p)
			}
			if p != Path(tt.name) {
				t.Fatalf("Path(%q) not stable", tt.name)
			}
			res := get(t, h, p, nil)
			if res.StatusCode != http.StatusOK {
				t.Fatalf("GET %s: status %d", p, res.StatusCode)
			}
			if got := res.Header.Get("Content-Type"); got != tt.wantType {
				t.Errorf("Content-Type = %q, want %q", got, tt.wantType)
			}
			want, err := fs.ReadFile(files, tt.name)
			if err != nil {
				t.Fatal(err)
			}
			if got := body(t, res); !bytes.Equal([]byte(got), want) {
				t.Error("body differs from the embedded file")
			}
		})
	}
	if _, err := fs.Stat(files, "js/src/editor.src.js"); err == nil {
		t.Error("build source js/src/editor.src.js is embedded")
	}
	if got := Path("js/src/editor.src.js"); got != "/static/js/src/editor.src.js" {
		t.Errorf("Path of a build source = %q, want the plain URL", got)
	}
}

// discardWriter is a ResponseWriter that keeps headers and drops the body,
// so that benchmarks measure the handler rather than a recorder's copying.
type discardWriter struct{ h http.Header }

func (w *discardWriter) Header() http.Header         { return w.h }
func (w *discardWriter) Write(p []byte) (int, error) { return len(p), nil }
func (w *discardWriter) WriteHeader(int)             {}

// ReadFrom mirrors net/http's response, which implements io.ReaderFrom.
func (w *discardWriter) ReadFrom(r io.Reader) (int64, error) { return io.Copy(io.Discard, r) }

func BenchmarkHandler(b *testing.B) {
	// Target: under 5 µs and a handful of allocations per hashed-asset hit
	// (the body is written from memory, never re-read or re-compressed), so
	// that assets never show up next to page rendering.
	h := Handler()
	req := httptest.NewRequest(http.MethodGet, Path("css/console.css"), nil)
	req.Header.Set("Accept-Encoding", "gzip")
	w := &discardWriter{h: http.Header{}}
	b.ReportAllocs()
	for b.Loop() {
		clear(w.h)
		h.ServeHTTP(w, req)
	}
}

func BenchmarkPath(b *testing.B) {
	// Target: under 100 ns; views call Path several times per page.
	Path("css/console.css")
	b.ReportAllocs()
	for b.Loop() {
		_ = Path("css/console.css")
	}
}

// TestStylesheetVocabulary guards the class names that views rely on: each
// must keep a rule in console.css.
func TestStylesheetVocabulary(t *testing.T) {
	t.Parallel()
	css, err := fs.ReadFile(files, "css/console.css")
	if err != nil {
		t.Fatal(err)
	}
	classes := []string{
		"topnav", "topnav-brand", "topnav-right", "identity", "menu", "menu-panel", "menu-item",
		"menu-section", "app", "sidenav", "content", "page-header", "actions", "breadcrumbs",
		"card", "card-header", "card-body", "kv", "table", "sortable", "table-empty", "toolbar",
		"pagination", "btn", "btn-primary", "btn-danger", "btn-link", "disabled", "field", "hint",
		"field-error", "invalid", "form-actions", "flash", "flash-success", "flash-error",
		"flash-info", "flash-warning", "alert", "alert-success", "alert-error", "alert-info",
		"alert-warning", "tabs", "tab", "active", "badge", "badge-green", "badge-red",
		"badge-grey", "badge-blue", "code", "json", "copy", "wizard", "wizard-steps", "step",
		"done", "split", "policy-summary", "swatches", "signin", "empty-state", "error-page",
		"denied", "muted", "mono", "sr-only", "policy-editor",
	}
	for _, class := range classes {
		re := regexp.MustCompile(`\.` + regexp.QuoteMeta(class) + `[\s,:.\[{>+~)]`)
		if !re.Match(css) {
			t.Errorf("console.css has no rule for .%s", class)
		}
	}
}
