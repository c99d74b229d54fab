package sigv4

import (
	"bytes"
	"crypto/md5"
	"encoding/base64"
	"hash/crc64"
	"io"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"runtime"
	"strconv"
	"strings"
	"testing"
	"time"
)

// s3Put returns a PUT of body signed in the header form with payloadHash as
// x-amz-content-sha256 (the body's hash if ""), after setting headers.
func s3Put(t testing.TB, body []byte, payloadHash string, headers map[string]string) *http.Request {
	t.Helper()
	r := httptest.NewRequest(http.MethodPut, "http://127.0.0.1:9000/bucket/a%20key/x+y", bytes.NewReader(body))
	for k, v := range headers {
		r.Header.Set(k, v)
	}
	if payloadHash == "" {
		payloadHash = hashHex(body)
	}
	r.Header.Set("X-Amz-Content-Sha256", payloadHash)
	if err := Sign(r, body, testAKID, testSecret, "", "us-east-1", "s3", testTime); err != nil {
		t.Fatal(err)
	}
	return r
}

// s3Chunked returns a PUT of body signed with SignChunked, after setting
// headers.
func s3Chunked(t testing.TB, body []byte, o ChunkedOptions, headers map[string]string) *http.Request {
	t.Helper()
	r := httptest.NewRequest(http.MethodPut, "http://127.0.0.1:9000/bucket/key", nil)
	for k, v := range headers {
		r.Header.Set(k, v)
	}
	if err := SignChunked(r, body, o, testAKID, testSecret, "", "us-east-1", "s3", testTime); err != nil {
		t.Fatal(err)
	}
	return r
}

// checksumOf returns the base64 checksum of algorithm over b.
func checksumOf(algorithm string, b []byte) string {
	h := checksumByName(algorithm).newHash()
	h.Write(b)
	return base64.StdEncoding.EncodeToString(h.Sum(nil))
}

func testBody(n int) []byte {
	b := make([]byte, n)
	rng := rand.New(rand.NewPCG(uint64(n), 7))
	for i := range b {
		b[i] = byte(rng.Uint32())
	}
	return b
}

var allChecksums = []string{"CRC32", "CRC32C", "CRC64NVME", "SHA1", "SHA256", "SHA512", "MD5"}

// TestPayloadForms reads every payload form back and checks the data, the
// MD5, the size and the checksum.
func TestPayloadForms(t *testing.T) {
	t.Parallel()
	type form struct {
		name string
		make func(t testing.TB, body []byte) *http.Request
		want PayloadForm
		alg  string // expected Checksum algorithm
	}
	forms := []form{
		{"hex sha256", func(t testing.TB, b []byte) *http.Request { return s3Put(t, b, "", nil) }, PayloadSHA256, ""},
		{"unsigned", func(t testing.TB, b []byte) *http.Request { return s3Put(t, b, UnsignedPayload, nil) }, PayloadUnsigned, ""},
		{"signed chunks", func(t testing.TB, b []byte) *http.Request {
			return s3Chunked(t, b, ChunkedOptions{ChunkSize: 8192}, nil)
		}, PayloadStreaming, ""},
		{"signed chunks 1 MiB", func(t testing.TB, b []byte) *http.Request {
			return s3Chunked(t, b, ChunkedOptions{ChunkSize: 1 << 20}, nil)
		}, PayloadStreaming, ""},
	}
	for _, alg := range allChecksums {
		forms = append(forms,
			form{"hex sha256 header " + alg, func(t testing.TB, b []byte) *http.Request {
				return s3Put(t, b, "", map[string]string{"X-Amz-Checksum-" + alg: checksumOf(alg, b)})
			}, PayloadSHA256, alg},
			form{"unsigned header " + alg, func(t testing.TB, b []byte) *http.Request {
				return s3Put(t, b, UnsignedPayload, map[string]string{"X-Amz-Checksum-" + alg: checksumOf(alg, b)})
			}, PayloadUnsigned, alg},
			form{"signed trailer " + alg, func(t testing.TB, b []byte) *http.Request {
				return s3Chunked(t, b, ChunkedOptions{ChunkSize: 10000, Checksum: alg}, nil)
			}, PayloadStreamingTrailer, alg},
			form{"unsigned trailer " + alg, func(t testing.TB, b []byte) *http.Request {
				return s3Chunked(t, b, ChunkedOptions{Checksum: alg, Unsigned: true}, nil)
			}, PayloadStreamingUnsignedTrailer, alg},
			form{"signed chunks header " + alg, func(t testing.TB, b []byte) *http.Request {
				return s3Chunked(t, b, ChunkedOptions{}, map[string]string{"X-Amz-Checksum-" + alg: checksumOf(alg, b)})
			}, PayloadStreaming, alg},
		)
	}
	for _, f := range forms {
		for _, size := range []int{0, 1, 8191, 8192, 100000} {
			t.Run(f.name+"/"+strconv.Itoa(size), func(t *testing.T) {
				t.Parallel()
				body := testBody(size)
				r := f.make(t, body)
				r.Header.Set("Content-Md5", base64.StdEncoding.EncodeToString(md5Of(body)))
				pl, data, err := readPayload(t, r, testSecret, testTime)
				if err != nil {
					t.Fatalf("read: %v", err)
				}
				if !bytes.Equal(data, body) {
					t.Fatalf("decoded %d bytes, want %d", len(data), len(body))
				}
				if pl.Form() != f.want || !bytes.Equal(pl.MD5(), md5Of(body)) || pl.Size() != int64(size) ||
					pl.DecodedLength() != int64(size) || !pl.Verified() {
					t.Errorf("payload: form %v md5 %x size %d declared %d", pl.Form(), pl.MD5(), pl.Size(), pl.DecodedLength())
				}
				alg, v := pl.Checksum()
				if alg != f.alg || f.alg != "" && v != checksumOf(f.alg, body) {
					t.Errorf("Checksum = %q %q, want %q %q", alg, v, f.alg, checksumOf(f.alg, body))
				}
				if n, err := pl.Read(make([]byte, 10)); n != 0 || err != io.EOF {
					t.Errorf("Read after EOF = %d, %v", n, err)
				}
			})
		}
	}
}

func md5Of(b []byte) []byte {
	s := md5.Sum(b)
	return s[:]
}

// TestPayloadReadSizes reads chunked bodies through buffers of many sizes,
// so that chunk boundaries fall everywhere in a Read.
func TestPayloadReadSizes(t *testing.T) {
	t.Parallel()
	body := testBody(70001)
	for _, bufSize := range []int{1, 2, 3, 7, 100, 4095, 4096, 8193, 65536, 1 << 20} {
		for _, o := range []ChunkedOptions{{ChunkSize: 8192}, {ChunkSize: 8192, Checksum: "CRC32"}, {Unsigned: true, Checksum: "CRC64NVME"}} {
			r := s3Chunked(t, body, o, nil)
			p, _ := Parse(r)
			pl, err := VerifyStreaming(r, p, SigningKey(testSecret, p.Date, p.Region, p.Service), testTime)
			if err != nil {
				t.Fatal(err)
			}
			var got bytes.Buffer
			buf := make([]byte, bufSize)
			for {
				n, err := pl.Read(buf)
				got.Write(buf[:n])
				if err == io.EOF {
					break
				}
				if err != nil {
					t.Fatalf("buffer %d %+v: %v", bufSize, o, err)
				}
			}
			if !bytes.Equal(got.Bytes(), body) {
				t.Fatalf("buffer %d %+v: decoded %d bytes", bufSize, o, got.Len())
			}
		}
	}
}

func TestPayloadHashMismatch(t *testing.T) {
	t.Parallel()
	body := []byte("the body that was signed")
	r := s3Put(t, body, "", nil)
	r.Body = io.NopCloser(strings.NewReader("the body that was change"))
	pl, data, err := readPayload(t, r, testSecret, testTime)
	wantCode(t, err, CodeXAmzContentSHA256Mismatch, "The provided 'x-amz-content-sha256' header does not match what was computed.")
	if len(data) != len(body) {
		t.Errorf("read %d bytes before the error", len(data))
	}
	e := err.(*Error)
	if e.Status != 400 || len(e.Details) != 2 || e.Details[0] != (Detail{"ClientComputedContentSHA256", hashHex(body)}) ||
		e.Details[1] != (Detail{"S3ComputedContentSHA256", hashHex([]byte("the body that was change"))}) {
		t.Errorf("error = %+v", e)
	}
	if _, again := pl.Read(make([]byte, 1)); again != err || pl.Verified() || pl.MD5() != nil {
		t.Errorf("after the error: Read = %v, Verified %v, MD5 %x", again, pl.Verified(), pl.MD5())
	}
}

func TestPayloadShortBody(t *testing.T) {
	t.Parallel()
	body := []byte("0123456789")
	for _, tc := range []struct {
		name string
		read io.Reader
	}{
		{"content-length longer", strings.NewReader("01234")},
		{"connection closed", io.MultiReader(strings.NewReader("01234"), errReader{io.ErrUnexpectedEOF})},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			r := s3Put(t, body, UnsignedPayload, nil)
			r.Body = io.NopCloser(tc.read)
			_, _, err := readPayload(t, r, testSecret, testTime)
			wantCode(t, err, CodeIncompleteBody, "You did not provide the number of bytes specified by the Content-Length HTTP header")
		})
	}
}

type errReader struct{ err error }

func (e errReader) Read([]byte) (int, error) { return 0, e.err }

func TestContentMD5(t *testing.T) {
	t.Parallel()
	body := []byte("hello")
	good := base64.StdEncoding.EncodeToString(md5Of(body))
	other := base64.StdEncoding.EncodeToString(md5Of([]byte("other")))
	tests := []struct {
		name, value, code, message string
		atVerify                   bool
	}{
		{name: "matching", value: good},
		{name: "mismatch", value: other, code: CodeBadDigest, message: "The Content-MD5 you specified did not match what we received."},
		{name: "empty", value: "", code: CodeInvalidDigest, message: "The Content-MD5 you specified was invalid.", atVerify: true},
		{name: "hex", value: "5d41402abc4b2a76b9719d911017c592", code: CodeInvalidDigest, atVerify: true},
		{name: "short", value: "XUFAKrxLKna5cZ2REBfF", code: CodeInvalidDigest, atVerify: true},
		{name: "not base64", value: "!!!!!!!!!!!!!!!!!!!!!!==", code: CodeInvalidDigest, atVerify: true},
	}
	for _, tt := range tests {
		for _, form := range []string{"hex", "chunked"} {
			t.Run(tt.name+"/"+form, func(t *testing.T) {
				t.Parallel()
				h := map[string]string{"Content-Md5": tt.value}
				var r *http.Request
				if form == "hex" {
					r = s3Put(t, body, "", h)
				} else {
					r = s3Chunked(t, body, ChunkedOptions{Unsigned: true, Checksum: "CRC32"}, h)
				}
				p, _ := Parse(r)
				pl, err := VerifyStreaming(r, p, SigningKey(testSecret, p.Date, p.Region, p.Service), testTime)
				if tt.atVerify {
					wantCode(t, err, tt.code, tt.message)
					if e := err.(*Error); e.Details[0] != (Detail{"Content-MD5", tt.value}) {
						t.Errorf("details = %v", e.Details)
					}
					return
				}
				if err != nil {
					t.Fatal(err)
				}
				_, err = io.ReadAll(pl)
				if tt.code == "" {
					if err != nil {
						t.Errorf("read: %v", err)
					}
					return
				}
				wantCode(t, err, tt.code, tt.message)
				if e := err.(*Error); e.Details[0] != (Detail{"ExpectedDigest", other}) || e.Details[1] != (Detail{"CalculatedDigest", good}) {
					t.Errorf("details = %v", e.Details)
				}
			})
		}
	}
}

func TestChecksumHeaders(t *testing.T) {
	t.Parallel()
	body := []byte("123456789")
	tests := []struct {
		name    string
		headers map[string]string
		code    string
		message string
		atRead  bool
	}{
		{name: "crc32 wrong", headers: map[string]string{"X-Amz-Checksum-Crc32": checksumOf("CRC32", []byte("x"))},
			code: CodeBadDigest, message: "The CRC32 you specified did not match the calculated checksum.", atRead: true},
		{name: "crc32c wrong", headers: map[string]string{"X-Amz-Checksum-Crc32c": checksumOf("CRC32C", []byte("x"))},
			code: CodeBadDigest, message: "The CRC32C you specified did not match the calculated checksum.", atRead: true},
		{name: "crc64nvme wrong", headers: map[string]string{"X-Amz-Checksum-Crc64nvme": checksumOf("CRC64NVME", []byte("x"))},
			code: CodeBadDigest, message: "The CRC64NVME you specified did not match the calculated checksum.", atRead: true},
		{name: "sha1 wrong", headers: map[string]string{"X-Amz-Checksum-Sha1": checksumOf("SHA1", []byte("x"))},
			code: CodeBadDigest, message: "The SHA1 you specified did not match the calculated checksum.", atRead: true},
		{name: "sha256 wrong", headers: map[string]string{"X-Amz-Checksum-Sha256": checksumOf("SHA256", []byte("x"))},
			code: CodeBadDigest, message: "The SHA256 you specified did not match the calculated checksum.", atRead: true},
		{name: "crc32 not base64", headers: map[string]string{"X-Amz-Checksum-Crc32": "abc"},
			code: CodeInvalidRequest, message: "Value for x-amz-checksum-crc32 header is invalid."},
		{name: "crc32 too long", headers: map[string]string{"X-Amz-Checksum-Crc32": checksumOf("CRC64NVME", body)},
			code: CodeInvalidRequest, message: "Value for x-amz-checksum-crc32 header is invalid."},
		{name: "sha256 empty", headers: map[string]string{"X-Amz-Checksum-Sha256": ""},
			code: CodeInvalidRequest, message: "Value for x-amz-checksum-sha256 header is invalid."},
		{name: "two algorithms", headers: map[string]string{"X-Amz-Checksum-Crc32": checksumOf("CRC32", body),
			"X-Amz-Checksum-Sha1": checksumOf("SHA1", body)},
			code: CodeInvalidRequest, message: "Expecting a single x-amz-checksum- header. Multiple checksum Types are not allowed."},
		{name: "unknown algorithm", headers: map[string]string{"X-Amz-Checksum-Crc16": "AAA="},
			code: CodeInvalidRequest, message: "The algorithm type you specified in x-amz-checksum- header is invalid."},
		{name: "xxhash", headers: map[string]string{"X-Amz-Checksum-Xxhash64": "AAAAAAAAAAA="},
			code: CodeNotImplemented, message: "A header you provided implies functionality that is not implemented"},
		{name: "algorithm header only", headers: map[string]string{"X-Amz-Checksum-Algorithm": "CRC32", "X-Amz-Checksum-Type": "FULL_OBJECT"}},
		{name: "sdk algorithm", headers: map[string]string{"X-Amz-Sdk-Checksum-Algorithm": "CRC32", "X-Amz-Checksum-Crc32": checksumOf("CRC32", body)}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			r := s3Put(t, body, UnsignedPayload, tt.headers)
			p, _ := Parse(r)
			pl, err := VerifyStreaming(r, p, SigningKey(testSecret, p.Date, p.Region, p.Service), testTime)
			if err == nil {
				_, err = io.ReadAll(pl)
			} else if tt.atRead {
				t.Fatalf("VerifyStreaming: %v", err)
			}
			if tt.code == "" {
				if err != nil {
					t.Errorf("%v", err)
				}
				return
			}
			wantCode(t, err, tt.code, tt.message)
			if e := err.(*Error); e.Status != map[string]int{CodeNotImplemented: 501}[tt.code] && e.Status != 400 {
				t.Errorf("status %d", e.Status)
			}
		})
	}
}

func TestTrailerChecksums(t *testing.T) {
	t.Parallel()
	body := testBody(20000)
	// unsignedTrailer builds a STREAMING-UNSIGNED-PAYLOAD-TRAILER request
	// whose trailer part (after the last chunk) is trailer.
	unsignedTrailer := func(t *testing.T, announce, trailer string) *http.Request {
		r := s3Chunked(t, body, ChunkedOptions{Unsigned: true, Checksum: "CRC32"}, nil)
		encoded, _ := io.ReadAll(r.Body)
		i := bytes.LastIndex(encoded, []byte("0\r\n"))
		encoded = append(encoded[:i+3:i+3], trailer...)
		r.Body = io.NopCloser(bytes.NewReader(encoded))
		r.Header.Set("X-Amz-Trailer", announce)
		// x-amz-trailer is signed: sign again.
		r.Header.Del("Authorization")
		if err := Sign(r, nil, testAKID, testSecret, "", "us-east-1", "s3", testTime); err != nil {
			t.Fatal(err)
		}
		return r
	}
	crc := checksumOf("CRC32", body)
	tests := []struct {
		name, announce, trailer, code, message string
	}{
		{name: "as botocore sends", announce: "x-amz-checksum-crc32", trailer: "x-amz-checksum-crc32:" + crc + "\r\n\r\n"},
		{name: "spaces", announce: " x-amz-checksum-crc32 ", trailer: "x-amz-checksum-crc32: " + crc + " \r\n\r\n"},
		{name: "upper case name", announce: "X-Amz-Checksum-CRC32", trailer: "X-Amz-Checksum-Crc32:" + crc + "\r\n\r\n"},
		{name: "wrong value", announce: "x-amz-checksum-crc32", trailer: "x-amz-checksum-crc32:AAAAAA==\r\n\r\n",
			code: CodeBadDigest, message: "The CRC32 you specified did not match the calculated checksum."},
		{name: "invalid value", announce: "x-amz-checksum-crc32", trailer: "x-amz-checksum-crc32:AAAA\r\n\r\n",
			code: CodeInvalidRequest, message: "Value for x-amz-checksum-crc32 trailing header is invalid."},
		{name: "missing", announce: "x-amz-checksum-crc32", trailer: "\r\n",
			code: CodeMalformedTrailer, message: "The request contained trailing data that was not well-formed or did not conform to our published schema."},
		{name: "other name", announce: "x-amz-checksum-crc32", trailer: "x-amz-checksum-crc32c:" + crc + "\r\n\r\n", code: CodeMalformedTrailer},
		{name: "signature in unsigned", announce: "x-amz-checksum-crc32",
			trailer: "x-amz-checksum-crc32:" + crc + "\r\nx-amz-trailer-signature:" + strings.Repeat("0", 64) + "\r\n\r\n", code: CodeMalformedTrailer},
		{name: "too many lines", announce: "x-amz-checksum-crc32", trailer: strings.Repeat("\r\n", 1) + strings.Repeat("a:b\r\n", 40),
			code: CodeMalformedTrailer},
		{name: "truncated", announce: "x-amz-checksum-crc32", trailer: "x-amz-checksum-crc32:" + crc, code: CodeIncompleteBody},
		{name: "unsupported", announce: "x-amz-meta-a", trailer: "x-amz-meta-a:b\r\n\r\n",
			code: CodeInvalidRequest, message: "The value specified in the x-amz-trailer header is not supported"},
		{name: "xxhash", announce: "x-amz-checksum-xxhash3", trailer: "\r\n", code: CodeNotImplemented},
		{name: "two announced", announce: "x-amz-checksum-crc32,x-amz-checksum-sha1", trailer: "\r\n", code: CodeInvalidRequest},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			pl, _, err := readPayload(t, unsignedTrailer(t, tt.announce, tt.trailer), testSecret, testTime)
			if tt.code == "" {
				if err != nil {
					t.Fatal(err)
				}
				if alg, v := pl.Checksum(); alg != "CRC32" || v != crc {
					t.Errorf("Checksum = %s %s", alg, v)
				}
				return
			}
			wantCode(t, err, tt.code, tt.message)
		})
	}
	t.Run("header and trailer", func(t *testing.T) {
		t.Parallel()
		r := s3Chunked(t, body, ChunkedOptions{Unsigned: true, Checksum: "CRC32"}, map[string]string{"X-Amz-Checksum-Sha1": checksumOf("SHA1", body)})
		_, _, err := readPayload(t, r, testSecret, testTime)
		wantCode(t, err, CodeInvalidRequest, "Expecting a single x-amz-checksum- header. Multiple checksum Types are not allowed.")
	})
}

// TestChunkFraming feeds bodies that break the aws-chunked encoding.
func TestChunkFraming(t *testing.T) {
	t.Parallel()
	unsigned := func(declared int, body string) *http.Request {
		r := httptest.NewRequest(http.MethodPut, "http://h/b/k", strings.NewReader(body))
		r.Header.Set("X-Amz-Content-Sha256", StreamingUnsignedPayloadTrailer)
		r.Header.Set("Content-Encoding", "gzip, aws-chunked")
		if declared >= 0 {
			r.Header.Set("X-Amz-Decoded-Content-Length", strconv.Itoa(declared))
		}
		if err := Sign(r, nil, testAKID, testSecret, "", "us-east-1", "s3", testTime); err != nil {
			t.Fatal(err)
		}
		return r
	}
	big := strings.Repeat("x", 9000)
	tests := []struct {
		name     string
		declared int
		body     string
		want     string // decoded data when code is ""
		code     string
		message  string
	}{
		{name: "one chunk", declared: 3, body: "3\r\nabc\r\n0\r\n\r\n", want: "abc"},
		{name: "upper case hex", declared: 10, body: "A\r\n0123456789\r\n0\r\n\r\n", want: "0123456789"},
		{name: "chunk extension", declared: 3, body: "3;ext=1\r\nabc\r\n0\r\n\r\n", want: "abc"},
		{name: "unknown length", declared: -1, body: "3\r\nabc\r\n0\r\n\r\n", want: "abc"},
		{name: "empty", declared: 0, body: "0\r\n\r\n", want: ""},
		{name: "no final line", declared: 3, body: "3\r\nabc\r\n0\r\n", want: "abc"},
		{name: "big then small", declared: 9003, body: "2328\r\n" + big + "\r\n3\r\nabc\r\n0\r\n\r\n", want: big + "abc"},
		{name: "small then more", declared: 9003, body: "3\r\nabc\r\n2328\r\n" + big + "\r\n0\r\n\r\n", code: CodeInvalidChunkSize,
			message: "Only the last chunk is allowed to have a size less than 8192 bytes"},
		{name: "longer than declared", declared: 2, body: "3\r\nabc\r\n0\r\n\r\n", code: CodeIncompleteBody,
			message: "You did not provide the number of bytes specified by the Content-Length HTTP header"},
		{name: "shorter than declared", declared: 4, body: "3\r\nabc\r\n0\r\n\r\n", code: CodeIncompleteBody,
			message: "You did not provide the number of bytes specified by the Content-Length HTTP header"},
		{name: "empty body", declared: 3, body: "", code: CodeIncompleteBody, message: "The request body terminated unexpectedly"},
		{name: "lf only", declared: 3, body: "3\nabc\n0\n\n", code: CodeIncompleteBody},
		{name: "no crlf after data", declared: 3, body: "3\r\nabcd\r\n0\r\n\r\n", code: CodeIncompleteBody},
		{name: "non-hex size", declared: 3, body: "3g\r\nabc\r\n0\r\n\r\n", code: CodeIncompleteBody},
		{name: "negative size", declared: 3, body: "-3\r\nabc\r\n0\r\n\r\n", code: CodeIncompleteBody},
		{name: "empty size", declared: 3, body: "\r\nabc\r\n0\r\n\r\n", code: CodeIncompleteBody},
		{name: "huge size", declared: 3, body: "ffffffffffffffff\r\nabc", code: CodeIncompleteBody},
		{name: "max int64 size", declared: -1, body: "7fffffffffffffff\r\nabc", code: CodeIncompleteBody},
		{name: "17 digits", declared: 3, body: "00000000000000003\r\nabc\r\n0\r\n\r\n", code: CodeIncompleteBody},
		{name: "long line", declared: 3, body: "3;" + strings.Repeat("x", 5000) + "\r\nabc\r\n0\r\n\r\n", code: CodeIncompleteBody},
		{name: "endless line", declared: 3, body: strings.Repeat("3", 100000), code: CodeIncompleteBody},
		{name: "trailer not announced", declared: 3, body: "3\r\nabc\r\n0\r\nx-amz-checksum-crc32:AAAAAA==\r\n\r\n", code: CodeMalformedTrailer},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			r := unsigned(tt.declared, tt.body)
			pl, data, err := readPayload(t, r, testSecret, testTime)
			if tt.code != "" {
				wantCode(t, err, tt.code, tt.message)
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if string(data) != tt.want || pl.ContentEncoding() != "gzip" || pl.DecodedLength() != int64(tt.declared) {
				t.Errorf("decoded %q, encoding %q, declared %d", data, pl.ContentEncoding(), pl.DecodedLength())
			}
		})
	}
}

// TestVerifyStreamingRequest checks what VerifyStreaming refuses before the
// body is read.
func TestVerifyStreamingRequest(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		hash    string
		headers map[string]string
		tamper  func(r *http.Request)
		now     time.Time
		code    string
		message string
		status  int
	}{
		{name: "no x-amz-content-sha256", tamper: func(r *http.Request) { r.Header.Del("X-Amz-Content-Sha256") },
			code: CodeInvalidRequest, message: "Missing required header for this request: x-amz-content-sha256", status: 400},
		{name: "not a digest", hash: "abc", code: CodeInvalidArgument, status: 400,
			message: "x-amz-content-sha256 must be UNSIGNED-PAYLOAD, STREAMING-UNSIGNED-PAYLOAD-TRAILER, STREAMING-AWS4-HMAC-SHA256-PAYLOAD, " +
				"STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER, STREAMING-AWS4-ECDSA-P256-SHA256-PAYLOAD, " +
				"STREAMING-AWS4-ECDSA-P256-SHA256-PAYLOAD-TRAILER or a valid sha256 value."},
		{name: "upper case digest", hash: strings.ToUpper(hashHex(nil)), code: CodeInvalidArgument},
		{name: "sigv4a streaming", hash: streamingECDSAPayload, code: CodeNotImplemented, status: 501,
			message: "A header you provided implies functionality that is not implemented"},
		{name: "sigv4a streaming trailer", hash: streamingECDSAPayloadTrailer, code: CodeNotImplemented},
		{name: "no decoded length", hash: StreamingPayload, code: CodeMissingContentLength, status: 411,
			message: "You must provide the Content-Length HTTP header."},
		{name: "bad decoded length", hash: StreamingPayload, headers: map[string]string{"X-Amz-Decoded-Content-Length": "-1"},
			code: CodeMissingContentLength},
		{name: "signature", hash: UnsignedPayload, tamper: func(r *http.Request) { r.Method = http.MethodPost },
			code: CodeSignatureDoesNotMatch, status: 403, message: s3SignatureDoesNotMatch},
		{name: "skewed", hash: UnsignedPayload, now: testTime.Add(16 * time.Minute), code: CodeRequestTimeTooSkewed, status: 403,
			message: "The difference between the request time and the current time is too large."},
		{name: "skewed ahead", hash: UnsignedPayload, now: testTime.Add(-16 * time.Minute), code: CodeRequestTimeTooSkewed},
		{name: "region", hash: UnsignedPayload, tamper: func(r *http.Request) {
			r.Header.Set("Authorization", strings.Replace(r.Header.Get("Authorization"), "/us-east-1/", "/moon/", 1))
		}, code: CodeSignatureDoesNotMatch, message: "Credential should be scoped to a valid region, not 'moon'. "},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			r := s3Put(t, []byte("x"), tt.hash, tt.headers)
			if tt.tamper != nil {
				tt.tamper(r)
			}
			now := tt.now
			if now.IsZero() {
				now = testTime
			}
			p, err := Parse(r)
			if err != nil {
				t.Fatal(err)
			}
			pl, err := VerifyStreaming(r, p, SigningKey(testSecret, p.Date, p.Region, p.Service), now)
			if pl != nil {
				t.Errorf("a payload with an error")
			}
			wantCode(t, err, tt.code, tt.message)
			if e, ok := err.(*Error); ok && tt.status != 0 && e.Status != tt.status {
				t.Errorf("status %d, want %d", e.Status, tt.status)
			}
		})
	}
}

func TestSignatureErrorDetails(t *testing.T) {
	t.Parallel()
	r := s3Put(t, []byte("x"), UnsignedPayload, nil)
	p, _ := Parse(r)
	_, err := VerifyStreaming(r, p, SigningKey("wrong", p.Date, p.Region, p.Service), testTime)
	e := err.(*Error)
	names := []string{}
	for _, d := range e.Details {
		names = append(names, d.Name)
	}
	if strings.Join(names, " ") != "AWSAccessKeyId StringToSign SignatureProvided StringToSignBytes CanonicalRequest CanonicalRequestBytes" {
		t.Fatalf("details %v", names)
	}
	if e.Details[0].Value != testAKID || e.Details[2].Value != p.Signature ||
		!strings.HasPrefix(e.Details[1].Value, "AWS4-HMAC-SHA256\n20260102T030405Z\n20260102/us-east-1/s3/aws4_request\n") ||
		!strings.HasPrefix(e.Details[3].Value, "41 57 53 34 2d") ||
		!strings.HasPrefix(e.Details[4].Value, "PUT\n/bucket/a%20key/x%2By\n\n") ||
		!strings.HasSuffix(e.Details[4].Value, "\nUNSIGNED-PAYLOAD") {
		t.Errorf("details %q", e.Details)
	}
}

func TestSkewDetails(t *testing.T) {
	t.Parallel()
	r := s3Put(t, []byte("x"), UnsignedPayload, nil)
	p, _ := Parse(r)
	_, err := VerifyStreaming(r, p, nil, testTime.Add(time.Hour))
	e := err.(*Error)
	want := []Detail{{"RequestTime", "20260102T030405Z"}, {"ServerTime", "2026-01-02T04:04:05Z"}, {"MaxAllowedSkewMilliseconds", "900000"}}
	if len(e.Details) != 3 || e.Details[0] != want[0] || e.Details[1] != want[1] || e.Details[2] != want[2] {
		t.Errorf("details %v, want %v", e.Details, want)
	}
}

func TestComputeChecksum(t *testing.T) {
	t.Parallel()
	body := []byte("123456789")
	r := s3Put(t, body, "", nil)
	p, _ := Parse(r)
	pl, err := VerifyStreaming(r, p, SigningKey(testSecret, p.Date, p.Region, p.Service), testTime)
	if err != nil {
		t.Fatal(err)
	}
	if err := pl.ComputeChecksum("crc16"); err == nil {
		t.Error("ComputeChecksum accepted crc16")
	}
	if err := pl.ComputeChecksum("CRC64NVME"); err != nil {
		t.Fatal(err)
	}
	if alg, _ := pl.Checksum(); alg != "" {
		t.Errorf("Checksum before EOF = %q", alg)
	}
	if _, err := io.ReadAll(pl); err != nil {
		t.Fatal(err)
	}
	if alg, v := pl.Checksum(); alg != "CRC64NVME" || v != "rosUhgp5mIg=" {
		t.Errorf("Checksum = %s %s, want CRC64NVME of 123456789", alg, v)
	}
	if err := pl.ComputeChecksum("CRC32"); err == nil {
		t.Error("ComputeChecksum after reading succeeded")
	}
	// With a checksum of its own, the request's is kept.
	r = s3Put(t, body, "", map[string]string{"X-Amz-Checksum-Sha256": checksumOf("SHA256", body)})
	p, _ = Parse(r)
	pl, _ = VerifyStreaming(r, p, SigningKey(testSecret, p.Date, p.Region, p.Service), testTime)
	if err := pl.ComputeChecksum("CRC64NVME"); err != nil {
		t.Fatal(err)
	}
	io.ReadAll(pl)
	if alg, v := pl.Checksum(); alg != "SHA256" || v != checksumOf("SHA256", body) {
		t.Errorf("Checksum = %s %s", alg, v)
	}
}

func TestCRC64NVME(t *testing.T) {
	t.Parallel()
	h := newCRC64NVME()
	h.Write([]byte("123456789"))
	if got := h.Sum(nil); string(got) != "\xae\x8b\x14\x86\x0a\x79\x98\x88" {
		t.Fatalf("CRC-64/NVME(123456789) = %x, want ae8b14860a799888", got)
	}
	table := crc64.MakeTable(crc64NVMEPoly)
	for _, n := range []int{0, 1, 7, 8, 9, 63, 64, 2047, 2048, 100000} {
		b := testBody(n)
		h := newCRC64NVME()
		// Written in uneven pieces, the sum is that of the whole.
		for rest := b; len(rest) > 0; {
			k := min(len(rest), 1+len(rest)/3)
			h.Write(rest[:k])
			rest = rest[k:]
		}
		want := crc64.Checksum(b, table)
		if got := h.(*crc64NVME).crc; got != want {
			t.Errorf("%d bytes: %x, hash/crc64 says %x", n, got, want)
		}
	}
}

func TestPayloadFormString(t *testing.T) {
	t.Parallel()
	for f, want := range map[PayloadForm]string{PayloadSHA256: "SHA256", PayloadUnsigned: UnsignedPayload, PayloadStreaming: StreamingPayload,
		PayloadStreamingTrailer: StreamingPayloadTrailer, PayloadStreamingUnsignedTrailer: StreamingUnsignedPayloadTrailer, 0: "PayloadForm(0)"} {
		if f.String() != want {
			t.Errorf("%d.String() = %q", f, f.String())
		}
	}
}

// repeatReader yields prefix, then pattern forever.
type repeatReader struct {
	prefix, pattern []byte
	off             int
}

func (r *repeatReader) Read(b []byte) (int, error) {
	n := 0
	for n < len(b) {
		if len(r.prefix) > 0 {
			k := copy(b[n:], r.prefix)
			r.prefix = r.prefix[k:]
			n += k
			continue
		}
		k := copy(b[n:], r.pattern[r.off:])
		r.off = (r.off + k) % len(r.pattern)
		n += k
	}
	return n, nil
}

// TestChunkedBoundedMemory feeds hostile aws-chunked bodies of 64 MiB and
// checks that the decoder fails without buffering them.
func TestChunkedBoundedMemory(t *testing.T) {
	tests := []struct {
		name            string
		prefix, pattern string
		code            string
	}{
		{"endless chunk header", "", "1", CodeIncompleteBody},
		{"endless chunk", "7fffffffffffffff\r\n", "data", CodeIncompleteBody},
		{"endless trailers", "0\r\n", "x-amz-checksum-crc32:AAAAAA==\r\n", CodeMalformedTrailer},
		{"endless trailer line", "0\r\n", "x", CodeIncompleteBody},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := httptest.NewRequest(http.MethodPut, "http://h/b/k", nil)
			r.Header.Set("X-Amz-Content-Sha256", StreamingUnsignedPayloadTrailer)
			r.Header.Set("X-Amz-Trailer", "x-amz-checksum-crc32")
			if err := Sign(r, nil, testAKID, testSecret, "", "us-east-1", "s3", testTime); err != nil {
				t.Fatal(err)
			}
			pattern := bytes.Repeat([]byte(tt.pattern), 1+4096/len(tt.pattern))
			r.Body = io.NopCloser(io.LimitReader(&repeatReader{prefix: []byte(tt.prefix), pattern: pattern}, 64<<20))
			p, _ := Parse(r)
			pl, err := VerifyStreaming(r, p, SigningKey(testSecret, p.Date, p.Region, p.Service), testTime)
			if err != nil {
				t.Fatal(err)
			}
			var before, after runtime.MemStats
			runtime.ReadMemStats(&before)
			_, err = io.CopyBuffer(io.Discard, pl, make([]byte, 32<<10))
			runtime.ReadMemStats(&after)
			wantCode(t, err, tt.code, "")
			if grew := after.TotalAlloc - before.TotalAlloc; grew > 1<<20 {
				t.Errorf("allocated %d bytes decoding a hostile body", grew)
			}
		})
	}
}
