package sigv4

import (
	"encoding/hex"
	"errors"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"
)

// Sign signs r in the header form: it sets X-Amz-Date, X-Amz-Security-Token
// when sessionToken is not empty, and Authorization. It signs host, every
// Content-Type, Content-MD5 and X-Amz-* header present, and the body's
// SHA-256. The request's Host (or URL host) must be set; it is signed with its
// port, as clients send it.
func Sign(r *http.Request, body []byte, accessKeyID, secret, sessionToken, region, service string, t time.Time) error {
	if r.Host == "" && (r.URL == nil || r.URL.Host == "") {
		return errors.New("sigv4: sign: request has no host")
	}
	if r.Header == nil {
		r.Header = make(http.Header)
	}
	t = t.UTC()
	r.Header.Del("Authorization")
	r.Header.Set("X-Amz-Date", t.Format(timeFormat))
	if sessionToken != "" {
		r.Header.Set("X-Amz-Security-Token", sessionToken)
	}
	signed := []string{"host"}
	for name := range r.Header {
		l := strings.ToLower(name)
		if l == "content-type" || l == "content-md5" || strings.HasPrefix(l, "x-amz-") {
			signed = append(signed, l)
		}
	}
	slices.Sort(signed)
	signed = slices.Compact(signed)
	list := strings.Join(signed, ";")

	payload := r.Header.Get("X-Amz-Content-Sha256")
	if payload == "" {
		payload = hashHex(body)
	}
	date := t.Format(dateFormat)
	sig := signature(r, service, canonicalQuery(rawQuery(r), false), signed, list, payload,
		t, date+"/"+region+"/"+service+"/"+terminator, SigningKey(secret, date, region, service))
	r.Header.Set("Authorization", Algorithm+" Credential="+accessKeyID+"/"+date+"/"+region+"/"+service+"/"+terminator+
		", SignedHeaders="+list+", Signature="+sig)
	return nil
}

// Presign returns r's URL with query-string authentication for expires
// (1 second to 7 days): X-Amz-Algorithm, X-Amz-Credential, X-Amz-Date,
// X-Amz-Expires, X-Amz-SignedHeaders (host), X-Amz-Security-Token when
// sessionToken is not empty, and X-Amz-Signature. The payload is signed as
// UNSIGNED-PAYLOAD. r itself is not changed.
func Presign(r *http.Request, accessKeyID, secret, sessionToken, region, service string, t time.Time, expires time.Duration) (string, error) {
	if r.URL == nil {
		return "", errors.New("sigv4: presign: request has no URL")
	}
	if expires < time.Second || expires > maxExpires {
		return "", errors.New("sigv4: presign: expires must be between 1 second and 7 days")
	}
	t = t.UTC()
	date := t.Format(dateFormat)
	scope := date + "/" + region + "/" + service + "/" + terminator
	add := []queryPair{
		{"X-Amz-Algorithm", Algorithm},
		{"X-Amz-Credential", accessKeyID + "/" + scope},
		{"X-Amz-Date", t.Format(timeFormat)},
		{"X-Amz-Expires", strconv.FormatInt(int64(expires/time.Second), 10)},
		{"X-Amz-SignedHeaders", "host"},
	}
	if sessionToken != "" {
		add = append(add, queryPair{"X-Amz-Security-Token", sessionToken})
	}
	var b strings.Builder
	b.WriteString(r.URL.RawQuery)
	for _, p := range add {
		if b.Len() > 0 {
			b.WriteByte('&')
		}
		b.WriteString(escape(p.k) + "=" + escape(p.v))
	}
	u := *r.URL
	u.RawQuery = b.String()
	if u.Host == "" {
		u.Host = r.Host
	}
	if u.Scheme == "" {
		u.Scheme = "https"
	}
	pr := &http.Request{Method: r.Method, URL: &u, Host: r.Host, Header: r.Header}
	if pr.Method == "" {
		pr.Method = http.MethodGet
	}
	sig := signature(pr, service, canonicalQuery(u.RawQuery, true), []string{"host"}, "host", UnsignedPayload,
		t, scope, SigningKey(secret, date, region, service))
	u.RawQuery += "&X-Amz-Signature=" + sig
	return u.String(), nil
}

func rawQuery(r *http.Request) string {
	if r.URL == nil {
		return ""
	}
	return r.URL.RawQuery
}

// signature computes the hex signature over the first canonical URI.
func signature(r *http.Request, service, query string, signed []string, list, payload string, t time.Time, scope string, key []byte) string {
	return signatureOf(canonicalRequest(nil, r, canonicalURIs(r, service)[0], query, signed, list, payload), t, scope, key)
}

// signatureOf computes the hex signature of a canonical request.
func signatureOf(creq []byte, t time.Time, scope string, key []byte) string {
	date, rest, _ := strings.Cut(scope, "/")
	region, rest, _ := strings.Cut(rest, "/")
	service, _, _ := strings.Cut(rest, "/")
	sum := hmacSHA256(key, stringToSign(nil, t, date, region, service, creq))
	return hex.EncodeToString(sum[:])
}
