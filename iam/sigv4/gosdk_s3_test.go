package sigv4

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/aws-sdk-go-v2/service/s3/types"
)

// goSDKClient returns an S3 client configured as config.LoadDefaultConfig
// would for a custom endpoint.
func goSDKClient(url string, httpClient *http.Client, secret string) *s3.Client {
	return s3.New(s3.Options{
		RequestChecksumCalculation: aws.RequestChecksumCalculationWhenSupported,
		Region:                     "us-east-1",
		BaseEndpoint:               aws.String(url),
		UsePathStyle:               true,
		Credentials:                credentials.NewStaticCredentialsProvider(testAKID, secret, ""),
		HTTPClient:                 httpClient,
		RetryMaxAttempts:           1,
	})
}

// onlyReader hides every method of r but Read, so the SDK cannot seek it.
type onlyReader struct{ r io.Reader }

func (o onlyReader) Read(b []byte) (int, error) { return o.r.Read(b) }

// TestGoSDKUploads records the uploads the AWS SDK for Go v2 sends, over
// HTTP and TLS, with its default and chosen checksums, and verifies each
// end to end.
func TestGoSDKUploads(t *testing.T) {
	t.Parallel()
	body := bytes.Repeat([]byte("go sdk "), 300)
	for _, tls := range []bool{false, true} {
		t.Run(map[bool]string{false: "http", true: "https"}[tls], func(t *testing.T) {
			t.Parallel()
			stub, srv, _ := startS3Stub(t, tls)
			c := goSDKClient(srv.URL, srv.Client(), testSecret)
			ctx := context.Background()
			calls := []struct {
				key      string
				in       s3.PutObjectInput
				checksum string
			}{
				{key: "default", checksum: "CRC32"},
				{key: "crc32c", in: s3.PutObjectInput{ChecksumAlgorithm: types.ChecksumAlgorithmCrc32c}, checksum: "CRC32C"},
				{key: "crc64nvme", in: s3.PutObjectInput{ChecksumAlgorithm: types.ChecksumAlgorithmCrc64nvme}, checksum: "CRC64NVME"},
				{key: "sha1", in: s3.PutObjectInput{ChecksumAlgorithm: types.ChecksumAlgorithmSha1}, checksum: "SHA1"},
				{key: "sha256", in: s3.PutObjectInput{ChecksumAlgorithm: types.ChecksumAlgorithmSha256}, checksum: "SHA256"},
				{key: "md5 header", in: s3.PutObjectInput{ContentMD5: aws.String(checksumOfMD5(body))}, checksum: "CRC32"},
			}
			if tls {
				// Over TLS the SDK also streams bodies it cannot seek, with a
				// trailing checksum.
				calls = append(calls, struct {
					key      string
					in       s3.PutObjectInput
					checksum string
				}{key: "unseekable", in: s3.PutObjectInput{ContentLength: aws.Int64(int64(len(body)))}, checksum: "CRC32"})
			}
			for _, call := range calls {
				in := call.in
				in.Bucket, in.Key = aws.String("bucket"), aws.String(call.key)
				in.Body = bytes.NewReader(body)
				if call.key == "unseekable" {
					in.Body = onlyReader{bytes.NewReader(body)}
				}
				out, err := c.PutObject(ctx, &in)
				if err != nil {
					t.Fatalf("PutObject %s: %v", call.key, err)
				}
				got := stub.call(t, "/bucket/"+call.key)
				if !bytes.Equal(got.Data, body) || got.Checksum != call.checksum+":"+checksumOf(call.checksum, body) {
					t.Errorf("PutObject %s: %d bytes, checksum %s", call.key, len(got.Data), got.Checksum)
				}
				if aws.ToString(out.ETag) != `"`+md5Hex(body)+`"` {
					t.Errorf("PutObject %s: ETag %s", call.key, aws.ToString(out.ETag))
				}
				t.Logf("PutObject %s: %v %s trailers %v", call.key, got.Form, got.Checksum, got.Trailers)
			}
			if tls {
				if f := stub.call(t, "/bucket/default").Form; f != PayloadStreamingUnsignedTrailer {
					t.Errorf("PutObject over TLS: %v, want a trailing checksum", f)
				}
			} else if f := stub.call(t, "/bucket/default").Form; f != PayloadSHA256 {
				t.Errorf("PutObject over HTTP: %v, want a payload hash", f)
			}
			saveCaptures(t, "gosdk-"+map[bool]string{false: "http", true: "https"}[tls], stub)
			// A wrong secret is refused with S3's error.
			_, err := goSDKClient(srv.URL, srv.Client(), "not-the-secret").PutObject(ctx, &s3.PutObjectInput{
				Bucket: aws.String("bucket"), Key: aws.String("refused"), Body: bytes.NewReader(body)})
			if err == nil || !strings.Contains(err.Error(), CodeSignatureDoesNotMatch) {
				t.Errorf("wrong secret: %v", err)
			}
		})
	}
}

func checksumOfMD5(b []byte) string { return checksumOf("MD5", b) }

// TestGoSDKPresigned verifies the SDK's presigned GET and PUT, fetched by a
// plain HTTP client, and their expiry.
func TestGoSDKPresigned(t *testing.T) {
	t.Parallel()
	stub, srv, _ := startS3Stub(t, false)
	presign := s3.NewPresignClient(goSDKClient(srv.URL, srv.Client(), testSecret))
	ctx := context.Background()
	key := "dir/a b+c=d&é~.txt"
	get, err := presign.PresignGetObject(ctx, &s3.GetObjectInput{Bucket: aws.String("bucket"), Key: aws.String(key),
		ResponseContentType: aws.String("text/plain")}, s3.WithPresignExpires(time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	put, err := presign.PresignPutObject(ctx, &s3.PutObjectInput{Bucket: aws.String("bucket"), Key: aws.String(key)},
		s3.WithPresignExpires(7*24*time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	for _, req := range []struct {
		method, url string
		header      http.Header
		body        string
	}{
		{get.Method, get.URL, get.SignedHeader, ""},
		{put.Method, put.URL, put.SignedHeader, "presigned upload"},
	} {
		r, _ := http.NewRequest(req.method, req.url, strings.NewReader(req.body))
		for k, v := range req.header {
			if !strings.EqualFold(k, "host") {
				r.Header[k] = v
			}
		}
		resp, err := srv.Client().Do(r)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != 200 {
			t.Errorf("%s %s: %s", req.method, req.url, resp.Status)
		}
	}
	if c := stub.call(t, "/bucket/"+key); c.Form != PayloadUnsigned {
		t.Errorf("presigned GET: %v", c.Form)
	}
	if got := stub.calls(); len(got) != 2 || string(got[1].Data) != "presigned upload" {
		t.Errorf("presigned PUT: %+v", got)
	}
	// Past its expiry the URL is refused.
	stub.now = func() time.Time { return time.Now().Add(time.Hour + time.Minute) }
	resp, err := srv.Client().Get(get.URL)
	if err != nil {
		t.Fatal(err)
	}
	msg, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 403 || !strings.Contains(string(msg), "<Code>AccessDenied</Code><Message>Request has expired</Message>") {
		t.Errorf("expired URL: %s %s", resp.Status, msg)
	}
}
