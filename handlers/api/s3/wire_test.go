package s3_test

import (
	"bufio"
	"bytes"
	"context"
	"crypto/md5"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"io"
	"net"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"iamconsole/handlers/api/apitest"
	"iamconsole/iam/sigv4"
	"iamconsole/store"
)

// wire sends signed S3 requests as Production's admin.
type wire struct {
	t          *testing.T
	e          *apitest.Env
	id, secret string
}

func newWire(t *testing.T) *wire {
	t.Helper()
	e := apitest.New(t, false)
	k, secret, err := e.Services.Identity.CreateAccessKey(context.Background(), apitest.Root(apitest.ProdAccount), "admin")
	if err != nil {
		t.Fatal(err)
	}
	return &wire{t: t, e: e, id: k.AccessKeyID, secret: secret}
}

func sha(b []byte) string {
	s := sha256.Sum256(b)
	return hex.EncodeToString(s[:])
}

// req builds a signed request with the body's SHA-256 as its payload hash.
func (w *wire) req(method, path string, body []byte, h map[string]string) *http.Request {
	w.t.Helper()
	r, err := http.NewRequest(method, w.e.Server.URL+path, bytes.NewReader(body))
	if err != nil {
		w.t.Fatal(err)
	}
	for k, v := range h {
		r.Header.Set(k, v)
	}
	if r.Header.Get("X-Amz-Content-Sha256") == "" {
		r.Header.Set("X-Amz-Content-Sha256", sha(body))
	}
	if err := sigv4.Sign(r, body, w.id, w.secret, "", "us-east-1", "s3", time.Now()); err != nil {
		w.t.Fatal(err)
	}
	return r
}

// do sends a signed request; S3 never answers bad input with a 5xx.
func (w *wire) do(method, path string, body []byte, h map[string]string) (int, string, http.Header) {
	w.t.Helper()
	st, b, hd := apitest.Do(w.t, w.req(method, path, body, h))
	if st >= 500 {
		w.t.Fatalf("%s %s = %d %s", method, path, st, b)
	}
	return st, b, hd
}

func (w *wire) usage() store.S3Usage {
	w.t.Helper()
	u, err := w.e.Store.S3Usage(context.Background())
	if err != nil {
		w.t.Fatal(err)
	}
	return u
}

// s3Normalizers hide what changes from run to run in S3's answers.
var s3Normalizers = []struct {
	re   *regexp.Regexp
	with string
}{
	{regexp.MustCompile(`\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z`), "2006-01-02T15:04:05.000Z"},
	{regexp.MustCompile(`<HostId>[^<]*</HostId>`), "<HostId>HOST-ID</HostId>"},
	{regexp.MustCompile(`<UploadId>[^<]*</UploadId>`), "<UploadId>UPLOAD-ID</UploadId>"},
}

// golden compares an XML answer with testdata, after hiding what changes
// from run to run (request IDs, host IDs, times, upload IDs).
func golden(t *testing.T, name, body string) {
	t.Helper()
	for _, n := range s3Normalizers {
		body = n.re.ReplaceAllString(body, n.with)
	}
	apitest.Golden(t, name, body)
}

func TestXMLShapes(t *testing.T) {
	t.Parallel()
	w := newWire(t)
	policy := `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:root"},"Action":"s3:GetObject","Resource":"arn:aws:s3:::productionapp/*"}]}`
	w.do("PUT", "/productionapp?policy", []byte(policy), nil)
	w.do("PUT", "/productionapp/tagged.txt", []byte("tagged"), map[string]string{"X-Amz-Tagging": "team=app&stage=prod"})
	cases := []struct {
		name, method, path, body string
		h                        map[string]string
		status                   int
	}{
		{"s3_list_buckets.xml", "GET", "/", "", nil, 200},
		{"s3_list_objects_v2_delimiter.xml", "GET", "/productionapp?list-type=2&delimiter=%2F", "", nil, 200},
		{"s3_list_objects_v2_paged.xml", "GET", "/productionapp?list-type=2&max-keys=2&prefix=releases%2F", "", nil, 200},
		{"s3_list_objects_v1.xml", "GET", "/productionapp?prefix=config%2F", "", nil, 200},
		{"s3_list_objects_url_encoded.xml", "GET", "/productionapp?list-type=2&encoding-type=url&prefix=releases%2F1.4.2%2F", "", nil, 200},
		{"s3_location.xml", "GET", "/productionapp?location", "", nil, 200},
		{"s3_policy_status.xml", "GET", "/productionapp?policyStatus", "", nil, 200},
		{"s3_public_access_block.xml", "GET", "/productionapp?publicAccessBlock", "", nil, 200},
		{"s3_object_tagging.xml", "GET", "/productionapp/tagged.txt?tagging", "", nil, 200},
		{"s3_no_such_key.xml", "GET", "/productionapp/no/such/key", "", nil, 404},
		{"s3_no_such_bucket.xml", "GET", "/no-such-bucket-here?list-type=2", "", nil, 404},
		{"s3_no_such_tag_set.xml", "GET", "/productionapp?tagging", "", nil, 404},
		{"s3_invalid_range.xml", "GET", "/productionapp/index.html", "", map[string]string{"Range": "bytes=5000-"}, 416},
		{"s3_malformed_xml.xml", "PUT", "/productionapp?tagging", "<Tagging><TagSet>", map[string]string{"Content-MD5": "x"}, 400},
		{"s3_key_too_long.xml", "PUT", "/productionapp/" + strings.Repeat("k", 1025), "x", nil, 400},
		{"s3_initiate_multipart.xml", "POST", "/productionapp/big.bin?uploads", "", nil, 200},
		{"s3_delete_result.xml", "POST", "/productionapp?delete", `<Delete><Object><Key>tagged.txt</Key></Object><Object><Key>never-there</Key></Object></Delete>`,
			map[string]string{"Content-MD5": md5b64(`<Delete><Object><Key>tagged.txt</Key></Object><Object><Key>never-there</Key></Object></Delete>`)}, 200},
		{"s3_copy_result.xml", "PUT", "/productionapp/copied.html", "", map[string]string{"X-Amz-Copy-Source": "/productionapp/index.html"}, 200},
		{"s3_bucket_already_exists.xml", "PUT", "/development-shared-builds", "", nil, 409},
		{"s3_method_not_allowed.xml", "POST", "/productionapp", "", nil, 405},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			st, body, h := w.do(tc.method, tc.path, []byte(tc.body), tc.h)
			if st != tc.status {
				t.Fatalf("%s %s = %d, want %d\n%s", tc.method, tc.path, st, tc.status, body)
			}
			if h.Get("x-amz-request-id") == "" || h.Get("x-amz-id-2") == "" {
				t.Errorf("missing x-amz-request-id or x-amz-id-2: %v", h)
			}
			golden(t, tc.name, body)
		})
	}
	// A HEAD error has no body; a policy comes back as it was written.
	st, body, _ := w.do("HEAD", "/productionapp/no/such/key", nil, nil)
	if st != 404 || body != "" {
		t.Errorf("HEAD of a missing key: %d %q", st, body)
	}
	if _, body, h := w.do("GET", "/productionapp?policy", nil, nil); body != policy || h.Get("Content-Type") != "application/json" {
		t.Errorf("GetBucketPolicy: %q %v", body, h)
	}
}

func md5b64(s string) string {
	sum := md5.Sum([]byte(s))
	return base64.StdEncoding.EncodeToString(sum[:])
}

// Hostile input gets S3's error, never a 5xx, and leaves nothing stored.
func TestBadInput(t *testing.T) {
	t.Parallel()
	w := newWire(t)
	before := w.usage()
	body := []byte("some body")
	cases := []struct {
		name, method, path string
		body               []byte
		h                  map[string]string
		status             int
		code               string
	}{
		{"1,025-byte key", "PUT", "/productionapp/" + strings.Repeat("k", 1025), body, nil, 400, "KeyTooLongError"},
		{"invalid UTF-8 key", "PUT", "/productionapp/bad%FF%FEkey", body, nil, 400, "InvalidURI"},
		{"wrong Content-MD5", "PUT", "/productionapp/md5", body, map[string]string{"Content-MD5": md5b64("other")}, 400, "BadDigest"},
		{"malformed Content-MD5", "PUT", "/productionapp/md5", body, map[string]string{"Content-MD5": "not-base64!"}, 400, "InvalidDigest"},
		{"wrong payload hash", "PUT", "/productionapp/sha", body, map[string]string{"X-Amz-Content-Sha256": sha([]byte("other"))}, 400, "XAmzContentSHA256Mismatch"},
		{"wrong checksum", "PUT", "/productionapp/crc", body, map[string]string{"X-Amz-Checksum-Crc32": "AAAAAA=="}, 400, "BadDigest"},
		{"oversize metadata", "PUT", "/productionapp/meta", body, map[string]string{"X-Amz-Meta-Big": strings.Repeat("m", 2050)}, 400, "MetadataTooLarge"},
		{"eleven tags", "PUT", "/productionapp/tags", body, map[string]string{"X-Amz-Tagging": "a=1&b=2&c=3&d=4&e=5&f=6&g=7&h=8&i=9&j=10&k=11"}, 400, "InvalidTag"},
		{"malformed policy", "PUT", "/productionapp?policy", []byte(`{"Statement":[{"Effect":"Allow"}]}`), nil, 400, "MalformedPolicy"},
		{"policy not JSON", "PUT", "/productionapp?policy", []byte(`nope`), nil, 400, "MalformedPolicy"},
		{"malformed tagging XML", "PUT", "/productionapp/index.html?tagging", []byte(`<Tagging><TagSet><Tag><Key>a</Key>`), nil, 400, "MalformedXML"},
		{"XML with a DOCTYPE", "PUT", "/productionapp?tagging", []byte(`<!DOCTYPE x [<!ENTITY e "x">]><Tagging><TagSet/></Tagging>`), nil, 400, "MalformedXML"},
		{"malformed delete XML", "POST", "/productionapp?delete", []byte(`<Delete><Object>`), map[string]string{"Content-MD5": md5b64(`<Delete><Object>`)}, 400, "MalformedXML"},
		{"delete without Content-MD5", "POST", "/productionapp?delete", []byte(`<Delete/>`), nil, 400, "InvalidRequest"},
		{"malformed complete XML", "POST", "/productionapp/x?uploadId=nope", []byte(`<CompleteMultipartUpload><Part>`), nil, 400, "MalformedXML"},
		{"unknown upload", "PUT", "/productionapp/x?uploadId=nope&partNumber=1", body, nil, 404, "NoSuchUpload"},
		{"part number out of range", "PUT", "/productionapp/x?uploadId=nope&partNumber=10001", body, nil, 400, "InvalidArgument"},
		{"invalid bucket name", "PUT", "/Bad_Bucket", nil, nil, 400, "InvalidBucketName"},
		{"public ACL", "PUT", "/productionapp/acl", body, map[string]string{"X-Amz-Acl": "public-read"}, 400, "AccessControlListNotSupported"},
		{"bad max-keys", "GET", "/productionapp?list-type=2&max-keys=lots", nil, nil, 400, "InvalidArgument"},
		{"bad copy source", "PUT", "/productionapp/c", nil, map[string]string{"X-Amz-Copy-Source": "nokey"}, 400, "InvalidArgument"},
		{"unsupported subresource", "GET", "/productionapp?cors", nil, nil, 501, "NotImplemented"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			r := w.req(tc.method, tc.path, tc.body, tc.h)
			st, b, _ := apitest.Do(t, r)
			if st != tc.status || !strings.Contains(b, "<Code>"+tc.code+"</Code>") {
				t.Fatalf("%s %s = %d, want %d %s\n%s", tc.method, tc.path, st, tc.status, tc.code, b)
			}
		})
	}
	// Signed chunks with a bad signature.
	data := bytes.Repeat([]byte("chunk data "), 20000)
	r, _ := http.NewRequest("PUT", w.e.Server.URL+"/productionapp/chunked", nil)
	if err := sigv4.SignChunked(r, data, sigv4.ChunkedOptions{ChunkSize: 64 << 10}, w.id, w.secret, "", "us-east-1", "s3", time.Now()); err != nil {
		t.Fatal(err)
	}
	enc, _ := io.ReadAll(r.Body)
	i := bytes.Index(enc[100:], []byte("chunk-signature=")) + 100 + len("chunk-signature=")
	enc[i] ^= 1
	r.Body, r.ContentLength = io.NopCloser(bytes.NewReader(enc)), int64(len(enc))
	if st, b, _ := apitest.Do(t, r); st != 403 || !strings.Contains(b, "<Code>SignatureDoesNotMatch</Code>") {
		t.Fatalf("bad chunk signature: %d %s", st, b)
	}
	// A body that breaks off before its Content-Length.
	truncated(t, w, "/productionapp/truncated", data)
	if st, _, _ := w.do("HEAD", "/productionapp/chunked", nil, nil); st != 404 {
		t.Errorf("an object with a bad chunk was stored: %d", st)
	}
	if st, _, _ := w.do("HEAD", "/productionapp/truncated", nil, nil); st != 404 {
		t.Errorf("a truncated object was stored: %d", st)
	}
	// Nothing of all this was left behind.
	time.Sleep(50 * time.Millisecond)
	if after := w.usage(); after != before {
		t.Errorf("usage before %+v, after %+v", before, after)
	}
	// Keys S3 takes as they are: dot segments and NUL are names, never paths.
	for _, key := range []string{"a/../../b", "../x", "nul%00key"} {
		if st, b, _ := w.do("PUT", "/productionapp/"+key, body, nil); st != 200 {
			t.Fatalf("PUT %s: %d %s", key, st, b)
		}
		if st, b, _ := w.do("GET", "/productionapp/"+key, nil, nil); st != 200 || b != string(body) {
			t.Fatalf("GET %s: %d %q", key, st, b)
		}
		w.do("DELETE", "/productionapp/"+key, nil, nil)
	}
	if _, b, _ := w.do("PUT", "/productionapp/nul%00key", body, nil); b != "" {
		t.Fatal(b)
	}
	if _, b, _ := w.do("GET", "/productionapp?list-type=2&prefix=nul", nil, nil); !strings.Contains(b, "<Key>nul&#x0;key</Key>") {
		t.Errorf("a NUL in a listed key: %s", b)
	}
	w.do("DELETE", "/productionapp/nul%00key", nil, nil)

}

// truncated sends a PUT that announces more bytes than it sends, then
// closes the connection.
func truncated(t *testing.T, w *wire, path string, data []byte) {
	t.Helper()
	r := w.req("PUT", path, data, nil)
	u, _ := url.Parse(w.e.Server.URL)
	conn, err := net.Dial("tcp", u.Host)
	if err != nil {
		t.Fatal(err)
	}
	bw := bufio.NewWriter(conn)
	r.Body = io.NopCloser(bytes.NewReader(data[:len(data)/3]))
	r.ContentLength = int64(len(data))
	r.Header.Set("Content-Length", "0") // written by Write from ContentLength
	if err := r.Write(bw); err != nil && !strings.Contains(err.Error(), "ContentLength") {
		t.Fatal(err)
	}
	bw.Flush()
	conn.(*net.TCPConn).CloseWrite()
	io.Copy(io.Discard, conn)
	conn.Close()
}

// Bodies in aws-chunked encoding, as S3 clients stream them: signed
// chunks, signed chunks with a trailing checksum, and unsigned chunks with
// one (botocore and the SDK for Go over TLS).
func TestChunkedUploads(t *testing.T) {
	t.Parallel()
	w := newWire(t)
	data := bytes.Repeat([]byte("streamed in chunks "), 30000)
	for _, o := range []sigv4.ChunkedOptions{{}, {Checksum: "CRC32"}, {Checksum: "CRC64NVME", Unsigned: true}, {Checksum: "SHA256", ChunkSize: 1 << 20}} {
		name := o.Checksum + map[bool]string{true: "-unsigned", false: "-signed"}[o.Unsigned]
		t.Run(name, func(t *testing.T) {
			r, _ := http.NewRequest("PUT", w.e.Server.URL+"/productionapp/chunked/"+name, nil)
			if err := sigv4.SignChunked(r, data, o, w.id, w.secret, "", "us-east-1", "s3", time.Now()); err != nil {
				t.Fatal(err)
			}
			st, b, h := apitest.Do(t, r)
			sum := md5.Sum(data)
			if st != 200 || h.Get("ETag") != `"`+hex.EncodeToString(sum[:])+`"` {
				t.Fatalf("PUT: %d %s %v", st, b, h)
			}
			st, got, _ := w.do("GET", "/productionapp/chunked/"+name, nil, map[string]string{"X-Amz-Checksum-Mode": "ENABLED"})
			if st != 200 || got != string(data) {
				t.Fatalf("GET: %d, %d bytes", st, len(got))
			}
		})
	}
}

// A malformed S3 signature is answered in S3's format.
func TestMalformedSignature(t *testing.T) {
	t.Parallel()
	w := newWire(t)
	r, _ := http.NewRequest("GET", w.e.Server.URL+"/productionapp/index.html", nil)
	r.Header.Set("Authorization", "AWS4-HMAC-SHA256 Credential="+w.id+"/20260101/us-east-1/s3/aws4_request, Signature=abc")
	st, b, h := apitest.Do(t, r)
	if st != 400 || !strings.Contains(b, "<Error><Code>IncompleteSignature</Code>") || h.Get("x-amz-request-id") == "" {
		t.Fatalf("%d %s %v", st, b, h)
	}
}
