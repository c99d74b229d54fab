// Package iam is the kernel of the service layer: the Service that every
// operation, of IAM and of the services built on it, runs through. It
// holds the principal (Caller), the one authorization engine (Authorize,
// Allowed, Decide: identity policies, boundaries, session policies and
// resource policies, with AWS's logic), the one template for an
// authorized, audited operation (Begin, Op), the errors with their kinds,
// the CloudTrail event records and their batched writer, the event history
// (LookupEvents), the caches and their one invalidation entry point, the
// log of configuration changes that views derived from configuration
// update from (ChangesSince), IDs, the sealer of secrets, password hashing
// and TOTP, the assume core shared by STS AssumeRole, the console's Switch
// Role and the access graph, and the validation and paging helpers several
// subjects use.
//
// The subjects build on it, each in its own package: iam/identity (users,
// groups, roles, policies, credentials), iam/sts (credentials and their
// authentication), iam/sessions (console sign-in and Switch Role) and
// iam/organizations (accounts, aliases, the demo organization).
//
// Events of reads and API calls are written off the request path in
// batches (see auditor). A console switch answers once its writes and its
// events are queued for the store's group commit, which answers for the
// new session ID until they are written (see iam/sessions).
//
// It imports store, iam/policy, iam/arn, iam/managed, iam/cache, iam/catalog
// (access levels: a refused read is recorded read-only) and the
// standard library, plus golang.org/x/crypto for password hashing; never a
// subject, echo, gorm or views.
package iam
