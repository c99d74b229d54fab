package sigv4

import (
	"crypto/hmac"
	"crypto/sha256"
	"errors"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"
)

const (
	testAKID   = "AKIAIOSFODNN7EXAMPLE"
	testSecret = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"
	stsBody    = "Action=AssumeRole&Version=2011-06-15&RoleArn=arn%3Aaws%3Aiam%3A%3A123456789012%3Arole%2FUpdateAPP&RoleSessionName=s"
)

var testTime = time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)

// stsRequest returns a signed STS query-protocol POST, as botocore sends it.
func stsRequest(t testing.TB, token string) (*http.Request, []byte) {
	t.Helper()
	body := []byte(stsBody)
	r := httptest.NewRequest(http.MethodPost, "http://127.0.0.1:8080/", strings.NewReader(stsBody))
	r.Header.Set("Content-Type", "application/x-www-form-urlencoded; charset=utf-8")
	r.Header.Set("User-Agent", "aws-cli/2.0")
	if err := Sign(r, body, testAKID, testSecret, token, "us-east-1", "sts", testTime); err != nil {
		t.Fatal(err)
	}
	return r, body
}

func verify(r *http.Request, secret string, body []byte, now time.Time) error {
	p, err := Parse(r)
	if err != nil {
		return err
	}
	return Verify(r, p, secret, body, now)
}

func wantCode(t *testing.T, err error, code, message string) {
	t.Helper()
	var e *Error
	if !errors.As(err, &e) {
		t.Fatalf("err = %v, want *Error %s", err, code)
	}
	if e.Code != code || message != "" && e.Message != message {
		t.Errorf("err\n got %s: %q\nwant %s: %q", e.Code, e.Message, code, message)
	}
}

func TestRoundTrip(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		method  string
		url     string
		body    string
		headers map[string]string
		token   string
		region  string
		service string
	}{
		{name: "sts post", method: "POST", url: "http://127.0.0.1:8080/", body: stsBody,
			headers: map[string]string{"Content-Type": "application/x-www-form-urlencoded; charset=utf-8"}, service: "sts"},
		{name: "session token", method: "POST", url: "http://localhost:8080/", body: "Action=GetCallerIdentity&Version=2011-06-15",
			token: "FwoGZXIvYXdzE+/long//token==", service: "sts"},
		{name: "iam get query", method: "GET", url: "http://localhost:8080/?Action=ListRoles&Version=2010-05-08&PathPrefix=%2Fa%20b%2F",
			service: "iam"},
		{name: "plus in query", method: "GET", url: "http://localhost/?a=b+c&d=e%2Bf", service: "iam"},
		{name: "other region", method: "POST", url: "https://sts.eu-west-1.amazonaws.com/", body: "x=1", region: "eu-west-1", service: "sts"},
		{name: "json body", method: "POST", url: "http://h:1/", body: `{"a":1}`,
			headers: map[string]string{"Content-Type": "application/x-amz-json-1.1", "X-Amz-Target": "AWSOrganizationsV20161128.DescribeOrganization"},
			service: "organizations"},
		{name: "path segments", method: "GET", url: "http://h/a%20b/c~d/%E1%88%B4/", service: "execute-api"},
		{name: "s3 path", method: "PUT", url: "http://h/bucket/a%20b/c+d", body: "data", service: "s3"},
		{name: "empty path", method: "GET", url: "http://h", service: "sts"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			region := tt.region
			if region == "" {
				region = "us-east-1"
			}
			r := httptest.NewRequest(tt.method, tt.url, strings.NewReader(tt.body))
			for k, v := range tt.headers {
				r.Header.Set(k, v)
			}
			if err := Sign(r, []byte(tt.body), testAKID, testSecret, tt.token, region, tt.service, testTime); err != nil {
				t.Fatal(err)
			}
			p, err := Parse(r)
			if err != nil {
				t.Fatalf("Parse: %v", err)
			}
			if p.SecurityToken != tt.token || p.Service != tt.service || p.Region != region || p.AccessKeyID != testAKID {
				t.Errorf("Parse = %+v", p)
			}
			if err := Verify(r, p, testSecret, []byte(tt.body), testTime); err != nil {
				t.Errorf("Verify: %v", err)
			}
		})
	}
}

func TestVerifyTampered(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		tamper func(r *http.Request, body *[]byte, secret *string)
	}{
		{"secret", func(_ *http.Request, _ *[]byte, s *string) { *s = strings.ToLower(*s) }},
		{"method", func(r *http.Request, _ *[]byte, _ *string) { r.Method = http.MethodPut }},
		{"path", func(r *http.Request, _ *[]byte, _ *string) { r.URL.Path = "/x" }},
		{"query added", func(r *http.Request, _ *[]byte, _ *string) { r.URL.RawQuery = "Action=DeleteRole" }},
		{"body", func(_ *http.Request, b *[]byte, _ *string) {
			*b = []byte(strings.Replace(string(*b), "UpdateAPP", "Admin", 1))
		}},
		{"empty body", func(_ *http.Request, b *[]byte, _ *string) { *b = nil }},
		{"host", func(r *http.Request, _ *[]byte, _ *string) { r.Host = "127.0.0.1:8081" }},
		{"content type", func(r *http.Request, _ *[]byte, _ *string) { r.Header.Set("Content-Type", "text/plain") }},
		{"date same day", func(r *http.Request, _ *[]byte, _ *string) { r.Header.Set("X-Amz-Date", "20260102T030406Z") }},
		{"token", func(r *http.Request, _ *[]byte, _ *string) { r.Header.Set("X-Amz-Security-Token", "other") }},
		{"signature", func(r *http.Request, _ *[]byte, _ *string) {
			a := r.Header.Get("Authorization")
			last := a[len(a)-1]
			r.Header.Set("Authorization", a[:len(a)-1]+map[bool]string{true: "0", false: "1"}[last != '0'])
		}},
		{"signature short", func(r *http.Request, _ *[]byte, _ *string) {
			a := r.Header.Get("Authorization")
			r.Header.Set("Authorization", a[:len(a)-2])
		}},
		{"signature upper case", func(r *http.Request, _ *[]byte, _ *string) {
			a := r.Header.Get("Authorization")
			i := strings.Index(a, "Signature=") + len("Signature=")
			r.Header.Set("Authorization", a[:i]+strings.ToUpper(a[i:]))
		}},
		{"scope region", func(r *http.Request, _ *[]byte, _ *string) {
			r.Header.Set("Authorization", strings.Replace(r.Header.Get("Authorization"), "/us-east-1/", "/us-west-2/", 1))
		}},
		{"scope service", func(r *http.Request, _ *[]byte, _ *string) {
			r.Header.Set("Authorization", strings.Replace(r.Header.Get("Authorization"), "/sts/", "/iam/", 1))
		}},
		{"signed headers reduced", func(r *http.Request, _ *[]byte, _ *string) {
			r.Header.Set("Authorization", strings.Replace(r.Header.Get("Authorization"), "content-type;", "", 1))
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			r, body := stsRequest(t, "token")
			secret := testSecret
			if err := verify(r, secret, body, testTime); err != nil {
				t.Fatalf("untampered: %v", err)
			}
			tt.tamper(r, &body, &secret)
			wantCode(t, verify(r, secret, body, testTime), CodeSignatureDoesNotMatch, errSignatureDoesNotMatch)
		})
	}
}

func TestVerifyUnsignedHeadersIgnored(t *testing.T) {
	t.Parallel()
	r, body := stsRequest(t, "")
	r.Header.Set("User-Agent", "something else")
	r.Header.Set("X-Forwarded-For", "10.0.0.1")
	if err := verify(r, testSecret, body, testTime); err != nil {
		t.Errorf("Verify: %v", err)
	}
}

func TestVerifyClockSkew(t *testing.T) {
	t.Parallel()
	r, body := stsRequest(t, "")
	tests := []struct {
		name    string
		now     time.Time
		code    string
		message string
	}{
		{name: "same time", now: testTime},
		{name: "exactly 15 min later", now: testTime.Add(15 * time.Minute)},
		{name: "exactly 15 min later with fraction", now: testTime.Add(15*time.Minute + 999*time.Millisecond)},
		{name: "exactly 15 min earlier", now: testTime.Add(-15 * time.Minute)},
		{name: "15 min 1 s later", now: testTime.Add(15*time.Minute + time.Second), code: CodeSignatureDoesNotMatch,
			message: "Signature expired: 20260102T030405Z is now earlier than 20260102T030406Z (20260102T031906Z - 15 min.)"},
		{name: "15 min 1 s earlier", now: testTime.Add(-15*time.Minute - time.Second), code: CodeSignatureDoesNotMatch,
			message: "Signature not yet current: 20260102T030405Z is still later than 20260102T030404Z (20260102T024904Z + 15 min.)"},
		{name: "a day later", now: testTime.Add(24 * time.Hour), code: CodeSignatureDoesNotMatch,
			message: "Signature expired: 20260102T030405Z is now earlier than 20260103T024905Z (20260103T030405Z - 15 min.)"},
		{name: "other zone", now: testTime.In(time.FixedZone("X", 5*3600))},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			err := verify(r, testSecret, body, tt.now)
			if tt.code == "" {
				if err != nil {
					t.Errorf("Verify: %v", err)
				}
				return
			}
			wantCode(t, err, tt.code, tt.message)
		})
	}
}

// TestSignatureExpiredAWSExample reproduces the message AWS's STS returned.
func TestSignatureExpiredAWSExample(t *testing.T) {
	t.Parallel()
	p := &Parsed{Time: time.Date(2016, 6, 9, 18, 45, 12, 0, time.UTC)}
	err := p.CheckTime(time.Date(2016, 6, 10, 1, 45, 8, 0, time.UTC))
	wantCode(t, err, CodeSignatureDoesNotMatch,
		"Signature expired: 20160609T184512Z is now earlier than 20160610T013008Z (20160610T014508Z - 15 min.)")
}

func TestVerifyRegion(t *testing.T) {
	t.Parallel()
	tests := []struct {
		region string
		valid  bool
	}{
		{"us-east-1", true}, {"eu-central-1", true}, {"ap-southeast-2", true}, {"us-gov-west-1", true},
		{"cn-north-1", true}, {"us-isob-east-1", true}, {"eu-isoe-west-1", true}, {"mx-central-1", true},
		{"x", false}, {"", false}, {"aws-global", false}, {"us-east", false}, {"US-EAST-1", false},
		{"us-east-123", false}, {"us--east-1", false}, {"us-east-1-", false}, {"u-east-1", false}, {"us-east-1a", false},
	}
	for _, tt := range tests {
		t.Run(tt.region, func(t *testing.T) {
			t.Parallel()
			if got := ValidRegion(tt.region); got != tt.valid {
				t.Fatalf("ValidRegion(%q) = %v", tt.region, got)
			}
			r := httptest.NewRequest(http.MethodPost, "http://localhost:8080/", strings.NewReader(stsBody))
			if err := Sign(r, []byte(stsBody), testAKID, testSecret, "", tt.region, "sts", testTime); err != nil {
				t.Fatal(err)
			}
			err := verify(r, testSecret, []byte(stsBody), testTime)
			if tt.valid {
				if err != nil {
					t.Errorf("Verify: %v", err)
				}
				return
			}
			if tt.region == "" {
				wantCode(t, err, CodeSignatureDoesNotMatch, "Credential should be scoped to a valid region, not ''. ")
				return
			}
			wantCode(t, err, CodeSignatureDoesNotMatch, "Credential should be scoped to a valid region, not '"+tt.region+"'. ")
		})
	}
}

func TestPresign(t *testing.T) {
	t.Parallel()
	base := httptest.NewRequest(http.MethodGet, "http://127.0.0.1:8080/?Action=GetCallerIdentity&Version=2011-06-15", nil)
	signed, err := Presign(base, testAKID, testSecret, "tok/en+=", "us-east-1", "sts", testTime, 15*time.Minute)
	if err != nil {
		t.Fatal(err)
	}
	if base.URL.RawQuery != "Action=GetCallerIdentity&Version=2011-06-15" {
		t.Fatalf("Presign changed the request: %s", base.URL)
	}
	request := func() *http.Request { return httptest.NewRequest(http.MethodGet, signed, nil) }
	tests := []struct {
		name    string
		r       func() *http.Request
		now     time.Time
		code    string
		message string
	}{
		{name: "now", r: request, now: testTime},
		{name: "at expiry", r: request, now: testTime.Add(15 * time.Minute)},
		{name: "an hour early", r: request, now: testTime.Add(-time.Hour), code: CodeSignatureDoesNotMatch,
			message: "Signature not yet current: 20260102T030405Z is still later than 20260102T021905Z (20260102T020405Z + 15 min.)"},
		{name: "after expiry", r: request, now: testTime.Add(15*time.Minute + time.Second), code: CodeAccessDenied,
			message: "Request has expired"},
		{name: "other action", r: func() *http.Request {
			return httptest.NewRequest(http.MethodGet, strings.Replace(signed, "GetCallerIdentity", "GetSessionToken", 1), nil)
		}, now: testTime, code: CodeSignatureDoesNotMatch, message: errSignatureDoesNotMatch},
		{name: "longer expiry", r: func() *http.Request {
			return httptest.NewRequest(http.MethodGet, strings.Replace(signed, "X-Amz-Expires=900", "X-Amz-Expires=901", 1), nil)
		}, now: testTime, code: CodeSignatureDoesNotMatch, message: errSignatureDoesNotMatch},
		{name: "post", r: func() *http.Request { return httptest.NewRequest(http.MethodPost, signed, nil) },
			now: testTime, code: CodeSignatureDoesNotMatch, message: errSignatureDoesNotMatch},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			r := tt.r()
			p, err := Parse(r)
			if err != nil {
				t.Fatalf("Parse: %v", err)
			}
			if !p.Presigned || p.SecurityToken != "tok/en+=" || tt.name == "now" && p.Expires != 15*time.Minute {
				t.Errorf("Parse = %+v", p)
			}
			err = Verify(r, p, testSecret, nil, tt.now)
			if tt.code == "" {
				if err != nil {
					t.Errorf("Verify: %v", err)
				}
				return
			}
			wantCode(t, err, tt.code, tt.message)
		})
	}
}

func TestPresignErrors(t *testing.T) {
	t.Parallel()
	r := httptest.NewRequest(http.MethodGet, "http://h/", nil)
	for _, d := range []time.Duration{0, time.Millisecond, 7*24*time.Hour + time.Second} {
		if _, err := Presign(r, testAKID, testSecret, "", "us-east-1", "sts", testTime, d); err == nil {
			t.Errorf("Presign(%v) succeeded", d)
		}
	}
	if err := Sign(&http.Request{URL: &url.URL{Path: "/"}}, nil, testAKID, testSecret, "", "us-east-1", "sts", testTime); err == nil {
		t.Error("Sign without host succeeded")
	}
}

// TestPresignedPayloadHash checks the payload hashes presigned clients use:
// the empty body's hash (the SDK for Go) and UNSIGNED-PAYLOAD (botocore).
func TestPresignedPayloadHash(t *testing.T) {
	t.Parallel()
	for _, payload := range []string{hashHex(nil), UnsignedPayload} {
		t.Run(payload, func(t *testing.T) {
			t.Parallel()
			date := testTime.Format(dateFormat)
			scope := date + "/us-east-1/sts/aws4_request"
			q := "Action=GetCallerIdentity&Version=2011-06-15&X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=" +
				escape(testAKID+"/"+scope) + "&X-Amz-Date=" + testTime.Format(timeFormat) + "&X-Amz-Expires=60&X-Amz-SignedHeaders=host"
			r := httptest.NewRequest(http.MethodGet, "http://sts.amazonaws.com/?"+q, nil)
			sig := signature(r, "sts", canonicalQuery(q, true), []string{"host"}, "host", payload, testTime, scope,
				SigningKey(testSecret, date, "us-east-1", "sts"))
			r = httptest.NewRequest(http.MethodGet, "http://sts.amazonaws.com/?"+q+"&X-Amz-Signature="+sig, nil)
			if err := verify(r, testSecret, nil, testTime); err != nil {
				t.Errorf("Verify: %v", err)
			}
		})
	}
}

func TestVerifyContentSHA256(t *testing.T) {
	t.Parallel()
	body := []byte("payload")
	tests := []struct {
		name   string
		header string
		body   []byte
		code   string
	}{
		{name: "matching hash", header: hashHex(body), body: body},
		{name: "unsigned payload", header: UnsignedPayload, body: []byte("anything")},
		{name: "body unknown", header: hashHex(body), body: nil},
		{name: "mismatch", header: hashHex(body), body: []byte("other"), code: "XAmzContentSHA256Mismatch"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			r := httptest.NewRequest(http.MethodPut, "http://h/b/k", nil)
			r.Header.Set("X-Amz-Content-Sha256", tt.header)
			if err := Sign(r, body, testAKID, testSecret, "", "us-east-1", "s3", testTime); err != nil {
				t.Fatal(err)
			}
			err := verify(r, testSecret, tt.body, testTime)
			if tt.code == "" {
				if err != nil {
					t.Errorf("Verify: %v", err)
				}
				return
			}
			wantCode(t, err, tt.code, "")
		})
	}
}

// TestHeaderFolding checks that repeated headers join with "," and that
// whitespace inside values collapses, so equivalent wire forms verify.
func TestHeaderFolding(t *testing.T) {
	t.Parallel()
	r := httptest.NewRequest(http.MethodGet, "http://h/", nil)
	r.Header.Set("X-Amz-Meta-A", "one,two,three")
	r.Header.Set("X-Amz-Meta-B", "a b c")
	if err := Sign(r, nil, testAKID, testSecret, "", "us-east-1", "sts", testTime); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name  string
		a, b  []string
		valid bool
	}{
		{"as signed", []string{"one,two,three"}, []string{"a b c"}, true},
		{"repeated header", []string{"one", "two", "three"}, []string{"a b c"}, true},
		{"padded and repeated", []string{"  one ", "two\t", "three"}, []string{"\ta   b \t c  "}, true},
		{"reordered", []string{"two", "one", "three"}, []string{"a b c"}, false},
		{"inner whitespace removed", []string{"one,two,three"}, []string{"abc"}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			c := r.Clone(r.Context())
			c.Header["X-Amz-Meta-A"] = tt.a
			c.Header["X-Amz-Meta-B"] = tt.b
			err := verify(c, testSecret, nil, testTime)
			if tt.valid && err != nil {
				t.Errorf("Verify: %v", err)
			}
			if !tt.valid {
				wantCode(t, err, CodeSignatureDoesNotMatch, errSignatureDoesNotMatch)
			}
		})
	}
}

// TestGoSDKSignedHeaders checks the header set the AWS SDK for Go v2 signs,
// with Content-Length from the header map (server side) or from the request
// (client side).
func TestGoSDKSignedHeaders(t *testing.T) {
	t.Parallel()
	body := []byte("Action=GetCallerIdentity&Version=2011-06-15")
	r := httptest.NewRequest(http.MethodPost, "http://localhost:8080/", nil)
	r.ContentLength = int64(len(body))
	r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	r.Header.Set("Amz-Sdk-Invocation-Id", "5e2ad5a3-0e3f-4a48-9f6a-0c2a1a1d7c3e")
	r.Header.Set("Amz-Sdk-Request", "attempt=1; max=3")
	r.Header.Set("X-Amz-Date", testTime.Format(timeFormat))
	list := []string{"amz-sdk-invocation-id", "amz-sdk-request", "content-length", "content-type", "host", "x-amz-date"}
	date := testTime.Format(dateFormat)
	scope := date + "/us-east-1/sts/aws4_request"
	sig := signature(r, "sts", "", list, strings.Join(list, ";"), hashHex(body), testTime, scope,
		SigningKey(testSecret, date, "us-east-1", "sts"))
	r.Header.Set("Authorization", "AWS4-HMAC-SHA256 Credential="+testAKID+"/"+scope+", SignedHeaders="+strings.Join(list, ";")+", Signature="+sig)
	if err := verify(r, testSecret, body, testTime); err != nil {
		t.Errorf("client-side request: %v", err)
	}
	r.Header.Set("Content-Length", "43")
	r.ContentLength = -1
	if err := verify(r, testSecret, body, testTime); err != nil {
		t.Errorf("server-side request: %v", err)
	}
}

func TestVerifyWithKey(t *testing.T) {
	t.Parallel()
	r, body := stsRequest(t, "")
	p, err := Parse(r)
	if err != nil {
		t.Fatal(err)
	}
	if err := VerifyWithKey(r, p, SigningKey(testSecret, p.Date, p.Region, p.Service), body, testTime); err != nil {
		t.Errorf("VerifyWithKey: %v", err)
	}
	wrong := SigningKey(testSecret, p.Date, "us-west-2", p.Service)
	wantCode(t, VerifyWithKey(r, p, wrong, body, testTime), CodeSignatureDoesNotMatch, errSignatureDoesNotMatch)
}

func TestNormalizePath(t *testing.T) {
	t.Parallel()
	tests := []struct{ in, want string }{
		{"/", "/"}, {"//", "/"}, {"//example//", "/example/"}, {"/example/..", "/"},
		{"/example1/example2/../..", "/"}, {"/./", "/"}, {"/./example", "/example"},
		{"/a/./b/../c", "/a/c"}, {"/..", "/"}, {"", "/"},
	}
	for _, tt := range tests {
		if got := normalizePath(tt.in); got != tt.want {
			t.Errorf("normalizePath(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// TestCanonicalURIs checks the path forms of the suite's normalize-path
// cases and of S3, and that the SDK for Go's unnormalized form verifies.
func TestCanonicalURIs(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, service, url string
		want               []string
	}{
		{"slashes", "service", "http://h//example//", []string{"/example/", "//example//"}},
		{"relative", "service", "http://h/example/..", []string{"/", "/example/.."}},
		{"space", "service", "http://h/example%20space/", []string{"/example%2520space/"}},
		{"s3 space", "s3", "http://h/example%20space/", []string{"/example%20space/"}},
		{"s3 slashes", "s3", "http://h//a//b", []string{"//a//b"}},
		{"s3 plus", "s3", "http://h/a+b", []string{"/a%2Bb"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			r := httptest.NewRequest(http.MethodGet, tt.url, nil)
			got := canonicalURIs(r, tt.service)
			if strings.Join(got, " ") != strings.Join(tt.want, " ") {
				t.Errorf("canonicalURIs = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestUnnormalizedPathVerifies(t *testing.T) {
	t.Parallel()
	r := httptest.NewRequest(http.MethodGet, "http://h//a/../b", nil)
	date := testTime.Format(dateFormat)
	scope := date + "/us-east-1/service/aws4_request"
	r.Header.Set("X-Amz-Date", testTime.Format(timeFormat))
	for _, uri := range []string{"/b", "//a/../b"} {
		creq := canonicalRequest(nil, r, uri, "", []string{"host", "x-amz-date"}, "host;x-amz-date", hashHex(nil))
		sig := signatureOf(creq, testTime, scope, SigningKey(testSecret, date, "us-east-1", "service"))
		r.Header.Set("Authorization", "AWS4-HMAC-SHA256 Credential="+testAKID+"/"+scope+", SignedHeaders=host;x-amz-date, Signature="+sig)
		if err := verify(r, testSecret, nil, testTime); err != nil {
			t.Errorf("%s: %v", uri, err)
		}
	}
}

func TestCanonicalQuery(t *testing.T) {
	t.Parallel()
	tests := []struct{ in, want string }{
		{"", ""},
		{"b=2&a=1", "a=1&b=2"},
		{"a=2&a=1", "a=1&a=2"},
		{"a", "a="},
		{"a+b=c+d", "a%20b=c%20d"},
		{"a=%7e%2f", "a=~%2F"},
		{"&&a=1&", "a=1"},
		{"a=%zz", "a=%25zz"},
		{"X-Amz-Signature=ab&A=1", "A=1&X-Amz-Signature=ab"},
	}
	for _, tt := range tests {
		if got := canonicalQuery(tt.in, false); got != tt.want {
			t.Errorf("canonicalQuery(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
	if got := canonicalQuery("X-Amz-Signature=ab&A=1", true); got != "A=1" {
		t.Errorf("presigned canonicalQuery = %q, want A=1", got)
	}
}

func TestHMACSHA256(t *testing.T) {
	t.Parallel()
	long := strings.Repeat("k", 100)
	for _, tc := range []struct{ key, msg string }{
		{"", ""}, {"key", "The quick brown fox jumps over the lazy dog"}, {long, "m"},
		{strings.Repeat("k", 64), strings.Repeat("m", 1000)},
	} {
		m := hmac.New(sha256.New, []byte(tc.key))
		m.Write([]byte(tc.msg))
		got := hmacSHA256([]byte(tc.key), []byte(tc.msg))
		if !hmac.Equal(got[:], m.Sum(nil)) {
			t.Errorf("hmacSHA256(%d-byte key, %d-byte msg) differs from crypto/hmac", len(tc.key), len(tc.msg))
		}
	}
}
