package managed_test

import (
	"testing"

	"iamconsole/iam/managed"
	"iamconsole/iam/policy"
)

// TestDocumentsCompile checks that every catalog document parses and
// compiles as AWS's own identity policies are (CompileManaged).
func TestDocumentsCompile(t *testing.T) {
	t.Parallel()
	for _, p := range managed.All() {
		t.Run(p.Name, func(t *testing.T) {
			t.Parallel()
			if _, err := policy.CompileManaged(p.ARN, p.Document); err != nil {
				t.Errorf("compile as an AWS managed policy: %v", err)
			}
		})
	}
}

// TestDocumentsGrant spot-checks that the documents mean what AWS's
// descriptions say.
func TestDocumentsGrant(t *testing.T) {
	t.Parallel()
	alice := policy.Principal{
		Type: policy.PrincipalUser, ARN: "arn:aws:iam::111122223333:user/alice",
		PrincipalARN: "arn:aws:iam::111122223333:user/alice", Account: "111122223333",
		UniqueID: "AIDAALICEEXAMPLE7ZQ3", UserName: "alice",
	}
	tests := []struct {
		policy, action, resource string
		want                     policy.Effect
	}{
		{"AdministratorAccess", "iam:CreateRole", "arn:aws:iam::111122223333:role/X", policy.Allow},
		{"ReadOnlyAccess", "iam:GetRole", "arn:aws:iam::111122223333:role/X", policy.Allow},
		{"ReadOnlyAccess", "iam:CreateRole", "arn:aws:iam::111122223333:role/X", policy.ImplicitDeny},
		{"ReadOnlyAccess", "sts:GetCallerIdentity", "*", policy.Allow},
		{"PowerUserAccess", "s3:PutObject", "arn:aws:s3:::productionapp/x", policy.Allow},
		{"PowerUserAccess", "iam:CreateUser", "arn:aws:iam::111122223333:user/bob", policy.ImplicitDeny},
		{"PowerUserAccess", "iam:ListRoles", "*", policy.Allow},
		{"IAMFullAccess", "iam:DeleteRole", "arn:aws:iam::111122223333:role/X", policy.Allow},
		{"IAMFullAccess", "s3:GetObject", "arn:aws:s3:::productionapp/x", policy.ImplicitDeny},
		{"IAMReadOnlyAccess", "iam:ListUsers", "*", policy.Allow},
		{"IAMReadOnlyAccess", "iam:DeleteUser", "arn:aws:iam::111122223333:user/bob", policy.ImplicitDeny},
		{"AmazonS3ReadOnlyAccess", "s3:GetObject", "arn:aws:s3:::productionapp/x", policy.Allow},
		{"AmazonS3ReadOnlyAccess", "s3:PutObject", "arn:aws:s3:::productionapp/x", policy.ImplicitDeny},
		{"AmazonEC2ReadOnlyAccess", "ec2:DescribeInstances", "*", policy.Allow},
		{"AmazonEC2FullAccess", "iam:CreateServiceLinkedRole", "*", policy.ImplicitDeny},
		{"IAMUserChangePassword", "iam:ChangePassword", "arn:aws:iam::111122223333:user/alice", policy.Allow},
		{"IAMUserChangePassword", "iam:ChangePassword", "arn:aws:iam::111122223333:user/bob", policy.ImplicitDeny},
		{"ViewOnlyAccess", "s3:ListAllMyBuckets", "*", policy.Allow},
		{"AWSCloudTrail_ReadOnlyAccess", "cloudtrail:LookupEvents", "*", policy.Allow},
		{"AWSOrganizationsReadOnlyAccess", "organizations:CreateAccount", "*", policy.ImplicitDeny},
	}
	for _, tt := range tests {
		t.Run(tt.policy+"/"+tt.action, func(t *testing.T) {
			t.Parallel()
			p, ok := managed.ByName(tt.policy)
			if !ok {
				t.Fatalf("no policy %s", tt.policy)
			}
			compiled, err := policy.CompileManaged(p.ARN, p.Document)
			if err != nil {
				t.Fatal(err)
			}
			req := &policy.Request{Principal: alice, Action: tt.action, Resource: tt.resource}
			got := policy.Evaluate(req, &policy.Set{Identity: []*policy.Policy{compiled}})
			if got.Effect != tt.want {
				t.Errorf("%s %s on %s = %s, want %s", tt.policy, tt.action, tt.resource, got.Effect, tt.want)
			}
		})
	}
}
