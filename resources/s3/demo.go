package s3

import (
	"context"
	"fmt"
	"strings"

	"iamconsole/iam"
	"iamconsole/iam/organizations"
)

// Demo bucket names. Production's UpdateAPP role reads and writes
// DemoAppBucket and may not touch DemoFinanceBucket; Development's
// DemoSharedBucket has a bucket policy that lets UpdateAPP read it, and
// UpdateAPP's own policy reaches for it too: the cross-account request
// succeeds only where both sides allow (reading, not writing).
const (
	DemoAppBucket     = "productionapp"
	DemoFinanceBucket = "production-finance-reports"
	DemoSharedBucket  = "development-shared-builds"
)

// demoObjects are the objects of the demo buckets.
var demoObjects = []struct{ bucket, key, contentType, body string }{
	{DemoAppBucket, "index.html", "text/html", "<!DOCTYPE html>\n<title>Production app</title>\n<h1>Hello from the production app</h1>\n"},
	{DemoAppBucket, "config/app.json", "application/json", "{\n  \"version\": \"1.4.2\",\n  \"featureFlags\": {\"newCheckout\": true}\n}\n"},
	{DemoAppBucket, "releases/1.4.2/NOTES.txt", "text/plain", "Release 1.4.2: faster checkout, fixed the login timeout.\n"},
	{DemoAppBucket, "releases/1.4.1/NOTES.txt", "text/plain", "Release 1.4.1: security fixes.\n"},
	{DemoFinanceBucket, "2024/q4-summary.csv", "text/csv", "quarter,revenue,costs\nQ4,1200000,800000\n"},
	{DemoFinanceBucket, "2025/q1-summary.csv", "text/csv", "quarter,revenue,costs\nQ1,1350000,820000\n"},
	{DemoSharedBucket, "builds/app-1.4.2.txt", "text/plain", "Build 1.4.2 of the app, ready for production.\n"},
	{DemoSharedBucket, "README.txt", "text/plain", "Builds the Development account shares with Production's UpdateAPP role.\n"},
}

// demoSharedPolicy is the Development bucket's policy: Production's
// UpdateAPP role may list the bucket and read its objects.
var demoSharedPolicy = `{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Sid": "UpdateAPPMayList",
      "Effect": "Allow",
      "Principal": {"AWS": "arn:aws:iam::123456789012:role/UpdateAPP"},
      "Action": "s3:ListBucket",
      "Resource": "arn:aws:s3:::` + DemoSharedBucket + `"
    },
    {
      "Sid": "UpdateAPPMayRead",
      "Effect": "Allow",
      "Principal": {"AWS": "arn:aws:iam::123456789012:role/UpdateAPP"},
      "Action": "s3:GetObject",
      "Resource": "arn:aws:s3:::` + DemoSharedBucket + `/*"
    }
  ]
}`

// demoRolePolicy is UpdateAPP's side of the cross-account access: it asks
// for read and write on the Development bucket, of which the bucket policy
// grants only read.
var demoRolePolicy = `{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Allow",
      "Action": "s3:ListBucket",
      "Resource": "arn:aws:s3:::` + DemoSharedBucket + `"
    },
    {
      "Effect": "Allow",
      "Action": ["s3:GetObject", "s3:PutObject"],
      "Resource": "arn:aws:s3:::` + DemoSharedBucket + `/*"
    }
  ]
}`

// rootOf is the root user of a demo account, who creates its S3 content.
func rootOf(accountID string) *iam.Caller {
	return &iam.Caller{Type: iam.CallerRoot, AccountID: accountID, ARN: "arn:aws:iam::" + accountID + ":root", UniqueID: accountID}
}

// RolePolicies puts a role's inline policy: the identity service, which
// the demo asks to give UpdateAPP its side of the cross-account access.
type RolePolicies interface {
	PutInlinePolicy(ctx context.Context, c *iam.Caller, entityType, entityName, policyName, document string) error
}

// CreateDemo adds the demo organization's S3 content (see the Demo
// constants) through the service's own operations, as each account's
// root user; the organization's demo must exist first.
func CreateDemo(ctx context.Context, s *Service, roles RolePolicies) error {
	buckets := []struct{ name, account string }{
		{DemoAppBucket, organizations.DemoProductionID},
		{DemoFinanceBucket, organizations.DemoProductionID},
		{DemoSharedBucket, organizations.DemoDevelopmentID},
	}
	for _, b := range buckets {
		if _, err := s.CreateBucket(ctx, rootOf(b.account), CreateBucketInput{Bucket: b.name}); err != nil {
			return fmt.Errorf("s3 demo: create bucket %s: %w", b.name, err)
		}
	}
	owner := map[string]string{}
	for _, b := range buckets {
		owner[b.name] = b.account
	}
	for _, o := range demoObjects {
		in := PutObjectInput{Bucket: o.bucket, Key: o.key, Body: strings.NewReader(o.body), Size: int64(len(o.body)), ContentType: o.contentType}
		if _, err := s.PutObject(ctx, rootOf(owner[o.bucket]), in); err != nil {
			return fmt.Errorf("s3 demo: put %s/%s: %w", o.bucket, o.key, err)
		}
	}
	if err := s.PutBucketTagging(ctx, rootOf(organizations.DemoProductionID), DemoFinanceBucket, []Tag{{"team", "finance"}}); err != nil {
		return fmt.Errorf("s3 demo: tag %s: %w", DemoFinanceBucket, err)
	}
	if err := s.PutBucketPolicy(ctx, rootOf(organizations.DemoDevelopmentID), DemoSharedBucket, demoSharedPolicy); err != nil {
		return fmt.Errorf("s3 demo: policy of %s: %w", DemoSharedBucket, err)
	}
	if err := roles.PutInlinePolicy(ctx, rootOf(organizations.DemoProductionID), "role", "UpdateAPP", "read-development-shared-builds", demoRolePolicy); err != nil {
		return fmt.Errorf("s3 demo: UpdateAPP's policy: %w", err)
	}
	return nil
}
