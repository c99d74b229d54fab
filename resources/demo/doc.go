// Package demo adds the simulated services' part of the demo organization
// to a database the kernel's demo was just created in: Production's
// DynamoDB table TestProject with the role DynamoDB-ReadOnly-role that
// Development's developers may assume, and Production's EC2 instances with
// the MFA-protected role that Development's administrators may assume to
// terminate them.
//
// The roles and the developers' permission are written through the store
// in one transaction, as the organization's demo (iam/organizations) writes
// its own rows, so that creating the demo records no events.
//
// It imports iam, iam/managed, iam/organizations (the demo accounts), store,
// resources/dynamodb and resources/ec2.
package demo
