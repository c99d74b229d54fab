package s3

import (
	"errors"
	"fmt"
	"net/http"

	"iamconsole/iam"
	"iamconsole/iam/sigv4"
)

// Error is an S3 error: the kernel's *iam.Error (kind, S3's code and
// message) with the HTTP status S3 answers it with and the elements S3's
// error document adds (BucketName, Key, ArgumentName, …). errors.As finds
// the *iam.Error inside, so the kernel records it like any other.
type Error struct {
	IAM     *iam.Error
	Status  int
	Details []Detail
}

// Detail is one extra element of an S3 error document.
type Detail struct {
	Name, Value string
}

func (e *Error) Error() string { return e.IAM.Error() }

// Unwrap returns the kernel error.
func (e *Error) Unwrap() error { return e.IAM }

// Code is S3's error code.
func (e *Error) Code() string { return e.IAM.Code }

// Message is S3's message.
func (e *Error) Message() string { return e.IAM.Message }

func newError(status int, kind iam.Kind, code, msg string, details ...Detail) *Error {
	return &Error{IAM: &iam.Error{Kind: kind, Code: code, Message: msg}, Status: status, Details: details}
}

// AsError returns err as an S3 error: an *Error as it is; a signature or
// payload failure (*sigv4.Error) with its S3 code; a kernel *iam.Error with
// the status of its kind; anything else as InternalError.
func AsError(err error) *Error {
	var se *Error
	if errors.As(err, &se) {
		return se
	}
	var ve *sigv4.Error
	if errors.As(err, &ve) {
		kind := iam.KindInvalid
		if ve.Status == http.StatusForbidden {
			kind = iam.KindDenied
		}
		e := newError(ve.Status, kind, ve.Code, ve.Message)
		for _, d := range ve.Details {
			e.Details = append(e.Details, Detail{d.Name, d.Value})
		}
		return e
	}
	var ie *iam.Error
	if errors.As(err, &ie) {
		if ie.Kind == iam.KindInternal {
			return &Error{IAM: &iam.Error{Kind: iam.KindInternal, Code: "InternalError",
				Message: msgInternal, Err: ie}, Status: http.StatusInternalServerError}
		}
		return &Error{IAM: ie, Status: statusOfKind(ie.Kind)}
	}
	return &Error{IAM: &iam.Error{Kind: iam.KindInternal, Code: "InternalError", Message: msgInternal, Err: err},
		Status: http.StatusInternalServerError}
}

const msgInternal = "We encountered an internal error. Please try again."

func statusOfKind(k iam.Kind) int {
	switch k {
	case iam.KindInvalid, iam.KindMalformedPolicy, iam.KindThrottled:
		return http.StatusBadRequest
	case iam.KindNotFound:
		return http.StatusNotFound
	case iam.KindExists, iam.KindLimit, iam.KindConflict:
		return http.StatusConflict
	case iam.KindDenied, iam.KindUnauthenticated, iam.KindExpired:
		return http.StatusForbidden
	}
	return http.StatusInternalServerError
}

// internal wraps an unexpected failure.
func internal(err error) *Error {
	return &Error{IAM: &iam.Error{Kind: iam.KindInternal, Code: "InternalError", Message: msgInternal, Err: err},
		Status: http.StatusInternalServerError}
}

// The errors of S3 this package answers, with S3's codes, statuses and
// messages.

func errNoSuchBucket(bucket string) *Error {
	return newError(http.StatusNotFound, iam.KindNotFound, "NoSuchBucket", "The specified bucket does not exist", Detail{"BucketName", bucket})
}

func errNoSuchKey(key string) *Error {
	return newError(http.StatusNotFound, iam.KindNotFound, "NoSuchKey", "The specified key does not exist.", Detail{"Key", key})
}

func errNoSuchUpload(uploadID string) *Error {
	return newError(http.StatusNotFound, iam.KindNotFound, "NoSuchUpload",
		"The specified upload does not exist. The upload ID may be invalid, or the upload may have been aborted or completed.",
		Detail{"UploadId", uploadID})
}

func errNoSuchBucketPolicy(bucket string) *Error {
	return newError(http.StatusNotFound, iam.KindNotFound, "NoSuchBucketPolicy", "The bucket policy does not exist", Detail{"BucketName", bucket})
}

func errNoSuchTagSet(bucket string) *Error {
	return newError(http.StatusNotFound, iam.KindNotFound, "NoSuchTagSet", "The TagSet does not exist", Detail{"BucketName", bucket})
}

func errNoSuchPublicAccessBlock(bucket string) *Error {
	return newError(http.StatusNotFound, iam.KindNotFound, "NoSuchPublicAccessBlockConfiguration",
		"The public access block configuration was not found", Detail{"BucketName", bucket})
}

func errBucketNotEmpty(bucket string) *Error {
	return newError(http.StatusConflict, iam.KindConflict, "BucketNotEmpty", "The bucket you tried to delete is not empty", Detail{"BucketName", bucket})
}

func errBucketAlreadyOwnedByYou(bucket string) *Error {
	return newError(http.StatusConflict, iam.KindExists, "BucketAlreadyOwnedByYou",
		"Your previous request to create the named bucket succeeded and you already own it.", Detail{"BucketName", bucket})
}

func errBucketAlreadyExists(bucket string) *Error {
	return newError(http.StatusConflict, iam.KindExists, "BucketAlreadyExists",
		"The requested bucket name is not available. The bucket namespace is shared by all users of the system. Please select a different name and try again.",
		Detail{"BucketName", bucket})
}

func errInvalidBucketName(bucket string) *Error {
	e := newError(http.StatusBadRequest, iam.KindInvalid, "InvalidBucketName", "The specified bucket is not valid.", Detail{"BucketName", bucket})
	e.IAM.Field = "bucket"
	return e
}

func errTooManyBuckets() *Error {
	return newError(http.StatusBadRequest, iam.KindLimit, "TooManyBuckets", "You have attempted to create more buckets than allowed")
}

func errInvalidArgument(name, value, msg string) *Error {
	return newError(http.StatusBadRequest, iam.KindInvalid, "InvalidArgument", msg, Detail{"ArgumentName", name}, Detail{"ArgumentValue", value})
}

func errInvalidRequest(msg string) *Error {
	return newError(http.StatusBadRequest, iam.KindInvalid, "InvalidRequest", msg)
}

// ErrMalformedXML is S3's MalformedXML.
func ErrMalformedXML() *Error {
	return newError(http.StatusBadRequest, iam.KindInvalid, "MalformedXML",
		"The XML you provided was not well-formed or did not validate against our published schema")
}

func errKeyTooLong(size int) *Error {
	return newError(http.StatusBadRequest, iam.KindInvalid, "KeyTooLongError", "Your key is too long",
		Detail{"Size", fmt.Sprint(size)}, Detail{"MaxSizeAllowed", fmt.Sprint(MaxKeyBytes)})
}

// ErrInvalidURI is S3's answer to a path it cannot decode (broken
// percent-escapes, invalid UTF-8).
func ErrInvalidURI(uri string) *Error {
	return newError(http.StatusBadRequest, iam.KindInvalid, "InvalidURI", "Couldn't parse the specified URI.", Detail{"URI", uri})
}

func errMetadataTooLarge(size int) *Error {
	return newError(http.StatusBadRequest, iam.KindInvalid, "MetadataTooLarge",
		"Your metadata headers exceed the maximum allowed metadata size.",
		Detail{"Size", fmt.Sprint(size)}, Detail{"MaxSizeAllowed", fmt.Sprint(MaxMetadataBytes)})
}

func errInvalidTag(msg string) *Error {
	return newError(http.StatusBadRequest, iam.KindInvalid, "InvalidTag", msg)
}

func errEntityTooLarge(size, max int64) *Error {
	return newError(http.StatusBadRequest, iam.KindInvalid, "EntityTooLarge", "Your proposed upload exceeds the maximum allowed size",
		Detail{"ProposedSize", fmt.Sprint(size)}, Detail{"MaxSizeAllowed", fmt.Sprint(max)})
}

func errEntityTooSmall(size int64, part int, etag string) *Error {
	return newError(http.StatusBadRequest, iam.KindInvalid, "EntityTooSmall", "Your proposed upload is smaller than the minimum allowed size",
		Detail{"ProposedSize", fmt.Sprint(size)}, Detail{"MinSizeAllowed", fmt.Sprint(MinPartSize)},
		Detail{"PartNumber", fmt.Sprint(part)}, Detail{"ETag", etag})
}

func errInvalidPart(part int, etag string) *Error {
	return newError(http.StatusBadRequest, iam.KindInvalid, "InvalidPart",
		"One or more of the specified parts could not be found.  The part may not have been uploaded, or the specified entity tag may not match the part's entity tag.",
		Detail{"PartNumber", fmt.Sprint(part)}, Detail{"ETag", etag})
}

func errInvalidPartOrder() *Error {
	return newError(http.StatusBadRequest, iam.KindInvalid, "InvalidPartOrder",
		"The list of parts was not in ascending order. The parts list must be specified in order by part number.")
}

func errInvalidRange(size int64, rng string) *Error {
	return newError(http.StatusRequestedRangeNotSatisfiable, iam.KindInvalid, "InvalidRange", "The requested range is not satisfiable",
		Detail{"RangeRequested", rng}, Detail{"ActualObjectSize", fmt.Sprint(size)})
}

func errPreconditionFailed(condition string) *Error {
	return newError(http.StatusPreconditionFailed, iam.KindConflict, "PreconditionFailed",
		"At least one of the pre-conditions you specified did not hold", Detail{"Condition", condition})
}

// errNotModified is a conditional GET's 304, which has no body.
func errNotModified() *Error {
	return newError(http.StatusNotModified, iam.KindConflict, "NotModified", "Not Modified")
}

func errMalformedPolicy(msg string) *Error {
	e := newError(http.StatusBadRequest, iam.KindMalformedPolicy, "MalformedPolicy", msg)
	e.IAM.Field = "document"
	return e
}

func errIllegalLocationConstraint(constraint, region string) *Error {
	msg := "The unspecified location constraint is incompatible for the region specific endpoint this request was sent to."
	if constraint != "" {
		msg = "The " + constraint + " location constraint is incompatible for the region specific endpoint this request was sent to."
	}
	return newError(http.StatusBadRequest, iam.KindInvalid, "IllegalLocationConstraintException", msg)
}

func errInvalidLocationConstraint() *Error {
	return newError(http.StatusBadRequest, iam.KindInvalid, "InvalidLocationConstraint", "The specified location-constraint is not valid")
}

func errNotImplemented(msg string) *Error {
	return newError(http.StatusNotImplemented, iam.KindInvalid, "NotImplemented", msg)
}

func errInvalidDigest() *Error {
	return newError(http.StatusBadRequest, iam.KindInvalid, "InvalidDigest", "The Content-MD5 you specified is not valid.")
}

func errBadDigest() *Error {
	return newError(http.StatusBadRequest, iam.KindInvalid, "BadDigest", "The Content-MD5 you specified did not match what we received.")
}

// errAccessDenied wraps a kernel denial with S3's status; S3 answers
// AccessDenied 403.
func errAccessDenied(err error) *Error {
	e := iam.AsError(err)
	return &Error{IAM: e, Status: http.StatusForbidden}
}
