package sigv4

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// BenchmarkVerify measures Parse and VerifyWithKey of a botocore-style STS
// AssumeRole request with a session token and a cached signing key.
// Target: ≤ 5 µs/op.
func BenchmarkVerify(b *testing.B) {
	r, body := stsRequest(b, "FwoGZXIvYXdzEJr//////////wEaDHFLm3uWzQ+session+token")
	p, err := Parse(r)
	if err != nil {
		b.Fatal(err)
	}
	key := SigningKey(testSecret, p.Date, p.Region, p.Service)
	b.ReportAllocs()
	for b.Loop() {
		p, err := Parse(r)
		if err != nil {
			b.Fatal(err)
		}
		if err := VerifyWithKey(r, p, key, body, testTime); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkVerifyUncached is BenchmarkVerify deriving the signing key each
// time, as Verify does. Target: ≤ 8 µs/op.
func BenchmarkVerifyUncached(b *testing.B) {
	r, body := stsRequest(b, "")
	b.ReportAllocs()
	for b.Loop() {
		p, err := Parse(r)
		if err != nil {
			b.Fatal(err)
		}
		if err := Verify(r, p, testSecret, body, testTime); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkSign measures signing a query-protocol POST, as the load generator
// does, request construction included. Target: ≤ 15 µs/op.
func BenchmarkSign(b *testing.B) {
	body := []byte(stsBody)
	b.ReportAllocs()
	for b.Loop() {
		r := httptest.NewRequest(http.MethodPost, "http://127.0.0.1:8080/", strings.NewReader(stsBody))
		r.Header.Set("Content-Type", "application/x-www-form-urlencoded; charset=utf-8")
		if err := Sign(r, body, testAKID, testSecret, "", "us-east-1", "sts", testTime); err != nil {
			b.Fatal(err)
		}
	}
}
