package catalog

import (
	"fmt"
	"reflect"
	"strings"
	"testing"
)

func TestResourceTypeFor(t *testing.T) {
	t.Parallel()
	const acct = "123456789012"
	tests := []struct {
		name, action, arn string
		want              string // "" = no match
		required          bool
	}{
		{"iam role", "iam:GetRole", "arn:aws:iam::" + acct + ":role/Admin", "role", true},
		{"iam role with path", "iam:GetRole", "arn:aws:iam::" + acct + ":role/team/a/Admin", "role", true},
		{"iam user", "iam:AttachUserPolicy", "arn:aws:iam::" + acct + ":user/alice", "user", true},
		{"iam policy", "iam:GetPolicyVersion", "arn:aws:iam::" + acct + ":policy/team/ReadOnly", "policy", true},
		{"iam policy for a user action", "iam:AttachUserPolicy", "arn:aws:iam::" + acct + ":policy/ReadOnly", "", false},
		{"aws managed policy", "iam:GetPolicy", "arn:aws:iam::aws:policy/AdministratorAccess", "policy", true},
		{"iam role for a user action", "iam:GetUser", "arn:aws:iam::" + acct + ":role/Admin", "", false},
		{"iam ARN with a region", "iam:GetRole", "arn:aws:iam:us-east-1:" + acct + ":role/Admin", "", false},
		{"iam role without name", "iam:GetRole", "arn:aws:iam::" + acct + ":role/", "", false},
		{"role of sts:AssumeRole", "sts:AssumeRole", "arn:aws:iam::" + acct + ":role/UpdateAPP", "role", true},
		{"other partition", "iam:GetRole", "arn:aws-cn:iam::" + acct + ":role/Admin", "role", true},
		{"s3 bucket", "s3:ListBucket", "arn:aws:s3:::productionapp", "bucket", false},
		{"s3 object", "s3:GetObject", "arn:aws:s3:::productionapp/docs/a.txt", "object", false},
		{"s3 object pattern", "s3:GetObject", "arn:aws:s3:::productionapp/*", "object", false},
		{"s3 bucket for an object action", "s3:GetObject", "arn:aws:s3:::productionapp", "", false},
		{"s3 object for a bucket action", "s3:ListBucket", "arn:aws:s3:::productionapp/key", "", false},
		{"s3 bucket with an account", "s3:ListBucket", "arn:aws:s3::" + acct + ":productionapp", "", false},
		{"s3 access point object", "s3:GetObject", "arn:aws:s3:us-east-1:" + acct + ":accesspoint/ap/object/k", "accesspointobject", false},
		{"dynamodb table", "dynamodb:Query", "arn:aws:dynamodb:us-east-1:" + acct + ":table/TestProject", "table", true},
		{"dynamodb index", "dynamodb:Query", "arn:aws:dynamodb:us-east-1:" + acct + ":table/TestProject/index/ByDate", "index", false},
		{"dynamodb stream for Query", "dynamodb:Query", "arn:aws:dynamodb:us-east-1:" + acct + ":table/T/stream/2024", "", false},
		{"dynamodb GetItem on index", "dynamodb:GetItem", "arn:aws:dynamodb:us-east-1:" + acct + ":table/T/index/I", "", false},
		{"dynamodb GetItem on table", "dynamodb:GetItem", "arn:aws:dynamodb:us-east-1:" + acct + ":table/T", "table", true},
		{"dynamodb without region", "dynamodb:Query", "arn:aws:dynamodb::" + acct + ":table/T", "", false},
		{"ec2 instance", "ec2:StartInstances", "arn:aws:ec2:us-east-1:" + acct + ":instance/i-0abcd1234efgh5678", "instance", true},
		{"ec2 instance of RunInstances", "ec2:RunInstances", "arn:aws:ec2:us-east-1:" + acct + ":instance/*", "instance", true},
		{"ec2 subnet of RunInstances", "ec2:RunInstances", "arn:aws:ec2:us-east-1:" + acct + ":subnet/subnet-1", "subnet", true},
		{"ec2 image without account", "ec2:RunInstances", "arn:aws:ec2:us-east-1::image/ami-1", "image", true},
		{"ec2 volume for StartInstances", "ec2:StartInstances", "arn:aws:ec2:us-east-1:" + acct + ":volume/vol-1", "", false},
		{"unknown action", "ec2:StartInstance", "arn:aws:ec2:us-east-1:" + acct + ":instance/i-1", "", false},
		{"not an ARN", "iam:GetRole", "Admin", "", false},
		{"star", "iam:GetRole", "*", "", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			rt, ok := ResourceTypeFor(tt.action, tt.arn)
			if tt.want == "" {
				if ok {
					t.Errorf("ResourceTypeFor(%s, %s) = %s, want none", tt.action, tt.arn, rt.ResourceType.Name)
				}
				return
			}
			if !ok || rt.ResourceType.Name != tt.want || rt.Required != tt.required {
				got := "none"
				if ok {
					got = fmt.Sprintf("%s required=%v", rt.ResourceType.Name, rt.Required)
				}
				t.Errorf("ResourceTypeFor(%s, %s) = %s, want %s required=%v", tt.action, tt.arn, got, tt.want, tt.required)
			}
		})
	}
}

func TestResourceTypeOf(t *testing.T) {
	t.Parallel()
	tests := []struct{ arn, service, want string }{
		{"arn:aws:iam::123456789012:role/Admin", "iam", "role"},
		{"arn:aws:iam::123456789012:user/division/alice", "iam", "user"},
		{"arn:aws:iam::123456789012:policy/p", "iam", "policy"},
		{"arn:aws:sts::123456789012:assumed-role/Admin/s", "sts", ""}, // sts lists no assumed-role type; iam does, under an iam ARN
		{"arn:aws:iam::123456789012:assumed-role/Admin/s", "iam", "assumed-role"},
		{"arn:aws:s3:::b", "s3", "bucket"},
		{"arn:aws:s3:::b/k", "s3", "object"},
		{"arn:aws:dynamodb:us-east-1:123456789012:table/T", "dynamodb", "table"},
		{"arn:aws:dynamodb:us-east-1:123456789012:table/T/index/I", "dynamodb", "index"},
		{"arn:aws:dynamodb:us-east-1:123456789012:table/T/stream/2024-01-01T00.00.00.000", "dynamodb", "stream"},
		{"arn:aws:dynamodb:us-east-1:123456789012:table/T/stream/2024-01-01T00:00:00.000", "dynamodb", "stream"},
		{"arn:aws:dynamodb:us:east:123456789012:table/T", "dynamodb", ""}, // a colon inside the region
		{"arn:aws:ec2:us-east-1:123456789012:instance/i-1", "ec2", "instance"},
		{"arn:aws:organizations::111122223333:account/o-abc/123456789012", "organizations", "account"},
		{"arn:aws:xyz:::thing", "", ""},
		{"not-an-arn", "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.arn, func(t *testing.T) {
			t.Parallel()
			rt, ok := ResourceTypeOf(tt.arn)
			switch {
			case tt.want == "" && ok:
				t.Errorf("ResourceTypeOf(%s) = %s %s, want none", tt.arn, rt.Service.Prefix, rt.Name)
			case tt.want != "" && (!ok || rt.Name != tt.want || rt.Service.Prefix != tt.service):
				t.Errorf("ResourceTypeOf(%s) = %v, %v; want %s %s", tt.arn, rt, ok, tt.service, tt.want)
			}
		})
	}
}

func TestARNBuilders(t *testing.T) {
	t.Parallel()
	tests := []struct{ got, want string }{
		{IAMRole.ARN("123456789012", "team/Admin"), "arn:aws:iam::123456789012:role/team/Admin"},
		{IAMUser.ARN("123456789012", "alice"), "arn:aws:iam::123456789012:user/alice"},
		{IAMPolicy.ARN("aws", "AdministratorAccess"), "arn:aws:iam::aws:policy/AdministratorAccess"},
		{S3Bucket.ARN("productionapp"), "arn:aws:s3:::productionapp"},
		{S3Object.ARN("productionapp", "docs/a.txt"), "arn:aws:s3:::productionapp/docs/a.txt"},
		{DynamoDBTable.ARN("us-east-1", "123456789012", "TestProject"), "arn:aws:dynamodb:us-east-1:123456789012:table/TestProject"},
		{DynamoDBIndex.ARN("us-east-1", "123456789012", "T", "I"), "arn:aws:dynamodb:us-east-1:123456789012:table/T/index/I"},
		{EC2Instance.ARN("us-east-1", "123456789012", "i-1"), "arn:aws:ec2:us-east-1:123456789012:instance/i-1"},
		{OrganizationsAccount.ARN("111122223333", "abc", "123456789012"), "arn:aws:organizations::111122223333:account/o-abc/123456789012"},
		{CloudTrailTrail.ARN("us-east-1", "123456789012", "main"), "arn:aws:cloudtrail:us-east-1:123456789012:trail/main"},
	}
	for _, tt := range tests {
		if tt.got != tt.want {
			t.Errorf("got %s, want %s", tt.got, tt.want)
		}
	}
	if IAMRole.ServicePrefix() != "iam" || IAMRole.Name() != "role" || IAMRole.Info() == nil {
		t.Errorf("IAMRole names %s %s (%v)", IAMRole.ServicePrefix(), IAMRole.Name(), IAMRole.Info())
	}
}

// Every generated resource type is in the data, and its ARN builder's output
// has the shape of the type's ARN format with each argument in its place.
func TestGeneratedResourceTypes(t *testing.T) {
	t.Parallel()
	if len(generatedResourceTypes) < 150 {
		t.Fatalf("only %d generated resource types", len(generatedResourceTypes))
	}
	for _, g := range generatedResourceTypes {
		v := reflect.ValueOf(g)
		base := v.Field(0).Interface().(ResourceType)
		info := base.Info()
		if info == nil {
			t.Errorf("%T: %s %s is not in the catalog", g, base.ServicePrefix(), base.Name())
			continue
		}
		m := v.MethodByName("ARN")
		args := make([]reflect.Value, m.Type().NumIn())
		for i := range args {
			args[i] = reflect.ValueOf(fmt.Sprintf("v%d", i))
		}
		arn := m.Call(args)[0].String()
		if !info.Matches(arn) {
			t.Errorf("%T.ARN(...) = %s, which does not fit %v", g, arn, info.ARNFormats)
		}
		if want := strings.Count(info.ARNFormats[0], "${") - 1; len(args) != want { // less ${Partition}
			t.Errorf("%T.ARN takes %d arguments; %s has %d variables besides the partition", g, len(args), info.ARNFormats[0], want)
		}
		for i := range args {
			if !strings.Contains(arn, fmt.Sprintf("v%d", i)) {
				t.Errorf("%T.ARN drops argument %d: %s", g, i, arn)
			}
		}
	}
}

func TestTemplateMatch(t *testing.T) {
	t.Parallel()
	tests := []struct {
		tmpl, s string
		key     bool
		want    bool
	}{
		{"arn:${Partition}:iam::${Account}:role/${RoleNameWithPath}", "arn:aws:iam::1:role/a/b", false, true},
		{"arn:${Partition}:iam::${Account}:role/${RoleNameWithPath}", "arn:aws:iam::1:role/a:b", false, true},
		{"arn:${Partition}:iam::${Account}:role/${RoleNameWithPath}", "arn:aws:iam::1:2:role/a", false, false},
		{"arn:${Partition}:iam::${Account}:role/${RoleNameWithPath}", "arn:aws:iam::1:ROLE/a", false, false},
		{"arn:${Partition}:iam::${Account}:role/${RoleNameWithPath}", "arn:aws:iam:::role/a", false, false},
		{"arn:${Partition}:s3:::${BucketName}/${ObjectName}", "arn:aws:s3:::b/k/x", false, true},
		{"arn:${Partition}:s3:::${BucketName}/${ObjectName}", "arn:aws:s3:::b/", false, false},
		{"aws:ResourceTag/${TagKey}", "AWS:resourcetag/a:b/c", true, true},
		{"aws:ResourceTag/${TagKey}", "aws:ResourceTag/", true, false},
		{"s3:ExistingObjectTag/<key>", "s3:existingobjecttag/k", true, true},
		{"token.actions.${Domain}.ghe.com:actor", "token.actions.x.y.ghe.com:actor", true, true},
		{"token.actions.${Domain}.ghe.com:actor", "token.actions..ghe.com:actor", true, false},
		{"iam:PassedToService", "IAM:passedtoservice", true, true},
		{"iam:PassedToService", "iam:PassedToServic", true, false},
	}
	for _, tt := range tests {
		tm, _ := compileTemplate(tt.tmpl, tt.key)
		if got := tm.match(tt.s, tt.key); got != tt.want {
			t.Errorf("%q matching %q (key=%v) = %v, want %v", tt.tmpl, tt.s, tt.key, got, tt.want)
		}
	}
	// A long input with many candidate split points stays linear.
	tm, _ := compileTemplate("arn:${Partition}:organizations::${Account}:transfer/o-${A}/${B}/${C}/rt-${D}", false)
	long := "arn:aws:organizations::1:transfer/o-" + strings.Repeat("/", 5000)
	if tm.match(long, false) {
		t.Error("matched a string of slashes")
	}
}
