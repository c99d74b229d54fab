package catalog

import "testing"

func TestCheckAction(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, code, message string // code "" = no finding
	}{
		{"iam:CreateRole", "", ""},
		{"IAM:createrole", "", ""},
		{"*", "", ""},
		{"s3:Get*", "", ""},
		{"*:List*", "", ""},
		{"s3:*", "", ""},
		{"s?:GetObject", "", ""},
		{"s3:GetObjec", CodeInvalidAction, "The action s3:GetObjec does not exist. Did you mean s3:GetObject?"},
		{"iam:CreateRoles", CodeInvalidAction, "The action iam:CreateRoles does not exist. Did you mean iam:CreateRole?"},
		{"s3:Fly", CodeInvalidAction, "The action s3:Fly does not exist."},
		{"s3:Foo*", CodeInvalidAction, "The action s3:Foo* does not exist."},
		{"*:Foo*", CodeInvalidAction, "The action *:Foo* does not exist."},
		{"xyz:GetObject", CodeInvalidServiceInAction, "The service xyz specified in the action does not exist."},
		{"xyz:*", CodeInvalidServiceInAction, "The service xyz specified in the action does not exist."},
		{"dynamodbb:GetItem", CodeInvalidServiceInAction, "The service dynamodbb specified in the action does not exist. Did you mean dynamodb?"},
		{"GetObject", CodeInvalidAction, "The action GetObject does not exist."},
		{"s3:", CodeInvalidAction, "The action s3: does not exist."},
		{"", CodeInvalidAction, "The action  does not exist."},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			f := CheckAction(tt.name)
			switch {
			case tt.code == "" && f != nil:
				t.Errorf("CheckAction(%q) = %s, want none", tt.name, f)
			case tt.code != "" && (f == nil || f.Code != tt.code || f.Message != tt.message):
				t.Errorf("CheckAction(%q) = %+v, want %s %q", tt.name, f, tt.code, tt.message)
			}
		})
	}
	f := CheckAction("s3:GetObjec")
	if got := f.String(); got != "Invalid action: The action s3:GetObjec does not exist. Did you mean s3:GetObject?" {
		t.Errorf("console form %q", got)
	}
}

func TestCheckConditionKey(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, key string
		actions   []string
		code      string // "" = no finding
		message   string
	}{
		{"global key", "aws:SourceIp", []string{"s3:GetObject"}, "", ""},
		{"global key, no actions", "aws:SourceIp", nil, "", ""},
		{"templated global key", "aws:PrincipalTag/team", []string{"iam:GetRole"}, "", ""},
		{"resource tag on a tagged type", "aws:ResourceTag/team", []string{"iam:GetRole"}, "", ""},
		{"service key of the action", "iam:PassedToService", []string{"iam:PassRole"}, "", ""},
		{"key of one of several actions", "iam:PassedToService", []string{"iam:GetRole", "iam:PassRole"}, "", ""},
		{"key through a wildcard", "iam:PassedToService", []string{"iam:Pass*"}, "", ""},
		{"key with Action *", "s3:prefix", []string{"*"}, "", ""},
		{"templated service key", "s3:ExistingObjectTag/team", []string{"s3:GetObject"}, "", ""},
		{"unknown actions only", "iam:PassedToService", []string{"iam:NoSuch"}, "", ""},
		{"key no action supports", "iam:PassedToService", []string{"iam:GetRole", "s3:GetObject"}, CodeConditionKeyNotSupported,
			"The condition key iam:PassedToService is not supported by the actions of this statement, so the request context never has it."},
		{"tag key an action lacks", "aws:ResourceTag/team", []string{"s3:ListAllMyBuckets"}, CodeConditionKeyNotSupported,
			"The condition key aws:ResourceTag/team is not supported by the actions of this statement, so the request context never has it."},
		{"unknown global key", "aws:SourceIP4", nil, CodeInvalidGlobalConditionKey,
			"The condition key aws:SourceIP4 does not exist. Use a valid condition key."},
		{"tag key without its tag", "aws:ResourceTag", nil, CodeMissingTagKeyInCondition,
			"The condition key aws:ResourceTag must include a tag key to control access based on tags. Use the format aws:ResourceTag/tag-key and specify a key name for tag-key."},
		{"tag key with an empty tag", "aws:PrincipalTag/", nil, CodeMissingTagKeyInCondition,
			"The condition key aws:PrincipalTag/ must include a tag key to control access based on tags. Use the format aws:PrincipalTag/tag-key and specify a key name for tag-key."},
		{"unknown service key", "s3:NoSuchKey", []string{"s3:GetObject"}, CodeInvalidServiceConditionKey,
			"The condition key s3:NoSuchKey does not exist in the service s3. Use a valid condition key."},
		{"unknown service", "xyz:Key", nil, CodeInvalidService,
			"The service xyz does not exist. Use a valid service name."},
		{"no service prefix", "SourceIp", nil, CodeInvalidConditionKeyFormat,
			"The condition key format is not valid. Use the format service:keyname."},
		{"empty key name", "aws:", nil, CodeInvalidConditionKeyFormat,
			"The condition key format is not valid. Use the format service:keyname."},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			f := CheckConditionKey(tt.key, tt.actions)
			switch {
			case tt.code == "" && f != nil:
				t.Errorf("CheckConditionKey(%q, %q) = %s, want none", tt.key, tt.actions, f)
			case tt.code != "" && (f == nil || f.Code != tt.code || f.Message != tt.message):
				t.Errorf("CheckConditionKey(%q, %q) = %+v, want %s %q", tt.key, tt.actions, f, tt.code, tt.message)
			}
		})
	}
}

func TestEditDistance(t *testing.T) {
	t.Parallel()
	tests := []struct {
		a, b  string
		limit int
		want  int
	}{
		{"GetObjec", "GetObject", 3, 1},
		{"getobject", "GetObject", 3, 0},
		{"kitten", "sitting", 5, 3},
		{"", "abc", 5, 3},
		{"abc", "xyz", 2, 2}, // capped at the limit
		{"a", "abcdefgh", 3, 3},
	}
	for _, tt := range tests {
		if got := editDistance(tt.a, tt.b, tt.limit); got != tt.want {
			t.Errorf("editDistance(%q, %q, %d) = %d, want %d", tt.a, tt.b, tt.limit, got, tt.want)
		}
	}
}
