package demo

import (
	"context"

	"iamconsole/iam"
	"iamconsole/iam/managed"
	"iamconsole/iam/organizations"
	"iamconsole/resources/dynamodb"
	"iamconsole/resources/ec2"
	"iamconsole/store"
)

// Names of the demo's roles.
const (
	DynamoDBReadOnlyRole = "DynamoDB-ReadOnly-role"
	EC2TerminateRole     = "EC2-Terminate-role"
)

const dynamoTrust = `{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Allow",
      "Principal": {
        "AWS": "arn:aws:iam::111122223333:root"
      },
      "Action": "sts:AssumeRole"
    }
  ]
}`

const ec2Trust = `{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Allow",
      "Principal": {
        "AWS": "arn:aws:iam::111122223333:root"
      },
      "Action": "sts:AssumeRole",
      "Condition": {
        "Bool": {
          "aws:MultiFactorAuthPresent": "true"
        }
      }
    }
  ]
}`

const ec2Permissions = `{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Allow",
      "Action": [
        "ec2:DescribeInstances",
        "ec2:DescribeInstanceStatus",
        "ec2:DescribeTags",
        "ec2:DescribeImages",
        "ec2:DescribeRegions"
      ],
      "Resource": "*"
    },
    {
      "Effect": "Allow",
      "Action": [
        "ec2:StopInstances",
        "ec2:TerminateInstances"
      ],
      "Resource": "arn:aws:ec2:*:123456789012:instance/*"
    }
  ]
}`

const developersAssume = `{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Allow",
      "Action": "sts:AssumeRole",
      "Resource": "arn:aws:iam::123456789012:role/DynamoDB-ReadOnly-role"
    }
  ]
}`

// Create adds the services' demo content; the kernel's demo organization
// must exist.
func Create(ctx context.Context, svc *iam.Service) error {
	now := svc.Now().UTC()
	err := svc.Store().Tx(ctx, func(q *store.Q) error {
		if err := dynamodb.CreateDemo(q, organizations.DemoProductionID, now); err != nil {
			return err
		}
		if err := ec2.CreateDemo(q, organizations.DemoProductionID, now); err != nil {
			return err
		}
		ro := &store.Role{ID: iam.NewUniqueID(iam.PrefixRole), AccountID: organizations.DemoProductionID, Name: DynamoDBReadOnlyRole, Path: "/",
			Description: "Lets Development read the TestProject table", MaxSessionDuration: 3600, TrustPolicy: dynamoTrust, CreatedAt: now}
		if err := q.CreateRole(ro); err != nil {
			return err
		}
		if err := q.Attach(&store.Attachment{AccountID: organizations.DemoProductionID, EntityType: "role", EntityID: ro.ID,
			PolicyARN: managed.ARNPrefix + "/AmazonDynamoDBReadOnlyAccess", CreatedAt: now}); err != nil {
			return err
		}
		term := &store.Role{ID: iam.NewUniqueID(iam.PrefixRole), AccountID: organizations.DemoProductionID, Name: EC2TerminateRole, Path: "/",
			Description:        "Lets Development's administrators, signed in with MFA, stop and terminate Production's instances",
			MaxSessionDuration: 3600, TrustPolicy: ec2Trust, CreatedAt: now}
		if err := q.CreateRole(term); err != nil {
			return err
		}
		if err := q.PutInlinePolicy(&store.InlinePolicy{EntityType: "role", EntityID: term.ID, Name: "terminate-instances",
			Document: ec2Permissions, CreatedAt: now}); err != nil {
			return err
		}
		devs, err := q.GroupByName(organizations.DemoDevelopmentID, "Developers")
		if err != nil {
			return err
		}
		return q.PutInlinePolicy(&store.InlinePolicy{EntityType: "group", EntityID: devs.ID, Name: "allow-assume-DynamoDB-ReadOnly-role",
			Document: developersAssume, CreatedAt: now})
	})
	svc.Invalidate()
	return err
}
