// Package sigv4 verifies AWS Signature Version 4 requests, in the header and
// presigned-query forms, with AWS's error codes and messages, and verifies
// the payloads S3 clients stream without holding them in memory. It imports
// the standard library only (its tests also drive boto3 and the AWS SDK for
// Go v2).
//
// A server calls IsSigned to tell API calls from other requests, Parse to
// read what the request claims (access key, scope, time, signed headers),
// checks the scope's service itself (ScopeError), looks up the secret of the
// access key, and calls Verify (or VerifyWithKey with a cached SigningKey)
// with the whole body. Every failure is an *Error carrying the AWS error
// code, message and HTTP status.
//
// # Streamed payloads (S3)
//
// S3 clients sign x-amz-content-sha256 rather than the body, so that a
// server can check the signature before reading it. VerifyStreaming does
// that and returns a *Payload, an io.Reader of the decoded body that checks
// it as it streams, in every form x-amz-content-sha256 names: the hex SHA-256
// of the body (checked at the end: XAmzContentSHA256Mismatch),
// UNSIGNED-PAYLOAD, aws-chunked with chained chunk signatures
// (STREAMING-AWS4-HMAC-SHA256-PAYLOAD, each chunk checked as it ends:
// SignatureDoesNotMatch), the same with a signed trailer, and aws-chunked
// without signatures and a trailing checksum
// (STREAMING-UNSIGNED-PAYLOAD-TRAILER, as botocore and the SDK for Go send
// over TLS). It also checks Content-MD5 and the x-amz-checksum-* headers or
// trailer (CRC32, CRC32C, CRC64NVME, SHA1, SHA256, SHA512, MD5) against the
// data, and x-amz-decoded-content-length against its length. Errors carry
// S3's codes, wording and extra elements (Error.Details).
//
// An S3 front door verifies every request so, before touching the body:
//
//	p, err := sigv4.Parse(r)            // then check p.Service == "s3"
//	key := sigv4.SigningKey(secret, p.Date, p.Region, p.Service)
//	payload, err := sigv4.VerifyStreaming(r, p, key, time.Now())
//	// a refusal here is final: answer err as S3's XML error
//	n, err := io.Copy(blob, payload)   // store into a temporary blob
//	// err != nil: discard what was written, answer err
//	// else commit: ETag hex(payload.MD5()), size payload.Size(),
//	// payload.Checksum() and payload.ContentEncoding() to store
//
// Only a Read that returns io.EOF means the body matched what was signed;
// the bytes of a chunk reach the reader before its signature is checked, so
// nothing may be committed before then. Memory stays bounded whatever the
// body: one 4 KiB buffer bounds every chunk and trailer line.
//
// # Canonical requests
//
// The canonical request follows AWS's definition and AWS's published test
// suite: for services other than S3 the wire path is normalized and each
// segment encoded once more; the query is decoded and re-encoded with RFC
// 3986 unreserved characters kept; header values are trimmed, inner blanks
// collapsed and repeated headers joined by ","; the payload hash is that of
// the body unless x-amz-content-sha256 says otherwise. For S3 the path is
// encoded once and never normalized. Clients differ in small ways and
// Verify accepts each: botocore normalizes paths and the SDK for Go does
// not; presigned URLs sign either the empty body's hash or UNSIGNED-PAYLOAD.
//
// Sign, Presign and SignChunked produce requests that Verify and
// VerifyStreaming accept; tests and the load generator use them.
//
// # Serving S3 clients
//
// botocore sends Expect: 100-continue on every PutObject. Go's server sends
// 100 Continue only when a handler reads the body, and never for an empty
// one; botocore then takes that missing interim answer for the next
// request on the connection and waits out its read timeout. A server
// answering S3 calls writes http.StatusContinue itself when Content-Length
// is 0 and the header is present (see s3clients_test.go). Go SDK v2 clients
// built with s3.New(s3.Options{}) send no checksum; LoadDefaultConfig's
// default is when_supported.
package sigv4
