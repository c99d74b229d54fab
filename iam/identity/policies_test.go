package identity_test

import (
	"strconv"
	"strings"
	"testing"

	"iamconsole/iam"
	"iamconsole/iam/identity"
	"iamconsole/iam/organizations"
)

const s3Read = `{
  "Version": "2012-10-17",
  "Statement": [{"Sid": "Read", "Effect": "Allow", "Action": ["s3:GetObject", "s3:ListBucket"], "Resource": "*"}]
}`

func TestManagedPolicyLifecycle(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	s, ctx, admin := f.s, f.ctx, f.prodAdmin
	p, err := s.CreatePolicy(ctx, admin, identity.CreatePolicyInput{PolicyName: "S3Read", Path: "/team/", PolicyDocument: s3Read, Description: "read"})
	if err != nil {
		t.Fatal(err)
	}
	if p.ARN != "arn:aws:iam::123456789012:policy/team/S3Read" || p.DefaultVersionID != "v1" || !strings.HasPrefix(p.PolicyID, "ANPA") {
		t.Fatalf("policy = %+v", p)
	}
	invalidCases := []struct {
		name string
		in   identity.CreatePolicyInput
		kind iam.Kind
		code string
		msg  string
	}{
		{"duplicate", identity.CreatePolicyInput{PolicyName: "s3read", PolicyDocument: s3Read}, iam.KindExists, "EntityAlreadyExists", "A policy called s3read already exists. Duplicate names are not allowed."},
		{"old version", identity.CreatePolicyInput{PolicyName: "Old", PolicyDocument: `{"Statement":[{"Effect":"Allow","Action":"s3:*","Resource":"*"}]}`}, iam.KindMalformedPolicy, "MalformedPolicyDocument", "Policy document must be version 2012-10-17 or greater."},
		{"principal", identity.CreatePolicyInput{PolicyName: "P", PolicyDocument: `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"s3:*","Resource":"*"}]}`}, iam.KindMalformedPolicy, "MalformedPolicyDocument", "Policy document should not specify a principal."},
		{"too big", identity.CreatePolicyInput{PolicyName: "Big", PolicyDocument: bigPolicy(6200)}, iam.KindLimit, "LimitExceeded", "Cannot exceed quota for PolicySize: 6144"},
		{"bad path", identity.CreatePolicyInput{PolicyName: "Path", Path: "/a*/", PolicyDocument: s3Read}, iam.KindInvalid, "ValidationError", "path"},
	}
	for _, tc := range invalidCases {
		t.Run(tc.name, func(t *testing.T) {
			_, err := s.CreatePolicy(ctx, admin, tc.in)
			e := wantKind(t, err, tc.kind, tc.code)
			if !strings.Contains(e.Message, tc.msg) {
				t.Errorf("message = %q, want %q", e.Message, tc.msg)
			}
		})
	}
	_, err = s.CreatePolicy(ctx, f.david, identity.CreatePolicyInput{PolicyName: "X", PolicyDocument: s3Read})
	wantKind(t, err, iam.KindDenied, "AccessDenied")

	// Versions: up to five; the default cannot be deleted.
	for i := 2; i <= 5; i++ {
		v, err := s.CreatePolicyVersion(ctx, admin, p.ARN, s3Read, i == 3)
		if err != nil {
			t.Fatal(err)
		}
		if v.VersionID != "v"+strconv.Itoa(i) {
			t.Errorf("version = %s", v.VersionID)
		}
	}
	_, err = s.CreatePolicyVersion(ctx, admin, p.ARN, s3Read, false)
	e := wantKind(t, err, iam.KindLimit, "LimitExceeded")
	if e.Message != "A managed policy can have up to 5 versions. Before you create a new version, you must delete an existing version." {
		t.Errorf("message = %q", e.Message)
	}
	vs, err := s.ListPolicyVersions(ctx, admin, p.ARN)
	if err != nil || len(vs) != 5 {
		t.Fatalf("versions = %+v, %v", vs, err)
	}
	for _, v := range vs {
		if v.IsDefaultVersion != (v.VersionID == "v3") {
			t.Errorf("version %s default = %v", v.VersionID, v.IsDefaultVersion)
		}
	}
	wantKind(t, s.DeletePolicyVersion(ctx, admin, p.ARN, "v3"), iam.KindConflict, "DeleteConflict")
	wantKind(t, s.DeletePolicyVersion(ctx, admin, p.ARN, "v9"), iam.KindNotFound, "NoSuchEntity")
	if err := s.SetDefaultPolicyVersion(ctx, admin, p.ARN, "v5"); err != nil {
		t.Fatal(err)
	}
	got, _ := s.GetPolicy(ctx, admin, p.ARN)
	if got.DefaultVersionID != "v5" {
		t.Errorf("default = %s", got.DefaultVersionID)
	}
	// Attached, or with versions, it cannot be deleted.
	if err := s.AttachPolicy(ctx, admin, "role", "UpdateAPP", p.ARN); err != nil {
		t.Fatal(err)
	}
	es, err := s.ListEntitiesForPolicy(ctx, admin, p.ARN)
	if err != nil || len(es) != 1 || es[0].Type != "role" || es[0].Name != "UpdateAPP" || !strings.HasPrefix(es[0].ID, "AROA") ||
		es[0].ARN != "arn:aws:iam::123456789012:role/UpdateAPP" {
		t.Fatalf("entities = %+v %v", es, err)
	}
	e = wantKind(t, s.DeletePolicy(ctx, admin, p.ARN), iam.KindConflict, "DeleteConflict")
	if e.Message != "Cannot delete a policy attached to entities." {
		t.Errorf("message = %q", e.Message)
	}
	if err := s.DetachPolicy(ctx, admin, "role", "UpdateAPP", p.ARN); err != nil {
		t.Fatal(err)
	}
	wantKind(t, s.DeletePolicy(ctx, admin, p.ARN), iam.KindConflict, "DeleteConflict")
	for _, v := range []string{"v1", "v2", "v3", "v4"} {
		if err := s.DeletePolicyVersion(ctx, admin, p.ARN, v); err != nil {
			t.Fatal(err)
		}
	}
	if err := s.DeletePolicy(ctx, admin, p.ARN); err != nil {
		t.Fatal(err)
	}
	_, err = s.GetPolicy(ctx, admin, p.ARN)
	wantKind(t, err, iam.KindNotFound, "NoSuchEntity")
	// AWS managed policies are read-only.
	wantKind(t, s.DeletePolicy(ctx, admin, iam.AdministratorAccessARN), iam.KindDenied, "AccessDenied")
	_, err = s.CreatePolicyVersion(ctx, admin, iam.AdministratorAccessARN, s3Read, true)
	wantKind(t, err, iam.KindDenied, "AccessDenied")
}

func bigPolicy(n int) string {
	var acts []string
	for i := 0; len(strings.Join(acts, ",")) < n; i++ {
		acts = append(acts, `"s3:GetObject`+strconv.Itoa(i)+`"`)
	}
	return `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":[` + strings.Join(acts, ",") + `],"Resource":"*"}]}`
}

func TestListPolicies(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	s, ctx, admin := f.s, f.ctx, f.prodAdmin
	if _, err := s.CreatePolicy(ctx, admin, identity.CreatePolicyInput{PolicyName: "AppRead", PolicyDocument: s3Read}); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name  string
		in    identity.ListPoliciesInput
		check func(t *testing.T, ps []identity.PolicyInfo, total int)
	}{
		{"local", identity.ListPoliciesInput{Scope: "Local"}, func(t *testing.T, ps []identity.PolicyInfo, total int) {
			if total != 1 || ps[0].PolicyName != "AppRead" || ps[0].AWSManaged {
				t.Errorf("%+v", ps)
			}
		}},
		{"aws", identity.ListPoliciesInput{Scope: "AWS", Search: "administratoraccess"}, func(t *testing.T, ps []identity.PolicyInfo, total int) {
			// AdministratorAccess first, then AdministratorAccess-Amplify, …
			if total < 1 || ps[0].ARN != iam.AdministratorAccessARN || !ps[0].AWSManaged || ps[0].AttachmentCount != 2 { // the admin user and OrganizationAccountAccessRole
				t.Errorf("%+v", ps)
			}
			for _, p := range ps {
				if !strings.Contains(strings.ToLower(p.PolicyName), "administratoraccess") || !p.AWSManaged {
					t.Errorf("search found %s", p.PolicyName)
				}
			}
		}},
		{"attached", identity.ListPoliciesInput{OnlyAttached: true}, func(t *testing.T, ps []identity.PolicyInfo, total int) {
			if total != 1 || ps[0].PolicyName != "AdministratorAccess" {
				for _, p := range ps {
					t.Log(p.PolicyName, p.AttachmentCount)
				}
				t.Errorf("total = %d", total)
			}
		}},
		{"paged", identity.ListPoliciesInput{MaxItems: 5}, func(t *testing.T, ps []identity.PolicyInfo, total int) {
			if len(ps) != 5 || total < 19 {
				t.Errorf("len %d total %d", len(ps), total)
			}
		}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			ps, total, _, err := s.ListPolicies(ctx, admin, tc.in)
			if err != nil {
				t.Fatal(err)
			}
			tc.check(t, ps, total)
		})
	}
	_, _, _, err := s.ListPolicies(ctx, admin, identity.ListPoliciesInput{Scope: "Mine"})
	wantKind(t, err, iam.KindInvalid, "ValidationError")
	_, _, _, err = s.ListPolicies(ctx, f.prodRoot, identity.ListPoliciesInput{})
	if err != nil {
		t.Error(err)
	}
}

func TestInlinePolicies(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	s, ctx, admin := f.s, f.ctx, f.devAdmin
	tests := []struct {
		name, typ, entity, policy, doc string
		caller                         *iam.Caller
		kind                           iam.Kind
		code, msg                      string
	}{
		{"user", "user", "david", "S3", s3Read, admin, 0, "", ""},
		{"group", "group", "Developers", "S3", s3Read, admin, 0, "", ""},
		{"replace", "user", "david", "s3", s3Read, admin, 0, "", ""},
		{"denied", "user", "theresa", "S3", s3Read, f.david, iam.KindDenied, "AccessDenied", "iam:PutUserPolicy"},
		{"no user", "user", "nobody", "S3", s3Read, admin, iam.KindNotFound, "NoSuchEntity", "The user with name nobody cannot be found."},
		{"no group", "group", "Nobody", "S3", s3Read, admin, iam.KindNotFound, "NoSuchEntity", "The group with name Nobody cannot be found."},
		{"bad type", "thing", "x", "S3", s3Read, admin, iam.KindInvalid, "InvalidInput", ""},
		{"malformed", "user", "david", "S3", `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"GetObject","Resource":"*"}]}`, admin, iam.KindMalformedPolicy, "MalformedPolicyDocument", "prefaced by a vendor"},
		{"too big for a user", "user", "david", "Big", bigPolicy(2100), admin, iam.KindLimit, "LimitExceeded", "Maximum policy size of 2048 bytes exceeded for user david"},
		{"fits a group", "group", "Developers", "Big", bigPolicy(2100), admin, 0, "", ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			err := s.PutInlinePolicy(ctx, tc.caller, tc.typ, tc.entity, tc.policy, tc.doc)
			if tc.code == "" {
				if err != nil {
					t.Fatal(err)
				}
				return
			}
			e := wantKind(t, err, tc.kind, tc.code)
			if !strings.Contains(e.Message, tc.msg) {
				t.Errorf("message = %q, want %q", e.Message, tc.msg)
			}
		})
	}
	names, err := s.ListInlinePolicies(ctx, admin, "user", "david")
	if err != nil || len(names) != 1 {
		t.Fatalf("names = %v, %v", names, err)
	}
	p, err := s.GetInlinePolicy(ctx, admin, "group", "developers", "allow-assume-UpdateAPP")
	if err != nil || !strings.Contains(p.PolicyDocument, "UpdateAPP") || p.EntityName != "Developers" {
		t.Fatalf("policy = %+v, %v", p, err)
	}
	_, err = s.GetInlinePolicy(ctx, admin, "user", "david", "Missing")
	e := wantKind(t, err, iam.KindNotFound, "NoSuchEntity")
	if e.Message != "The user policy with name Missing cannot be found." {
		t.Errorf("message = %q", e.Message)
	}
	if err := s.DeleteInlinePolicy(ctx, admin, "user", "david", "S3"); err != nil {
		t.Fatal(err)
	}
	wantKind(t, s.DeleteInlinePolicy(ctx, admin, "user", "david", "S3"), iam.KindNotFound, "NoSuchEntity")
	// The new inline policy takes effect at once.
	if err := s.PutInlinePolicy(ctx, admin, "user", "theresa", "CreateRoles", `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"iam:CreateRole","Resource":"*"}]}`); err != nil {
		t.Fatal(err)
	}
	theresa := *f.david
	u, _ := f.k.Store().Read(ctx).UserByName(organizations.DemoDevelopmentID, "theresa")
	theresa.UserID, theresa.UniqueID, theresa.UserName, theresa.ARN = u.ID, u.ID, u.Name, "arn:aws:iam::111122223333:user/theresa"
	if !f.k.Allowed(ctx, &theresa, "iam:CreateRole", "arn:aws:iam::111122223333:role/X") {
		t.Error("the inline policy did not take effect")
	}
}

func TestAttachQuotaAndBoundaries(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	s, ctx, admin := f.s, f.ctx, f.prodAdmin
	var arns []string
	for i := range 11 {
		p, err := s.CreatePolicy(ctx, admin, identity.CreatePolicyInput{PolicyName: "P" + strconv.Itoa(i), PolicyDocument: s3Read})
		if err != nil {
			t.Fatal(err)
		}
		arns = append(arns, p.ARN)
	}
	for _, a := range arns[:10] {
		if err := s.AttachPolicy(ctx, admin, "role", "UpdateAPP", a); err != nil {
			t.Fatal(err)
		}
	}
	if err := s.AttachPolicy(ctx, admin, "role", "UpdateAPP", arns[0]); err != nil {
		t.Errorf("attaching again should change nothing: %v", err)
	}
	e := wantKind(t, s.AttachPolicy(ctx, admin, "role", "UpdateAPP", arns[10]), iam.KindLimit, "LimitExceeded")
	if e.Message != "Cannot exceed quota for PoliciesPerRole: 10" {
		t.Errorf("message = %q", e.Message)
	}
	e = wantKind(t, s.AttachPolicy(ctx, admin, "user", "admin", "arn:aws:iam::123456789012:policy/Nope"), iam.KindNotFound, "NoSuchEntity")
	if e.Message != "Policy arn:aws:iam::123456789012:policy/Nope does not exist or is not attachable." {
		t.Errorf("message = %q", e.Message)
	}
	wantKind(t, s.AttachPolicy(ctx, f.david, "role", "UpdateAPP", arns[10]), iam.KindDenied, "AccessDenied")
	wantKind(t, s.DetachPolicy(ctx, admin, "user", "admin", arns[10]), iam.KindNotFound, "NoSuchEntity")
	ps, err := s.ListAttachedPolicies(ctx, admin, "role", "UpdateAPP")
	if err != nil || len(ps) != 10 {
		t.Fatalf("attached = %d, %v", len(ps), err)
	}

	// A boundary limits the role at once.
	if err := s.PutRolePermissionsBoundary(ctx, admin, "UpdateAPP", "arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess"); err != nil {
		t.Fatal(err)
	}
	r, _ := s.GetRole(ctx, admin, "UpdateAPP")
	if r.PermissionsBoundary != "arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess" {
		t.Errorf("boundary = %q", r.PermissionsBoundary)
	}
	if err := s.DeleteRolePermissionsBoundary(ctx, admin, "UpdateAPP"); err != nil {
		t.Fatal(err)
	}
	wantKind(t, s.DeleteRolePermissionsBoundary(ctx, admin, "UpdateAPP"), iam.KindNotFound, "NoSuchEntity")
	wantKind(t, s.PutUserPermissionsBoundary(ctx, admin, "admin", "arn:aws:iam::aws:policy/Nope"), iam.KindNotFound, "NoSuchEntity")
	if err := s.PutUserPermissionsBoundary(ctx, admin, "admin", arns[0]); err != nil {
		t.Fatal(err)
	}
	if f.k.Allowed(ctx, admin, "iam:CreateRole", "arn:aws:iam::123456789012:role/X") {
		t.Error("the boundary should deny what it does not allow")
	}
	wantKind(t, s.DeleteUserPermissionsBoundary(ctx, admin, "admin"), iam.KindDenied, "AccessDenied")
	if err := s.DeleteUserPermissionsBoundary(ctx, f.prodRoot, "admin"); err != nil {
		t.Fatal(err)
	}
}

func TestSimulate(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	s, ctx := f.s, f.ctx
	res, err := s.SimulatePrincipalPolicy(ctx, f.devAdmin, identity.SimulatePrincipalInput{
		PolicySourceARN: "arn:aws:iam::111122223333:user/theresa",
		ActionNames:     []string{"sts:AssumeRole"},
		ResourceARNs:    []string{"arn:aws:iam::123456789012:role/UpdateAPP"},
	})
	if err != nil {
		t.Fatal(err)
	}
	more, err := s.SimulatePrincipalPolicy(ctx, f.devAdmin, identity.SimulatePrincipalInput{
		PolicySourceARN: "arn:aws:iam::111122223333:user/theresa",
		ActionNames:     []string{"s3:GetObject", "iam:CreateUser"},
	})
	if err != nil {
		t.Fatal(err)
	}
	res = append(res, more...)
	want := []string{"explicitDeny", "allowed", "implicitDeny"}
	for i, r := range res {
		if r.EvalDecision != want[i] {
			t.Errorf("%s: %s, want %s", r.EvalActionName, r.EvalDecision, want[i])
		}
	}
	if ms := res[0].MatchedStatements; len(ms) == 0 || ms[0].SourcePolicyID != "deny-assume-UpdateAPP" || ms[0].SourcePolicyType != "group" || ms[0].StartPosition.Line == 0 {
		t.Errorf("matched = %+v", res[0].MatchedStatements)
	}
	if ms := res[1].MatchedStatements; len(ms) == 0 || ms[0].SourcePolicyType != "aws-managed" {
		t.Errorf("matched = %+v", res[1].MatchedStatements)
	}
	res, err = s.SimulateCustomPolicy(ctx, f.devAdmin, identity.SimulateCustomInput{
		PolicyInputList: []string{s3Read, `{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":"s3:ListBucket","Resource":"*"}]}`},
		ActionNames:     []string{"s3:GetObject", "s3:ListBucket", "s3:PutObject"},
	})
	if err != nil {
		t.Fatal(err)
	}
	want = []string{"allowed", "explicitDeny", "implicitDeny"}
	for i, r := range res {
		if r.EvalDecision != want[i] || r.EvalResourceName != "*" {
			t.Errorf("%s: %+v, want %s", r.EvalActionName, r, want[i])
		}
	}
	if res[0].MatchedStatements[0].SourcePolicyID != "PolicyInputList.1" || res[1].MatchedStatements[len(res[1].MatchedStatements)-1].SourcePolicyID != "PolicyInputList.2" {
		t.Errorf("matched = %+v / %+v", res[0].MatchedStatements, res[1].MatchedStatements)
	}
	_, err = s.SimulateCustomPolicy(ctx, f.devAdmin, identity.SimulateCustomInput{PolicyInputList: []string{"{"}, ActionNames: []string{"s3:GetObject"}})
	wantKind(t, err, iam.KindMalformedPolicy, "MalformedPolicyDocument")
	_, err = s.SimulatePrincipalPolicy(ctx, f.david, identity.SimulatePrincipalInput{PolicySourceARN: "arn:aws:iam::111122223333:user/theresa", ActionNames: []string{"s3:GetObject"}})
	if err != nil {
		t.Errorf("ReadOnlyAccess includes iam:Simulate*? %v", err)
	}
	_, err = s.SimulatePrincipalPolicy(ctx, f.devAdmin, identity.SimulatePrincipalInput{PolicySourceARN: "arn:aws:iam::111122223333:role/Missing", ActionNames: []string{"s3:GetObject"}})
	wantKind(t, err, iam.KindNotFound, "NoSuchEntity")
	// A resource in another account, no resource policy given: the answer
	// is the identity's own policies' (david's group allows the switch).
	res, err = s.SimulatePrincipalPolicy(ctx, f.devAdmin, identity.SimulatePrincipalInput{
		PolicySourceARN: "arn:aws:iam::111122223333:user/david",
		ActionNames:     []string{"sts:AssumeRole"},
		ResourceARNs:    []string{"arn:aws:iam::123456789012:role/UpdateAPP"},
	})
	if err != nil || len(res) != 1 || res[0].EvalDecision != "allowed" {
		t.Errorf("david, cross-account without a resource policy: %+v, %v", res, err)
	}
}

func TestSummarize(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, doc string
		want      string // service:access pairs
	}{
		{"admin", `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}`, "*:Full access"},
		{"limited", s3Read, "s3:Limited"},
		{"mixed", `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["ec2:*","iam:Get*"],"Resource":"*"},{"Effect":"Deny","Action":"ec2:TerminateInstances","Resource":"*","Condition":{"Bool":{"aws:MultiFactorAuthPresent":"false"}}}]}`, "ec2:Full access,iam:Limited"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			sum, err := identity.Summarize(tc.doc)
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, s := range sum.Services {
				got = append(got, s.Service+":"+s.Access)
			}
			if strings.Join(got, ",") != tc.want {
				t.Errorf("got %v, want %s", got, tc.want)
			}
		})
	}
	sum, _ := identity.Summarize(`{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":"s3:*","Resource":"arn:aws:s3:::b/*","Condition":{"Bool":{"aws:SecureTransport":"false"}}}]}`)
	if e := sum.Services[0].Entries[0]; e.Effect != "Deny" || e.Resources[0] != "arn:aws:s3:::b/*" || len(e.Conditions) != 1 || !strings.Contains(e.Conditions[0], "aws:SecureTransport") {
		t.Errorf("entry = %+v", e)
	}
	if _, err := identity.Summarize("{"); err == nil {
		t.Error("no error for a broken document")
	}
	if got := identity.TrustedEntities(`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"ec2.amazonaws.com","AWS":"arn:aws:iam::111122223333:root"},"Action":"sts:AssumeRole"}]}`); strings.Join(got, "|") != "AWS account: 111122223333|AWS service: ec2" {
		t.Errorf("trusted entities = %v", got)
	}
}
