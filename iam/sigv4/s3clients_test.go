package sigv4

import (
	"bytes"
	"crypto/md5"
	"encoding/hex"
	"encoding/json"
	"encoding/pem"
	"errors"
	"flag"
	"fmt"
	"html"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"
)

// s3Stub stands in for S3: it verifies every request with VerifyStreaming,
// reads the payload, records what it saw and answers as S3 does for
// PutObject and GetObject, or with S3's XML error.
type s3Stub struct {
	secret string
	now    func() time.Time

	mu   sync.Mutex
	seen []s3Call
}

// s3Call is one request the stub received.
type s3Call struct {
	Method, Key string
	URL, Host   string // the request URI and Host as received
	Header      http.Header
	Raw         []byte // the body as received, before decoding
	Form        PayloadForm
	Data        []byte
	Checksum    string // algorithm:value
	Trailers    http.Header
	Code        string // the error code answered, "" for success
}

func (s *s3Stub) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	c := s3Call{Method: r.Method, Key: r.URL.Path, URL: r.URL.RequestURI(), Host: r.Host, Header: r.Header.Clone()}
	var raw bytes.Buffer
	r.Body = io.NopCloser(io.TeeReader(r.Body, &raw))
	if r.ContentLength == 0 && strings.EqualFold(r.Header.Get("Expect"), "100-continue") {
		// net/http sends 100 Continue only when a handler reads a body.
		// botocore, which sends Expect on every PutObject, keeps the status
		// of an early final response for the next request on the
		// connection, which then waits out its read timeout.
		w.WriteHeader(http.StatusContinue)
	}
	var pl *Payload
	err := func() error {
		p, err := Parse(r)
		if err != nil {
			return err
		}
		if p.Service != "s3" {
			return ScopeError("s3")
		}
		if pl, err = VerifyStreaming(r, p, SigningKey(s.secret, p.Date, p.Region, p.Service), s.now()); err != nil {
			return err
		}
		c.Form = pl.Form()
		c.Data, err = io.ReadAll(pl)
		alg, v := pl.Checksum()
		c.Checksum, c.Trailers = alg+":"+v, pl.Trailers()
		return err
	}()
	if err != nil {
		var e *Error
		if !errors.As(err, &e) {
			e = &Error{Code: "InternalError", Message: err.Error(), Status: 500}
		}
		c.Code = e.Code
		w.Header().Set("Content-Type", "application/xml")
		w.WriteHeader(e.Status)
		fmt.Fprintf(w, `<?xml version="1.0" encoding="UTF-8"?>`+"\n<Error><Code>%s</Code><Message>%s</Message><RequestId>r</RequestId></Error>",
			e.Code, html.EscapeString(e.Message))
	} else {
		w.Header().Set("ETag", `"`+hex.EncodeToString(pl.MD5())+`"`)
		if r.Method == http.MethodGet {
			w.Header().Set("Content-Length", "6")
			io.WriteString(w, "object")
		}
	}
	c.Raw = raw.Bytes()
	s.mu.Lock()
	s.seen = append(s.seen, c)
	s.mu.Unlock()
}

func (s *s3Stub) calls() []s3Call {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]s3Call(nil), s.seen...)
}

// call returns the recorded call of key, failing the test if there is none.
func (s *s3Stub) call(t *testing.T, key string) s3Call {
	t.Helper()
	for _, c := range s.calls() {
		if c.Key == key {
			return c
		}
	}
	t.Fatalf("no request for %s among %d", key, len(s.calls()))
	return s3Call{}
}

var updateCaptures = flag.Bool("update-captures", false, "rewrite testdata/captured from real clients")

// capturedRequest is a recorded request of a real client, replayed by
// TestCapturedRequests.
type capturedRequest struct {
	Client  string      `json:"client"`
	Method  string      `json:"method"`
	URL     string      `json:"url"`
	Host    string      `json:"host"`
	Header  http.Header `json:"header"`
	Body    []byte      `json:"body"`
	Form    string      `json:"form"`
	Decoded int         `json:"decoded"`
}

// saveCaptures writes the successful calls of stub to testdata/captured
// when -update-captures is set.
func saveCaptures(t *testing.T, client string, stub *s3Stub) {
	t.Helper()
	if !*updateCaptures {
		return
	}
	for _, c := range stub.calls() {
		if c.Code != "" || c.Method != http.MethodPut {
			continue
		}
		b, err := json.MarshalIndent(capturedRequest{client, c.Method, c.URL, c.Host, c.Header, c.Raw, c.Form.String(), len(c.Data)}, "", "  ")
		if err != nil {
			t.Fatal(err)
		}
		name := client + strings.NewReplacer("/bucket/", "-", "/", "-", " ", "-", ".", "-").Replace(c.Key) + ".json"
		if err := os.WriteFile(filepath.Join("testdata", "captured", name), append(b, '\n'), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// TestCapturedRequests replays the requests real clients sent (see
// -update-captures): each verifies at its own time, and fails once a byte
// of its body changes.
func TestCapturedRequests(t *testing.T) {
	t.Parallel()
	files, _ := filepath.Glob("testdata/captured/*.json")
	if len(files) == 0 {
		t.Fatal("no captured requests")
	}
	for _, f := range files {
		t.Run(filepath.Base(f), func(t *testing.T) {
			t.Parallel()
			data, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			var c capturedRequest
			if err := json.Unmarshal(data, &c); err != nil {
				t.Fatal(err)
			}
			replay := func(body []byte) (*Payload, []byte, error) {
				r := httptest.NewRequest(c.Method, c.URL, bytes.NewReader(body))
				r.Host = c.Host
				r.Header = c.Header.Clone()
				if r.Header.Get("Transfer-Encoding") != "" || len(r.Header["Content-Length"]) == 0 {
					r.ContentLength = -1
				}
				p, err := Parse(r)
				if err != nil {
					return nil, nil, err
				}
				return readPayload(t, r, testSecret, p.Time)
			}
			pl, decoded, err := replay(c.Body)
			if err != nil {
				t.Fatalf("%s: %v", c.Client, err)
			}
			if pl.Form().String() != c.Form || len(decoded) != c.Decoded {
				t.Errorf("%v, %d bytes; captured %s, %d bytes", pl.Form(), len(decoded), c.Form, c.Decoded)
			}
			if len(c.Body) == 0 {
				return
			}
			tampered := bytes.Clone(c.Body)
			tampered[len(tampered)/2] ^= 1
			if _, _, err := replay(tampered); err == nil {
				t.Errorf("a changed body verified")
			}
		})
	}
}

// startS3Stub starts the stub over HTTP, or HTTPS with the certificate
// written to a PEM file whose path it returns.
func startS3Stub(t *testing.T, tls bool) (*s3Stub, *httptest.Server, string) {
	stub := &s3Stub{secret: testSecret, now: time.Now}
	if !tls {
		srv := httptest.NewServer(stub)
		t.Cleanup(srv.Close)
		return stub, srv, ""
	}
	srv := httptest.NewTLSServer(stub)
	t.Cleanup(srv.Close)
	ca := filepath.Join(t.TempDir(), "ca.pem")
	if err := os.WriteFile(ca, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: srv.Certificate().Raw}), 0o600); err != nil {
		t.Fatal(err)
	}
	return stub, srv, ca
}

// needBoto3 skips the test without python3 and boto3, unless CI=true.
func needBoto3(t *testing.T) {
	t.Helper()
	if testing.Short() {
		t.Skip("short")
	}
	if err := exec.Command("python3", "-c", "import boto3").Run(); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("python3 with boto3 is required in CI: %v", err)
		}
		t.Skipf("python3 with boto3 unavailable: %v", err)
	}
}

func runS3Client(t *testing.T, args ...string) string {
	t.Helper()
	cmd := exec.Command("python3", append([]string{"testdata/s3_client.py"}, args...)...)
	cmd.Env = append(os.Environ(), "AWS_CONFIG_FILE=/dev/null", "AWS_SHARED_CREDENTIALS_FILE=/dev/null",
		"AWS_REQUEST_CHECKSUM_CALCULATION=when_supported")
	out, err := cmd.Output()
	if err != nil {
		var stderr []byte
		if ee, ok := err.(*exec.ExitError); ok {
			stderr = ee.Stderr
		}
		t.Fatalf("s3_client.py %s: %v\n%s%s", args[0], err, out, stderr)
	}
	return string(out)
}

// TestBoto3Uploads records the uploads boto3 sends, over HTTP (payload hash
// and x-amz-checksum-crc32 header) and over TLS (STREAMING-UNSIGNED-
// PAYLOAD-TRAILER with a trailing CRC32), and verifies each end to end.
func TestBoto3Uploads(t *testing.T) {
	t.Parallel()
	needBoto3(t)
	for _, tls := range []bool{false, true} {
		t.Run(map[bool]string{false: "http", true: "https"}[tls], func(t *testing.T) {
			t.Parallel()
			stub, srv, ca := startS3Stub(t, tls)
			args := []string{"put", srv.URL, testAKID, testSecret}
			if ca != "" {
				args = append(args, ca)
			}
			out := runS3Client(t, args...)
			want := "put_object ok\nput_object empty ok\nput_object file ok\nput_object sha256 ok\nput_object md5 ok\nupload_fileobj ok\n"
			if out != want {
				t.Fatalf("boto3 said:\n%s\nwant:\n%s", out, want)
			}
			small := stub.call(t, "/bucket/small.txt")
			if string(small.Data) != "hello, world\n" || small.Checksum != "CRC32:"+checksumOf("CRC32", []byte("hello, world\n")) {
				t.Errorf("put_object: data %q checksum %s", small.Data, small.Checksum)
			}
			if tls {
				if small.Form != PayloadStreamingUnsignedTrailer || small.Trailers.Get("X-Amz-Checksum-Crc32") == "" {
					t.Errorf("put_object over TLS: form %v trailers %v, want a trailing checksum", small.Form, small.Trailers)
				}
			} else if small.Form != PayloadSHA256 || small.Header.Get("X-Amz-Checksum-Crc32") == "" {
				t.Errorf("put_object over HTTP: form %v, want a payload hash and a checksum header", small.Form)
			}
			if c := stub.call(t, "/bucket/file.bin"); len(c.Data) != 10000 {
				t.Errorf("put_object file: %d bytes", len(c.Data))
			}
			if c := stub.call(t, "/bucket/sha.txt"); c.Checksum != "SHA256:"+checksumOf("SHA256", []byte("checked")) {
				t.Errorf("put_object sha256: checksum %s", c.Checksum)
			}
			if c := stub.call(t, "/bucket/md5.txt"); c.Header.Get("Content-Md5") == "" {
				t.Errorf("put_object md5: no Content-MD5 sent")
			}
			if c := stub.call(t, "/bucket/up.txt"); string(c.Data) != strings.Repeat("uploaded ", 100) {
				t.Errorf("upload_fileobj: data %q", c.Data)
			}
			for _, c := range stub.calls() {
				t.Logf("%s %s: %v %s", c.Method, c.Key, c.Form, c.Checksum)
			}
			saveCaptures(t, "boto3-"+map[bool]string{false: "http", true: "https"}[tls], stub)
		})
	}
	t.Run("wrong secret", func(t *testing.T) {
		t.Parallel()
		_, srv, _ := startS3Stub(t, false)
		out := runS3Client(t, "put", srv.URL, testAKID, "not-the-secret")
		for line := range strings.SplitSeq(strings.TrimSpace(out), "\n") {
			if !strings.HasSuffix(line, " "+CodeSignatureDoesNotMatch) {
				t.Errorf("with a wrong secret: %s", line)
			}
		}
	})
}

// TestBoto3Presigned verifies S3 presigned URLs that botocore generated at a
// fixed time, for keys that need escaping, and their expiry.
func TestBoto3Presigned(t *testing.T) {
	t.Parallel()
	needBoto3(t)
	out := runS3Client(t, "presign", "http://127.0.0.1:9000", testAKID, testSecret)
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if len(lines) != 11 {
		t.Fatalf("presigned URLs:\n%s", out)
	}
	for _, line := range lines {
		method, u, _ := strings.Cut(line, " ")
		t.Run(method+" "+u[:min(len(u), 60)], func(t *testing.T) {
			t.Parallel()
			verifyPresigned(t, method, u, testTime)
		})
	}
}

// verifyPresigned checks a presigned URL signed at signed: it verifies with
// VerifyStreaming (a PUT with a body) and with Verify until its expiry, is
// refused one second after, and refused with another key or method.
func verifyPresigned(t *testing.T, method, u string, signed time.Time) {
	t.Helper()
	request := func(method, u string) *http.Request {
		var body io.Reader
		if method == http.MethodPut {
			body = strings.NewReader("uploaded through a presigned URL")
		}
		return httptest.NewRequest(method, u, body)
	}
	read := func(r *http.Request, now time.Time) error {
		_, data, err := readPayload(t, r, testSecret, now)
		if err == nil && method == http.MethodPut && string(data) != "uploaded through a presigned URL" {
			t.Errorf("read %q", data)
		}
		return err
	}
	r := request(method, u)
	p, err := Parse(r)
	if err != nil {
		t.Fatalf("Parse: %v", err)
	}
	if !p.Presigned || p.Service != "s3" || p.Expires < time.Second {
		t.Fatalf("Parse = %+v", p)
	}
	expiry := signed.Add(p.Expires)
	for _, now := range []time.Time{signed, expiry} {
		if err := read(request(method, u), now); err != nil {
			t.Errorf("VerifyStreaming at %v: %v", now, err)
		}
		r := request(method, u)
		body, _ := io.ReadAll(r.Body)
		if err := Verify(r, p, testSecret, body, now); err != nil {
			t.Errorf("Verify at %v: %v", now, err)
		}
	}
	wantCode(t, read(request(method, u), expiry.Add(time.Second)), CodeAccessDenied, "Request has expired")
	other := map[string]string{http.MethodGet: http.MethodPut, http.MethodPut: http.MethodGet}[method]
	wantCode(t, read(request(other, u), signed), CodeSignatureDoesNotMatch, s3SignatureDoesNotMatch)
	i := strings.Index(u, "?")
	wantCode(t, read(request(method, u[:i]+"x"+u[i:]), signed), CodeSignatureDoesNotMatch, s3SignatureDoesNotMatch)
	noExpires := strings.NewReplacer("X-Amz-Expires=", "X-Amz-Expirez=").Replace(u)
	wantCode(t, read(request(method, noExpires), signed), CodeAuthorizationQueryParametersError, "")
	tooLong := regexp.MustCompile(`X-Amz-Expires=[0-9]+`).ReplaceAllString(u, "X-Amz-Expires=604801")
	_, err = Parse(request(method, tooLong))
	wantCode(t, err, CodeIncompleteSignature, "X-Amz-Expires must be less than a week (in seconds) that is, "+
		"the given X-Amz-Expires must be less than 604800 seconds")
}

// TestPresignS3 checks the package's own presigned S3 URLs the same way.
func TestPresignS3(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		method, url string
		expires     time.Duration
	}{
		{http.MethodGet, "http://127.0.0.1:9000/bucket/a%20b%2Bc/%C3%BC.txt", time.Hour},
		{http.MethodPut, "http://127.0.0.1:9000/bucket/upload.bin", 7 * 24 * time.Hour},
		{http.MethodGet, "http://127.0.0.1:9000/bucket/k?versionId=v1&response-content-type=text%2Fplain", time.Second},
	} {
		t.Run(tc.method+" "+tc.url, func(t *testing.T) {
			t.Parallel()
			u, err := Presign(httptest.NewRequest(tc.method, tc.url, nil), testAKID, testSecret, "", "us-east-1", "s3", testTime, tc.expires)
			if err != nil {
				t.Fatal(err)
			}
			verifyPresigned(t, tc.method, u, testTime)
		})
	}
}

// TestPresignedNotYetValid checks S3's answer to a URL signed in the future.
func TestPresignedNotYetValid(t *testing.T) {
	t.Parallel()
	u, _ := Presign(httptest.NewRequest(http.MethodGet, "http://h/b/k", nil), testAKID, testSecret, "", "us-east-1", "s3", testTime, time.Hour)
	_, _, err := readPayload(t, httptest.NewRequest(http.MethodGet, u, nil), testSecret, testTime.Add(-16*time.Minute))
	wantCode(t, err, CodeAccessDenied, "Request is not yet valid")
	e := err.(*Error)
	if len(e.Details) != 3 || e.Details[0] != (Detail{"X-Amz-Date", fmt.Sprint(testTime.UnixMilli())}) ||
		e.Details[1] != (Detail{"Expires", "2026-01-02T04:04:05Z"}) {
		t.Errorf("details %v", e.Details)
	}
	_, _, err = readPayload(t, httptest.NewRequest(http.MethodGet, u, nil), testSecret, testTime.Add(2*time.Hour))
	e = err.(*Error)
	if len(e.Details) != 3 || e.Details[0] != (Detail{"X-Amz-Expires", "3600"}) || e.Details[2] != (Detail{"ServerTime", "2026-01-02T05:04:05Z"}) {
		t.Errorf("expired details %v", e.Details)
	}
}

// TestPresignedEmptyHash checks a presigned PUT that signed the empty body's
// hash instead of UNSIGNED-PAYLOAD: it verifies only with an empty body.
func TestPresignedEmptyHash(t *testing.T) {
	t.Parallel()
	date := testTime.Format(dateFormat)
	scope := date + "/us-east-1/s3/aws4_request"
	q := "X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=" + escape(testAKID+"/"+scope) +
		"&X-Amz-Date=" + testTime.Format(timeFormat) + "&X-Amz-Expires=60&X-Amz-SignedHeaders=host"
	r := httptest.NewRequest(http.MethodPut, "http://h/b/k?"+q, nil)
	sig := signature(r, "s3", canonicalQuery(q, true), []string{"host"}, "host", emptySHA256, testTime, scope,
		SigningKey(testSecret, date, "us-east-1", "s3"))
	u := "http://h/b/k?" + q + "&X-Amz-Signature=" + sig
	pl, _, err := readPayload(t, httptest.NewRequest(http.MethodPut, u, nil), testSecret, testTime)
	if err != nil || pl.Form() != PayloadSHA256 {
		t.Fatalf("empty body: %v", err)
	}
	_, _, err = readPayload(t, httptest.NewRequest(http.MethodPut, u, strings.NewReader("data")), testSecret, testTime)
	wantCode(t, err, CodeXAmzContentSHA256Mismatch, "")
}

func md5Hex(b []byte) string {
	s := md5.Sum(b)
	return hex.EncodeToString(s[:])
}
