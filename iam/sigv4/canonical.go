package sigv4

import (
	"crypto/sha256"
	"encoding/hex"
	"net/http"
	"net/textproto"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"
)

// UnsignedPayload is the payload hash of a request whose body is not signed,
// as presigned URLs from botocore and S3 clients use it.
const UnsignedPayload = "UNSIGNED-PAYLOAD"

const upperhex = "0123456789ABCDEF"

// unreserved reports whether c is an RFC 3986 unreserved character, the only
// bytes SigV4 leaves unencoded.
func unreserved(c byte) bool {
	return 'A' <= c && c <= 'Z' || 'a' <= c && c <= 'z' || '0' <= c && c <= '9' ||
		c == '-' || c == '_' || c == '.' || c == '~'
}

// appendEscaped appends s URI-encoded as SigV4 defines it: unreserved bytes
// kept, every other byte as %XX with upper-case hex; '/' is kept when
// keepSlash.
func appendEscaped(b []byte, s string, keepSlash bool) []byte {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if unreserved(c) || keepSlash && c == '/' {
			b = append(b, c)
			continue
		}
		b = append(b, '%', upperhex[c>>4], upperhex[c&15])
	}
	return b
}

// escape returns s URI-encoded as SigV4 defines it, '/' included.
func escape(s string) string { return string(appendEscaped(nil, s, false)) }

// wirePath returns the request path as the client wrote it on the wire, which
// is what SDKs sign for non-S3 services.
func wirePath(u *url.URL) string {
	if u.Opaque != "" {
		return u.Opaque
	}
	if u.RawPath != "" {
		return u.RawPath
	}
	return u.EscapedPath()
}

// rootURI is the canonical URI of "/" and of an empty path; read only.
var rootURI = []string{"/"}

// canonicalURIs returns the canonical URI candidates for r: for S3 the path
// encoded once and not normalized; for other services the wire path with dot
// segments and empty segments removed (as AWS and botocore do), each segment
// encoded once more, and, when normalizing changed it, the unnormalized form
// as the SDK for Go signs it.
func canonicalURIs(r *http.Request, service string) []string {
	if r.URL == nil {
		return []string{"/"}
	}
	if service == "s3" {
		if r.URL.Path == "" {
			return []string{"/"}
		}
		return []string{string(appendEscaped(nil, r.URL.Path, true))}
	}
	raw := wirePath(r.URL)
	if raw == "" || raw == "/" {
		return rootURI
	}
	norm := string(appendEscaped(nil, normalizePath(raw), true))
	plain := string(appendEscaped(nil, raw, true))
	if norm == plain {
		return []string{norm}
	}
	return []string{norm, plain}
}

// normalizePath removes "." and ".." segments (RFC 3986 §5.2.4) and empty
// segments, keeping a leading and a trailing slash.
func normalizePath(p string) string {
	if p == "" {
		return "/"
	}
	segs := make([]string, 0, strings.Count(p, "/")+1)
	for s := range strings.SplitSeq(p, "/") {
		switch s {
		case "", ".":
		case "..":
			if len(segs) > 0 {
				segs = segs[:len(segs)-1]
			}
		default:
			segs = append(segs, s)
		}
	}
	var b strings.Builder
	if p[0] == '/' {
		b.WriteByte('/')
	}
	b.WriteString(strings.Join(segs, "/"))
	if p[len(p)-1] == '/' && len(segs) > 0 {
		b.WriteByte('/')
	}
	if b.Len() == 0 {
		return "/"
	}
	return b.String()
}

type queryPair struct{ k, v string }

// canonicalQuery returns the canonical query string of rawQuery: each name and
// value decoded ('+' as space) and re-encoded, sorted by name then value;
// X-Amz-Signature is left out when presigned.
func canonicalQuery(rawQuery string, presigned bool) string {
	if rawQuery == "" {
		return ""
	}
	pairs := make([]queryPair, 0, strings.Count(rawQuery, "&")+1)
	for part := range strings.SplitSeq(rawQuery, "&") {
		if part == "" {
			continue
		}
		k, v, _ := strings.Cut(part, "=")
		k, v = unescapeQuery(k), unescapeQuery(v)
		if presigned && k == "X-Amz-Signature" {
			continue
		}
		pairs = append(pairs, queryPair{escape(k), escape(v)})
	}
	slices.SortFunc(pairs, func(a, b queryPair) int {
		if c := strings.Compare(a.k, b.k); c != 0 {
			return c
		}
		return strings.Compare(a.v, b.v)
	})
	var b strings.Builder
	for i, p := range pairs {
		if i > 0 {
			b.WriteByte('&')
		}
		b.WriteString(p.k)
		b.WriteByte('=')
		b.WriteString(p.v)
	}
	return b.String()
}

func unescapeQuery(s string) string {
	if u, err := url.QueryUnescape(s); err == nil {
		return u
	}
	return s
}

// headerValue returns the canonical value of the signed header name: all its
// values trimmed, inner runs of spaces and tabs collapsed to one space, and
// joined by ",".
func headerValue(r *http.Request, name string) string {
	switch name {
	case "host", ":authority":
		if r.Host != "" {
			return r.Host
		}
		if r.URL != nil {
			return r.URL.Host
		}
		return ""
	}
	values := r.Header[canonicalKey(name)]
	if len(values) == 0 && name == "content-length" && r.ContentLength >= 0 {
		// Go's client keeps the length in r.ContentLength, not the header map.
		return strconv.FormatInt(r.ContentLength, 10)
	}
	if len(values) == 1 && isTrim(values[0]) {
		return values[0]
	}
	var b strings.Builder
	for i, v := range values {
		if i > 0 {
			b.WriteByte(',')
		}
		writeTrimmed(&b, v)
	}
	return b.String()
}

// canonicalKey returns the http.Header key of a lower-case header name,
// without allocating for the names SDKs commonly sign.
func canonicalKey(name string) string {
	switch name {
	case "content-type":
		return "Content-Type"
	case "content-length":
		return "Content-Length"
	case "content-md5":
		return "Content-Md5"
	case "x-amz-date":
		return "X-Amz-Date"
	case "x-amz-security-token":
		return "X-Amz-Security-Token"
	case "x-amz-content-sha256":
		return "X-Amz-Content-Sha256"
	case "x-amz-target":
		return "X-Amz-Target"
	case "x-amz-user-agent":
		return "X-Amz-User-Agent"
	case "amz-sdk-invocation-id":
		return "Amz-Sdk-Invocation-Id"
	case "amz-sdk-request":
		return "Amz-Sdk-Request"
	case "date":
		return "Date"
	}
	return textproto.CanonicalMIMEHeaderKey(name)
}

func isBlank(c byte) bool { return c == ' ' || c == '\t' }

// isTrim reports whether v is already trimmed and collapsed.
func isTrim(v string) bool {
	for i := 0; i < len(v); i++ {
		if isBlank(v[i]) && (i == 0 || i == len(v)-1 || v[i] != ' ' || isBlank(v[i+1])) {
			return false
		}
	}
	return true
}

func writeTrimmed(b *strings.Builder, v string) {
	space := false
	wrote := false
	for i := 0; i < len(v); i++ {
		c := v[i]
		if isBlank(c) {
			space = true
			continue
		}
		if space && wrote {
			b.WriteByte(' ')
		}
		space = false
		wrote = true
		b.WriteByte(c)
	}
}

// canonicalRequest builds the canonical request from its parts.
func canonicalRequest(b []byte, r *http.Request, uri, query string, signed []string, signedList, payloadHash string) []byte {
	b = append(b, r.Method...)
	b = append(b, '\n')
	b = append(b, uri...)
	b = append(b, '\n')
	b = append(b, query...)
	b = append(b, '\n')
	for _, h := range signed {
		lh := strings.ToLower(h)
		b = append(b, lh...)
		b = append(b, ':')
		b = append(b, headerValue(r, lh)...)
		b = append(b, '\n')
	}
	b = append(b, '\n')
	b = append(b, signedList...)
	b = append(b, '\n')
	b = append(b, payloadHash...)
	return b
}

// stringToSign builds the string to sign from the request time, the scope
// and the canonical request.
func stringToSign(b []byte, t time.Time, date, region, service string, creq []byte) []byte {
	sum := sha256.Sum256(creq)
	b = append(b, Algorithm...)
	b = append(b, '\n')
	b = t.UTC().AppendFormat(b, timeFormat)
	b = append(b, '\n')
	b = append(b, date...)
	b = append(b, '/')
	b = append(b, region...)
	b = append(b, '/')
	b = append(b, service...)
	b = append(b, "/"+terminator+"\n"...)
	return hex.AppendEncode(b, sum[:])
}

// hashHex returns hex(SHA-256(body)).
func hashHex(body []byte) string {
	sum := sha256.Sum256(body)
	return hex.EncodeToString(sum[:])
}
