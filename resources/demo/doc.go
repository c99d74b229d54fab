// Package demo adds the simulated services' part of the demo organization
// to a database the kernel's demo was just created in: Production's
// DynamoDB table TestProject with the role DynamoDB-ReadOnly-role that
// Development's developers may assume, and Production's EC2 instances with
// the MFA-protected role that Development's administrators may assume to
// terminate them.
//
// The roles and the developers' permission are written through the store,
// beside the kernel's own demo rows, because the kernel's API has no role
// writes for other packages.
//
// It imports iam, iam/managed, store, resources/dynamodb and resources/ec2.
package demo
