// Package sigv4 verifies AWS Signature Version 4 requests, in the header and
// presigned-query forms, with AWS's error codes and messages. It imports the
// standard library only.
//
// A server calls IsSigned to tell API calls from other requests, Parse to
// read what the request claims (access key, scope, time, signed headers),
// checks the scope's service itself (ScopeError), looks up the secret of the
// access key, and calls Verify (or VerifyWithKey with a cached SigningKey)
// with the whole body. Every failure is an *Error carrying the AWS error
// code, message and HTTP status.
//
// The canonical request follows AWS's definition and AWS's published test
// suite: for services other than S3 the wire path is normalized and each
// segment encoded once more; the query is decoded and re-encoded with RFC
// 3986 unreserved characters kept; header values are trimmed, inner blanks
// collapsed and repeated headers joined by ","; the payload hash is that of
// the body unless x-amz-content-sha256 says otherwise. Clients differ in
// small ways and Verify accepts each: botocore normalizes paths and the SDK
// for Go does not; presigned URLs sign either the empty body's hash or
// UNSIGNED-PAYLOAD.
//
// Sign and Presign produce requests that Verify accepts; tests and the load
// generator use them.
package sigv4
