package sigv4

import (
	"encoding/hex"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// S3 error codes returned by VerifyStreaming and by a Payload's Read, with
// S3's wording and the extra elements S3 adds (Error.Details).
const (
	// CodeXAmzContentSHA256Mismatch marks a body whose SHA-256 is not the
	// x-amz-content-sha256 the client signed.
	CodeXAmzContentSHA256Mismatch = "XAmzContentSHA256Mismatch"
	// CodeBadDigest marks a body that does not match its Content-MD5 or
	// x-amz-checksum-* value.
	CodeBadDigest = "BadDigest"
	// CodeInvalidDigest marks a Content-MD5 that is not a base64 MD5.
	CodeInvalidDigest = "InvalidDigest"
	// CodeInvalidRequest marks checksum headers and trailers that are
	// malformed, repeated or unsupported.
	CodeInvalidRequest = "InvalidRequest"
	// CodeInvalidArgument marks an x-amz-content-sha256 that names no payload
	// form.
	CodeInvalidArgument = "InvalidArgument"
	// CodeIncompleteBody marks a body shorter than declared, or an aws-chunked
	// body that breaks off or is not well formed.
	CodeIncompleteBody = "IncompleteBody"
	// CodeMissingContentLength marks a signed aws-chunked request without
	// x-amz-decoded-content-length.
	CodeMissingContentLength = "MissingContentLength"
	// CodeMalformedTrailer marks aws-chunked trailers that are not the ones
	// x-amz-trailer announced.
	CodeMalformedTrailer = "MalformedTrailerError"
	// CodeInvalidChunkSize marks a chunk under 8 KiB that is not the last.
	CodeInvalidChunkSize = "InvalidChunkSizeError"
	// CodeNotImplemented marks a payload form or checksum this package does
	// not verify (SigV4a streaming, xxhash checksums).
	CodeNotImplemented = "NotImplemented"
	// CodeAuthorizationQueryParametersError marks a presigned S3 URL without
	// X-Amz-Expires.
	CodeAuthorizationQueryParametersError = "AuthorizationQueryParametersError"
	// CodeRequestTimeTooSkewed marks a header-signed S3 request more than
	// MaxSkew away from the server's clock.
	CodeRequestTimeTooSkewed = "RequestTimeTooSkewed"
)

// s3SignatureDoesNotMatch is S3's text for a signature that does not
// verify; it differs from the one STS and IAM use.
const s3SignatureDoesNotMatch = "The request signature we calculated does not match the signature you provided. " +
	"Check your key and signing method."

func s3Error(code string, status int, message string, details ...Detail) *Error {
	return &Error{Code: code, Message: message, Status: status, Details: details}
}

// s3SignatureMismatch is S3's SignatureDoesNotMatch, with the elements S3
// adds so that a client can compare its own computation.
func s3SignatureMismatch(accessKeyID, stringToSign, provided string, canonicalRequest []byte) *Error {
	d := []Detail{
		{"AWSAccessKeyId", accessKeyID},
		{"StringToSign", stringToSign},
		{"SignatureProvided", provided},
		{"StringToSignBytes", spacedHex([]byte(stringToSign))},
	}
	if canonicalRequest != nil {
		d = append(d, Detail{"CanonicalRequest", string(canonicalRequest)},
			Detail{"CanonicalRequestBytes", spacedHex(canonicalRequest)})
	}
	return s3Error(CodeSignatureDoesNotMatch, http.StatusForbidden, s3SignatureDoesNotMatch, d...)
}

// spacedHex renders b as S3 does in StringToSignBytes: "41 57 53".
func spacedHex(b []byte) string {
	var s strings.Builder
	s.Grow(len(b) * 3)
	for i, c := range b {
		if i > 0 {
			s.WriteByte(' ')
		}
		s.WriteString(hex.EncodeToString([]byte{c}))
	}
	return s.String()
}

func errContentSHA256Mismatch(claimed, computed string) *Error {
	return s3Error(CodeXAmzContentSHA256Mismatch, http.StatusBadRequest,
		"The provided 'x-amz-content-sha256' header does not match what was computed.",
		Detail{"ClientComputedContentSHA256", claimed}, Detail{"S3ComputedContentSHA256", computed})
}

func errInvalidContentSHA256(value string) *Error {
	return s3Error(CodeInvalidArgument, http.StatusBadRequest,
		"x-amz-content-sha256 must be UNSIGNED-PAYLOAD, STREAMING-UNSIGNED-PAYLOAD-TRAILER, "+
			"STREAMING-AWS4-HMAC-SHA256-PAYLOAD, STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER, "+
			"STREAMING-AWS4-ECDSA-P256-SHA256-PAYLOAD, STREAMING-AWS4-ECDSA-P256-SHA256-PAYLOAD-TRAILER or a valid sha256 value.",
		Detail{"ArgumentName", "x-amz-content-sha256"}, Detail{"ArgumentValue", value})
}

func errMissingExpires() *Error {
	return s3Error(CodeAuthorizationQueryParametersError, http.StatusBadRequest,
		"Query-string authentication version 4 requires the X-Amz-Algorithm, X-Amz-Credential, X-Amz-Signature, "+
			"X-Amz-Date, X-Amz-SignedHeaders, and X-Amz-Expires parameters.")
}

func errMissingContentSHA256() *Error {
	return s3Error(CodeInvalidRequest, http.StatusBadRequest, "Missing required header for this request: x-amz-content-sha256")
}

// errNotImplemented is S3's answer to a header that asks for what it does
// not do; header names it.
func errNotImplemented(header string) *Error {
	return s3Error(CodeNotImplemented, http.StatusNotImplemented,
		"A header you provided implies functionality that is not implemented", Detail{"Header", header})
}

func errInvalidDigest(value string) *Error {
	return s3Error(CodeInvalidDigest, http.StatusBadRequest, "The Content-MD5 you specified was invalid.",
		Detail{"Content-MD5", value})
}

func errBadDigestMD5(expected, calculated string) *Error {
	return s3Error(CodeBadDigest, http.StatusBadRequest, "The Content-MD5 you specified did not match what we received.",
		Detail{"ExpectedDigest", expected}, Detail{"CalculatedDigest", calculated})
}

// errBadChecksum names the algorithm as S3's ChecksumAlgorithm does, e.g.
// "CRC32".
func errBadChecksum(algorithm string) *Error {
	return s3Error(CodeBadDigest, http.StatusBadRequest,
		"The "+algorithm+" you specified did not match the calculated checksum.")
}

func errInvalidChecksumValue(header string, trailing bool) *Error {
	where := " header"
	if trailing {
		where = " trailing header"
	}
	return s3Error(CodeInvalidRequest, http.StatusBadRequest, "Value for "+header+where+" is invalid.")
}

func errInvalidChecksumHeader() *Error {
	return s3Error(CodeInvalidRequest, http.StatusBadRequest,
		"The algorithm type you specified in x-amz-checksum- header is invalid.")
}

func errMultipleChecksums() *Error {
	return s3Error(CodeInvalidRequest, http.StatusBadRequest,
		"Expecting a single x-amz-checksum- header. Multiple checksum Types are not allowed.")
}

func errTrailerNotSupported() *Error {
	return s3Error(CodeInvalidRequest, http.StatusBadRequest,
		"The value specified in the x-amz-trailer header is not supported")
}

func errMalformedTrailer() *Error {
	return s3Error(CodeMalformedTrailer, http.StatusBadRequest,
		"The request contained trailing data that was not well-formed or did not conform to our published schema.")
}

// errBodyTruncated is S3's answer to an aws-chunked body that ends early or
// breaks its framing.
func errBodyTruncated() *Error {
	return s3Error(CodeIncompleteBody, http.StatusBadRequest, "The request body terminated unexpectedly")
}

// errLengthMismatch is S3's answer to a body whose length is not the one
// declared (Content-Length or x-amz-decoded-content-length).
func errLengthMismatch() *Error {
	return s3Error(CodeIncompleteBody, http.StatusBadRequest,
		"You did not provide the number of bytes specified by the Content-Length HTTP header")
}

func errMissingContentLength() *Error {
	return s3Error(CodeMissingContentLength, http.StatusLengthRequired, "You must provide the Content-Length HTTP header.")
}

func errInvalidChunkSize(chunk int, size int64) *Error {
	return s3Error(CodeInvalidChunkSize, http.StatusBadRequest,
		"Only the last chunk is allowed to have a size less than 8192 bytes",
		Detail{"Chunk", strconv.Itoa(chunk)}, Detail{"BadChunkSize", strconv.FormatInt(size, 10)})
}

// s3CheckTime is CheckTime with S3's codes and elements: RequestTimeTooSkewed
// for a header-signed request outside MaxSkew, AccessDenied "Request is not
// yet valid" and "Request has expired" for presigned ones.
func (p *Parsed) s3CheckTime(r *http.Request, now time.Time) error {
	now = now.UTC().Truncate(time.Second)
	serverTime := now.Format(time.RFC3339)
	if !p.Presigned {
		if p.Time.After(now.Add(MaxSkew)) || p.Time.Before(now.Add(-MaxSkew)) {
			sent := r.Header.Get("X-Amz-Date")
			if sent == "" {
				sent = r.Header.Get("Date")
			}
			return s3Error(CodeRequestTimeTooSkewed, http.StatusForbidden,
				"The difference between the request time and the current time is too large.",
				Detail{"RequestTime", sent}, Detail{"ServerTime", serverTime},
				Detail{"MaxAllowedSkewMilliseconds", strconv.FormatInt(MaxSkew.Milliseconds(), 10)})
		}
		return nil
	}
	expires := p.Time.Add(p.Expires).Format(time.RFC3339)
	if p.Time.After(now.Add(MaxSkew)) {
		// S3 reports X-Amz-Date here in Unix milliseconds.
		return s3Error(CodeAccessDenied, http.StatusForbidden, "Request is not yet valid",
			Detail{"X-Amz-Date", strconv.FormatInt(p.Time.UnixMilli(), 10)},
			Detail{"Expires", expires}, Detail{"ServerTime", serverTime})
	}
	if now.After(p.Time.Add(p.Expires)) {
		return s3Error(CodeAccessDenied, http.StatusForbidden, "Request has expired",
			Detail{"X-Amz-Expires", strconv.FormatInt(int64(p.Expires/time.Second), 10)},
			Detail{"Expires", expires}, Detail{"ServerTime", serverTime})
	}
	return nil
}
