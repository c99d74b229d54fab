// Package identity manages who is in an account and what they may do: IAM
// users (and their deletion with everything they hold), groups and their
// members, roles (with their trust policies, bound to the unique IDs of the
// users and roles they name, and the roles list served from a snapshot),
// AWS managed, customer managed and inline policies, attachments and
// permissions boundaries, access keys, console passwords (login profiles)
// and virtual MFA devices, with the one-time-code check that STS and the
// console's sign-in use; instance profiles; the account password policy,
// which every password set and every sign-in is held to (with the
// passwords a user had, for reuse prevention). It also answers what reads
// policies and the account: the policy summary, the effective permissions
// of a principal, the policy simulator (the API's and the console's, which
// shows the texts and the statements that decided), the account's
// authorization details, the account summary and the credential report.
//
// Every operation is an authorized, audited Op of the kernel, except the
// effective permissions summaries, which the console shows on its pages:
// authorized (a principal's own needs nothing), not recorded.
//
// It imports iam (the kernel), iam/policy, iam/managed, iam/arn,
// iam/catalog (access levels and service names), store and the standard
// library, plus skip2/go-qrcode for MFA set-up; never echo,
// gorm or views.
package identity
