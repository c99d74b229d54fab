package api_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/credentials"
	awsiam "github.com/aws/aws-sdk-go-v2/service/iam"
	"github.com/aws/aws-sdk-go-v2/service/sts"
	"github.com/aws/smithy-go"

	"iamconsole/handlers/api/apitest"
	"iamconsole/iam"
	"iamconsole/iam/organizations"
)

const deniedTheresa = "User: arn:aws:iam::111122223333:user/theresa is not authorized to perform: sts:AssumeRole on resource: " + apitest.UpdateAPP

func TestAWSCLI(t *testing.T) {
	t.Parallel()
	e := apitest.New(t, true)
	chained := e.Role(t, apitest.ProdAccount, "Chained", 43200, `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"`+apitest.UpdateAPP+`"},"Action":"sts:AssumeRole"}]}`)
	vendor := e.Role(t, apitest.DevAccount, "Vendor", 3600, `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:user/david"},"Action":"sts:AssumeRole","Condition":{"StringEquals":{"sts:ExternalId":"Unique-42"}}}]}`)
	needsMFA := e.Role(t, apitest.DevAccount, "NeedsMFA", 3600, `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:user/david"},"Action":"sts:AssumeRole","Condition":{"Bool":{"aws:MultiFactorAuthPresent":"true"}}}]}`)
	serial, seed := e.MFASeed(t, "david")
	david, theresa := e.Keys["david"], e.Keys["theresa"]
	mgmtRoot := &iam.Caller{Type: iam.CallerRoot, AccountID: organizations.DemoManagementID, ARN: "arn:aws:iam::" + organizations.DemoManagementID + ":root", UniqueID: organizations.DemoManagementID}
	mk, msecret, err := e.Services.Identity.CreateAccessKey(context.Background(), mgmtRoot, "admin")
	if err != nil {
		t.Fatal(err)
	}
	creds := fmt.Sprintf("[mgmt]\naws_access_key_id = %s\naws_secret_access_key = %s\n\n", mk.AccessKeyID, msecret) + fmt.Sprintf("[david]\naws_access_key_id = %s\naws_secret_access_key = %s\n\n[theresa]\naws_access_key_id = %s\naws_secret_access_key = %s\n\n[bad]\naws_access_key_id = %s\naws_secret_access_key = %s\n",
		david[0], david[1], theresa[0], theresa[1], david[0], strings.Repeat("x", 40))
	config := fmt.Sprintf(`[profile prod]
role_arn = %[1]s
source_profile = david

[profile hop2]
role_arn = %[2]s
source_profile = prod

[profile hop2long]
role_arn = %[2]s
source_profile = prod
duration_seconds = 7200

[profile vendor]
role_arn = %[3]s
source_profile = david
external_id = Unique-42

[profile vendorwrong]
role_arn = %[3]s
source_profile = david
external_id = Wrong-42

[profile mfa]
role_arn = %[4]s
source_profile = david
mfa_serial = %[5]s
`, apitest.UpdateAPP, chained, vendor, needsMFA, serial)
	c := apitest.NewCLI(t, e, config, creds)

	if got := c.OK("", "sts", "get-caller-identity", "--profile", "david"); got["Arn"] != "arn:aws:iam::111122223333:user/david" || got["Account"] != apitest.DevAccount {
		t.Errorf("get-caller-identity: %v", got)
	}
	ar := c.OK("", "sts", "assume-role", "--profile", "david", "--role-arn", apitest.UpdateAPP, "--role-session-name", "cli")
	if u := ar["AssumedRoleUser"].(map[string]any); u["Arn"] != "arn:aws:sts::123456789012:assumed-role/UpdateAPP/cli" {
		t.Errorf("assume-role: %v", ar)
	}
	c.Fails("An error occurred (AccessDenied) when calling the AssumeRole operation: "+deniedTheresa,
		"sts", "assume-role", "--profile", "theresa", "--role-arn", apitest.UpdateAPP, "--role-session-name", "cli")
	if got := c.OK("", "sts", "get-caller-identity", "--profile", "prod"); !strings.HasPrefix(got["Arn"].(string), "arn:aws:sts::123456789012:assumed-role/UpdateAPP/") {
		t.Errorf("profile prod: %v", got)
	}
	if got := c.OK("", "sts", "get-caller-identity", "--profile", "hop2"); !strings.HasPrefix(got["Arn"].(string), "arn:aws:sts::123456789012:assumed-role/Chained/") {
		t.Errorf("profile hop2 (two hops): %v", got)
	}
	c.Fails("The requested DurationSeconds exceeds the 1 hour session limit for roles assumed by role chaining.", "sts", "get-caller-identity", "--profile", "hop2long")
	if got := c.OK("", "sts", "get-caller-identity", "--profile", "vendor"); !strings.Contains(got["Arn"].(string), "assumed-role/Vendor/") {
		t.Errorf("external_id profile: %v", got)
	}
	c.Fails("AccessDenied", "sts", "get-caller-identity", "--profile", "vendorwrong")
	code := iam.TOTP(seed, iam.TOTPStep(e.Svc.Now()))
	if got := c.OK(code+"\n", "sts", "get-caller-identity", "--profile", "mfa"); !strings.Contains(got["Arn"].(string), "assumed-role/NeedsMFA/") {
		t.Errorf("mfa_serial profile: %v", got)
	}
	c.Fails("SignatureDoesNotMatch", "sts", "get-caller-identity", "--profile", "bad")

	// Organizations speaks JSON 1.1.
	ca := c.OK("", "organizations", "create-account", "--profile", "mgmt", "--account-name", "Staging", "--email", "root@staging.example.com")
	if st := ca["CreateAccountStatus"].(map[string]any); st["State"] != "SUCCEEDED" {
		t.Errorf("create-account: %v", ca)
	}
	if la := c.OK("", "organizations", "list-accounts", "--profile", "mgmt"); len(la["Accounts"].([]any)) != 4 {
		t.Errorf("list-accounts: %v", la)
	}
	if org := c.OK("", "organizations", "describe-organization", "--profile", "mgmt"); org["Organization"].(map[string]any)["MasterAccountId"] != organizations.DemoManagementID {
		t.Errorf("describe-organization: %v", org)
	}
	c.Fails("An error occurred (AccessDeniedException) when calling the ListAccounts operation", "organizations", "list-accounts", "--profile", "david")

	// Expired temporary credentials, with the server's clock moved on.
	tmp := ar["Credentials"].(map[string]any)
	c.Env("AWS_ACCESS_KEY_ID="+tmp["AccessKeyId"].(string), "AWS_SECRET_ACCESS_KEY="+tmp["SecretAccessKey"].(string),
		"AWS_SESSION_TOKEN="+tmp["SessionToken"].(string))
	if got := c.OK("", "sts", "get-caller-identity"); got["Account"] != apitest.ProdAccount {
		t.Errorf("temporary credentials: %v", got)
	}
	e.Clock.Advance(2 * time.Hour)
	c.Fails("An error occurred (ExpiredToken) when calling the GetCallerIdentity operation: The security token included in the request is expired", "sts", "get-caller-identity")
}

func TestBoto3(t *testing.T) {
	t.Parallel()
	e := apitest.New(t, false)
	out := apitest.RunBoto3(t, e, "boto3_client.py", "DAVID_KEY="+e.Keys["david"][0], "DAVID_SECRET="+e.Keys["david"][1],
		"THERESA_KEY="+e.Keys["theresa"][0], "THERESA_SECRET="+e.Keys["theresa"][1], "ROLE_ARN="+apitest.UpdateAPP)
	var got struct {
		Caller, Assumed, RoleCaller, User string
		Denied, BadSecret                 *struct {
			Code, Message string
			Status        int
		}
	}
	var raw map[string]json.RawMessage
	json.Unmarshal(out, &raw)
	json.Unmarshal(raw["caller"], &got.Caller)
	json.Unmarshal(raw["assumed"], &got.Assumed)
	json.Unmarshal(raw["role_caller"], &got.RoleCaller)
	json.Unmarshal(raw["user"], &got.User)
	json.Unmarshal(raw["denied"], &got.Denied)
	json.Unmarshal(raw["bad_secret"], &got.BadSecret)
	if got.Caller != "arn:aws:iam::111122223333:user/david" || got.User != got.Caller {
		t.Errorf("caller %q user %q", got.Caller, got.User)
	}
	if got.Assumed != "arn:aws:sts::123456789012:assumed-role/UpdateAPP/boto3" || got.RoleCaller != got.Assumed {
		t.Errorf("assumed %q, role caller %q", got.Assumed, got.RoleCaller)
	}
	if got.Denied == nil || got.Denied.Code != "AccessDenied" || got.Denied.Status != 403 || !strings.HasPrefix(got.Denied.Message, deniedTheresa) {
		t.Errorf("denied: %+v", got.Denied)
	}
	if got.BadSecret == nil || got.BadSecret.Code != "SignatureDoesNotMatch" {
		t.Errorf("bad secret: %+v", got.BadSecret)
	}
}

func TestGoSDK(t *testing.T) {
	t.Parallel()
	e := apitest.New(t, false)
	ctx := context.Background()
	david := e.Keys["david"]
	stsFor := func(id, secret, token string) *sts.Client {
		return sts.New(sts.Options{Region: "us-east-1", BaseEndpoint: aws.String(e.Server.URL),
			Credentials: credentials.NewStaticCredentialsProvider(id, secret, token)})
	}
	who, err := stsFor(david[0], david[1], "").GetCallerIdentity(ctx, &sts.GetCallerIdentityInput{})
	if err != nil || aws.ToString(who.Arn) != "arn:aws:iam::111122223333:user/david" {
		t.Fatalf("GetCallerIdentity: %v %v", who, err)
	}
	ar, err := stsFor(david[0], david[1], "").AssumeRole(ctx, &sts.AssumeRoleInput{RoleArn: aws.String(apitest.UpdateAPP), RoleSessionName: aws.String("gosdk"),
		DurationSeconds: aws.Int32(1800), SourceIdentity: nil})
	if err != nil {
		t.Fatal(err)
	}
	if d := time.Until(aws.ToTime(ar.Credentials.Expiration)); d < 29*time.Minute || d > 31*time.Minute {
		t.Errorf("expiration in %v", d)
	}
	cr := ar.Credentials
	who, err = stsFor(aws.ToString(cr.AccessKeyId), aws.ToString(cr.SecretAccessKey), aws.ToString(cr.SessionToken)).GetCallerIdentity(ctx, &sts.GetCallerIdentityInput{})
	if err != nil || aws.ToString(who.Arn) != "arn:aws:sts::123456789012:assumed-role/UpdateAPP/gosdk" || aws.ToString(who.UserId) != aws.ToString(ar.AssumedRoleUser.AssumedRoleId) {
		t.Fatalf("role GetCallerIdentity: %v %v", who, err)
	}
	theresa := e.Keys["theresa"]
	_, err = stsFor(theresa[0], theresa[1], "").AssumeRole(ctx, &sts.AssumeRoleInput{RoleArn: aws.String(apitest.UpdateAPP), RoleSessionName: aws.String("gosdk")})
	var ae smithy.APIError
	if !errors.As(err, &ae) || ae.ErrorCode() != "AccessDenied" || !strings.HasPrefix(ae.ErrorMessage(), deniedTheresa) {
		t.Errorf("theresa: %v", err)
	}
	ic := awsiam.New(awsiam.Options{Region: "us-east-1", BaseEndpoint: aws.String(e.Server.URL),
		Credentials: credentials.NewStaticCredentialsProvider(david[0], david[1], "")})
	u, err := ic.GetUser(ctx, &awsiam.GetUserInput{})
	if err != nil || aws.ToString(u.User.UserName) != "david" {
		t.Errorf("iam GetUser: %v %v", u, err)
	}
	gs, err := ic.ListGroupsForUser(ctx, &awsiam.ListGroupsForUserInput{UserName: aws.String("david")})
	if err != nil || len(gs.Groups) != 1 || aws.ToString(gs.Groups[0].GroupName) != "Developers" {
		t.Errorf("iam ListGroupsForUser: %v %v", gs, err)
	}
	lu, err := ic.GetAccessKeyLastUsed(ctx, &awsiam.GetAccessKeyLastUsedInput{AccessKeyId: aws.String(david[0])})
	if err != nil || lu.AccessKeyLastUsed.LastUsedDate == nil || aws.ToString(lu.AccessKeyLastUsed.ServiceName) != "sts" ||
		aws.ToString(lu.AccessKeyLastUsed.Region) != "us-east-1" || aws.ToString(lu.UserName) != "david" {
		t.Errorf("GetAccessKeyLastUsed: %+v %v", lu, err)
	}
	_, err = stsFor(david[0], strings.Repeat("x", 40), "").GetCallerIdentity(ctx, &sts.GetCallerIdentityInput{})
	if !errors.As(err, &ae) || ae.ErrorCode() != "SignatureDoesNotMatch" {
		t.Errorf("wrong secret: %v", err)
	}
}

func TestAWSCLIIAMRoles(t *testing.T) {
	t.Parallel()
	e := apitest.New(t, false)
	admin, david := e.Keys["admin"], e.Keys["david"]
	creds := fmt.Sprintf("[admin]\naws_access_key_id = %s\naws_secret_access_key = %s\n\n[david]\naws_access_key_id = %s\naws_secret_access_key = %s\n",
		admin[0], admin[1], david[0], david[1])
	c := apitest.NewCLI(t, e, "", creds)
	trust := `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:user/david"},"Action":"sts:AssumeRole"}]}`
	cr := c.OK("", "iam", "create-role", "--profile", "admin", "--role-name", "Deploy", "--path", "/ci/",
		"--assume-role-policy-document", trust, "--max-session-duration", "7200", "--tags", "Key=team,Value=blue")
	if r := cr["Role"].(map[string]any); r["Arn"] != "arn:aws:iam::111122223333:role/ci/Deploy" {
		t.Errorf("create-role: %v", cr)
	}
	gr := c.OK("", "iam", "get-role", "--profile", "admin", "--role-name", "Deploy")
	r := gr["Role"].(map[string]any)
	doc, ok := r["AssumeRolePolicyDocument"].(map[string]any)
	if !ok || doc["Version"] != "2012-10-17" || r["MaxSessionDuration"] != float64(7200) {
		t.Errorf("get-role: %v", gr)
	}
	c.OK("", "iam", "put-role-policy", "--profile", "admin", "--role-name", "Deploy", "--policy-name", "read",
		"--policy-document", `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"*"}]}`)
	if _, errOut, err := c.Run("", "iam", "attach-role-policy", "--profile", "admin", "--role-name", "Deploy", "--policy-arn", "arn:aws:iam::aws:policy/ReadOnlyAccess"); err != nil {
		t.Fatalf("attach-role-policy: %s", errOut)
	}
	gp := c.OK("", "iam", "get-role-policy", "--profile", "admin", "--role-name", "Deploy", "--policy-name", "read")
	if d, ok := gp["PolicyDocument"].(map[string]any); !ok || d["Version"] != "2012-10-17" {
		t.Errorf("get-role-policy: %v", gp)
	}
	lp := c.OK("", "iam", "list-attached-role-policies", "--profile", "admin", "--role-name", "Deploy")
	if ps := lp["AttachedPolicies"].([]any); len(ps) != 1 {
		t.Errorf("list-attached-role-policies: %v", lp)
	}
	if lr := c.OK("", "iam", "list-roles", "--profile", "admin", "--path-prefix", "/ci/"); len(lr["Roles"].([]any)) != 1 {
		t.Errorf("list-roles: %v", lr)
	}
	ar := c.OK("", "sts", "assume-role", "--profile", "david", "--role-arn", "arn:aws:iam::111122223333:role/ci/Deploy",
		"--role-session-name", "deploy", "--duration-seconds", "7200")
	if u := ar["AssumedRoleUser"].(map[string]any); u["Arn"] != "arn:aws:sts::111122223333:assumed-role/Deploy/deploy" {
		t.Errorf("assume-role (path dropped from the session ARN): %v", ar)
	}
	c.Fails("The requested DurationSeconds exceeds the MaxSessionDuration set for this role.", "sts", "assume-role", "--profile", "david",
		"--role-arn", "arn:aws:iam::111122223333:role/ci/Deploy", "--role-session-name", "deploy", "--duration-seconds", "7201")
	c.Fails("An error occurred (DeleteConflict) when calling the DeleteRole operation", "iam", "delete-role", "--profile", "admin", "--role-name", "Deploy")
	c.Fails("An error occurred (AccessDenied) when calling the CreateRole operation: User: arn:aws:iam::111122223333:user/david is not authorized to perform: iam:CreateRole",
		"iam", "create-role", "--profile", "david", "--role-name", "X", "--assume-role-policy-document", trust)
}

// TestGoSDKProfileChain resolves role_arn + source_profile credentials with
// the SDK for Go v2's shared config; the STS endpoint comes from a services
// section, which the SDK honours while resolving profile credentials.
func TestGoSDKProfileChain(t *testing.T) {
	t.Parallel()
	e := apitest.New(t, false)
	david := e.Keys["david"]
	dir := t.TempDir()
	cfgFile, credFile := filepath.Join(dir, "config"), filepath.Join(dir, "credentials")
	os.WriteFile(credFile, []byte(fmt.Sprintf("[david]\naws_access_key_id = %s\naws_secret_access_key = %s\n", david[0], david[1])), 0o600)
	os.WriteFile(cfgFile, []byte(fmt.Sprintf(`[profile david]
region = us-east-1
services = local

[profile prod]
region = us-east-1
role_arn = %s
source_profile = david
role_session_name = gosdk-profile
services = local

[services local]
sts =
  endpoint_url = %s
`, apitest.UpdateAPP, e.Server.URL)), 0o600)
	ctx := context.Background()
	cfg, err := config.LoadDefaultConfig(ctx, config.WithSharedConfigFiles([]string{cfgFile}),
		config.WithSharedCredentialsFiles([]string{credFile}), config.WithSharedConfigProfile("prod"))
	if err != nil {
		t.Fatal(err)
	}
	who, err := sts.NewFromConfig(cfg).GetCallerIdentity(ctx, &sts.GetCallerIdentityInput{})
	if err != nil || aws.ToString(who.Arn) != "arn:aws:sts::123456789012:assumed-role/UpdateAPP/gosdk-profile" {
		t.Fatalf("profile prod: %v %v", who, err)
	}
}
