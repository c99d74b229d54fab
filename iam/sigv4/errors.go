package sigv4

import (
	"fmt"
	"net/http"
)

// AWS error codes returned by this package. Callers branch on these codes, never
// on messages.
const (
	// CodeIncompleteSignature marks a request whose signature is malformed or
	// lacks a required part.
	CodeIncompleteSignature = "IncompleteSignature"
	// CodeSignatureDoesNotMatch marks a well-formed signature that fails
	// verification, is out of its time window, or is scoped wrongly.
	CodeSignatureDoesNotMatch = "SignatureDoesNotMatch"
	// CodeAccessDenied marks a presigned request past its X-Amz-Expires.
	CodeAccessDenied = "AccessDenied"
)

// Error carries AWS's error code, message and HTTP status.
type Error struct {
	Code    string
	Message string
	Status  int
	// Details are the extra elements S3 puts in the error's XML body after
	// Message, in order (for example ArgumentName and ArgumentValue); nil for
	// the errors of Parse, Verify and VerifyWithKey.
	Details []Detail
}

// Detail is one extra element of an S3 error body: <Name>Value</Name>.
type Detail struct {
	Name  string
	Value string
}

// Error returns "Code: Message".
func (e *Error) Error() string { return e.Code + ": " + e.Message }

// Is reports whether target is an *Error with the same code, so that
// errors.Is(err, &sigv4.Error{Code: sigv4.CodeSignatureDoesNotMatch}) works.
func (e *Error) Is(target error) bool {
	t, ok := target.(*Error)
	return ok && t.Code == e.Code
}

func incomplete(format string, args ...any) *Error {
	return &Error{Code: CodeIncompleteSignature, Message: fmt.Sprintf(format, args...), Status: http.StatusBadRequest}
}

func mismatch(format string, args ...any) *Error {
	return &Error{Code: CodeSignatureDoesNotMatch, Message: fmt.Sprintf(format, args...), Status: http.StatusForbidden}
}

// errSignatureDoesNotMatch is AWS's text for a signature that does not verify.
const errSignatureDoesNotMatch = "The request signature we calculated does not match the signature you provided. " +
	"Check your AWS Secret Access Key and signing method. Consult the service documentation for details."

func signatureDoesNotMatch() *Error { return mismatch("%s", errSignatureDoesNotMatch) }

// ScopeError is the error for a credential scoped to another service than
// the one that received the request; service is the receiving service's
// signing name, e.g. "sts".
func ScopeError(service string) *Error {
	return mismatch("Credential should be scoped to correct service: '%s'. ", service)
}

// RegionError is the error for a credential scoped to a region name that is
// not a valid region.
func RegionError(region string) *Error {
	return mismatch("Credential should be scoped to a valid region, not '%s'. ", region)
}
