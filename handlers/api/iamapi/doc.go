// Package iamapi answers AWS IAM (Query protocol, signing name iam) over the
// service layer: its action table, wire shapes (botocore's iam model) and
// the policy simulator's answers. Golden files are in testdata.
//
// It imports the api front door, its query codec, iam, iam/identity (users,
// groups, roles, policies), iam/organizations (account aliases), iam/sts
// (which credentials may call IAM) and iam/policy.
package iamapi
