package sigv4

import (
	"errors"
	"net/http"
	"net/url"
	"testing"
)

// FuzzParse checks that Parse and Verify never panic on any Authorization
// header, and that every failure is an *Error.
func FuzzParse(f *testing.F) {
	for _, c := range loadSuite(f) {
		f.Add(c.Authorization, "20150830T123600Z")
	}
	for _, s := range []string{
		"", "AWS4-HMAC-SHA256", "AWS4-HMAC-SHA256 ", "AWS4-HMAC-SHA256 ,,,", "AWS4-HMAC-SHA256 Credential=",
		"AWS4-HMAC-SHA256 Credential=////, SignedHeaders=;, Signature=",
		"AWS4-HMAC-SHA256 Credential=a/b/c/d/aws4_request,SignedHeaders=host,Signature=zz",
		"AWS4-HMAC-SHA256 Credential=a/20150830/us-east-1/sts/aws4_request, SignedHeaders=HOST;X-Amz-Date, Signature=" +
			"5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31",
		"AWS4-ECDSA-P256-SHA256 Credential=x", "AWS4-HMAC-SHA256 =", "AWS4-HMAC-SHA256 Credential==a=b",
	} {
		f.Add(s, "20150830T123600Z")
		f.Add(s, "Sun, 30 Aug 2015 12:36:00 GMT")
	}
	f.Fuzz(func(t *testing.T, auth, date string) {
		r := &http.Request{Method: "GET", URL: &url.URL{Path: "/"}, Host: "example.amazonaws.com", Header: http.Header{}}
		r.Header.Set("Authorization", auth)
		r.Header.Set("X-Amz-Date", date)
		checkParseVerify(t, r)
	})
}

// FuzzParseQuery does the same for query-string authentication and for the
// path and query canonicalization.
func FuzzParseQuery(f *testing.F) {
	f.Add("/", "X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKIDEXAMPLE%2F20150830%2Fus-east-1%2Fservice%2Faws4_request"+
		"&X-Amz-Date=20150830T123600Z&X-Amz-Expires=60&X-Amz-SignedHeaders=host&X-Amz-Signature=00")
	f.Add("//a/../%zz", "X-Amz-Algorithm=&X-Amz-Expires=99999999999999999999")
	f.Add("/a b", "X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=a/b&X-Amz-Date=x")
	f.Add("/", "X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=a%2F20150830%2Fx%2Fy%2Faws4_request&X-Amz-Date=20150830T123600Z"+
		"&X-Amz-SignedHeaders=host;content-length&X-Amz-Signature=%00%ff&X-Amz-Security-Token=%zz&a+b=%20")
	f.Fuzz(func(t *testing.T, path, rawQuery string) {
		u := &url.URL{Path: path, RawQuery: rawQuery}
		r := &http.Request{Method: "GET", URL: u, Host: "h", Header: http.Header{}}
		checkParseVerify(t, r)
	})
}

func checkParseVerify(t *testing.T, r *http.Request) {
	p, err := Parse(r)
	if err != nil {
		var e *Error
		if !errors.As(err, &e) || e.Code == "" || e.Status == 0 {
			t.Fatalf("Parse error %v is not a complete *Error", err)
		}
		return
	}
	err = Verify(r, p, "secret", nil, p.Time)
	if err == nil {
		t.Fatalf("Verify accepted %+v", p)
	}
	var e *Error
	if !errors.As(err, &e) {
		t.Fatalf("Verify error %v is not an *Error", err)
	}
}
