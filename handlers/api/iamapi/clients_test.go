package iamapi_test

import (
	"context"
	"encoding/json"
	"fmt"
	"iamconsole/handlers/api/apitest"
	"reflect"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	awsiam "github.com/aws/aws-sdk-go-v2/service/iam"
	"github.com/aws/aws-sdk-go-v2/service/iam/types"
)

// demoTrust is UpdateAPP's trust policy, given to the simulator as the
// resource policy of the role in the other account.
const demoTrust = `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:root"},"Action":"sts:AssumeRole","Resource":"` + apitest.UpdateAPP + `"}]}`

func adminCLI(t *testing.T, e *apitest.Env) *apitest.CLI {
	admin := e.Keys["admin"]
	return apitest.NewCLI(t, e, "", fmt.Sprintf("[default]\naws_access_key_id = %s\naws_secret_access_key = %s\n", admin[0], admin[1]))
}

func TestAWSCLIAuthorizationDetails(t *testing.T) {
	t.Parallel()
	e := apitest.New(t, false)
	c := adminCLI(t, e)
	out := c.OK("", "iam", "get-account-authorization-details")
	var got struct {
		UserDetailList []struct {
			UserName                string
			GroupList               []string
			AttachedManagedPolicies []struct{ PolicyName string }
		}
		GroupDetailList []struct {
			GroupName       string
			GroupPolicyList []struct {
				PolicyName     string
				PolicyDocument struct {
					Statement []struct{ Effect, Action, Resource string }
				}
			}
		}
		RoleDetailList []struct {
			RoleName                 string
			AssumeRolePolicyDocument map[string]any
		}
		Policies []struct {
			PolicyName        string
			PolicyVersionList []struct {
				Document         map[string]any
				IsDefaultVersion bool
			}
		}
	}
	b, _ := json.Marshal(out)
	if err := json.Unmarshal(b, &got); err != nil {
		t.Fatalf("%v: %s", err, b)
	}
	users := map[string][]string{}
	for _, u := range got.UserDetailList {
		users[u.UserName] = u.GroupList
	}
	if want := map[string][]string{"admin": {}, "david": {"Developers"}, "theresa": {"Testers"}}; !reflect.DeepEqual(users, want) {
		t.Errorf("users %v, want %v", users, want)
	}
	// The CLI decodes the percent-encoded documents into JSON objects.
	for _, g := range got.GroupDetailList {
		if g.GroupName != "Testers" {
			continue
		}
		if len(g.GroupPolicyList) != 1 || g.GroupPolicyList[0].PolicyDocument.Statement[0].Effect != "Deny" ||
			g.GroupPolicyList[0].PolicyDocument.Statement[0].Resource != apitest.UpdateAPP {
			t.Errorf("Testers: %+v", g)
		}
	}
	if len(got.RoleDetailList) != 1 || got.RoleDetailList[0].RoleName != "OrganizationAccountAccessRole" ||
		got.RoleDetailList[0].AssumeRolePolicyDocument["Version"] != "2012-10-17" {
		t.Errorf("roles: %+v", got.RoleDetailList)
	}
	for _, p := range got.Policies {
		if len(p.PolicyVersionList) == 0 || !p.PolicyVersionList[0].IsDefaultVersion || p.PolicyVersionList[0].Document["Statement"] == nil {
			t.Errorf("policy %s: %+v", p.PolicyName, p.PolicyVersionList)
		}
	}
	filtered := c.OK("", "iam", "get-account-authorization-details", "--filter", "Role")
	if len(filtered["UserDetailList"].([]any)) != 0 || len(filtered["RoleDetailList"].([]any)) != 1 {
		t.Errorf("--filter Role: %v", filtered)
	}
	c.Fails("ValidationError", "iam", "get-account-authorization-details", "--filter", "Users")
}

func TestAWSCLISimulator(t *testing.T) {
	t.Parallel()
	e := apitest.New(t, false)
	c := adminCLI(t, e)
	type result struct {
		EvalActionName, EvalDecision string
		MatchedStatements            []struct {
			SourcePolicyId, SourcePolicyType string
			StartPosition, EndPosition       struct{ Line, Column int }
		}
		MissingContextValues []string
	}
	results := func(out map[string]any) []result {
		var r struct{ EvaluationResults []result }
		b, _ := json.Marshal(out)
		json.Unmarshal(b, &r)
		return r.EvaluationResults
	}
	tests := []struct {
		name, user, action string
		resourcePolicy     bool
		want               string
	}{
		{"Testers user explicitly denied", "theresa", "sts:AssumeRole", false, "explicitDeny"},
		{"Testers user denied despite the trust policy", "theresa", "sts:AssumeRole", true, "explicitDeny"},
		{"Developers user allowed with the trust policy", "david", "sts:AssumeRole", true, "allowed"},
		{"Developers user may not create users", "david", "iam:CreateUser", false, "implicitDeny"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			args := []string{"iam", "simulate-principal-policy", "--policy-source-arn", "arn:aws:iam::111122223333:user/" + tc.user,
				"--action-names", tc.action, "--resource-arns", apitest.UpdateAPP}
			if tc.resourcePolicy {
				args = append(args, "--resource-policy", demoTrust)
			}
			rs := results(c.OK("", args...))
			if len(rs) != 1 || rs[0].EvalDecision != tc.want || rs[0].EvalActionName != tc.action {
				t.Fatalf("%+v, want %s", rs, tc.want)
			}
			if tc.want == "explicitDeny" {
				m := rs[0].MatchedStatements
				if len(m) == 0 || m[0].SourcePolicyId != "deny-assume-UpdateAPP" || m[0].SourcePolicyType != "group" ||
					m[0].StartPosition.Line != 4 || m[0].EndPosition.Line != 8 {
					t.Errorf("matched %+v", m)
				}
			}
		})
	}
	// The CLI v1 would split a file:// value of a string list into characters:
	// the document goes on the command line.
	rs := results(c.OK("", "iam", "simulate-custom-policy", "--policy-input-list", mfaOnly,
		"--action-names", "s3:ListBucket", "--resource-arns", "arn:aws:s3:::productionapp"))
	if len(rs) != 1 || rs[0].EvalDecision != "implicitDeny" || !reflect.DeepEqual(rs[0].MissingContextValues, []string{"aws:MultiFactorAuthPresent", "s3:prefix"}) {
		t.Errorf("without context: %+v", rs)
	}
	rs = results(c.OK("", "iam", "simulate-custom-policy", "--policy-input-list", mfaOnly,
		"--action-names", "s3:ListBucket", "--resource-arns", "arn:aws:s3:::productionapp", "--context-entries",
		"ContextKeyName=aws:MultiFactorAuthPresent,ContextKeyValues=true,ContextKeyType=boolean",
		"ContextKeyName=s3:prefix,ContextKeyValues=home/,ContextKeyType=string"))
	if len(rs) != 1 || rs[0].EvalDecision != "allowed" || len(rs[0].MissingContextValues) != 0 || len(rs[0].MatchedStatements) != 1 {
		t.Errorf("with context: %+v", rs)
	}
}

func TestBoto3Simulator(t *testing.T) {
	t.Parallel()
	e := apitest.New(t, false)
	out := apitest.RunBoto3(t, e, "boto3_simulate.py", "ADMIN_KEY="+e.Keys["admin"][0], "ADMIN_SECRET="+e.Keys["admin"][1], "ROLE_ARN="+apitest.UpdateAPP)
	var got struct {
		Decisions struct {
			David, Theresa map[string]string
			TheresaMatched []map[string]any `json:"theresa_matched"`
		}
		Custom struct {
			Decision string
			Missing  []string
		}
		GroupPolicies map[string]struct {
			Statement []struct{ Effect string }
		} `json:"group_policies"`
	}
	if err := json.Unmarshal(out, &got); err != nil {
		t.Fatalf("%v: %s", err, out)
	}
	// Without the trust policy the simulator cannot see that the other
	// account lets david in, so only theresa's explicit deny is decisive.
	if got.Decisions.Theresa["sts:AssumeRole"] != "explicitDeny" || got.Decisions.David["iam:CreateUser"] != "implicitDeny" ||
		got.Decisions.Theresa["iam:CreateUser"] != "implicitDeny" || len(got.Decisions.TheresaMatched) != 1 {
		t.Errorf("decisions %+v", got.Decisions)
	}
	if got.Custom.Decision != "implicitDeny" || !reflect.DeepEqual(got.Custom.Missing, []string{"aws:SecureTransport"}) {
		t.Errorf("custom %+v", got.Custom)
	}
	if len(got.GroupPolicies) != 2 || got.GroupPolicies["Testers"].Statement[0].Effect != "Deny" || got.GroupPolicies["Developers"].Statement[0].Effect != "Allow" {
		t.Errorf("group policies %s", out)
	}
}

func TestGoSDKSimulator(t *testing.T) {
	t.Parallel()
	e := apitest.New(t, false)
	ctx := context.Background()
	admin := e.Keys["admin"]
	ic := awsiam.New(awsiam.Options{Region: "us-east-1", BaseEndpoint: aws.String(e.Server.URL),
		Credentials: credentials.NewStaticCredentialsProvider(admin[0], admin[1], "")})
	tests := []struct {
		name, user string
		want       types.PolicyEvaluationDecisionType
	}{
		{"Developers user", "david", types.PolicyEvaluationDecisionTypeAllowed},
		{"Testers user", "theresa", types.PolicyEvaluationDecisionTypeExplicitDeny},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			out, err := ic.SimulatePrincipalPolicy(ctx, &awsiam.SimulatePrincipalPolicyInput{
				PolicySourceArn: aws.String("arn:aws:iam::111122223333:user/" + tc.user),
				ActionNames:     []string{"sts:AssumeRole"}, ResourceArns: []string{apitest.UpdateAPP}, ResourcePolicy: aws.String(demoTrust)})
			if err != nil || len(out.EvaluationResults) != 1 || out.EvaluationResults[0].EvalDecision != tc.want {
				t.Fatalf("%+v %v, want %s", out, err, tc.want)
			}
			if m := out.EvaluationResults[0].MatchedStatements; len(m) == 0 || m[0].StartPosition == nil || m[0].EndPosition == nil {
				t.Errorf("matched %+v", m)
			}
		})
	}
	custom, err := ic.SimulateCustomPolicy(ctx, &awsiam.SimulateCustomPolicyInput{PolicyInputList: []string{mfaOnly},
		ActionNames: []string{"s3:ListBucket"}, ContextEntries: []types.ContextEntry{
			{ContextKeyName: aws.String("aws:MultiFactorAuthPresent"), ContextKeyValues: []string{"true"}, ContextKeyType: types.ContextKeyTypeEnumBoolean},
			{ContextKeyName: aws.String("s3:prefix"), ContextKeyValues: []string{"home/"}, ContextKeyType: types.ContextKeyTypeEnumString}}})
	if err != nil || len(custom.EvaluationResults) != 1 || custom.EvaluationResults[0].EvalDecision != types.PolicyEvaluationDecisionTypeAllowed {
		t.Errorf("SimulateCustomPolicy: %+v %v", custom, err)
	}
	d, err := ic.GetAccountAuthorizationDetails(ctx, &awsiam.GetAccountAuthorizationDetailsInput{Filter: []types.EntityType{types.EntityTypeUser}})
	if err != nil || len(d.UserDetailList) != 3 || len(d.GroupDetailList) != 0 {
		t.Errorf("GetAccountAuthorizationDetails: %+v %v", d, err)
	}
}
