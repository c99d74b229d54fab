package labs_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"iamconsole/handlers/api/apitest"
	"iamconsole/labs"
)

// The built-in labs that are done from the command line are solved here
// with the real AWS CLI as well, through the console's API, with the
// profiles the lab page gives.

// cliLab starts a sandbox on a server and returns the CLI set up with its
// access keys (profiles ACCOUNT-USER) and extra config.
func cliLab(t *testing.T, lab, config string) (*apitest.Env, *labs.Sandbox, *apitest.CLI) {
	t.Helper()
	apitest.RequireTool(t, "aws")
	e := apitest.New(t, false)
	sb, err := e.Services.Labs.Start(context.Background(), lab, "")
	if err != nil {
		t.Fatal(err)
	}
	_, creds := sb.CLIConfig()
	return e, sb, apitest.NewCLI(t, e, config, creds)
}

// statusOf checks a sandbox as `iamconsole lab check` does.
func statusOf(t *testing.T, e *apitest.Env, sb *labs.Sandbox) map[string]string {
	t.Helper()
	e.Svc.FlushEvents()
	p, err := e.Services.Labs.Check(context.Background(), sb.ID)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]string{}
	for _, tp := range p.Tasks {
		out[tp.ID] = tp.Status
	}
	return out
}

func wantDone(t *testing.T, e *apitest.Env, sb *labs.Sandbox, done ...string) {
	t.Helper()
	st := statusOf(t, e, sb)
	for id, s := range st {
		want := labs.StatusTodo
		for _, d := range done {
			if d == id {
				want = labs.StatusDone
			}
		}
		if s != want {
			t.Errorf("task %s is %s, want %s", id, s, want)
		}
	}
}

func TestCLISolvesRoleChaining(t *testing.T) {
	t.Parallel()
	e, sb, _ := cliLab(t, "role-chaining", "")
	dev, prod := sb.Env.Accounts["dev"], sb.Env.Accounts["prod"]
	config := fmt.Sprintf(`[profile r1]
role_arn = arn:aws:iam::%s:role/R1
source_profile = dev-chris
[profile r2]
role_arn = arn:aws:iam::%s:role/R2
source_profile = r1
[profile r2-long]
role_arn = arn:aws:iam::%s:role/R2
source_profile = r1
duration_seconds = 7200
`, dev, prod, prod)
	_, creds := sb.CLIConfig()
	cli := apitest.NewCLI(t, e, config, creds)
	wantDone(t, e, sb)

	// Wrong: R2 straight from chris.
	cli.Fails("AccessDenied", "sts", "assume-role", "--profile", "dev-chris", "--role-arn", "arn:aws:iam::"+prod+":role/R2", "--role-session-name", "chris")
	wantDone(t, e, sb)

	out := cli.OK("", "sts", "get-caller-identity", "--profile", "r2")
	if arn, _ := out["Arn"].(string); !strings.HasPrefix(arn, "arn:aws:sts::"+prod+":assumed-role/R2/") {
		t.Fatalf("r2 is %v", out)
	}
	wantDone(t, e, sb, "assume-r1", "chain-to-r2")

	cli.Fails("1 hour session limit", "sts", "get-caller-identity", "--profile", "r2-long")
	wantDone(t, e, sb, "assume-r1", "chain-to-r2", "hit-the-cap")
}

func TestCLISolvesThirdPartyExternalID(t *testing.T) {
	t.Parallel()
	e, sb, cli := cliLab(t, "third-party-external-id", "")
	customer, vendor := sb.Env.Accounts["customer"], sb.Env.Accounts["vendor"]
	role := "arn:aws:iam::" + customer + ":role/VendorAccess"
	wantDone(t, e, sb)

	// cora works in the console; here, with an access key made for her.
	k, secret, err := e.Services.Identity.CreateAccessKey(context.Background(), apitest.Root(customer), "cora")
	if err != nil {
		t.Fatal(err)
	}
	cli.Env("AWS_ACCESS_KEY_ID="+k.AccessKeyID, "AWS_SECRET_ACCESS_KEY="+secret)
	trust := fmt.Sprintf(`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::%s:root"},"Action":"sts:AssumeRole","Condition":{"StringEquals":{"sts:ExternalId":"%s"}}}]}`,
		vendor, sb.Secrets["extid"])
	cli.OK("", "iam", "create-role", "--role-name", "VendorAccess", "--assume-role-policy-document", trust)
	wantDone(t, e, sb) // no policy yet
	cli.OK("", "iam", "attach-role-policy", "--role-name", "VendorAccess", "--policy-arn", "arn:aws:iam::aws:policy/SecurityAudit")
	wantDone(t, e, sb, "create-role")

	cli.Fails("AccessDenied", "sts", "assume-role", "--profile", "vendor-vic", "--role-arn", role, "--role-session-name", "vic")
	cli.Fails("AccessDenied", "sts", "assume-role", "--profile", "vendor-vic", "--role-arn", role, "--role-session-name", "vic", "--external-id", "wrong")
	wantDone(t, e, sb, "create-role")
	cli.OK("", "sts", "assume-role", "--profile", "vendor-vic", "--role-arn", role, "--role-session-name", "vic", "--external-id", sb.Secrets["extid"])
	wantDone(t, e, sb, "create-role", "assume-as-vendor")
}

func TestCLISolvesPrivescCreatePolicyVersion(t *testing.T) {
	t.Parallel()
	e, sb, cli := cliLab(t, "privesc-createpolicyversion", "")
	main := sb.Env.Accounts["main"]
	policy := "arn:aws:iam::" + main + ":policy/mallory-tools"
	admin := `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}`
	wantDone(t, e, sb)

	cli.OK("", "iam", "create-policy-version", "--profile", "main-mallory", "--policy-arn", policy, "--policy-document", admin, "--set-as-default")
	wantDone(t, e, sb, "escalate")
	// Now mallory is an administrator: she may create users.
	cli.OK("", "iam", "create-user", "--profile", "main-mallory", "--user-name", "backdoor")

	cli.OK("", "iam", "set-default-policy-version", "--profile", "main-defender", "--policy-arn", policy, "--version-id", "v1")
	cli.OK("", "iam", "delete-policy-version", "--profile", "main-defender", "--policy-arn", policy, "--version-id", "v2")
	wantDone(t, e, sb, "escalate", "roll-back")
	cli.Fails("AccessDenied", "iam", "create-user", "--profile", "main-mallory", "--user-name", "backdoor2")

	narrowed := `{"Version":"2012-10-17","Statement":[{"Sid":"Reports","Effect":"Allow","Action":["s3:ListAllMyBuckets","s3:GetObject"],"Resource":"*"}]}`
	cli.OK("", "iam", "create-policy-version", "--profile", "main-defender", "--policy-arn", policy, "--policy-document", narrowed, "--set-as-default")
	wantDone(t, e, sb, "escalate", "roll-back", "close-the-path")
	cli.Fails("AccessDenied", "iam", "create-policy-version", "--profile", "main-mallory", "--policy-arn", policy, "--policy-document", admin, "--set-as-default")
}
