package sigv4

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"
)

// Algorithm is the only signing algorithm this package accepts.
const Algorithm = "AWS4-HMAC-SHA256"

const (
	// timeFormat is ISO 8601 basic format, as in X-Amz-Date.
	timeFormat = "20060102T150405Z"
	// dateFormat is the credential-scope date.
	dateFormat = "20060102"
	// terminator ends every credential scope.
	terminator = "aws4_request"
	// maxExpires is the longest presigned lifetime AWS accepts: one week.
	maxExpires = 7 * 24 * time.Hour
)

// Parsed is what a request claims before its signature is checked.
type Parsed struct {
	// AccessKeyID is the first element of the credential scope.
	AccessKeyID string
	// Date is the credential-scope date, YYYYMMDD.
	Date string
	// Region is the credential-scope region; it is not checked by Parse.
	Region string
	// Service is the credential-scope service; the caller compares it with
	// its own signing name (see ScopeError).
	Service string
	// Time is the request time from X-Amz-Date (or the Date header).
	Time time.Time
	// SignedHeaders lists the signed header names as the client sent them.
	SignedHeaders []string
	// Signature is the hex signature as the client sent it.
	Signature string
	// SecurityToken is X-Amz-Security-Token (header or query), "" if none.
	SecurityToken string
	// Presigned is true for query-string authentication.
	Presigned bool
	// Expires is the presigned X-Amz-Expires lifetime, 0 if absent.
	Expires time.Duration

	signedHeaders string // the SignedHeaders string verbatim
}

// IsSigned reports whether r carries SigV4: an Authorization header whose
// scheme starts with "AWS4-" (AWS4-HMAC-SHA256, or an unsupported variant that
// Parse then rejects), or X-Amz-Algorithm in the query.
func IsSigned(r *http.Request) bool {
	if strings.HasPrefix(r.Header.Get("Authorization"), "AWS4-") {
		return true
	}
	return hasQueryAlgorithm(r)
}

func hasQueryAlgorithm(r *http.Request) bool {
	if r.URL == nil || !strings.Contains(r.URL.RawQuery, "X-Amz-Algorithm") {
		return false
	}
	_, ok := r.URL.Query()["X-Amz-Algorithm"]
	return ok
}

// Parse extracts the signature's claims from r and checks their form. Every
// failure is an *Error with AWS's code and text: IncompleteSignature for a
// malformed or incomplete signature, SignatureDoesNotMatch for a scope that
// cannot match the request date. Parse does not check the region, the
// service, the time window or the signature itself; see Verify.
func Parse(r *http.Request) (*Parsed, error) {
	auth := r.Header.Get("Authorization")
	inQuery := hasQueryAlgorithm(r)
	switch {
	case auth != "" && inQuery:
		return nil, incomplete("Only one auth mechanism allowed; only the X-Amz-Algorithm query parameter, " +
			"Signature query string parameter or the Authorization header should be specified")
	case inQuery:
		return parseQuery(r)
	case auth != "":
		return parseHeader(r, auth)
	}
	return nil, incomplete("Request is missing Authentication Token")
}

func parseHeader(r *http.Request, auth string) (*Parsed, error) {
	alg, rest, _ := strings.Cut(auth, " ")
	if alg != Algorithm {
		return nil, incomplete("Unsupported AWS 'algorithm': '%s'.", alg)
	}
	var credential, signedHeaders, signature string
	var haveCredential, haveSignedHeaders, haveSignature bool
	for part := range strings.SplitSeq(rest, ",") {
		part = strings.TrimSpace(part)
		if part == "" {
			continue
		}
		k, v, ok := strings.Cut(part, "=")
		if !ok {
			return nil, incomplete("'%s' not a valid key=value pair (missing equal-sign) in Authorization header: '%s'.", part, auth)
		}
		switch strings.TrimSpace(k) {
		case "Credential":
			credential, haveCredential = strings.TrimSpace(v), true
		case "SignedHeaders":
			signedHeaders, haveSignedHeaders = strings.TrimSpace(v), true
		case "Signature":
			signature, haveSignature = strings.TrimSpace(v), true
		}
	}
	amzDate := r.Header.Get("X-Amz-Date")
	httpDate := r.Header.Get("Date")
	var missing strings.Builder
	if !haveCredential {
		missing.WriteString("Authorization header requires 'Credential' parameter. ")
	}
	if !haveSignature {
		missing.WriteString("Authorization header requires 'Signature' parameter. ")
	}
	if !haveSignedHeaders {
		missing.WriteString("Authorization header requires 'SignedHeaders' parameter. ")
	}
	if amzDate == "" && httpDate == "" {
		missing.WriteString("Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header. ")
	}
	if missing.Len() > 0 {
		return nil, incomplete("%sAuthorization=%s", missing.String(), auth)
	}

	p := &Parsed{Signature: signature}
	var t time.Time
	var err error
	if amzDate != "" {
		t, err = parseTime(amzDate)
	} else {
		t, err = parseHTTPDate(httpDate)
	}
	if err != nil {
		return nil, err
	}
	if err := p.setScope(credential, t); err != nil {
		return nil, err
	}
	if err := p.setSignedHeaders(signedHeaders); err != nil {
		return nil, err
	}
	p.SecurityToken = r.Header.Get("X-Amz-Security-Token")
	if p.SecurityToken == "" && r.URL != nil && strings.Contains(r.URL.RawQuery, "X-Amz-Security-Token") {
		p.SecurityToken = r.URL.Query().Get("X-Amz-Security-Token")
	}
	return p, nil
}

// queryParams lists the parameters query-string authentication requires, in
// the order AWS reports them missing.
var queryParams = []string{"X-Amz-Algorithm", "X-Amz-Credential", "X-Amz-Signature", "X-Amz-SignedHeaders", "X-Amz-Date"}

func parseQuery(r *http.Request) (*Parsed, error) {
	q, _ := url.ParseQuery(r.URL.RawQuery) // what parsed is kept; a broken pair cannot verify anyway
	var missing strings.Builder
	for _, name := range queryParams {
		if q.Get(name) == "" {
			missing.WriteString("AWS query-string parameters must include '" + name + "'. ")
		}
	}
	if missing.Len() > 0 {
		return nil, incomplete("%sRe-examine the query-string parameters.", missing.String())
	}
	if alg := q.Get("X-Amz-Algorithm"); alg != Algorithm {
		return nil, incomplete("X-Amz-Algorithm only supports \"%s\"", Algorithm)
	}
	p := &Parsed{Presigned: true, Signature: q.Get("X-Amz-Signature"), SecurityToken: q.Get("X-Amz-Security-Token")}
	if v, ok := q["X-Amz-Expires"]; ok {
		secs, err := strconv.ParseInt(v[0], 10, 64)
		switch {
		case err != nil:
			return nil, incomplete("X-Amz-Expires should be a number")
		case secs < 0:
			return nil, incomplete("X-Amz-Expires must be non-negative")
		case time.Duration(secs)*time.Second > maxExpires:
			return nil, incomplete("X-Amz-Expires must be less than a week (in seconds) that is, "+
				"the given X-Amz-Expires must be less than %d seconds", int64(maxExpires/time.Second))
		}
		p.Expires = time.Duration(secs) * time.Second
	}
	t, err := parseTime(q.Get("X-Amz-Date"))
	if err != nil {
		return nil, err
	}
	if err := p.setScope(q.Get("X-Amz-Credential"), t); err != nil {
		return nil, err
	}
	if err := p.setSignedHeaders(q.Get("X-Amz-SignedHeaders")); err != nil {
		return nil, err
	}
	return p, nil
}

// setScope splits the credential, checks its terminator and that its date is
// the request's date.
func (p *Parsed) setScope(credential string, t time.Time) error {
	var parts [5]string
	n := 0
	for rest := credential; ; n++ {
		part, after, ok := strings.Cut(rest, "/")
		if n < len(parts) {
			parts[n] = part
		}
		if !ok {
			n++
			break
		}
		rest = after
	}
	if n != len(parts) {
		return incomplete("Credential must have exactly 5 slash-delimited elements, e.g. keyid/date/region/service/term, got '%s'", credential)
	}
	if parts[4] != terminator {
		return mismatch("Credential should be scoped with a valid terminator: '%s', not '%s'. ", terminator, parts[4])
	}
	p.AccessKeyID, p.Date, p.Region, p.Service = parts[0], parts[1], parts[2], parts[3]
	p.Time = t
	var day [len(dateFormat)]byte
	if string(t.AppendFormat(day[:0], dateFormat)) != p.Date {
		return mismatch("Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '%s' != '%s', from '%s'.",
			p.Date, t.Format(dateFormat), t.Format(timeFormat))
	}
	return nil
}

// setSignedHeaders splits the list and requires host among it.
func (p *Parsed) setSignedHeaders(list string) error {
	p.signedHeaders = list
	p.SignedHeaders = strings.Split(list, ";")
	for _, h := range p.SignedHeaders {
		if strings.EqualFold(h, "host") || h == ":authority" {
			return nil
		}
	}
	return incomplete("'Host' or ':authority' must be a 'SignedHeader' in the AWS Authorization.")
}

// parseTime parses ISO 8601 basic format, as X-Amz-Date carries it.
func parseTime(v string) (time.Time, error) {
	if len(v) == len(timeFormat) {
		if t, err := time.Parse(timeFormat, v); err == nil {
			return t, nil
		}
	}
	return time.Time{}, incomplete("Date must be in ISO-8601 'basic format'. Got '%s'. See http://en.wikipedia.org/wiki/ISO_8601", v)
}

// parseHTTPDate parses the Date header: ISO 8601 basic format or any HTTP date.
func parseHTTPDate(v string) (time.Time, error) {
	if t, err := parseTime(v); err == nil {
		return t, nil
	}
	if t, err := http.ParseTime(v); err == nil {
		return t.UTC(), nil
	}
	return parseTime(v)
}
