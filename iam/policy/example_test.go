package policy_test

import (
	"fmt"

	"iamconsole/iam/policy"
)

func ExampleCompile() {
	_, err := policy.Compile("inline", []byte(`{
  "Version": "2012-10-17",
  "Statement": {"Effect": "Allow", "Principal": "*", "Action": "s3:GetObject", "Resource": "*"}
}`), policy.KindIdentity)
	for _, e := range err.(policy.Errors) {
		fmt.Printf("%d:%d %s\n", e.Line, e.Column, e.Message)
	}
	// Output: 3:49 Policy document should not specify a principal.
}

func ExampleEvaluate() {
	p := policy.MustCompile("user/alice/inline/Roles", []byte(`{
  "Version": "2012-10-17",
  "Statement": [{"Sid": "ReadRoles", "Effect": "Allow", "Action": "iam:Get*", "Resource": "arn:aws:iam::111122223333:role/*"}]
}`), policy.KindIdentity)
	req := &policy.Request{
		Principal: policy.Principal{Type: policy.PrincipalUser, ARN: "arn:aws:iam::111122223333:user/alice", Account: "111122223333"},
		Action:    "iam:GetRole",
		Resource:  "arn:aws:iam::111122223333:role/Admin",
	}
	d := policy.Evaluate(req, &policy.Set{Identity: []*policy.Policy{p}})
	fmt.Println(d.Effect, d.Decisive.Policy, d.Decisive.Sid)

	req.Action = "iam:CreateRole"
	d = policy.Evaluate(req, &policy.Set{Identity: []*policy.Policy{p}})
	fmt.Println(d.Message(req))
	// Output:
	// Allow user/alice/inline/Roles ReadRoles
	// User: arn:aws:iam::111122223333:user/alice is not authorized to perform: iam:CreateRole on resource: arn:aws:iam::111122223333:role/Admin because no identity-based policy allows the iam:CreateRole action
}

func ExampleExplain() {
	identity := policy.MustCompile("identity", []byte(`{"Version": "2012-10-17", "Statement": [
  {"Effect": "Allow", "Action": "sts:AssumeRole", "Resource": "*"},
  {"Effect": "Deny", "Action": "sts:AssumeRole", "Resource": "*", "Condition": {"BoolIfExists": {"aws:MultiFactorAuthPresent": "false"}}}]}`), policy.KindIdentity)
	trust := policy.MustCompile("trust", []byte(`{"Version": "2012-10-17", "Statement": [
  {"Effect": "Allow", "Principal": {"AWS": "111122223333"}, "Action": "sts:AssumeRole"}]}`), policy.KindTrust)
	ctx := policy.NewContext()
	ctx.Set("aws:MultiFactorAuthPresent", "false")
	req := &policy.Request{
		Principal: policy.Principal{Type: policy.PrincipalUser, ARN: "arn:aws:iam::111122223333:user/alice", Account: "111122223333"},
		Action:    "sts:AssumeRole",
		Resource:  "arn:aws:iam::111122223333:role/Admin",
		Context:   ctx,
	}
	d := policy.Explain(req, &policy.Set{Identity: []*policy.Policy{identity}, Resource: trust, Trust: true})
	for _, m := range d.Matched {
		fmt.Println(m.Layer, m.Policy, m.Statement, m.Effect)
	}
	fmt.Println(d.Message(req))
	// Output:
	// identity-based policy identity 0 Allow
	// identity-based policy identity 1 Deny
	// role trust policy trust 0 Allow
	// User: arn:aws:iam::111122223333:user/alice is not authorized to perform: sts:AssumeRole on resource: arn:aws:iam::111122223333:role/Admin with an explicit deny in an identity-based policy
}

func ExampleParseFor() {
	doc := []byte(`{"Version": "2012-10-17", "Statement": [{"Effect": "Allow",}]}`)
	for _, k := range []policy.Kind{policy.KindIdentity, policy.KindTrust} {
		_, err := policy.ParseFor(doc, k)
		fmt.Printf("%s: %v\n", k, err)
	}
	// Output:
	// identity: Syntax errors in policy.
	// trust: This policy contains invalid Json
}
