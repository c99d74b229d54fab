// Package sts issues and authenticates AWS credentials: STS's AssumeRole
// (session policies, session tags, source identity, MFA, role chaining),
// GetSessionToken, GetFederationToken and GetCallerIdentity; the sealed session tokens that
// carry a temporary session, so that issuing credentials writes nothing;
// and the access keys that sign API requests, with their last use.
//
// AssumeRole decides with the assume core of the kernel, as the console's
// Switch Role does.
//
// It imports iam (the kernel), iam/cache, iam/policy, iam/managed, iam/arn,
// iam/catalog (action names and the federated user's ARN),
// store and the standard library; never echo, gorm or views.
package sts
