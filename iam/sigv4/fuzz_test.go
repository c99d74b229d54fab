package sigv4

import (
	"bytes"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"strconv"
	"strings"
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

// fuzzBody is the payload of the small fuzz requests.
var fuzzBody = []byte("a small body to fuzz")

// fuzzStreamingRequest returns a request whose header signature verifies,
// with body as its payload. Modes 0 and 1 are AWS's signed-chunks and
// signed-trailer examples, whose first 64 KiB chunk is prepended to body
// (the fuzzer minimizes large inputs slowly); 2 and 3 the same forms for fuzzBody in one chunk
// (small inputs fuzz faster); 4 an unsigned trailer announcing a CRC32, 5
// the same without x-amz-decoded-content-length.
func fuzzStreamingRequest(t testing.TB, mode uint8, body []byte) *http.Request {
	var r *http.Request
	switch mode % 6 {
	case 0, 1:
		r = exampleRequest(t, nil, mode%6 == 1)
		body = append(exampleFirstChunk(mode%6 == 1), body...)
	case 2, 3:
		r = httptest.NewRequest(http.MethodPut, "http://h/b/k", nil)
		o := ChunkedOptions{}
		if mode%6 == 3 {
			o.Checksum = "CRC32"
		}
		if err := SignChunked(r, fuzzBody, o, exampleAccessKey, exampleSecret, "", "us-east-1", "s3", exampleTime); err != nil {
			t.Fatal(err)
		}
	default:
		r = httptest.NewRequest(http.MethodPut, "http://h/b/k", nil)
		r.Header.Set("X-Amz-Content-Sha256", StreamingUnsignedPayloadTrailer)
		r.Header.Set("X-Amz-Trailer", "x-amz-checksum-crc32")
		if mode%6 == 4 {
			r.Header.Set("X-Amz-Decoded-Content-Length", strconv.Itoa(len(fuzzBody)))
		}
		if err := Sign(r, nil, exampleAccessKey, exampleSecret, "", "us-east-1", "s3", exampleTime); err != nil {
			t.Fatal(err)
		}
	}
	r.Body = io.NopCloser(bytes.NewReader(body))
	r.ContentLength = int64(len(body))
	return r
}

// exampleFirstChunk returns the first chunk of AWS's example bodies.
func exampleFirstChunk(trailer bool) []byte {
	sig := exampleChunk1
	if trailer {
		sig = trailerChunk1
	}
	return append([]byte("10000;chunk-signature="+sig+"\r\n"), append(bytes.Repeat([]byte("a"), 65536), "\r\n"...)...)
}

// fuzzSeeds returns the encoded bodies of fuzzStreamingRequest's modes.
func fuzzSeeds(t testing.TB) [][]byte {
	first := len(exampleFirstChunk(false))
	seeds := [][]byte{
		exampleBody([3]string{exampleChunk1, exampleChunk2, exampleChunk3}, "")[first:],
		exampleBody([3]string{trailerChunk1, trailerChunk2, trailerChunk3},
			"x-amz-checksum-crc32c:"+trailerCRC32C+"\r\nx-amz-trailer-signature:"+trailerSig+"\r\n\r\n")[first:],
	}
	for mode := uint8(2); mode < 4; mode++ {
		r := fuzzStreamingRequest(t, mode, nil)
		o := ChunkedOptions{}
		if mode == 3 {
			o.Checksum = "CRC32"
		}
		if err := SignChunked(r, fuzzBody, o, exampleAccessKey, exampleSecret, "", "us-east-1", "s3", exampleTime); err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(r.Body)
		seeds = append(seeds, b)
	}
	unsigned := (&chunkEncoder{}).encode(fuzzBody, 8192, "x-amz-checksum-crc32:"+checksumOf("CRC32", fuzzBody))
	return append(seeds, unsigned, unsigned)
}

// checkStreaming reads the payload of r and checks that it never yields
// more data than the body holds, and that every failure is an *Error (the
// body itself cannot fail).
func checkStreaming(t *testing.T, r *http.Request, bodyLen int) {
	p, err := Parse(r)
	if err != nil {
		t.Fatal(err)
	}
	pl, err := VerifyStreaming(r, p, SigningKey(exampleSecret, p.Date, p.Region, p.Service), exampleTime)
	if err != nil {
		t.Fatal(err)
	}
	n, err := io.Copy(io.Discard, pl)
	if n > int64(bodyLen) {
		t.Fatalf("decoded %d bytes from a %d-byte body", n, bodyLen)
	}
	if err != nil {
		var e *Error
		if !errors.As(err, &e) || e.Code == "" || e.Status == 0 || e.Message == "" {
			t.Fatalf("error %v is not a complete *Error", err)
		}
		if pl.Verified() || pl.MD5() != nil {
			t.Fatal("a failed payload reports success")
		}
		return
	}
	if !pl.Verified() || pl.Size() != n || len(pl.Trailers()) > maxTrailerLines {
		t.Fatalf("payload after EOF: verified %v size %d trailers %d", pl.Verified(), pl.Size(), len(pl.Trailers()))
	}
}

// FuzzChunkedReader feeds aws-chunked bodies to the decoder, in each
// payload form, seeded from AWS's examples: it must never panic, never
// yield more than it was given, and fail only with S3's errors.
func FuzzChunkedReader(f *testing.F) {
	for mode, body := range fuzzSeeds(f) {
		f.Add(uint8(mode), body)
		if mode >= 2 {
			f.Add(uint8(mode), body[:len(body)/2])
		}
	}
	for _, s := range []string{
		"", "0\r\n\r\n", "3\r\nabc\r\n0\r\n\r\n", "3;chunk-signature=\r\nabc\r\n", "ffffffffffffffff\r\n", "7fffffffffffffff\r\n",
		"0\r\nx-amz-checksum-crc32:AAAAAA==\r\n\r\n", "0\r\n\r\nx-amz-checksum-crc32:AAAAAA==\r\n", "0\r\n:\r\n\r\n",
		"2000\r\n" + strings.Repeat("x", 8192) + "\r\n1\r\nx\r\n0\r\n\r\n", "1\r\nx\r\n1\r\nx\r\n0\r\n\r\n",
	} {
		for mode := uint8(2); mode < 6; mode++ {
			f.Add(mode, []byte(s))
		}
	}
	f.Fuzz(func(t *testing.T, mode uint8, body []byte) {
		r := fuzzStreamingRequest(t, mode, body)
		checkStreaming(t, r, int(r.ContentLength))
	})
}

// FuzzTrailers feeds the trailer section after valid chunks: unsigned with
// a CRC32 announced, and AWS's signed-trailer example.
func FuzzTrailers(f *testing.F) {
	data := bytes.Repeat([]byte("a"), exampleSize)
	crc := "x-amz-checksum-crc32:" + checksumOf("CRC32", data)
	for _, s := range []string{
		crc + "\r\n\r\n", crc + "\r\n", "\r\n" + crc + "\r\n\r\n", "\r\n", "", crc, ":\r\n\r\n", "a:b:c\r\n\r\n",
		"x-amz-checksum-crc32c:" + trailerCRC32C + "\r\nx-amz-trailer-signature:" + trailerSig + "\r\n\r\n",
		"x-amz-checksum-crc32c:" + trailerCRC32C + "\r\nx-amz-trailer-signature:" + trailerSig + "\r\n",
		strings.Repeat("x-amz-checksum-crc32:AAAAAA==\r\n", 20) + "\r\n", "x-amz-trailer-signature:\r\n\r\n",
	} {
		f.Add(false, s)
		f.Add(true, s)
	}
	unsignedChunks := (&chunkEncoder{}).encode(data, 65536, "")
	unsignedChunks = unsignedChunks[:len(unsignedChunks)-2] // up to the last chunk's header
	f.Fuzz(func(t *testing.T, signed bool, trailer string) {
		var body []byte
		var r *http.Request
		if signed {
			body = exampleBody([3]string{trailerChunk1, trailerChunk2, trailerChunk3}, trailer)[len(exampleFirstChunk(true)):]
			r = fuzzStreamingRequest(t, 1, body)
		} else {
			body = append(slices.Clip(unsignedChunks), trailer...)
			r = fuzzStreamingRequest(t, 4, body)
		}
		checkStreaming(t, r, int(r.ContentLength))
	})
}

// FuzzChecksumHeaders feeds checksum and Content-MD5 headers to
// VerifyStreaming's header checks.
func FuzzChecksumHeaders(f *testing.F) {
	for _, s := range [][3]string{
		{"x-amz-checksum-crc32", "AAAAAA==", ""}, {"x-amz-checksum-sha256", "", "x-amz-checksum-crc32"},
		{"x-amz-checksum-xxhash3", "AAAAAAAAAAA=", "x-amz-checksum-crc32,x-amz-checksum-crc32c"},
		{"x-amz-checksum-", "=", ","}, {"Content-MD5", "1B2M2Y8AsgTpgAmY7PhCfg==", " X-AMZ-CHECKSUM-CRC64NVME "},
	} {
		f.Add(s[0], s[1], s[2])
	}
	f.Fuzz(func(t *testing.T, name, value, trailer string) {
		h := http.Header{}
		h.Set(name, value)
		h.Set("X-Amz-Trailer", trailer)
		for _, check := range []func() error{
			func() error { _, err := contentMD5(h); return err },
			func() error { _, _, err := headerChecksum(h); return err },
			func() error { _, err := trailerChecksum(h); return err },
		} {
			if err := check(); err != nil {
				var e *Error
				if !errors.As(err, &e) || e.Code == "" || e.Status == 0 {
					t.Fatalf("error %v is not a complete *Error", err)
				}
			}
		}
	})
}
