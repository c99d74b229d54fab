// Package s3 is the S3 API: REST-XML over path-style requests on the
// console's own address (http://host:port/bucket/key), SigV4 service s3,
// header-signed or presigned. It implements api.Streamer, so the front
// door verifies each request's signature over its headers and hands the
// body over as a sigv4.Payload that verifies itself as it streams (hex
// SHA-256, UNSIGNED-PAYLOAD, aws-chunked with chunk signatures, trailing
// checksums, Content-MD5). Requests are routed by method, path and
// subresource as S3 routes them; every operation is one call of
// resources/s3; answers and errors are S3's documents, built with
// handlers/api/restxml.
//
// It imports the api front door, restxml, iam (for Caller and Error),
// iam/catalog (action names), iam/sigv4 and resources/s3; never store or views.
package s3
