package labs_test

import (
	"context"
	"testing"

	"iamconsole/iam/identity"
	"iamconsole/resources/dynamodb"
	"iamconsole/resources/ec2"
	s3 "iamconsole/resources/s3"
)

// TestEndRemovesResourcesOfTheSandbox: a learner's sandbox account that
// holds what the simulated services and IAM's account settings keep (an S3
// bucket with an object, a DynamoDB table, an EC2 instance, an instance
// profile, a password policy) ends without a trace: the end succeeds, and
// the bucket's global name is free again.
func TestEndRemovesResourcesOfTheSandbox(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	ctx := context.Background()
	sb := e.start(t, "explicit-deny")
	main := sb.Env.Accounts["main"]
	root := e.Root(t, main)
	buckets := s3.New(e.K, s3.Options{})
	const bucket = "lab-sandbox-leftovers"
	if _, err := buckets.CreateBucket(ctx, root, s3.CreateBucketInput{Bucket: bucket}); err != nil {
		t.Fatal(err)
	}
	tables := dynamodb.New(e.K)
	if _, err := tables.CreateTable(ctx, root, dynamodb.CreateTableInput{TableName: "Notes", BillingMode: "PAY_PER_REQUEST",
		KeySchema:            []dynamodb.KeySchemaElement{{AttributeName: "ID", KeyType: "HASH"}},
		AttributeDefinitions: []dynamodb.AttributeDefinition{{AttributeName: "ID", AttributeType: "S"}}}); err != nil {
		t.Fatal(err)
	}
	one := 1
	if _, err := ec2.New(e.K, nil).RunInstances(ctx, root, ec2.RunInput{ImageID: "ami-0e731c8a588258d0d", InstanceType: "t3.micro", MinCount: &one, MaxCount: &one}); err != nil {
		t.Fatal(err)
	}
	if _, err := e.Identity.CreateInstanceProfile(ctx, root, "web", "/", nil); err != nil {
		t.Fatal(err)
	}
	eight := 8
	if err := e.Identity.UpdateAccountPasswordPolicy(ctx, root, identity.PasswordPolicyInput{MinimumPasswordLength: &eight}); err != nil {
		t.Fatal(err)
	}

	if err := e.Labs.End(ctx, sb.ID); err != nil {
		t.Fatalf("end: %v", err)
	}
	if _, err := e.Store.Read(ctx).Account(main); err == nil {
		t.Error("the account remains")
	}
	other := e.Root(t, "123456789012")
	if _, err := buckets.CreateBucket(ctx, other, s3.CreateBucketInput{Bucket: bucket}); err != nil {
		t.Errorf("the ended sandbox's bucket name is still taken: %v", err)
	}
}
