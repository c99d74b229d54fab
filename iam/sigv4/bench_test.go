package sigv4

import (
	"bytes"
	"io"
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

// streamingBench measures Parse, VerifyStreaming and reading the whole
// payload of r's body, which is re-read from body on each iteration.
func streamingBench(b *testing.B, r *http.Request, body []byte, size int) {
	b.Helper()
	key := SigningKey(testSecret, testTime.Format(dateFormat), "us-east-1", "s3")
	buf := make([]byte, 32<<10)
	rd := bytes.NewReader(body)
	b.SetBytes(int64(size))
	b.ReportAllocs()
	for b.Loop() {
		rd.Reset(body)
		r.Body = io.NopCloser(rd)
		p, err := Parse(r)
		if err != nil {
			b.Fatal(err)
		}
		pl, err := VerifyStreaming(r, p, key, testTime)
		if err != nil {
			b.Fatal(err)
		}
		if n, err := io.CopyBuffer(io.Discard, pl, buf); err != nil || n != int64(size) {
			b.Fatal(n, err)
		}
	}
}

const benchSize = 8 << 20

// BenchmarkStreamingSignedChunks measures verifying an 8 MiB PutObject in
// STREAMING-AWS4-HMAC-SHA256-PAYLOAD, 64 KiB chunks, with the MD5 for the
// ETag. Target: ≥ 400 MB/s.
func BenchmarkStreamingSignedChunks(b *testing.B) {
	body := testBody(benchSize)
	r := s3Chunked(b, body, ChunkedOptions{}, nil)
	encoded, _ := io.ReadAll(r.Body)
	streamingBench(b, r, encoded, benchSize)
}

// BenchmarkStreamingSHA256 measures verifying an 8 MiB PutObject whose
// x-amz-content-sha256 is the body's hex SHA-256, with the MD5 for the ETag.
// Target: ≥ 500 MB/s.
func BenchmarkStreamingSHA256(b *testing.B) {
	body := testBody(benchSize)
	streamingBench(b, s3Put(b, body, "", nil), body, benchSize)
}

// BenchmarkStreamingUnsignedTrailer measures an 8 MiB PutObject as botocore
// sends it over TLS: STREAMING-UNSIGNED-PAYLOAD-TRAILER, 1 MiB chunks and a
// trailing CRC32, with the MD5. Target: ≥ 600 MB/s.
func BenchmarkStreamingUnsignedTrailer(b *testing.B) {
	body := testBody(benchSize)
	r := s3Chunked(b, body, ChunkedOptions{ChunkSize: 1 << 20, Unsigned: true, Checksum: "CRC32"}, nil)
	encoded, _ := io.ReadAll(r.Body)
	streamingBench(b, r, encoded, benchSize)
}

// BenchmarkCRC64NVME measures the CRC-64/NVME checksum S3 adds to objects
// uploaded without one. Target: ≥ 1 GB/s.
func BenchmarkCRC64NVME(b *testing.B) {
	data := testBody(1 << 20)
	h := newCRC64NVME()
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		h.Write(data)
	}
}
