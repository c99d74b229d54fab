package iam

import (
	"errors"
	"fmt"

	"iamconsole/store"
)

// Kind classifies an Error; callers branch on kinds, never on messages.
type Kind int

// The kinds of error. Each wire protocol maps kinds to its HTTP statuses
// and codes in one table (see handlers/api); the console maps them to pages.
const (
	KindInternal        Kind = iota // a bug or an I/O failure: ServiceFailure, 500
	KindInvalid                     // bad input: InvalidInput / ValidationError, 400
	KindMalformedPolicy             // MalformedPolicyDocument, 400
	KindNotFound                    // NoSuchEntity, 404
	KindExists                      // EntityAlreadyExists, 409
	KindLimit                       // LimitExceeded, 409
	KindConflict                    // DeleteConflict, 409
	KindDenied                      // AccessDenied, 403
	KindUnauthenticated             // wrong credentials or no session, 401/403
	KindThrottled                   // Throttling, 400 (429 in the console)
	KindExpired                     // ExpiredToken, 403
)

// Error is the service layer's error: a kind, AWS's code and message, and,
// for the console, the form field it concerns and policy positions.
type Error struct {
	Kind    Kind
	Code    string // AWS error code, e.g. "NoSuchEntity"
	Message string // AWS's message text
	Field   string // the form field at fault, "" if none
	// Positions lists every problem in a policy document (line, column, message).
	Positions []Position
	// Explanation says, beyond AWS's message, why access was denied.
	Explanation *Explanation
	Err         error // the underlying cause, never shown to users
}

// Position is one problem in a policy document.
type Position struct {
	Line, Column int
	Message      string
}

// Explanation names what decided a denial, for the "why was I denied" panel.
type Explanation struct {
	Action   string
	Resource string
	Layer    string // "identity-based policy", "role trust policy", …
	Policy   string // the deciding policy, when an explicit deny
	Sid      string
	Explicit bool
	// Reason says in plain words why, when AWS's own message does not
	// (Switch Role answers every refusal with one generic banner).
	Reason string
}

func (e *Error) Error() string {
	if e.Err != nil && e.Kind == KindInternal {
		return fmt.Sprintf("%s: %s: %v", e.Code, e.Message, e.Err)
	}
	return e.Code + ": " + e.Message
}

func (e *Error) Unwrap() error { return e.Err }

var kindNames = [...]string{
	KindInternal:        "internal",
	KindInvalid:         "invalid",
	KindMalformedPolicy: "malformed policy",
	KindNotFound:        "not found",
	KindExists:          "already exists",
	KindLimit:           "limit exceeded",
	KindConflict:        "conflict",
	KindDenied:          "denied",
	KindUnauthenticated: "unauthenticated",
	KindThrottled:       "throttled",
	KindExpired:         "expired",
}

// String names the kind, for logs and tests.
func (k Kind) String() string {
	if int(k) >= 0 && int(k) < len(kindNames) {
		return kindNames[k]
	}
	return fmt.Sprintf("Kind(%d)", int(k))
}

// AsError returns err as an *Error, wrapping unknown errors as internal.
func AsError(err error) *Error {
	var e *Error
	if errors.As(err, &e) {
		return e
	}
	return &Error{Kind: KindInternal, Code: "ServiceFailure", Message: "The request processing has failed because of an unknown error, exception or failure.", Err: err}
}

// IsKind reports whether err is an *Error of kind k.
func IsKind(err error, k Kind) bool {
	var e *Error
	return errors.As(err, &e) && e.Kind == k
}

// Invalid is InvalidInput about a form field ("" if none).
func Invalid(field, format string, args ...any) *Error {
	return &Error{Kind: KindInvalid, Code: "InvalidInput", Message: fmt.Sprintf(format, args...), Field: field}
}

// ValidationError is AWS's ValidationError about a form field.
func ValidationError(field, format string, args ...any) *Error {
	return &Error{Kind: KindInvalid, Code: "ValidationError", Message: fmt.Sprintf(format, args...), Field: field}
}

// NoSuchEntity is IAM's NoSuchEntity.
func NoSuchEntity(format string, args ...any) *Error {
	return &Error{Kind: KindNotFound, Code: "NoSuchEntity", Message: fmt.Sprintf(format, args...)}
}

// AlreadyExists is EntityAlreadyExists about a form field.
func AlreadyExists(field, format string, args ...any) *Error {
	return &Error{Kind: KindExists, Code: "EntityAlreadyExists", Message: fmt.Sprintf(format, args...), Field: field}
}

// LimitExceeded is IAM's LimitExceeded.
func LimitExceeded(format string, args ...any) *Error {
	return &Error{Kind: KindLimit, Code: "LimitExceeded", Message: fmt.Sprintf(format, args...)}
}

// DeleteConflict is IAM's DeleteConflict.
func DeleteConflict(format string, args ...any) *Error {
	return &Error{Kind: KindConflict, Code: "DeleteConflict", Message: fmt.Sprintf(format, args...)}
}

// Internal wraps an unexpected failure as ServiceFailure; err is logged,
// never shown.
func Internal(err error) *Error {
	return &Error{Kind: KindInternal, Code: "ServiceFailure", Message: "The request processing has failed because of an unknown error, exception or failure.", Err: err}
}

// Denied is AccessDenied with AWS's message.
func Denied(format string, args ...any) *Error {
	return &Error{Kind: KindDenied, Code: "AccessDenied", Message: fmt.Sprintf(format, args...)}
}

// StoreErr maps store sentinels to kinds; notFound is used for ErrNotFound.
func StoreErr(err error, notFound *Error) error {
	switch {
	case err == nil:
		return nil
	case errors.Is(err, store.ErrNotFound) && notFound != nil:
		return notFound
	default:
		var e *Error
		if errors.As(err, &e) {
			return e
		}
		return Internal(err)
	}
}
