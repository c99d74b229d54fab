// Package sigv4 verifies AWS Signature Version 4 requests, in the header and
// presigned-query forms, with AWS's error codes and messages. It imports the
// standard library only.
package sigv4
