package api_test

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"reflect"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/cloudtrail"
	cttypes "github.com/aws/aws-sdk-go-v2/service/cloudtrail/types"
	awsiam "github.com/aws/aws-sdk-go-v2/service/iam"
	"github.com/aws/aws-sdk-go-v2/service/sts"

	"iamconsole/handlers/api/apitest"
)

// TestNewActionsWithTheAWSCLI drives the actions added for AWS's answers
// with the AWS CLI v1: instance profiles, the password policy, the account
// summary, the credential report, policy tags, GetFederationToken and
// CloudTrail's lookup-events.
func TestNewActionsWithTheAWSCLI(t *testing.T) {
	t.Parallel()
	e := apitest.New(t, false)
	admin := e.Keys["admin"]
	creds := fmt.Sprintf("[admin]\naws_access_key_id = %s\naws_secret_access_key = %s\n", admin[0], admin[1])
	c := apitest.NewCLI(t, e, "", creds)
	trust := `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"ec2.amazonaws.com"},"Action":"sts:AssumeRole"}]}`
	cr := c.OK("", "iam", "create-role", "--profile", "admin", "--role-name", "CliWeb", "--assume-role-policy-document", trust)
	if _, has := cr["Role"].(map[string]any)["MaxSessionDuration"]; has {
		t.Errorf("create-role answered a MaxSessionDuration it was not given: %v", cr)
	}
	c.OK("", "iam", "create-instance-profile", "--profile", "admin", "--instance-profile-name", "CliWeb")
	c.OK("", "iam", "add-role-to-instance-profile", "--profile", "admin", "--instance-profile-name", "CliWeb", "--role-name", "CliWeb")
	lp := c.OK("", "iam", "list-instance-profiles", "--profile", "admin")
	if ps := lp["InstanceProfiles"].([]any); len(ps) != 1 || ps[0].(map[string]any)["Roles"].([]any)[0].(map[string]any)["RoleName"] != "CliWeb" {
		t.Errorf("list-instance-profiles: %v", lp)
	}
	c.Fails("An error occurred (DeleteConflict) when calling the DeleteRole operation: Cannot delete entity, must remove roles from instance profile first.",
		"iam", "delete-role", "--profile", "admin", "--role-name", "CliWeb")
	c.Fails("An error occurred (NoSuchEntity) when calling the GetAccountPasswordPolicy operation: The Password Policy with domain name 111122223333 cannot be found.",
		"iam", "get-account-password-policy", "--profile", "admin")
	c.OK("", "iam", "update-account-password-policy", "--profile", "admin", "--minimum-password-length", "10", "--require-symbols", "--max-password-age", "30")
	pp := c.OK("", "iam", "get-account-password-policy", "--profile", "admin")["PasswordPolicy"].(map[string]any)
	if pp["MinimumPasswordLength"] != float64(10) || pp["RequireSymbols"] != true || pp["ExpirePasswords"] != true || pp["MaxPasswordAge"] != float64(30) {
		t.Errorf("password policy: %v", pp)
	}
	c.Fails("An error occurred (PasswordPolicyViolation) when calling the CreateLoginProfile operation: Password should have at least one symbol",
		"iam", "create-login-profile", "--profile", "admin", "--user-name", "theresa", "--password", "LongEnough123")
	sm := c.OK("", "iam", "get-account-summary", "--profile", "admin")["SummaryMap"].(map[string]any)
	if sm["InstanceProfiles"] != float64(1) || sm["UsersQuota"] != float64(5000) {
		t.Errorf("summary: %v", sm)
	}
	if st := c.OK("", "iam", "generate-credential-report", "--profile", "admin")["State"]; st != "STARTED" {
		t.Errorf("generate-credential-report: %v", st)
	}
	rep := c.OK("", "iam", "get-credential-report", "--profile", "admin")
	content, _ := base64.StdEncoding.DecodeString(rep["Content"].(string))
	if !strings.HasPrefix(string(content), "user,arn,user_creation_time,password_enabled,") || rep["ReportFormat"] != "text/csv" {
		t.Errorf("credential report: %v %q", rep, content)
	}
	arn := c.OK("", "iam", "create-policy", "--profile", "admin", "--policy-name", "CliTagged", "--policy-document",
		`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"*"}]}`,
		"--tags", "Key=team,Value=ops")["Policy"].(map[string]any)["Arn"].(string)
	c.OK("", "iam", "tag-policy", "--profile", "admin", "--policy-arn", arn, "--tags", "Key=cost,Value=42")
	if tags := c.OK("", "iam", "list-policy-tags", "--profile", "admin", "--policy-arn", arn)["Tags"].([]any); len(tags) != 2 {
		t.Errorf("list-policy-tags: %v", tags)
	}
	c.Fails("An error occurred (AccessDenied) when calling the DeletePolicy operation: Cannot delete policies outside your own account.",
		"iam", "delete-policy", "--profile", "admin", "--policy-arn", "arn:aws:iam::aws:policy/AdministratorAccess")

	ft := c.OK("", "sts", "get-federation-token", "--profile", "admin", "--name", "CliBob", "--policy",
		`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:*","Resource":"*"}]}`)
	if fu := ft["FederatedUser"].(map[string]any); fu["Arn"] != "arn:aws:sts::111122223333:federated-user/CliBob" || fu["FederatedUserId"] != "111122223333:CliBob" {
		t.Errorf("get-federation-token: %v", ft)
	}
	e.Svc.FlushEvents()
	le := c.OK("", "cloudtrail", "lookup-events", "--profile", "admin", "--lookup-attributes", "AttributeKey=EventName,AttributeValue=CreateInstanceProfile")
	evs := le["Events"].([]any)
	if len(evs) != 1 {
		t.Fatalf("lookup-events: %v", le)
	}
	ev := evs[0].(map[string]any)
	if ev["EventName"] != "CreateInstanceProfile" || ev["ReadOnly"] != "false" || ev["Username"] != "admin" ||
		!strings.Contains(ev["CloudTrailEvent"].(string), `"eventSource":"iam.amazonaws.com"`) {
		t.Errorf("lookup-events event: %v", ev)
	}
	c.Fails("InvalidLookupAttributesException", "cloudtrail", "lookup-events", "--profile", "admin",
		"--lookup-attributes", "AttributeKey=Nope,AttributeValue=x")
}

// TestNewActionsWithBoto3 drives the same actions with boto3, its
// paginators and its CloudTrail client.
func TestNewActionsWithBoto3(t *testing.T) {
	t.Parallel()
	e := apitest.New(t, false)
	admin := e.Keys["admin"]
	out := apitest.RunBoto3(t, e, "boto3_faithful.py", "ADMIN_KEY="+admin[0], "ADMIN_SECRET="+admin[1])
	var got map[string]any
	if err := json.Unmarshal(out, &got); err != nil {
		t.Fatalf("%v: %s", err, out)
	}
	want := map[string]any{
		"profileRoles": []any{"Boto3Web"}, "profilesForRole": []any{"Boto3Web"}, "deleteRoleError": "DeleteConflict",
		"summaryUsers": float64(3), "reportFirst": "STARTED", "reportAgain": "COMPLETE",
		"reportHeader":   "user,arn,user_creation_time,password_enabled,password_last_used,password_last_changed,password_next_rotation,mfa_active,access_key_1_active,access_key_1_last_rotated,access_key_1_last_used_date,access_key_1_last_used_region,access_key_1_last_used_service,access_key_2_active,access_key_2_last_rotated,access_key_2_last_used_date,access_key_2_last_used_region,access_key_2_last_used_service,cert_1_active,cert_1_last_rotated,cert_2_active,cert_2_last_rotated",
		"policyTags":     []any{map[string]any{"Key": "a", "Value": "1"}, map[string]any{"Key": "b", "Value": "2"}},
		"policyTagPages": []any{[]any{"a"}, []any{"b"}},
		"federatedArn":   "arn:aws:sts::111122223333:federated-user/Boto3Bob", "federatedCaller": "111122223333:Boto3Bob",
		"trailEvents": []any{[]any{"CreateInstanceProfile", "false", []any{"AWS::IAM::InstanceProfile"}}},
		"trailRecord": "iam.amazonaws.com",
	}
	pp := got["passwordPolicy"].(map[string]any)
	if pp["MinimumPasswordLength"] != float64(14) || pp["RequireNumbers"] != true || pp["ExpirePasswords"] != false {
		t.Errorf("password policy: %v", pp)
	}
	for k, w := range want {
		if !reflect.DeepEqual(got[k], w) {
			t.Errorf("%s = %#v, want %#v", k, got[k], w)
		}
	}
}

// TestNewActionsWithTheGoSDK drives GetFederationToken, the federated
// user's credentials and CloudTrail's LookupEvents with the AWS SDK for Go v2.
func TestNewActionsWithTheGoSDK(t *testing.T) {
	t.Parallel()
	e := apitest.New(t, false)
	ctx := context.Background()
	admin := e.Keys["admin"]
	cfg, err := config.LoadDefaultConfig(ctx, config.WithRegion("us-east-1"),
		config.WithCredentialsProvider(credentials.NewStaticCredentialsProvider(admin[0], admin[1], "")))
	if err != nil {
		t.Fatal(err)
	}
	endpoint := func(o *sts.Options) { o.BaseEndpoint = aws.String(e.Server.URL) }
	stsc := sts.NewFromConfig(cfg, endpoint)
	ft, err := stsc.GetFederationToken(ctx, &sts.GetFederationTokenInput{Name: aws.String("GoBob"), DurationSeconds: aws.Int32(900),
		Policy: aws.String(`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"*"}]}`)})
	if err != nil {
		t.Fatal(err)
	}
	if aws.ToString(ft.FederatedUser.Arn) != "arn:aws:sts::111122223333:federated-user/GoBob" || ft.PackedPolicySize == nil {
		t.Errorf("federation token: %+v", ft.FederatedUser)
	}
	fedCfg := cfg.Copy()
	fedCfg.Credentials = credentials.NewStaticCredentialsProvider(aws.ToString(ft.Credentials.AccessKeyId),
		aws.ToString(ft.Credentials.SecretAccessKey), aws.ToString(ft.Credentials.SessionToken))
	who, err := sts.NewFromConfig(fedCfg, endpoint).GetCallerIdentity(ctx, &sts.GetCallerIdentityInput{})
	if err != nil || aws.ToString(who.UserId) != "111122223333:GoBob" {
		t.Fatalf("federated caller: %+v %v", who, err)
	}
	// Its credentials call no IAM action.
	_, err = awsiam.NewFromConfig(fedCfg, func(o *awsiam.Options) { o.BaseEndpoint = aws.String(e.Server.URL) }).ListUsers(ctx, &awsiam.ListUsersInput{})
	if err == nil || !strings.Contains(err.Error(), "InvalidClientTokenId") {
		t.Errorf("IAM with federated credentials: %v", err)
	}
	e.Svc.FlushEvents()
	ct := cloudtrail.NewFromConfig(cfg, func(o *cloudtrail.Options) { o.BaseEndpoint = aws.String(e.Server.URL) })
	page, err := ct.LookupEvents(ctx, &cloudtrail.LookupEventsInput{MaxResults: aws.Int32(1),
		LookupAttributes: []cttypes.LookupAttribute{{AttributeKey: cttypes.LookupAttributeKeyEventSource, AttributeValue: aws.String("sts.amazonaws.com")}}})
	if err != nil {
		t.Fatal(err)
	}
	if len(page.Events) != 1 || page.NextToken == nil || aws.ToString(page.Events[0].EventSource) != "sts.amazonaws.com" {
		t.Fatalf("lookup page: %+v", page)
	}
	next, err := ct.LookupEvents(ctx, &cloudtrail.LookupEventsInput{MaxResults: aws.Int32(1), NextToken: page.NextToken,
		LookupAttributes: []cttypes.LookupAttribute{{AttributeKey: cttypes.LookupAttributeKeyEventSource, AttributeValue: aws.String("sts.amazonaws.com")}}})
	if err != nil || len(next.Events) != 1 || aws.ToString(next.Events[0].EventId) == aws.ToString(page.Events[0].EventId) {
		t.Fatalf("next page: %+v %v", next, err)
	}
	_, err = ct.LookupEvents(ctx, &cloudtrail.LookupEventsInput{MaxResults: aws.Int32(51)})
	if err == nil || !strings.Contains(err.Error(), "InvalidMaxResultsException") {
		t.Errorf("MaxResults 51: %v", err)
	}
}
