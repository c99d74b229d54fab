package iamapi_test

import (
	"io"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"iamconsole/handlers/api/apitest"
	"iamconsole/iam/sigv4"
)

// iamValues builds an IAM Query request: action, then name/value pairs.
func iamValues(action string, kv ...string) url.Values {
	v := url.Values{"Action": {action}, "Version": {"2010-05-08"}}
	for i := 0; i+1 < len(kv); i += 2 {
		v.Add(kv[i], kv[i+1])
	}
	return v
}

// policyIDs hides the IDs of managed policies, which the shared
// normalizers leave as they are.
var policyIDs = regexp.MustCompile(`ANPA[A-Z2-7]{17}`)

const (
	allowS3 = `{"Version":"2012-10-17","Statement":[{"Sid":"Read","Effect":"Allow","Action":"s3:GetObject","Resource":"*"}]}`
	mfaOnly = `{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Allow",
      "Action": "s3:*",
      "Resource": "*",
      "Condition": {"Bool": {"aws:MultiFactorAuthPresent": "true"}, "StringEquals": {"s3:prefix": "home/"}}
    }
  ]
}`
)

func TestIAMWireFormats(t *testing.T) {
	t.Parallel()
	e := apitest.New(t, false)
	admin := e.Keys["admin"]
	setup := []url.Values{
		iamValues("CreatePolicy", "PolicyName", "ReadObjects", "Path", "/app/", "Description", "Reads objects", "PolicyDocument", allowS3),
		iamValues("CreatePolicyVersion", "PolicyArn", "arn:aws:iam::111122223333:policy/app/ReadObjects", "PolicyDocument", mfaOnly, "SetAsDefault", "true"),
		iamValues("CreateRole", "RoleName", "Auditor", "AssumeRolePolicyDocument",
			`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:root"},"Action":"sts:AssumeRole"}]}`,
			"Tags.member.1.Key", "team", "Tags.member.1.Value", "audit"),
		iamValues("PutRolePolicy", "RoleName", "Auditor", "PolicyName", "read", "PolicyDocument", allowS3),
		iamValues("AttachRolePolicy", "RoleName", "Auditor", "PolicyArn", "arn:aws:iam::111122223333:policy/app/ReadObjects"),
	}
	for _, form := range setup {
		if st, body, _ := e.Call(t, "iam", admin[0], admin[1], "", form); st != 200 {
			t.Fatalf("%s: %d %s", form.Get("Action"), st, body)
		}
	}
	tests := []struct {
		name, golden string
		form         url.Values
		status       int
	}{
		{"authorization details of users and groups", "iam_get_account_authorization_details.xml",
			iamValues("GetAccountAuthorizationDetails", "Filter.member.1", "User", "Filter.member.2", "Group"), 200},
		{"authorization details of roles and local policies", "iam_get_account_authorization_details_roles.xml",
			iamValues("GetAccountAuthorizationDetails", "Filter.member.1", "Role", "Filter.member.2", "LocalManagedPolicy"), 200},
		{"authorization details with an unknown filter", "iam_get_account_authorization_details_filter.xml",
			iamValues("GetAccountAuthorizationDetails", "Filter.member.1", "Users"), 400},
		{"simulate a Testers user: explicit deny", "iam_simulate_principal_policy_deny.xml",
			iamValues("SimulatePrincipalPolicy", "PolicySourceArn", "arn:aws:iam::111122223333:user/theresa",
				"ActionNames.member.1", "sts:AssumeRole", "ResourceArns.member.1", apitest.UpdateAPP), 200},
		{"simulate a Developers user: allowed", "iam_simulate_principal_policy_allow.xml",
			iamValues("SimulatePrincipalPolicy", "PolicySourceArn", "arn:aws:iam::111122223333:user/david",
				"ActionNames.member.1", "sts:AssumeRole", "ActionNames.member.2", "iam:CreateUser", "ResourceArns.member.1", apitest.UpdateAPP,
				"ResourcePolicy", `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:root"},"Action":"sts:AssumeRole","Resource":"`+apitest.UpdateAPP+`"}]}`), 200},
		{"simulate a role with its managed policy", "iam_simulate_principal_policy_role.xml",
			iamValues("SimulatePrincipalPolicy", "PolicySourceArn", "arn:aws:iam::111122223333:role/Auditor",
				"ActionNames.member.1", "s3:ListBucket", "ContextEntries.member.1.ContextKeyName", "aws:MultiFactorAuthPresent",
				"ContextEntries.member.1.ContextKeyValues.member.1", "true", "ContextEntries.member.1.ContextKeyType", "boolean"), 200},
		{"simulate custom policy: missing context", "iam_simulate_custom_policy_missing_context.xml",
			iamValues("SimulateCustomPolicy", "PolicyInputList.member.1", mfaOnly, "ActionNames.member.1", "s3:ListBucket",
				"ActionNames.member.2", "iam:ListUsers"), 200},
		{"simulate custom policy: context given", "iam_simulate_custom_policy_context.xml",
			iamValues("SimulateCustomPolicy", "PolicyInputList.member.1", mfaOnly, "ActionNames.member.1", "s3:ListBucket",
				"ResourceArns.member.1", "arn:aws:s3:::productionapp",
				"ContextEntries.member.1.ContextKeyName", "aws:MultiFactorAuthPresent", "ContextEntries.member.1.ContextKeyValues.member.1", "true",
				"ContextEntries.member.1.ContextKeyType", "boolean",
				"ContextEntries.member.2.ContextKeyName", "s3:prefix", "ContextEntries.member.2.ContextKeyValues.member.1", "home/",
				"ContextEntries.member.2.ContextKeyType", "string"), 200},
		{"simulate without a source", "iam_simulate_missing_parameter.xml",
			iamValues("SimulatePrincipalPolicy", "ActionNames.member.1", "s3:ListBucket"), 400},
		{"malformed integer", "iam_validation_error.xml",
			iamValues("UpdateRole", "RoleName", "Auditor", "MaxSessionDuration", "long"), 400},
		{"list virtual MFA devices", "iam_list_virtual_mfa_devices.xml", iamValues("ListVirtualMFADevices"), 200},
		{"entities for a policy", "iam_list_entities_for_policy.xml",
			iamValues("ListEntitiesForPolicy", "PolicyArn", "arn:aws:iam::111122223333:policy/app/ReadObjects"), 200},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			st, body, _ := e.Call(t, "iam", admin[0], admin[1], "", tc.form)
			if st != tc.status {
				t.Errorf("status %d, want %d: %s", st, tc.status, body)
			}
			apitest.Golden(t, tc.golden, policyIDs.ReplaceAllString(body, "ANPAXXXXXXXXXXXXXXXXX"))
		})
	}
}

func TestIAMDecisionsOfTheDemo(t *testing.T) {
	t.Parallel()
	e := apitest.New(t, false)
	admin := e.Keys["admin"]
	decision := regexp.MustCompile(`<EvalDecision>([a-zA-Z]+)</EvalDecision>`)
	// UpdateAPP is in another account: its trust policy is the resource
	// policy of the simulation.
	trust := `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:root"},"Action":"sts:AssumeRole","Resource":"` + apitest.UpdateAPP + `"}]}`
	tests := []struct {
		name, user, action, resource, want string
	}{
		{"developer may assume UpdateAPP", "david", "sts:AssumeRole", apitest.UpdateAPP, "allowed"},
		{"tester is explicitly denied UpdateAPP", "theresa", "sts:AssumeRole", apitest.UpdateAPP, "explicitDeny"},
		// No resource policy given: the identity's own policies answer, as
		// if the resource were in its account (ReadOnlyAccess has iam:Get*).
		{"identity policies alone without a resource policy", "david", "iam:GetRole", apitest.UpdateAPP, "allowed"},
		{"developer reads through ReadOnlyAccess", "david", "iam:ListRoles", "*", "allowed"},
		{"developer may not create users", "david", "iam:CreateUser", "*", "implicitDeny"},
		{"tester may change their password", "theresa", "iam:ChangePassword", "arn:aws:iam::111122223333:user/theresa", "allowed"},
		{"administrator may do anything", "admin", "iam:CreateUser", "*", "allowed"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			form := iamValues("SimulatePrincipalPolicy", "PolicySourceArn", "arn:aws:iam::111122223333:user/"+tc.user,
				"ActionNames.member.1", tc.action, "ResourceArns.member.1", tc.resource)
			if tc.resource == apitest.UpdateAPP && tc.action == "sts:AssumeRole" {
				form.Set("ResourcePolicy", trust)
			}
			st, body, _ := e.Call(t, "iam", admin[0], admin[1], "", form)
			m := decision.FindStringSubmatch(body)
			if st != 200 || m == nil || m[1] != tc.want {
				t.Errorf("%d %s, want %s", st, body, tc.want)
			}
		})
	}
}

// TestIAMActionCoverage checks that every action of the IAM surface the
// console promises is routed: an empty request gets a parameter error or an
// answer, never InvalidAction.
func TestIAMActionCoverage(t *testing.T) {
	t.Parallel()
	e := apitest.New(t, false)
	david := e.Keys["david"]
	actions := strings.Fields(`CreateUser GetUser ListUsers UpdateUser DeleteUser CreateLoginProfile GetLoginProfile
		UpdateLoginProfile DeleteLoginProfile ChangePassword CreateAccessKey ListAccessKeys UpdateAccessKey DeleteAccessKey
		GetAccessKeyLastUsed TagUser UntagUser ListUserTags PutUserPermissionsBoundary DeleteUserPermissionsBoundary
		CreateGroup GetGroup ListGroups ListGroupsForUser UpdateGroup DeleteGroup AddUserToGroup RemoveUserFromGroup
		CreateRole GetRole ListRoles UpdateRole UpdateRoleDescription UpdateAssumeRolePolicy DeleteRole TagRole UntagRole
		ListRoleTags PutRolePermissionsBoundary DeleteRolePermissionsBoundary
		PutUserPolicy GetUserPolicy DeleteUserPolicy ListUserPolicies PutGroupPolicy GetGroupPolicy DeleteGroupPolicy
		ListGroupPolicies PutRolePolicy GetRolePolicy DeleteRolePolicy ListRolePolicies
		AttachUserPolicy DetachUserPolicy ListAttachedUserPolicies AttachGroupPolicy DetachGroupPolicy ListAttachedGroupPolicies
		AttachRolePolicy DetachRolePolicy ListAttachedRolePolicies
		CreatePolicy GetPolicy ListPolicies DeletePolicy CreatePolicyVersion GetPolicyVersion ListPolicyVersions
		SetDefaultPolicyVersion DeletePolicyVersion ListEntitiesForPolicy
		CreateVirtualMFADevice EnableMFADevice DeactivateMFADevice DeleteVirtualMFADevice ListVirtualMFADevices ListMFADevices
		CreateAccountAlias DeleteAccountAlias ListAccountAliases
		GetAccountAuthorizationDetails SimulatePrincipalPolicy SimulateCustomPolicy`)
	for _, action := range actions {
		t.Run(action, func(t *testing.T) {
			t.Parallel()
			st, body, _ := e.Call(t, "iam", david[0], david[1], "", iamValues(action))
			if st >= 500 || strings.Contains(body, "InvalidAction") || !strings.Contains(body, "iam.amazonaws.com/doc/2010-05-08/") {
				t.Errorf("%d %s", st, body)
			}
		})
	}
}

func TestIAMSimulateCallerArn(t *testing.T) {
	t.Parallel()
	e := apitest.New(t, false)
	admin := e.Keys["admin"]
	home := `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:PutObject","Resource":"arn:aws:s3:::home/${aws:username}/*"}]}`
	tests := []struct {
		name, caller string
		status       int
		want         string
	}{
		{"the source user's own name", "", 200, "<EvalDecision>implicitDeny</EvalDecision>"},
		{"the caller's name", "arn:aws:iam::111122223333:user/david", 200, "<EvalDecision>allowed</EvalDecision>"},
		{"a caller that is no user", "arn:aws:iam::111122223333:role/Auditor", 400, "<Code>InvalidInput</Code>"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			form := iamValues("SimulatePrincipalPolicy", "PolicySourceArn", "arn:aws:iam::111122223333:user/theresa",
				"PolicyInputList.member.1", home, "ActionNames.member.1", "s3:PutObject", "ResourceArns.member.1", "arn:aws:s3:::home/david/notes")
			if tc.caller != "" {
				form.Set("CallerArn", tc.caller)
			}
			st, body, _ := e.Call(t, "iam", admin[0], admin[1], "", form)
			if st != tc.status || !strings.Contains(body, tc.want) {
				t.Errorf("%d %s, want %d …%s…", st, body, tc.status, tc.want)
			}
		})
	}
}

// FuzzIAMQuery sends arbitrary IAM parameters as an administrator: whatever
// they hold, the answer is an IAM error or result, never a 500.
func FuzzIAMQuery(f *testing.F) {
	e := apitest.New(f, false)
	admin := e.Keys["admin"]
	client := &http.Client{Timeout: 10 * time.Second} // a hang is a failure
	for _, v := range []url.Values{
		iamValues("SimulatePrincipalPolicy", "PolicySourceArn", "arn:aws:iam::111122223333:user/theresa", "ActionNames.member.1", "sts:AssumeRole",
			"ContextEntries.member.1.ContextKeyName", "aws:SourceIp", "ContextEntries.member.1.ContextKeyValues.member.1", "not an ip"),
		iamValues("SimulateCustomPolicy", "PolicyInputList.member.1", mfaOnly, "ActionNames.member.1", "s3:*", "CallerArn", "arn:aws:iam::1:user/x"),
		iamValues("SimulatePrincipalPolicy", "PolicySourceArn", "arn:aws:iam::111122223333:group/Testers", "ActionNames.member.1", "*"),
		iamValues("GetAccountAuthorizationDetails", "Filter.member.1", "AWSManagedPolicy", "MaxItems", "x"),
		iamValues("CreateRole", "RoleName", "r", "AssumeRolePolicyDocument", "{}", "MaxSessionDuration", "1e3"),
	} {
		f.Add(v.Encode())
	}
	f.Fuzz(func(t *testing.T, body string) {
		form, err := url.ParseQuery(body)
		if err != nil {
			return
		}
		form.Set("Version", "2010-05-08")
		if !strings.HasPrefix(form.Get("Action"), "Simulate") && !strings.HasPrefix(form.Get("Action"), "Get") && !strings.HasPrefix(form.Get("Action"), "List") {
			return // reads only: the fuzzer must not delete the demo it runs against
		}
		raw := []byte(form.Encode())
		req := apitest.Req(http.MethodPost, e.Server.URL+"/", raw)
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded; charset=utf-8")
		if err := sigv4.Sign(req, raw, admin[0], admin[1], "", "us-east-1", "iam", time.Now()); err != nil {
			return
		}
		res, err := client.Do(req)
		if err != nil {
			t.Fatalf("%q: %v", body, err)
		}
		b, _ := io.ReadAll(res.Body)
		res.Body.Close()
		if res.StatusCode >= 500 {
			t.Errorf("%q: %d %s", body, res.StatusCode, b)
		}
	})
}
