package s3

import (
	"context"
	"strings"
	"testing"

	"iamconsole/iam"
)

// The demo's scenario: david, switched to Production's UpdateAPP, reads and
// writes productionapp, cannot touch the other Production bucket, reads
// Development's shared bucket (both sides allow) but cannot write it (the
// bucket policy does not); david himself reaches none of Production's
// buckets.
func TestDemoScenario(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	ctx := context.Background()
	cases := []struct {
		name      string
		caller    *iam.Caller
		do        func(c *iam.Caller) error
		code, msg string
	}{
		{"UpdateAPP reads productionapp", f.updateApp, func(c *iam.Caller) error { _, err := f.get(t, c, DemoAppBucket, "index.html"); return err }, "", ""},
		{"UpdateAPP writes productionapp", f.updateApp, func(c *iam.Caller) error { _, err := f.put(t, c, DemoAppBucket, "new.txt", "x"); return err }, "", ""},
		{"UpdateAPP deletes in productionapp", f.updateApp, func(c *iam.Caller) error { return f.s3.DeleteObject(ctx, c, DemoAppBucket, "new.txt") }, "", ""},
		{"UpdateAPP lists productionapp", f.updateApp, func(c *iam.Caller) error {
			_, err := f.s3.ListObjects(ctx, c, ListObjectsInput{Bucket: DemoAppBucket, V2: true, MaxKeys: -1})
			return err
		}, "", ""},
		{"UpdateAPP may not list the finance bucket", f.updateApp, func(c *iam.Caller) error {
			_, err := f.s3.ListObjects(ctx, c, ListObjectsInput{Bucket: DemoFinanceBucket, V2: true, MaxKeys: -1})
			return err
		}, "AccessDenied", `User: arn:aws:sts::123456789012:assumed-role/UpdateAPP/david is not authorized to perform: s3:ListBucket on resource: "arn:aws:s3:::production-finance-reports" because no identity-based policy allows the s3:ListBucket action`},
		{"UpdateAPP may not read the finance bucket", f.updateApp, func(c *iam.Caller) error {
			_, err := f.get(t, c, DemoFinanceBucket, "2024/q4-summary.csv")
			return err
		}, "AccessDenied", "s3:GetObject"},
		{"UpdateAPP reads Development's shared bucket", f.updateApp, func(c *iam.Caller) error {
			_, err := f.get(t, c, DemoSharedBucket, "README.txt")
			return err
		}, "", ""},
		{"UpdateAPP may not write Development's shared bucket", f.updateApp, func(c *iam.Caller) error {
			_, err := f.put(t, c, DemoSharedBucket, "x.txt", "x")
			return err
		}, "AccessDenied", "Access Denied"},
		{"david reaches no Production bucket", f.david, func(c *iam.Caller) error { _, err := f.get(t, c, DemoAppBucket, "index.html"); return err }, "AccessDenied", "Access Denied"},
		{"david lists his own account's buckets only", f.david, func(c *iam.Caller) error {
			out, err := f.s3.ListBuckets(ctx, c, ListBucketsInput{})
			if err == nil && (len(out.Buckets) != 1 || out.Buckets[0].Name != DemoSharedBucket) {
				t.Errorf("david's buckets: %+v", out.Buckets)
			}
			return err
		}, "", ""},
		{"david finds no such key where he may list", f.david, func(c *iam.Caller) error {
			_, err := f.get(t, c, DemoSharedBucket, "no-such-key")
			return err
		}, "NoSuchKey", ""},
		{"a missing key is AccessDenied without s3:ListBucket", f.updateApp, func(c *iam.Caller) error {
			grant := `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::123456789012:role/UpdateAPP"},"Action":"s3:GetObject","Resource":"arn:aws:s3:::production-finance-reports/*"}]}`
			if err := f.s3.PutBucketPolicy(ctx, f.prodRoot, DemoFinanceBucket, grant); err != nil {
				t.Fatal(err)
			}
			if _, err := f.get(t, c, DemoFinanceBucket, "2024/q4-summary.csv"); err != nil {
				t.Fatalf("the bucket policy alone grants within the account: %v", err)
			}
			_, err := f.get(t, c, DemoFinanceBucket, "no-such-key")
			return err
		}, "AccessDenied", `s3:ListBucket on resource: "arn:aws:s3:::production-finance-reports"`},
		{"a missing key is NoSuchKey with s3:ListBucket", f.updateApp, func(c *iam.Caller) error {
			_, err := f.get(t, c, DemoAppBucket, "no-such-key")
			return err
		}, "NoSuchKey", "The specified key does not exist."},
		{"no such bucket", f.updateApp, func(c *iam.Caller) error { _, err := f.get(t, c, "no-such-bucket-here", "k"); return err }, "NoSuchBucket", "The specified bucket does not exist"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			wantCode(t, tc.do(tc.caller), tc.code, tc.msg)
		})
	}
}

// Cross-account access needs both the caller's policy and the bucket
// policy; an explicit deny on either side wins; a public policy is refused
// while Block Public Access blocks it.
func TestCrossAccountBucketPolicy(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	ctx := context.Background()
	bucket := "cross-account-cases"
	if _, err := f.s3.CreateBucket(ctx, f.devAdmin, CreateBucketInput{Bucket: bucket}); err != nil {
		t.Fatal(err)
	}
	if _, err := f.put(t, f.devAdmin, bucket, "k", "v"); err != nil {
		t.Fatal(err)
	}
	// Production's admin has AdministratorAccess: only the bucket policy
	// is missing.
	_, err := f.get(t, f.prodAdmin, bucket, "k")
	wantCode(t, err, "AccessDenied", "Access Denied")
	grant := `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::123456789012:root"},"Action":"s3:GetObject","Resource":"arn:aws:s3:::cross-account-cases/*"}]}`
	wantCode(t, f.s3.PutBucketPolicy(ctx, f.devAdmin, bucket, grant), "", "")
	if _, err := f.get(t, f.prodAdmin, bucket, "k"); err != nil {
		t.Fatalf("both sides allow: %v", err)
	}
	// The bucket policy grants Production's account, but UpdateAPP's own
	// policy does not name this bucket: denied.
	_, err = f.get(t, f.updateApp, bucket, "k")
	wantCode(t, err, "AccessDenied", "")
	// An explicit deny in the bucket policy beats the owner's own admin.
	deny := `{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Principal":"*","Action":"s3:GetObject","Resource":"arn:aws:s3:::cross-account-cases/k"}]}`
	wantCode(t, f.s3.PutBucketPolicy(ctx, f.devAdmin, bucket, deny), "", "")
	_, err = f.get(t, f.devAdmin, bucket, "k")
	wantCode(t, err, "AccessDenied", "with an explicit deny in a resource-based policy")
	// A public policy is refused by the default Block Public Access.
	public := `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"arn:aws:s3:::cross-account-cases/*"}]}`
	wantCode(t, f.s3.PutBucketPolicy(ctx, f.devAdmin, bucket, public), "AccessDenied", "BlockPublicPolicy")
	wantCode(t, f.s3.PutPublicAccessBlock(ctx, f.devAdmin, bucket, PublicAccessBlock{RestrictPublicBuckets: true}), "", "")
	wantCode(t, f.s3.PutBucketPolicy(ctx, f.devAdmin, bucket, public), "", "")
	isPublic, err := f.s3.GetBucketPolicyStatus(ctx, f.devAdmin, bucket)
	if err != nil || !isPublic {
		t.Fatalf("policy status: %v %v", isPublic, err)
	}
	// RestrictPublicBuckets: the public grant reaches no other account.
	_, err = f.get(t, f.prodAdmin, bucket, "k")
	wantCode(t, err, "AccessDenied", "")
	wantCode(t, f.s3.PutPublicAccessBlock(ctx, f.devAdmin, bucket, PublicAccessBlock{}), "", "")
	if _, err := f.get(t, f.prodAdmin, bucket, "k"); err != nil {
		t.Fatalf("public policy, nothing blocked: %v", err)
	}
	// Another account may not read or change the policy itself.
	_, err = f.s3.GetBucketPolicy(ctx, f.prodAdmin, bucket)
	wantCode(t, err, "AccessDenied", "")
}

func TestBucketPolicyValidation(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	ctx := context.Background()
	b := DemoAppBucket
	stmt := func(s string) string { return `{"Version":"2012-10-17","Statement":[` + s + `]}` }
	cases := []struct{ name, doc, msg string }{
		{"not JSON", "nope", "Policies must be valid JSON and the first byte must be '{'"},
		{"broken JSON", `{"Version":`, "This policy contains invalid Json"},
		{"no principal", stmt(`{"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::productionapp/*"}`), "Missing required field Principal"},
		{"another bucket", stmt(`{"Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"arn:aws:s3:::other/*"}`), "Policy has invalid resource"},
		{"not an S3 action", stmt(`{"Effect":"Allow","Principal":{"AWS":"123456789012"},"Action":"iam:GetUser","Resource":"arn:aws:s3:::productionapp"}`), "Policy has invalid action"},
		{"unknown S3 action", stmt(`{"Effect":"Allow","Principal":{"AWS":"123456789012"},"Action":"s3:GetObjekt","Resource":"arn:aws:s3:::productionapp/*"}`), "Policy has invalid action"},
		{"object action on the bucket", stmt(`{"Effect":"Allow","Principal":{"AWS":"123456789012"},"Action":"s3:GetObject","Resource":"arn:aws:s3:::productionapp"}`), "Action does not apply to any resource(s) in statement"},
		{"unknown principal", stmt(`{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::123456789012:role/NoSuchRole"},"Action":"s3:GetObject","Resource":"arn:aws:s3:::productionapp/*"}`), "Invalid principal in policy"},
		{"unknown condition key", stmt(`{"Effect":"Allow","Principal":{"AWS":"123456789012"},"Action":"s3:GetObject","Resource":"arn:aws:s3:::productionapp/*","Condition":{"StringEquals":{"s3:nonsense":"x"}}}`), "Policy has an invalid condition key"},
		{"too large", `{"Version":"2012-10-17","Statement":[]` + strings.Repeat(" ", MaxPolicyBytes) + `}`, "20 KB"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			wantCode(t, f.s3.PutBucketPolicy(ctx, f.prodRoot, b, tc.doc), "MalformedPolicy", tc.msg)
		})
	}
	if _, err := f.s3.GetBucketPolicy(ctx, f.prodRoot, b); err == nil {
		t.Fatal("a refused policy was stored")
	}
}
