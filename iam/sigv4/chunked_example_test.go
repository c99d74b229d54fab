package sigv4

import (
	"bufio"
	"bytes"
	"crypto/md5"
	"errors"
	"io"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"
)

// AWS's worked examples of chunked uploads, from the S3 API Reference pages
// "Signature Calculations for the Authorization Header: Transferring Payload
// in Multiple Chunks" and "Signature calculations for trailing headers":
// PUT examplebucket/chunkObject.txt, 66560 bytes of 'a' in chunks of 65536,
// 1024 and 0 bytes, signed on 2013-05-24 with AWS's example key.
const (
	exampleAccessKey = "AKIAIOSFODNN7EXAMPLE"
	exampleSecret    = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"
	exampleSize      = 66560

	exampleSeed = "4f232c4386841ef735655705268965c44a0e4690baa4adea153f7db9fa80a0a9"
	// exampleChunks are the signatures of the three chunks.
	exampleChunk1 = "ad80c730a21e5b8d04586a2213dd63b9a0e99e0e2307b0ade35a65485a288648"
	exampleChunk2 = "0055627c9e194cb4542bae2aa5492e3c1575bbb81b612b7d234b86a503ef5497"
	exampleChunk3 = "b6c6ea8a5354eaf15b3cb7646744f4275b71ea724fed81ceb9323e279d449df9"

	trailerSeed   = "106e2a8a18243abcf37539882f36619c00e2dfc72633413f02d3b74544bfeb8e"
	trailerChunk1 = "b474d8862b1487a5145d686f57f013e54db672cee1c953b3010fb58501ef5aa2"
	trailerChunk2 = "1c1344b170168f8e65b41376b44b20fe354e373826ccbbe2c1d40a8cae51e5c7"
	trailerChunk3 = "2ca2aba2005185cf7159c6277faf83795951dd77a3a99e6e65d5c9f85863f992"
	trailerCRC32C = "sOO8/Q=="
	trailerSig    = "d81f82fc3505edab99d459891051a732e8730629a2e4a59689829ca17fe2e435"
)

var exampleTime = time.Date(2013, 5, 24, 0, 0, 0, 0, time.UTC)

// exampleBody returns the aws-chunked body with the given chunk signatures
// and, when trailer is not empty, the trailing lines that follow the last
// chunk.
func exampleBody(sigs [3]string, trailer string) []byte {
	var b bytes.Buffer
	for i, size := range []int{65536, 1024, 0} {
		b.WriteString(strconv.FormatInt(int64(size), 16) + ";chunk-signature=" + sigs[i] + "\r\n")
		if size > 0 {
			b.Write(bytes.Repeat([]byte("a"), size))
			b.WriteString("\r\n")
		}
	}
	if trailer != "" {
		b.WriteString(trailer)
	} else {
		b.WriteString("\r\n")
	}
	return b.Bytes()
}

// exampleRequest returns the example's request as a server reads it off
// the wire. trailer selects the trailing-header example.
func exampleRequest(t testing.TB, body []byte, trailer bool) *http.Request {
	t.Helper()
	var head string
	if trailer {
		head = "PUT /examplebucket/chunkObject.txt HTTP/1.1\r\n" +
			"Host: s3.amazonaws.com\r\n" +
			"x-amz-date: 20130524T000000Z\r\n" +
			"x-amz-storage-class: REDUCED_REDUNDANCY\r\n" +
			"Authorization: AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request," +
			"SignedHeaders=content-encoding;host;x-amz-content-sha256;x-amz-date;x-amz-decoded-content-length;" +
			"x-amz-storage-class;x-amz-trailer,Signature=" + trailerSeed + "\r\n" +
			"x-amz-content-sha256: STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER\r\n" +
			"Content-Encoding: aws-chunked\r\n" +
			"x-amz-decoded-content-length: 66560\r\n" +
			"x-amz-trailer: x-amz-checksum-crc32c\r\n"
	} else {
		head = "PUT /examplebucket/chunkObject.txt HTTP/1.1\r\n" +
			"Host: s3.amazonaws.com\r\n" +
			"x-amz-date: 20130524T000000Z\r\n" +
			"x-amz-storage-class: REDUCED_REDUNDANCY\r\n" +
			"Authorization: AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request," +
			"SignedHeaders=content-encoding;content-length;host;x-amz-content-sha256;x-amz-date;" +
			"x-amz-decoded-content-length;x-amz-storage-class,Signature=" + exampleSeed + "\r\n" +
			"x-amz-content-sha256: STREAMING-AWS4-HMAC-SHA256-PAYLOAD\r\n" +
			"Content-Encoding: aws-chunked\r\n" +
			"x-amz-decoded-content-length: 66560\r\n"
	}
	length := len(body)
	if !trailer {
		length = 66824 // as signed; the example's body is exactly this long
	}
	raw := head + "Content-Length: " + strconv.Itoa(length) + "\r\n\r\n" + string(body)
	r, err := http.ReadRequest(bufio.NewReader(strings.NewReader(raw)))
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// readPayload parses and verifies r with the example key and reads its
// payload, returning the payload, the data read and the first error.
func readPayload(t testing.TB, r *http.Request, secret string, now time.Time) (*Payload, []byte, error) {
	t.Helper()
	p, err := Parse(r)
	if err != nil {
		return nil, nil, err
	}
	pl, err := VerifyStreaming(r, p, SigningKey(secret, p.Date, p.Region, p.Service), now)
	if err != nil {
		return nil, nil, err
	}
	data, err := io.ReadAll(pl)
	return pl, data, err
}

func TestAWSChunkedExample(t *testing.T) {
	t.Parallel()
	body := exampleBody([3]string{exampleChunk1, exampleChunk2, exampleChunk3}, "")
	if len(body) != 66824 {
		t.Fatalf("example body is %d bytes, AWS's Content-Length is 66824", len(body))
	}
	pl, data, err := readPayload(t, exampleRequest(t, body, false), exampleSecret, exampleTime)
	if err != nil {
		t.Fatalf("AWS's example: %v", err)
	}
	want := bytes.Repeat([]byte("a"), exampleSize)
	if !bytes.Equal(data, want) {
		t.Fatalf("decoded %d bytes, want %d of 'a'", len(data), exampleSize)
	}
	sum := md5.Sum(want)
	if !bytes.Equal(pl.MD5(), sum[:]) || pl.Size() != exampleSize || pl.DecodedLength() != exampleSize ||
		pl.Form() != PayloadStreaming || !pl.Verified() || pl.Trailers() != nil || pl.ContentEncoding() != "" {
		t.Errorf("payload = form %v size %d declared %d md5 %x verified %v trailers %v encoding %q",
			pl.Form(), pl.Size(), pl.DecodedLength(), pl.MD5(), pl.Verified(), pl.Trailers(), pl.ContentEncoding())
	}
	if alg, v := pl.Checksum(); alg != "" || v != "" {
		t.Errorf("Checksum = %q %q, want none", alg, v)
	}
}

// TestAWSChunkedExampleEncoder checks that the encoder chains the example's
// chunk signatures from its seed.
func TestAWSChunkedExampleEncoder(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name, seed, trailer string
		want                []byte
	}{
		{"chunks", exampleSeed, "", exampleBody([3]string{exampleChunk1, exampleChunk2, exampleChunk3}, "")},
		{"trailer", trailerSeed, "x-amz-checksum-crc32c:" + trailerCRC32C, exampleBody(
			[3]string{trailerChunk1, trailerChunk2, trailerChunk3},
			"x-amz-checksum-crc32c:"+trailerCRC32C+"\r\nx-amz-trailer-signature:"+trailerSig+"\r\n\r\n")},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			e := chunkEncoder{signed: true, key: SigningKey(exampleSecret, "20130524", "us-east-1", "s3"),
				time: "20130524T000000Z", scope: "20130524/us-east-1/s3/aws4_request", prev: tc.seed}
			got := e.encode(bytes.Repeat([]byte("a"), exampleSize), 65536, tc.trailer)
			if !bytes.Equal(got, tc.want) {
				t.Errorf("encoded body differs from AWS's example")
			}
		})
	}
}

func TestAWSTrailerExample(t *testing.T) {
	t.Parallel()
	sigs := [3]string{trailerChunk1, trailerChunk2, trailerChunk3}
	trailer := "x-amz-checksum-crc32c:" + trailerCRC32C + "\r\nx-amz-trailer-signature:" + trailerSig + "\r\n"
	for _, tc := range []struct{ name, trailer string }{
		{"with final empty line", trailer + "\r\n"},
		// The example page shows the trailers after an empty line and
		// without the final one; accept that layout too.
		{"as printed", "\r\n" + trailer},
		{"without final empty line", trailer},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			pl, data, err := readPayload(t, exampleRequest(t, exampleBody(sigs, tc.trailer), true), exampleSecret, exampleTime)
			if err != nil {
				t.Fatalf("AWS's trailer example: %v", err)
			}
			if len(data) != exampleSize || pl.Form() != PayloadStreamingTrailer {
				t.Fatalf("decoded %d bytes as %v", len(data), pl.Form())
			}
			if alg, v := pl.Checksum(); alg != "CRC32C" || v != trailerCRC32C {
				t.Errorf("Checksum = %q %q, want CRC32C %s", alg, v, trailerCRC32C)
			}
			if got := pl.Trailers(); len(got) != 1 || got.Get("x-amz-checksum-crc32c") != trailerCRC32C {
				t.Errorf("Trailers = %v", got)
			}
		})
	}
}

// TestAWSExampleTampered checks that every change to the examples' bodies is
// caught with S3's error, and the data of a bad chunk is never followed by
// io.EOF.
func TestAWSExampleTampered(t *testing.T) {
	t.Parallel()
	good := [3]string{exampleChunk1, exampleChunk2, exampleChunk3}
	flip := func(b []byte, i int) []byte { b[i] ^= 1; return b }
	body := func() []byte { return exampleBody(good, "") }
	header := len("10000;chunk-signature=") + 64 + 2
	tests := []struct {
		name string
		body []byte
		code string
	}{
		{"first chunk data", flip(body(), header+100), CodeSignatureDoesNotMatch},
		{"second chunk data", flip(body(), header+65536+2+len("400;chunk-signature=")+64+2+5), CodeSignatureDoesNotMatch},
		{"first chunk signature", exampleBody([3]string{exampleChunk2, exampleChunk2, exampleChunk3}, ""), CodeSignatureDoesNotMatch},
		{"chunks reordered", exampleBody([3]string{exampleChunk1, exampleChunk3, exampleChunk2}, ""), CodeSignatureDoesNotMatch},
		{"final signature", exampleBody([3]string{exampleChunk1, exampleChunk2, exampleChunk1}, ""), CodeSignatureDoesNotMatch},
		{"signature upper case", exampleBody([3]string{strings.ToUpper(exampleChunk1), exampleChunk2, exampleChunk3}, ""),
			CodeSignatureDoesNotMatch},
		{"signature short", exampleBody([3]string{exampleChunk1[:63], exampleChunk2, exampleChunk3}, ""), CodeSignatureDoesNotMatch},
		{"signature long", exampleBody([3]string{exampleChunk1 + "0", exampleChunk2, exampleChunk3}, ""), CodeSignatureDoesNotMatch},
		{"crlf after data", flip(body(), header+65536), CodeIncompleteBody},
		{"truncated in data", body()[:header+1000], CodeIncompleteBody},
		{"truncated in header", body()[:header-10], CodeIncompleteBody},
		{"no final chunk", body()[:header+65536+2], CodeIncompleteBody},
		{"trailer after final chunk", append(body()[:len(body())-2], "x-amz-meta-a:b\r\n\r\n"...), CodeMalformedTrailer},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			r := exampleRequest(t, tt.body, false)
			r.ContentLength = int64(len(tt.body))
			r.Body = io.NopCloser(bytes.NewReader(tt.body))
			_, _, err := readPayload(t, r, exampleSecret, exampleTime)
			if err == nil {
				t.Fatal("tampered body verified")
			}
			wantCode(t, err, tt.code, "")
		})
	}
}

func TestAWSTrailerExampleTampered(t *testing.T) {
	t.Parallel()
	sigs := [3]string{trailerChunk1, trailerChunk2, trailerChunk3}
	sig := "x-amz-trailer-signature:" + trailerSig + "\r\n"
	tests := []struct {
		name, trailer, code, message string
	}{
		{"checksum changed", "x-amz-checksum-crc32c:sOO8/A==\r\n" + sig + "\r\n", CodeSignatureDoesNotMatch, s3SignatureDoesNotMatch},
		{"signature missing", "x-amz-checksum-crc32c:" + trailerCRC32C + "\r\n\r\n", CodeMalformedTrailer, ""},
		{"checksum missing", sig + "\r\n", CodeMalformedTrailer, ""},
		{"other trailer", "x-amz-checksum-crc32:" + trailerCRC32C + "\r\n" + sig + "\r\n", CodeMalformedTrailer, ""},
		{"signature first", sig + "x-amz-checksum-crc32c:" + trailerCRC32C + "\r\n\r\n", CodeMalformedTrailer, ""},
		{"no colon", "x-amz-checksum-crc32c " + trailerCRC32C + "\r\n" + sig + "\r\n", CodeMalformedTrailer, ""},
		{"repeated", "x-amz-checksum-crc32c:" + trailerCRC32C + "\r\nx-amz-checksum-crc32c:" + trailerCRC32C + "\r\n" + sig + "\r\n",
			CodeMalformedTrailer, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			_, _, err := readPayload(t, exampleRequest(t, exampleBody(sigs, tt.trailer), true), exampleSecret, exampleTime)
			var e *Error
			if !errors.As(err, &e) {
				t.Fatalf("err = %v, want %s", err, tt.code)
			}
			wantCode(t, err, tt.code, tt.message)
		})
	}
}

func TestAWSExampleSeed(t *testing.T) {
	t.Parallel()
	body := exampleBody([3]string{exampleChunk1, exampleChunk2, exampleChunk3}, "")
	tests := []struct {
		name   string
		tamper func(r *http.Request)
		secret string
		now    time.Time
		code   string
	}{
		{name: "wrong secret", secret: "x", now: exampleTime, code: CodeSignatureDoesNotMatch},
		{name: "decoded length", secret: exampleSecret, now: exampleTime, code: CodeSignatureDoesNotMatch,
			tamper: func(r *http.Request) { r.Header.Set("X-Amz-Decoded-Content-Length", "66559") }},
		{name: "storage class", secret: exampleSecret, now: exampleTime, code: CodeSignatureDoesNotMatch,
			tamper: func(r *http.Request) { r.Header.Set("X-Amz-Storage-Class", "STANDARD") }},
		{name: "payload form", secret: exampleSecret, now: exampleTime, code: CodeSignatureDoesNotMatch,
			tamper: func(r *http.Request) { r.Header.Set("X-Amz-Content-Sha256", StreamingUnsignedPayloadTrailer) }},
		{name: "an hour later", secret: exampleSecret, now: exampleTime.Add(time.Hour), code: CodeRequestTimeTooSkewed},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			r := exampleRequest(t, body, false)
			if tt.tamper != nil {
				tt.tamper(r)
			}
			_, _, err := readPayload(t, r, tt.secret, tt.now)
			wantCode(t, err, tt.code, "")
		})
	}
}
