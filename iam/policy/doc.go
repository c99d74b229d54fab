// Package policy implements the IAM policy language: strict parsing with
// positions, validation per policy kind with AWS's messages, compilation, and
// evaluation following AWS's policy evaluation logic.
//
// It imports the standard library only (and iam/arn).
package policy
