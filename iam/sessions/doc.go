// Package sessions is the console's sign-in and Switch Role: signing in
// with a password (and an MFA code, and a new password when one is due or
// the password policy says it expired), throttling repeated failures per
// source address and user with a growing backoff, and MFA codes per user
// across sign-ins (throttle.go; the counts sit behind FailureStore, in
// memory unless a shared store is plugged in), resolving the console session behind a
// cookie on every request (absolute and idle timeouts, the role session's
// expiry), switching into a role and back, and the roles a user is offered
// to switch to: their recent roles and the favourites published to their
// groups.
//
// A switch is authorized with the assume core of the kernel (the same
// decision STS AssumeRole makes) and answers once its writes and events are
// queued for the store's group commit (see SwitchRole).
//
// It imports iam (the kernel), iam/policy, iam/arn, store and the standard
// library; never echo, gorm or views.
package sessions
