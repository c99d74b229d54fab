package iam

import (
	"errors"
	"fmt"
	"net/http"

	"iamconsole/store"
)

// Kind classifies an Error; callers branch on kinds, never on messages.
type Kind int

// The kinds of error. HTTPStatus maps each to its status.
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

// HTTPStatus is the status AWS answers with for the kind.
func (k Kind) HTTPStatus() int {
	switch k {
	case KindInvalid, KindMalformedPolicy:
		return http.StatusBadRequest
	case KindNotFound:
		return http.StatusNotFound
	case KindExists, KindLimit, KindConflict:
		return http.StatusConflict
	case KindDenied, KindExpired:
		return http.StatusForbidden
	case KindUnauthenticated:
		return http.StatusForbidden
	case KindThrottled:
		return http.StatusBadRequest
	default:
		return http.StatusInternalServerError
	}
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

func invalid(field, format string, args ...any) *Error {
	return &Error{Kind: KindInvalid, Code: "InvalidInput", Message: fmt.Sprintf(format, args...), Field: field}
}

func validationError(field, format string, args ...any) *Error {
	return &Error{Kind: KindInvalid, Code: "ValidationError", Message: fmt.Sprintf(format, args...), Field: field}
}

func noSuchEntity(format string, args ...any) *Error {
	return &Error{Kind: KindNotFound, Code: "NoSuchEntity", Message: fmt.Sprintf(format, args...)}
}

func alreadyExists(field, format string, args ...any) *Error {
	return &Error{Kind: KindExists, Code: "EntityAlreadyExists", Message: fmt.Sprintf(format, args...), Field: field}
}

func limitExceeded(format string, args ...any) *Error {
	return &Error{Kind: KindLimit, Code: "LimitExceeded", Message: fmt.Sprintf(format, args...)}
}

func deleteConflict(format string, args ...any) *Error {
	return &Error{Kind: KindConflict, Code: "DeleteConflict", Message: fmt.Sprintf(format, args...)}
}

func internal(err error) *Error {
	return &Error{Kind: KindInternal, Code: "ServiceFailure", Message: "The request processing has failed because of an unknown error, exception or failure.", Err: err}
}

// storeErr maps store sentinels to kinds; notFound is used for ErrNotFound.
func storeErr(err error, notFound *Error) error {
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
		return internal(err)
	}
}

// policiesConflict is AWS's DeleteConflict for an entity (user, group or
// role) that still has inline or attached policies.
func policiesConflict(q *store.Q, entityType, entityID string) error {
	if ps, err := q.InlinePolicies(entityType, entityID); err != nil {
		return err
	} else if len(ps) > 0 {
		return deleteConflict("Cannot delete entity, must delete policies first.")
	}
	if as, err := q.AttachedPolicies(entityType, entityID); err != nil {
		return err
	} else if len(as) > 0 {
		return deleteConflict("Cannot delete entity, must detach all policies first.")
	}
	return nil
}
