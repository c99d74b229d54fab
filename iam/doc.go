// Package iam is the service layer: every operation of the console and the
// API is a method of Service that authorizes the caller through iam/policy,
// validates input, writes through store in one transaction, records its
// audit event, and returns a typed result or an *Error carrying a Kind and
// an AWS error code.
//
// Events of reads and API calls are written off the request path in
// batches (see auditor). A console switch answers once its writes and its
// events are queued for the store's group commit, which answers for the
// new session ID until they are written (see SwitchRole).
//
// It imports store, iam/policy, iam/arn, iam/managed, iam/cache and the
// standard library, plus golang.org/x/crypto for password hashing and
// skip2/go-qrcode for MFA set-up; never echo, gorm or views.
package iam
