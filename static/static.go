package static

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"io/fs"
	"mime"
	"net/http"
	"path"
	"strconv"
	"strings"
	"sync"
	"time"
)

// files holds the assets served under /static/. The JavaScript sources under
// js/src are build inputs, not assets, so only the top-level scripts are embedded.
//
//go:embed css/*.css js/*.js img
var files embed.FS

// Prefix is the URL path under which Handler is mounted.
const Prefix = "/static/"

// hashLen is the number of hex digits of the SHA-256 content hash put in URLs.
// 8 digits (32 bits) tell apart every version of a file that a browser could
// plausibly hold in its cache.
const hashLen = 8

// minGzipSize is the smallest asset worth compressing; below it the gzip
// header and the extra round of decoding cost more than they save.
const minGzipSize = 1024

// contentTypes fixes the Content-Type of the asset kinds we ship, so that the
// answer does not depend on the MIME tables of the host.
var contentTypes = map[string]string{
	".css":   "text/css; charset=utf-8",
	".js":    "text/javascript; charset=utf-8",
	".mjs":   "text/javascript; charset=utf-8",
	".json":  "application/json",
	".map":   "application/json",
	".svg":   "image/svg+xml",
	".png":   "image/png",
	".ico":   "image/x-icon",
	".webp":  "image/webp",
	".woff2": "font/woff2",
	".txt":   "text/plain; charset=utf-8",
	".html":  "text/html; charset=utf-8",
}

// asset is one embedded file with everything needed to serve it.
type asset struct {
	name        string // path inside the embedded tree, e.g. "css/console.css"
	hashed      string // the same with the content hash, e.g. "css/console.3f2a9c1b.css"
	url         string // Prefix + hashed, computed once so that Path does not allocate
	data        []byte
	gz          []byte // gzip of data, or nil when compression does not pay
	etag        string // strong ETag of data
	gzETag      string // strong ETag of gz
	contentType string
}

// assets indexes a tree of files by plain and by hashed name.
type assets struct {
	byName   map[string]*asset
	byHashed map[string]*asset
}

var (
	loadOnce sync.Once
	loaded   *assets
)

// embedded returns the index of the embedded files, building it on first use.
func embedded() *assets {
	loadOnce.Do(func() {
		a, err := load(files)
		if err != nil {
			// The tree is compiled into the binary; failing to read it is a
			// build defect, not a run-time condition.
			panic("static: load embedded assets: " + err.Error())
		}
		loaded = a
	})
	return loaded
}

// load reads every regular file of fsys and computes its hash, hashed name,
// content type and compressed form.
func load(fsys fs.FS) (*assets, error) {
	a := &assets{byName: map[string]*asset{}, byHashed: map[string]*asset{}}
	err := fs.WalkDir(fsys, ".", func(name string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !d.Type().IsRegular() {
			return nil
		}
		data, err := fs.ReadFile(fsys, name)
		if err != nil {
			return err
		}
		sum := sha256.Sum256(data)
		digest := hex.EncodeToString(sum[:])
		as := &asset{
			name:        name,
			hashed:      hashedName(name, digest[:hashLen]),
			data:        data,
			etag:        `"` + digest[:16] + `"`,
			contentType: contentType(name, data),
		}
		if gz := compress(data); gz != nil {
			as.gz = gz
			as.gzETag = `"` + digest[:16] + `-gz"`
		}
		as.url = Prefix + as.hashed
		a.byName[name] = as
		a.byHashed[as.hashed] = as
		return nil
	})
	if err != nil {
		return nil, err
	}
	return a, nil
}

// hashedName inserts hash before the extension of the base name:
// "css/console.css" → "css/console.<hash>.css"; a name without extension gets
// the hash appended: "LICENSE" → "LICENSE.<hash>".
func hashedName(name, hash string) string {
	dir, base := path.Split(name)
	if i := strings.LastIndexByte(base, '.'); i > 0 {
		return dir + base[:i] + "." + hash + base[i:]
	}
	return name + "." + hash
}

// contentType names the media type of an asset by extension, falling back to
// the host's MIME table and then to sniffing.
func contentType(name string, data []byte) string {
	ext := strings.ToLower(path.Ext(name))
	if ct, ok := contentTypes[ext]; ok {
		return ct
	}
	if ct := mime.TypeByExtension(ext); ct != "" {
		return ct
	}
	return http.DetectContentType(data)
}

// compress returns the gzip form of data, or nil when it would not be at
// least 10% smaller.
func compress(data []byte) []byte {
	if len(data) < minGzipSize {
		return nil
	}
	var buf bytes.Buffer
	zw, err := gzip.NewWriterLevel(&buf, gzip.BestCompression)
	if err != nil {
		return nil
	}
	if _, err := zw.Write(data); err != nil {
		return nil
	}
	if err := zw.Close(); err != nil {
		return nil
	}
	if buf.Len() > len(data)*9/10 {
		return nil
	}
	return buf.Bytes()
}

// path returns the URL of name under its hashed name, or the plain URL when
// name is unknown.
func (a *assets) path(name string) string {
	name = strings.TrimPrefix(name, "/")
	if as, ok := a.byName[name]; ok {
		return as.url
	}
	return Prefix + name
}

// Path returns the URL of an embedded asset under its content-hash name, e.g.
// Path("css/console.css") → "/static/css/console.3f2a9c1b.css". Because the
// URL changes whenever the content does, the response may be cached forever.
// An unknown name yields "/static/"+name, which Handler answers with 404.
func Path(name string) string {
	return embedded().path(name)
}

// Handler serves the embedded assets; mount it at Prefix ("/static/"), whose
// removal it does itself. A hashed name (as returned by Path) is served with
// Cache-Control "public, max-age=31536000, immutable"; a plain name is served
// too, with "no-cache", for hand-written links such as the favicon. A stale
// or unknown name answers 404. Responses carry the Content-Type, a strong
// ETag honoured by If-None-Match, and gzip when the client accepts it.
func Handler() http.Handler {
	return embedded()
}

// ServeHTTP implements http.Handler for the asset index.
func (a *assets) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		w.Header().Set("Allow", "GET, HEAD")
		http.Error(w, http.StatusText(http.StatusMethodNotAllowed), http.StatusMethodNotAllowed)
		return
	}
	name := strings.TrimPrefix(r.URL.Path, Prefix)
	name = strings.TrimPrefix(name, "/")

	cacheControl := "public, max-age=31536000, immutable"
	as, ok := a.byHashed[name]
	if !ok {
		as, ok = a.byName[name]
		cacheControl = "no-cache"
	}
	if !ok {
		http.NotFound(w, r)
		return
	}

	h := w.Header()
	h.Set("Cache-Control", cacheControl)
	h.Set("Content-Type", as.contentType)
	h.Set("X-Content-Type-Options", "nosniff")
	data, etag := as.data, as.etag
	if as.gz != nil {
		h.Add("Vary", "Accept-Encoding")
		if acceptsGzip(r.Header.Get("Accept-Encoding")) {
			data, etag = as.gz, as.gzETag
			h.Set("Content-Encoding", "gzip")
		}
	}
	h.Set("ETag", etag)
	// ServeContent answers If-None-Match with 304 and handles Range and HEAD.
	http.ServeContent(w, r, as.name, time.Time{}, bytes.NewReader(data))
}

// acceptsGzip reports whether an Accept-Encoding header value admits gzip
// (present and not given q=0).
func acceptsGzip(header string) bool {
	for part := range strings.SplitSeq(header, ",") {
		coding, params, _ := strings.Cut(strings.TrimSpace(part), ";")
		if !strings.EqualFold(strings.TrimSpace(coding), "gzip") {
			continue
		}
		for param := range strings.SplitSeq(params, ";") {
			k, v, _ := strings.Cut(strings.TrimSpace(param), "=")
			if strings.EqualFold(k, "q") {
				q, err := strconv.ParseFloat(v, 64)
				return err == nil && q > 0
			}
		}
		return true
	}
	return false
}
