package sigv4

import (
	"errors"
	"net/http"
	"net/http/httptest"
	"slices"
	"testing"
	"time"
)

const goodAuth = "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, " +
	"SignedHeaders=host;x-amz-date, Signature=5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31"

func headerRequest(auth string, headers ...string) *http.Request {
	r := httptest.NewRequest(http.MethodGet, "http://example.amazonaws.com/", nil)
	if auth != "" {
		r.Header.Set("Authorization", auth)
	}
	for i := 0; i+1 < len(headers); i += 2 {
		r.Header.Add(headers[i], headers[i+1])
	}
	return r
}

func TestIsSigned(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		r    *http.Request
		want bool
	}{
		{"header", headerRequest(goodAuth), true},
		{"sigv4a header", headerRequest("AWS4-ECDSA-P256-SHA256 Credential=x"), true},
		{"basic auth", headerRequest("Basic dXNlcjpwYXNz"), false},
		{"sigv2 header", headerRequest("AWS AKIDEXAMPLE:c2lnbmF0dXJl"), false},
		{"none", headerRequest(""), false},
		{"query", httptest.NewRequest(http.MethodGet, "/?X-Amz-Algorithm=AWS4-HMAC-SHA256", nil), true},
		{"query other param", httptest.NewRequest(http.MethodGet, "/?X-Amz-Algorithmic=1", nil), false},
		{"console form", httptest.NewRequest(http.MethodGet, "/switchrole?account=1", nil), false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if got := IsSigned(tt.r); got != tt.want {
				t.Errorf("IsSigned = %v, want %v", got, tt.want)
			}
		})
	}
}

func TestParseHeader(t *testing.T) {
	t.Parallel()
	r := headerRequest(goodAuth, "X-Amz-Date", "20150830T123600Z", "X-Amz-Security-Token", "tok")
	p, err := Parse(r)
	if err != nil {
		t.Fatal(err)
	}
	want := Parsed{
		AccessKeyID: "AKIDEXAMPLE", Date: "20150830", Region: "us-east-1", Service: "service",
		Time: suiteTime, SignedHeaders: []string{"host", "x-amz-date"},
		Signature: "5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31", SecurityToken: "tok",
	}
	if p.AccessKeyID != want.AccessKeyID || p.Date != want.Date || p.Region != want.Region || p.Service != want.Service ||
		!p.Time.Equal(want.Time) || !slices.Equal(p.SignedHeaders, want.SignedHeaders) || p.Signature != want.Signature ||
		p.SecurityToken != want.SecurityToken || p.Presigned || p.Expires != 0 {
		t.Errorf("Parse =\n %+v\nwant\n %+v", *p, want)
	}
}

func TestParseDateHeader(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, date string
	}{
		{"rfc1123", "Sun, 30 Aug 2015 12:36:00 GMT"},
		{"iso basic", "20150830T123600Z"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			p, err := Parse(headerRequest(goodAuth, "Date", tt.date))
			if err != nil {
				t.Fatal(err)
			}
			if !p.Time.Equal(suiteTime) {
				t.Errorf("Time = %v, want %v", p.Time, suiteTime)
			}
		})
	}
}

func TestParseErrors(t *testing.T) {
	t.Parallel()
	const date = "20150830T123600Z"
	tests := []struct {
		name    string
		r       *http.Request
		code    string
		message string
	}{
		{
			name: "all missing",
			r:    headerRequest("AWS4-HMAC-SHA256 foo=bar"),
			code: CodeIncompleteSignature,
			message: "Authorization header requires 'Credential' parameter. Authorization header requires 'Signature' parameter. " +
				"Authorization header requires 'SignedHeaders' parameter. Authorization header requires existence of either a " +
				"'X-Amz-Date' or a 'Date' header. Authorization=AWS4-HMAC-SHA256 foo=bar",
		},
		{
			name:    "no date",
			r:       headerRequest(goodAuth),
			code:    CodeIncompleteSignature,
			message: "Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header. Authorization=" + goodAuth,
		},
		{
			name: "missing signature",
			r: headerRequest("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, SignedHeaders=host",
				"X-Amz-Date", date),
			code: CodeIncompleteSignature,
			message: "Authorization header requires 'Signature' parameter. Authorization=AWS4-HMAC-SHA256 " +
				"Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, SignedHeaders=host",
		},
		{
			name:    "missing equal sign",
			r:       headerRequest("AWS4-HMAC-SHA256 Credential", "X-Amz-Date", date),
			code:    CodeIncompleteSignature,
			message: "'Credential' not a valid key=value pair (missing equal-sign) in Authorization header: 'AWS4-HMAC-SHA256 Credential'.",
		},
		{
			name:    "sigv4a",
			r:       headerRequest("AWS4-ECDSA-P256-SHA256 Credential=a/b/c/d/aws4_request", "X-Amz-Date", date),
			code:    CodeIncompleteSignature,
			message: "Unsupported AWS 'algorithm': 'AWS4-ECDSA-P256-SHA256'.",
		},
		{
			name:    "short credential",
			r:       headerRequest("AWS4-HMAC-SHA256 Credential=AKID/20150830, SignedHeaders=host, Signature=ab", "X-Amz-Date", date),
			code:    CodeIncompleteSignature,
			message: "Credential must have exactly 5 slash-delimited elements, e.g. keyid/date/region/service/term, got 'AKID/20150830'",
		},
		{
			name: "long credential",
			r: headerRequest("AWS4-HMAC-SHA256 Credential=AKID/20150830/us-east-1/sts/aws4_request/x, SignedHeaders=host, Signature=ab",
				"X-Amz-Date", date),
			code:    CodeIncompleteSignature,
			message: "Credential must have exactly 5 slash-delimited elements, e.g. keyid/date/region/service/term, got 'AKID/20150830/us-east-1/sts/aws4_request/x'",
		},
		{
			name: "bad terminator",
			r: headerRequest("AWS4-HMAC-SHA256 Credential=AKID/20150830/us-east-1/sts/aws5_request, SignedHeaders=host, Signature=ab",
				"X-Amz-Date", date),
			code:    CodeSignatureDoesNotMatch,
			message: "Credential should be scoped with a valid terminator: 'aws4_request', not 'aws5_request'. ",
		},
		{
			name:    "bad date",
			r:       headerRequest(goodAuth, "X-Amz-Date", "2015-08-30T12:36:00Z"),
			code:    CodeIncompleteSignature,
			message: "Date must be in ISO-8601 'basic format'. Got '2015-08-30T12:36:00Z'. See http://en.wikipedia.org/wiki/ISO_8601",
		},
		{
			name:    "bad date header",
			r:       headerRequest(goodAuth, "Date", "yesterday"),
			code:    CodeIncompleteSignature,
			message: "Date must be in ISO-8601 'basic format'. Got 'yesterday'. See http://en.wikipedia.org/wiki/ISO_8601",
		},
		{
			name: "scope date differs",
			r:    headerRequest(goodAuth, "X-Amz-Date", "20150831T000000Z"),
			code: CodeSignatureDoesNotMatch,
			message: "Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: " +
				"'20150830' != '20150831', from '20150831T000000Z'.",
		},
		{
			name: "host not signed",
			r: headerRequest("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, "+
				"SignedHeaders=x-amz-date, Signature=ab", "X-Amz-Date", date),
			code:    CodeIncompleteSignature,
			message: "'Host' or ':authority' must be a 'SignedHeader' in the AWS Authorization.",
		},
		{
			name: "header and query",
			r: func() *http.Request {
				r := httptest.NewRequest(http.MethodGet, "/?X-Amz-Algorithm=AWS4-HMAC-SHA256", nil)
				r.Header.Set("Authorization", goodAuth)
				return r
			}(),
			code: CodeIncompleteSignature,
			message: "Only one auth mechanism allowed; only the X-Amz-Algorithm query parameter, Signature query string " +
				"parameter or the Authorization header should be specified",
		},
		{
			name: "query missing",
			r:    httptest.NewRequest(http.MethodGet, "/?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Date=20150830T123600Z", nil),
			code: CodeIncompleteSignature,
			message: "AWS query-string parameters must include 'X-Amz-Credential'. AWS query-string parameters must include " +
				"'X-Amz-Signature'. AWS query-string parameters must include 'X-Amz-SignedHeaders'. Re-examine the query-string parameters.",
		},
		{
			name:    "query algorithm",
			r:       queryRequest("X-Amz-Algorithm", "AWS4-HMAC-SHA1"),
			code:    CodeIncompleteSignature,
			message: `X-Amz-Algorithm only supports "AWS4-HMAC-SHA256"`,
		},
		{
			name:    "query expires not a number",
			r:       queryRequest("X-Amz-Expires", "soon"),
			code:    CodeIncompleteSignature,
			message: "X-Amz-Expires should be a number",
		},
		{
			name:    "query expires negative",
			r:       queryRequest("X-Amz-Expires", "-1"),
			code:    CodeIncompleteSignature,
			message: "X-Amz-Expires must be non-negative",
		},
		{
			name: "query expires over a week",
			r:    queryRequest("X-Amz-Expires", "604801"),
			code: CodeIncompleteSignature,
			message: "X-Amz-Expires must be less than a week (in seconds) that is, the given X-Amz-Expires must be less " +
				"than 604800 seconds",
		},
		{
			name:    "no auth",
			r:       headerRequest(""),
			code:    CodeIncompleteSignature,
			message: "Request is missing Authentication Token",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			p, err := Parse(tt.r)
			var e *Error
			if !errors.As(err, &e) {
				t.Fatalf("Parse = %+v, %v; want *Error", p, err)
			}
			if e.Code != tt.code || e.Message != tt.message {
				t.Errorf("Parse error\n got %s: %q\nwant %s: %q", e.Code, e.Message, tt.code, tt.message)
			}
			wantStatus := map[string]int{CodeIncompleteSignature: 400, CodeSignatureDoesNotMatch: 403}[tt.code]
			if e.Status != wantStatus {
				t.Errorf("Status = %d, want %d", e.Status, wantStatus)
			}
		})
	}
}

// queryRequest returns a well-formed presigned request with one parameter
// replaced.
func queryRequest(key, value string) *http.Request {
	q := map[string]string{
		"X-Amz-Algorithm":     Algorithm,
		"X-Amz-Credential":    "AKIDEXAMPLE/20150830/us-east-1/service/aws4_request",
		"X-Amz-Date":          "20150830T123600Z",
		"X-Amz-Expires":       "60",
		"X-Amz-SignedHeaders": "host",
		"X-Amz-Signature":     "00",
	}
	q[key] = value
	raw := ""
	for _, k := range slices.Sorted(func(yield func(string) bool) {
		for k := range q {
			if !yield(k) {
				return
			}
		}
	}) {
		if raw != "" {
			raw += "&"
		}
		raw += escape(k) + "=" + escape(q[k])
	}
	return httptest.NewRequest(http.MethodGet, "http://example.amazonaws.com/?"+raw, nil)
}

func TestParseQuery(t *testing.T) {
	t.Parallel()
	p, err := Parse(queryRequest("X-Amz-Security-Token", "a+b/c="))
	if err != nil {
		t.Fatal(err)
	}
	if !p.Presigned || p.Expires != time.Minute || p.SecurityToken != "a+b/c=" || p.Service != "service" ||
		!slices.Equal(p.SignedHeaders, []string{"host"}) {
		t.Errorf("Parse = %+v", p)
	}
}

func TestErrorIs(t *testing.T) {
	t.Parallel()
	_, err := Parse(headerRequest(goodAuth))
	if !errors.Is(err, &Error{Code: CodeIncompleteSignature}) {
		t.Errorf("errors.Is(%v, IncompleteSignature) = false", err)
	}
	if errors.Is(err, &Error{Code: CodeSignatureDoesNotMatch}) {
		t.Errorf("errors.Is(%v, SignatureDoesNotMatch) = true", err)
	}
	if got, want := ScopeError("sts").Error(), "SignatureDoesNotMatch: Credential should be scoped to correct service: 'sts'. "; got != want {
		t.Errorf("ScopeError = %q, want %q", got, want)
	}
}
