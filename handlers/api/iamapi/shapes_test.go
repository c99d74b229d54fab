package iamapi_test

import (
	"strings"
	"testing"

	"iamconsole/handlers/api/apitest"
)

// TestIAMAnswersAsAWS checks, one golden file each, the answers whose
// codes, messages or shapes follow AWS's recorded answers: CreateRole
// without the MaxSessionDuration it was not given, a bare account ID kept
// in a trust policy, GetPolicy's Tags, CreatePolicy returning its tags,
// policy tags, ListEntitiesForPolicy's EntityFilter, paged lists, instance
// profiles, the password policy, the account summary, and AWS's errors for
// a non-ARN, a malformed VersionId and AWS managed policies.
func TestIAMAnswersAsAWS(t *testing.T) {
	t.Parallel()
	e := apitest.New(t, false)
	admin := e.Keys["admin"]
	const local = "arn:aws:iam::111122223333:policy/Tagged"
	bareTrust := `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"123456789012"},"Action":"sts:AssumeRole"}]}`
	steps := []struct {
		golden string
		status int
		kv     []string
	}{
		{"iam_create_role.xml", 200, []string{"CreateRole", "RoleName", "Builder", "AssumeRolePolicyDocument", bareTrust}},
		{"iam_get_role_bare_account.xml", 200, []string{"GetRole", "RoleName", "Builder"}},
		{"iam_create_policy_tags.xml", 200, []string{"CreatePolicy", "PolicyName", "Tagged", "PolicyDocument", allowS3,
			"Tags.member.1.Key", "team", "Tags.member.1.Value", "ops", "Tags.member.2.Key", "Team", "Tags.member.2.Value", "dev"}},
		{"iam_get_policy_tags.xml", 200, []string{"GetPolicy", "PolicyArn", local}},
		{"iam_get_policy_aws_managed.xml", 200, []string{"GetPolicy", "PolicyArn", "arn:aws:iam::aws:policy/AdministratorAccess"}},
		{"", 200, []string{"TagPolicy", "PolicyArn", local, "Tags.member.1.Key", "cost", "Tags.member.1.Value", "42"}},
		{"", 200, []string{"UntagPolicy", "PolicyArn", local, "TagKeys.member.1", "team"}},
		{"iam_list_policy_tags_page.xml", 200, []string{"ListPolicyTags", "PolicyArn", local, "MaxItems", "1"}},
		{"iam_untag_bad_key.xml", 400, []string{"UntagRole", "RoleName", "Builder", "TagKeys.member.1", strings.Repeat("k", 129)}},
		{"iam_tag_long_value.xml", 400, []string{"TagRole", "RoleName", "Builder", "Tags.member.1.Key", "k", "Tags.member.1.Value", strings.Repeat("é", 257)}},
		{"", 200, []string{"TagRole", "RoleName", "Builder", "Tags.member.1.Key", "k", "Tags.member.1.Value", strings.Repeat("é", 256)}},
		{"", 200, []string{"AttachRolePolicy", "RoleName", "Builder", "PolicyArn", local}},
		{"", 200, []string{"PutRolePermissionsBoundary", "RoleName", "Builder", "PermissionsBoundary", local}},
		{"", 200, []string{"AttachUserPolicy", "UserName", "david", "PolicyArn", local}},
		{"iam_list_entities_for_policy_roles.xml", 200, []string{"ListEntitiesForPolicy", "PolicyArn", local, "EntityFilter", "Role"}},
		{"iam_list_entities_for_policy_boundary.xml", 200, []string{"ListEntitiesForPolicy", "PolicyArn", local, "PolicyUsageFilter", "PermissionsBoundary"}},
		{"iam_list_entities_for_policy_bad_filter.xml", 400, []string{"ListEntitiesForPolicy", "PolicyArn", local, "EntityFilter", "Users"}},
		{"iam_attach_not_an_arn.xml", 400, []string{"AttachRolePolicy", "RoleName", "Builder", "PolicyArn", "AdministratorAccess"}},
		{"iam_get_policy_version_malformed.xml", 400, []string{"GetPolicyVersion", "PolicyArn", local, "VersionId", "1"}},
		{"iam_delete_aws_managed_policy.xml", 403, []string{"DeletePolicy", "PolicyArn", "arn:aws:iam::aws:policy/AdministratorAccess"}},
		{"iam_create_instance_profile.xml", 200, []string{"CreateInstanceProfile", "InstanceProfileName", "Web", "Path", "/app/"}},
		{"", 200, []string{"AddRoleToInstanceProfile", "InstanceProfileName", "Web", "RoleName", "Builder"}},
		{"", 200, []string{"CreateRole", "RoleName", "Second", "AssumeRolePolicyDocument", bareTrust, "MaxSessionDuration", "7200"}},
		{"iam_instance_profile_quota.xml", 409, []string{"AddRoleToInstanceProfile", "InstanceProfileName", "Web", "RoleName", "Second"}},
		{"iam_get_instance_profile.xml", 200, []string{"GetInstanceProfile", "InstanceProfileName", "Web"}},
		{"iam_delete_role_in_instance_profile.xml", 409, []string{"DeleteRole", "RoleName", "Builder"}},
		{"iam_get_password_policy_none.xml", 404, []string{"GetAccountPasswordPolicy"}},
		{"", 200, []string{"UpdateAccountPasswordPolicy", "MinimumPasswordLength", "12", "RequireSymbols", "true", "MaxPasswordAge", "90"}},
		{"iam_get_password_policy.xml", 200, []string{"GetAccountPasswordPolicy"}},
		{"iam_password_policy_violation.xml", 400, []string{"CreateLoginProfile", "UserName", "theresa", "Password", "Short-pass1"}},
		{"iam_update_password_policy_range.xml", 400, []string{"UpdateAccountPasswordPolicy", "MinimumPasswordLength", "5", "PasswordReusePrevention", "25"}},
		{"iam_get_account_summary.xml", 200, []string{"GetAccountSummary"}},
		{"iam_list_access_keys_bad_max.xml", 400, []string{"ListAccessKeys", "UserName", "david", "MaxItems", "0"}},
		{"iam_list_virtual_mfa_devices_page.xml", 200, []string{"ListVirtualMFADevices", "MaxItems", "1"}},
	}
	for _, s := range steps {
		st, body, _ := e.Call(t, "iam", admin[0], admin[1], "", iamValues(s.kv[0], s.kv[1:]...))
		if st != s.status {
			t.Errorf("%s: status %d, want %d: %s", s.kv[0], st, s.status, body)
		}
		if s.golden != "" {
			apitest.Golden(t, s.golden, policyIDs.ReplaceAllString(body, "ANPAXXXXXXXXXXXXXXXXX"))
		}
	}
}
