// Package api is the front door of the AWS wire: every SigV4-signed
// request, on any path of the console's address, is an API call. The
// FrontDoor runs inside the web server's middleware chain (request ID,
// request log, body limit and panic recovery come from there), verifies the
// signature once, resolves the caller through the service layer, and
// dispatches the call by its credential scope's service through one
// registry of Services. A Streamer (S3) is verified with S3's rules over
// its headers and gets its body as a sigv4.Payload that verifies itself as
// it streams; S3's presigned URLs of signature version 2 (AWSAccessKeyId,
// Signature, Expires), which the AWS CLI v1 still makes, are verified here
// for S3 alone (sigv2.go).
//
// Protocol codecs live in subpackages (query, awsjson, restxml), each with
// one parameter reader and its envelopes; services live in one package
// each (sts, iamapi, organizations, cloudtrail, s3, dynamodb, ec2), holding their action tables, wire
// shapes and golden files. Adding a service is one package that builds a
// Service over a codec, registered where the server is built.
//
// It imports echo, iam, iam/sigv4 and iam/cache; never store or views.
package api
