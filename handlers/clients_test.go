package handlers_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/credentials"
	awsiam "github.com/aws/aws-sdk-go-v2/service/iam"
	"github.com/aws/aws-sdk-go-v2/service/sts"
	"github.com/aws/smithy-go"

	"iamconsole/iam"
)

const deniedTheresa = "User: arn:aws:iam::111122223333:user/theresa is not authorized to perform: sts:AssumeRole on resource: " + updateAPP

// cli runs the AWS CLI v1 in its own HOME with the given config files.
type cli struct {
	t        *testing.T
	bin, url string
	env      []string
}

func newCLI(t *testing.T, e *apiEnv, config, creds string) *cli {
	bin := requireTool(t, "aws")
	home := t.TempDir()
	cfg, cr := filepath.Join(home, "config"), filepath.Join(home, "credentials")
	os.WriteFile(cfg, []byte(config), 0o600)
	os.WriteFile(cr, []byte(creds), 0o600)
	env := []string{"HOME=" + home, "PATH=" + os.Getenv("PATH"), "AWS_CONFIG_FILE=" + cfg, "AWS_SHARED_CREDENTIALS_FILE=" + cr,
		"AWS_DEFAULT_REGION=us-east-1", "AWS_ENDPOINT_URL=" + e.Server.URL, "AWS_PAGER=", "AWS_EC2_METADATA_DISABLED=true"}
	if v := os.Getenv("PYENV_ROOT"); v != "" {
		env = append(env, "PYENV_ROOT="+v)
	}
	return &cli{t: t, bin: bin, url: e.Server.URL, env: env}
}

// run runs aws with args; stdin answers prompts (the MFA code).
func (c *cli) run(stdin string, args ...string) (string, string, error) {
	c.t.Helper()
	args = append([]string{"--endpoint-url", c.url, "--output", "json"}, args...)
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, c.bin, args...)
	cmd.Env = c.env
	cmd.Stdin = strings.NewReader(stdin)
	// A new session has no controlling terminal, so getpass reads stdin.
	cmd.SysProcAttr = &syscall.SysProcAttr{Setsid: true}
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	err := cmd.Run()
	return out.String(), errb.String(), err
}

func (c *cli) ok(stdin string, args ...string) map[string]any {
	c.t.Helper()
	out, errOut, err := c.run(stdin, args...)
	if err != nil {
		c.t.Fatalf("aws %s: %v\n%s", strings.Join(args, " "), err, errOut)
	}
	m := map[string]any{}
	if strings.TrimSpace(out) == "" {
		return m
	}
	if err := json.Unmarshal([]byte(out), &m); err != nil {
		c.t.Fatalf("aws %s: %v: %s", strings.Join(args, " "), err, out)
	}
	return m
}

func (c *cli) fails(want string, args ...string) {
	c.t.Helper()
	_, errOut, err := c.run("", args...)
	if err == nil || !strings.Contains(errOut, want) {
		c.t.Errorf("aws %s: err %v, stderr %q, want %q", strings.Join(args, " "), err, errOut, want)
	}
}

func TestAWSCLI(t *testing.T) {
	t.Parallel()
	e := newAPIEnv(t, true)
	chained := e.role(t, prodAccount, "Chained", 43200, `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"`+updateAPP+`"},"Action":"sts:AssumeRole"}]}`)
	vendor := e.role(t, devAccount, "Vendor", 3600, `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:user/david"},"Action":"sts:AssumeRole","Condition":{"StringEquals":{"sts:ExternalId":"Unique-42"}}}]}`)
	needsMFA := e.role(t, devAccount, "NeedsMFA", 3600, `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:user/david"},"Action":"sts:AssumeRole","Condition":{"Bool":{"aws:MultiFactorAuthPresent":"true"}}}]}`)
	serial, seed := e.mfaSeed(t, "david")
	david, theresa := e.keys["david"], e.keys["theresa"]
	mgmtRoot := &iam.Caller{Type: iam.CallerRoot, AccountID: iam.DemoManagementID, ARN: "arn:aws:iam::" + iam.DemoManagementID + ":root", UniqueID: iam.DemoManagementID}
	mk, msecret, err := e.Svc.CreateAccessKey(context.Background(), mgmtRoot, "admin")
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
`, updateAPP, chained, vendor, needsMFA, serial)
	c := newCLI(t, e, config, creds)

	if got := c.ok("", "sts", "get-caller-identity", "--profile", "david"); got["Arn"] != "arn:aws:iam::111122223333:user/david" || got["Account"] != devAccount {
		t.Errorf("get-caller-identity: %v", got)
	}
	ar := c.ok("", "sts", "assume-role", "--profile", "david", "--role-arn", updateAPP, "--role-session-name", "cli")
	if u := ar["AssumedRoleUser"].(map[string]any); u["Arn"] != "arn:aws:sts::123456789012:assumed-role/UpdateAPP/cli" {
		t.Errorf("assume-role: %v", ar)
	}
	c.fails("An error occurred (AccessDenied) when calling the AssumeRole operation: "+deniedTheresa,
		"sts", "assume-role", "--profile", "theresa", "--role-arn", updateAPP, "--role-session-name", "cli")
	if got := c.ok("", "sts", "get-caller-identity", "--profile", "prod"); !strings.HasPrefix(got["Arn"].(string), "arn:aws:sts::123456789012:assumed-role/UpdateAPP/") {
		t.Errorf("profile prod: %v", got)
	}
	if got := c.ok("", "sts", "get-caller-identity", "--profile", "hop2"); !strings.HasPrefix(got["Arn"].(string), "arn:aws:sts::123456789012:assumed-role/Chained/") {
		t.Errorf("profile hop2 (two hops): %v", got)
	}
	c.fails("The requested DurationSeconds exceeds the 1 hour session limit for roles assumed by role chaining.", "sts", "get-caller-identity", "--profile", "hop2long")
	if got := c.ok("", "sts", "get-caller-identity", "--profile", "vendor"); !strings.Contains(got["Arn"].(string), "assumed-role/Vendor/") {
		t.Errorf("external_id profile: %v", got)
	}
	c.fails("AccessDenied", "sts", "get-caller-identity", "--profile", "vendorwrong")
	code := iam.TOTP(seed, iam.TOTPStep(e.Svc.Now()))
	if got := c.ok(code+"\n", "sts", "get-caller-identity", "--profile", "mfa"); !strings.Contains(got["Arn"].(string), "assumed-role/NeedsMFA/") {
		t.Errorf("mfa_serial profile: %v", got)
	}
	c.fails("SignatureDoesNotMatch", "sts", "get-caller-identity", "--profile", "bad")

	// Organizations speaks JSON 1.1.
	ca := c.ok("", "organizations", "create-account", "--profile", "mgmt", "--account-name", "Staging", "--email", "root@staging.example.com")
	if st := ca["CreateAccountStatus"].(map[string]any); st["State"] != "SUCCEEDED" {
		t.Errorf("create-account: %v", ca)
	}
	if la := c.ok("", "organizations", "list-accounts", "--profile", "mgmt"); len(la["Accounts"].([]any)) != 4 {
		t.Errorf("list-accounts: %v", la)
	}
	if org := c.ok("", "organizations", "describe-organization", "--profile", "mgmt"); org["Organization"].(map[string]any)["MasterAccountId"] != iam.DemoManagementID {
		t.Errorf("describe-organization: %v", org)
	}
	c.fails("An error occurred (AccessDeniedException) when calling the ListAccounts operation", "organizations", "list-accounts", "--profile", "david")

	// Expired temporary credentials, with the server's clock moved on.
	tmp := ar["Credentials"].(map[string]any)
	c.env = append(c.env, "AWS_ACCESS_KEY_ID="+tmp["AccessKeyId"].(string), "AWS_SECRET_ACCESS_KEY="+tmp["SecretAccessKey"].(string),
		"AWS_SESSION_TOKEN="+tmp["SessionToken"].(string))
	if got := c.ok("", "sts", "get-caller-identity"); got["Account"] != prodAccount {
		t.Errorf("temporary credentials: %v", got)
	}
	e.Clock.Advance(2 * time.Hour)
	c.fails("An error occurred (ExpiredToken) when calling the GetCallerIdentity operation: The security token included in the request is expired", "sts", "get-caller-identity")
}

func TestBoto3(t *testing.T) {
	t.Parallel()
	e := newAPIEnv(t, false)
	out := runBoto3(t, e, "boto3_client.py", "DAVID_KEY="+e.keys["david"][0], "DAVID_SECRET="+e.keys["david"][1],
		"THERESA_KEY="+e.keys["theresa"][0], "THERESA_SECRET="+e.keys["theresa"][1], "ROLE_ARN="+updateAPP)
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
	e := newAPIEnv(t, false)
	ctx := context.Background()
	david := e.keys["david"]
	stsFor := func(id, secret, token string) *sts.Client {
		return sts.New(sts.Options{Region: "us-east-1", BaseEndpoint: aws.String(e.Server.URL),
			Credentials: credentials.NewStaticCredentialsProvider(id, secret, token)})
	}
	who, err := stsFor(david[0], david[1], "").GetCallerIdentity(ctx, &sts.GetCallerIdentityInput{})
	if err != nil || aws.ToString(who.Arn) != "arn:aws:iam::111122223333:user/david" {
		t.Fatalf("GetCallerIdentity: %v %v", who, err)
	}
	ar, err := stsFor(david[0], david[1], "").AssumeRole(ctx, &sts.AssumeRoleInput{RoleArn: aws.String(updateAPP), RoleSessionName: aws.String("gosdk"),
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
	theresa := e.keys["theresa"]
	_, err = stsFor(theresa[0], theresa[1], "").AssumeRole(ctx, &sts.AssumeRoleInput{RoleArn: aws.String(updateAPP), RoleSessionName: aws.String("gosdk")})
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
	e := newAPIEnv(t, false)
	admin, david := e.keys["admin"], e.keys["david"]
	creds := fmt.Sprintf("[admin]\naws_access_key_id = %s\naws_secret_access_key = %s\n\n[david]\naws_access_key_id = %s\naws_secret_access_key = %s\n",
		admin[0], admin[1], david[0], david[1])
	c := newCLI(t, e, "", creds)
	trust := `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:user/david"},"Action":"sts:AssumeRole"}]}`
	cr := c.ok("", "iam", "create-role", "--profile", "admin", "--role-name", "Deploy", "--path", "/ci/",
		"--assume-role-policy-document", trust, "--max-session-duration", "7200", "--tags", "Key=team,Value=blue")
	if r := cr["Role"].(map[string]any); r["Arn"] != "arn:aws:iam::111122223333:role/ci/Deploy" {
		t.Errorf("create-role: %v", cr)
	}
	gr := c.ok("", "iam", "get-role", "--profile", "admin", "--role-name", "Deploy")
	r := gr["Role"].(map[string]any)
	doc, ok := r["AssumeRolePolicyDocument"].(map[string]any)
	if !ok || doc["Version"] != "2012-10-17" || r["MaxSessionDuration"] != float64(7200) {
		t.Errorf("get-role: %v", gr)
	}
	c.ok("", "iam", "put-role-policy", "--profile", "admin", "--role-name", "Deploy", "--policy-name", "read",
		"--policy-document", `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"*"}]}`)
	if _, errOut, err := c.run("", "iam", "attach-role-policy", "--profile", "admin", "--role-name", "Deploy", "--policy-arn", "arn:aws:iam::aws:policy/ReadOnlyAccess"); err != nil {
		t.Fatalf("attach-role-policy: %s", errOut)
	}
	gp := c.ok("", "iam", "get-role-policy", "--profile", "admin", "--role-name", "Deploy", "--policy-name", "read")
	if d, ok := gp["PolicyDocument"].(map[string]any); !ok || d["Version"] != "2012-10-17" {
		t.Errorf("get-role-policy: %v", gp)
	}
	lp := c.ok("", "iam", "list-attached-role-policies", "--profile", "admin", "--role-name", "Deploy")
	if ps := lp["AttachedPolicies"].([]any); len(ps) != 1 {
		t.Errorf("list-attached-role-policies: %v", lp)
	}
	if lr := c.ok("", "iam", "list-roles", "--profile", "admin", "--path-prefix", "/ci/"); len(lr["Roles"].([]any)) != 1 {
		t.Errorf("list-roles: %v", lr)
	}
	ar := c.ok("", "sts", "assume-role", "--profile", "david", "--role-arn", "arn:aws:iam::111122223333:role/ci/Deploy",
		"--role-session-name", "deploy", "--duration-seconds", "7200")
	if u := ar["AssumedRoleUser"].(map[string]any); u["Arn"] != "arn:aws:sts::111122223333:assumed-role/Deploy/deploy" {
		t.Errorf("assume-role (path dropped from the session ARN): %v", ar)
	}
	c.fails("The requested DurationSeconds exceeds the MaxSessionDuration set for this role.", "sts", "assume-role", "--profile", "david",
		"--role-arn", "arn:aws:iam::111122223333:role/ci/Deploy", "--role-session-name", "deploy", "--duration-seconds", "7201")
	c.fails("An error occurred (DeleteConflict) when calling the DeleteRole operation", "iam", "delete-role", "--profile", "admin", "--role-name", "Deploy")
	c.fails("An error occurred (AccessDenied) when calling the CreateRole operation: User: arn:aws:iam::111122223333:user/david is not authorized to perform: iam:CreateRole",
		"iam", "create-role", "--profile", "david", "--role-name", "X", "--assume-role-policy-document", trust)
}

// TestGoSDKProfileChain resolves role_arn + source_profile credentials with
// the SDK for Go v2's shared config; the STS endpoint comes from a services
// section, which the SDK honours while resolving profile credentials.
func TestGoSDKProfileChain(t *testing.T) {
	t.Parallel()
	e := newAPIEnv(t, false)
	david := e.keys["david"]
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
`, updateAPP, e.Server.URL)), 0o600)
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
