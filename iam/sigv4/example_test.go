package sigv4_test

import (
	"bytes"
	"encoding/hex"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"time"

	"iamconsole/iam/sigv4"
)

// Example shows a server authenticating an STS call: Parse the claims, check
// the service, look up the secret of the access key, and Verify.
func Example() {
	secrets := map[string]string{"AKIAIOSFODNN7EXAMPLE": "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"}
	now := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)

	// A client signs a request, as the AWS CLI would.
	body := "Action=GetCallerIdentity&Version=2011-06-15"
	r := httptest.NewRequest(http.MethodPost, "http://127.0.0.1:8080/", strings.NewReader(body))
	r.Header.Set("Content-Type", "application/x-www-form-urlencoded; charset=utf-8")
	_ = sigv4.Sign(r, []byte(body), "AKIAIOSFODNN7EXAMPLE", secrets["AKIAIOSFODNN7EXAMPLE"], "", "us-east-1", "sts", now)

	// The server authenticates it.
	authenticate := func(r *http.Request) error {
		if !sigv4.IsSigned(r) {
			return fmt.Errorf("not an API call")
		}
		p, err := sigv4.Parse(r)
		if err != nil {
			return err
		}
		if p.Service != "sts" {
			return sigv4.ScopeError("sts")
		}
		secret, ok := secrets[p.AccessKeyID]
		if !ok {
			return fmt.Errorf("InvalidClientTokenId")
		}
		b, err := io.ReadAll(r.Body)
		if err != nil {
			return err
		}
		return sigv4.Verify(r, p, secret, b, now)
	}
	fmt.Println(authenticate(r))

	// The same request one second later than signed does not verify.
	r.Body = io.NopCloser(strings.NewReader(body))
	r.Header.Set("X-Amz-Date", "20260102T030406Z")
	fmt.Println(authenticate(r))
	// Output:
	// <nil>
	// SignatureDoesNotMatch: The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.
}

// ExamplePresign presigns a GetCallerIdentity call for 15 minutes.
func ExamplePresign() {
	r := httptest.NewRequest(http.MethodGet, "http://127.0.0.1:8080/?Action=GetCallerIdentity&Version=2011-06-15", nil)
	u, _ := sigv4.Presign(r, "AKIAIOSFODNN7EXAMPLE", "secret", "", "us-east-1", "sts",
		time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC), 15*time.Minute)
	fmt.Println(strings.Split(u, "&X-Amz-Signature=")[0])
	// Output:
	// http://127.0.0.1:8080/?Action=GetCallerIdentity&Version=2011-06-15&X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKIAIOSFODNN7EXAMPLE%2F20260102%2Fus-east-1%2Fsts%2Faws4_request&X-Amz-Date=20260102T030405Z&X-Amz-Expires=900&X-Amz-SignedHeaders=host
}

// ExampleVerifyStreaming shows an S3 front door taking a PutObject: the
// signature is checked before the body is read, and the body is verified
// as it is copied to storage, then committed only if Read ended in io.EOF.
func ExampleVerifyStreaming() {
	secret := "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"
	now := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)

	// A client streams an upload in signed chunks with a trailing CRC32.
	object := []byte(strings.Repeat("object data ", 10000))
	r := httptest.NewRequest(http.MethodPut, "http://127.0.0.1:8080/bucket/key", nil)
	_ = sigv4.SignChunked(r, object, sigv4.ChunkedOptions{Checksum: "CRC32"},
		"AKIAIOSFODNN7EXAMPLE", secret, "", "us-east-1", "s3", now)

	putObject := func(r *http.Request) error {
		p, err := sigv4.Parse(r)
		if err != nil {
			return err
		}
		if p.Service != "s3" {
			return sigv4.ScopeError("s3")
		}
		payload, err := sigv4.VerifyStreaming(r, p, sigv4.SigningKey(secret, p.Date, p.Region, p.Service), now)
		if err != nil {
			return err // nothing was read; answer S3's error
		}
		var blob bytes.Buffer // a temporary blob in a real store
		if _, err := io.Copy(&blob, payload); err != nil {
			return err // discard the blob
		}
		alg, sum := payload.Checksum()
		fmt.Printf("stored %d bytes, ETag %q, %s %s\n", payload.Size(), hex.EncodeToString(payload.MD5()), alg, sum)
		return nil
	}
	fmt.Println(putObject(r))

	// One byte changed on the way fails the chunk's signature.
	_ = sigv4.SignChunked(r, object, sigv4.ChunkedOptions{Checksum: "CRC32"},
		"AKIAIOSFODNN7EXAMPLE", secret, "", "us-east-1", "s3", now)
	body, _ := io.ReadAll(r.Body)
	body[len(body)/2] ^= 1
	r.Body = io.NopCloser(bytes.NewReader(body))
	err := putObject(r)
	fmt.Println(err.(*sigv4.Error).Code, err.(*sigv4.Error).Status)
	// Output:
	// stored 120000 bytes, ETag "61f305be5918fd43958abb5e4851348e", CRC32 KeHalQ==
	// <nil>
	// SignatureDoesNotMatch 403
}
