package api

import (
	"errors"
	"net/http"

	"iamconsole/iam"
	"iamconsole/iam/sigv4"
)

// Error is an error as it goes on the wire: HTTP status, AWS code, message.
type Error struct {
	Status        int
	Code, Message string
}

func (e *Error) Error() string { return e.Code + ": " + e.Message }

// MsgServiceFailure is AWS's message for a failure of its own.
const MsgServiceFailure = "The request processing has failed because of an unknown error, exception or failure."

// statusOf is the HTTP status AWS answers an error kind with: one table for
// every protocol (the protocols differ in codes, not statuses).
var statusOf = map[iam.Kind]int{
	iam.KindInternal:        http.StatusInternalServerError,
	iam.KindInvalid:         http.StatusBadRequest,
	iam.KindMalformedPolicy: http.StatusBadRequest,
	iam.KindNotFound:        http.StatusNotFound,
	iam.KindExists:          http.StatusConflict,
	iam.KindLimit:           http.StatusConflict,
	iam.KindConflict:        http.StatusConflict,
	iam.KindDenied:          http.StatusForbidden,
	iam.KindUnauthenticated: http.StatusForbidden,
	iam.KindThrottled:       http.StatusBadRequest,
	iam.KindExpired:         http.StatusForbidden,
}

// Status is the HTTP status of an error kind.
func Status(k iam.Kind) int {
	if st, ok := statusOf[k]; ok {
		return st
	}
	return http.StatusInternalServerError
}

// Wire turns any error into its wire form: a signature failure, an *Error,
// or a service-layer *iam.Error by its kind. An unknown error is
// ServiceFailure.
func Wire(err error) *Error {
	var se *sigv4.Error
	if errors.As(err, &se) {
		return &Error{Status: se.Status, Code: se.Code, Message: se.Message}
	}
	var ae *Error
	if errors.As(err, &ae) {
		return ae
	}
	e := iam.AsError(err)
	return &Error{Status: Status(e.Kind), Code: e.Code, Message: e.Message}
}
