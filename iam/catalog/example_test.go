package catalog_test

import (
	"fmt"

	"iamconsole/iam/catalog"
)

func ExampleLookupAction() {
	a, ok := catalog.LookupAction("IAM:createrole")
	fmt.Println(a, ok, a.AccessLevel)
	for _, rt := range a.ResourceTypes {
		fmt.Println(rt.ResourceType.Name, rt.Required, rt.ResourceType.ARNFormats[0])
	}
	// Output:
	// iam:CreateRole true Write
	// role true arn:${Partition}:iam::${Account}:role/${RoleNameWithPath}
}

func ExampleMatchActions() {
	for _, a := range catalog.MatchActions("sts:AssumeRole*") {
		fmt.Println(a)
	}
	// Output:
	// sts:AssumeRole
	// sts:AssumeRoleWithSAML
	// sts:AssumeRoleWithWebIdentity
}

func ExampleResourceTypeFor() {
	for _, r := range []string{
		"arn:aws:dynamodb:us-east-1:123456789012:table/TestProject",
		"arn:aws:dynamodb:us-east-1:123456789012:table/TestProject/index/ByDate",
	} {
		rt, _ := catalog.ResourceTypeFor("dynamodb:Query", r)
		fmt.Println(rt.ResourceType.Name)
	}
	_, ok := catalog.ResourceTypeFor("s3:ListBucket", "arn:aws:s3:::productionapp/report.csv")
	fmt.Println(ok)
	// Output:
	// table
	// index
	// false
}

func ExampleConditionKey() {
	k, _ := catalog.ConditionKey("aws:ResourceTag/Team")
	fmt.Println(k.Name, k.Type, k.Global())
	a, _ := catalog.LookupAction("s3:ListAllMyBuckets")
	fmt.Println(k.AppliesTo(a))
	// Output:
	// aws:ResourceTag/${TagKey} String true
	// false
}

func ExampleCheckAction() {
	fmt.Println(catalog.CheckAction("s3:GetObjec"))
	fmt.Println(catalog.CheckAction("xyz:GetObject").Message)
	fmt.Println(catalog.CheckAction("s3:Get*") == nil)
	// Output:
	// Invalid action: The action s3:GetObjec does not exist. Did you mean s3:GetObject?
	// The service xyz specified in the action does not exist.
	// true
}

func ExampleCheckConditionKey() {
	f := catalog.CheckConditionKey("s3:ExistingObjectTagg/team", []string{"s3:GetObject"})
	fmt.Println(f.Code, f.Message)
	// Output:
	// INVALID_SERVICE_CONDITION_KEY The condition key s3:ExistingObjectTagg/team does not exist in the service s3. Use a valid condition key.
}

func ExampleIAMRoleType_ARN() {
	fmt.Println(catalog.IAMRole.ARN("123456789012", "team/UpdateAPP"))
	fmt.Println(catalog.S3Object.ARN("productionapp", "docs/report.csv"))
	fmt.Println(catalog.EC2Instance.ARN("us-east-1", "123456789012", "i-0abcd1234"))
	fmt.Println(catalog.IAMCreateRole)
	// Output:
	// arn:aws:iam::123456789012:role/team/UpdateAPP
	// arn:aws:s3:::productionapp/docs/report.csv
	// arn:aws:ec2:us-east-1:123456789012:instance/i-0abcd1234
	// iam:CreateRole
}
