package query

import (
	"mime"
	"net/http"
	"net/url"
	"strconv"

	"iamconsole/iam"
)

// Params are a Query request's parameters: the URL query and the form body.
type Params struct{ url.Values }

// Get returns a parameter, "" when absent.
func (p Params) Get(name string) string { return p.Values.Get(name) }

// Has reports whether a parameter was sent.
func (p Params) Has(name string) bool { return p.Values.Has(name) }

// List reads a Query-protocol list: prefix.member.1, prefix.member.2, …
// (suffix names a field of structure members, e.g. ".arn").
func (p Params) List(prefix, suffix string) []string {
	var out []string
	for i := 1; ; i++ {
		k := prefix + ".member." + strconv.Itoa(i) + suffix
		if !p.Values.Has(k) {
			return out
		}
		out = append(out, p.Values.Get(k))
	}
}

// Tags reads prefix.member.N.Key / .Value.
func (p Params) Tags(prefix string) []iam.Tag {
	var out []iam.Tag
	for i := 1; ; i++ {
		base := prefix + ".member." + strconv.Itoa(i)
		if !p.Values.Has(base+".Key") && !p.Values.Has(base+".Value") {
			return out
		}
		out = append(out, iam.Tag{Key: p.Values.Get(base + ".Key"), Value: p.Values.Get(base + ".Value")})
	}
}

// Parse reads a request's parameters: its URL query, plus a form body
// (application/x-www-form-urlencoded, or no content type).
func Parse(r *http.Request, body []byte) (Params, bool) {
	vals := r.URL.Query()
	mt, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if len(body) > 0 && (mt == "application/x-www-form-urlencoded" || mt == "") {
		form, err := url.ParseQuery(string(body))
		if err != nil {
			return Params{}, false
		}
		for k, v := range form {
			vals[k] = append(vals[k], v...)
		}
	}
	return Params{vals}, true
}
