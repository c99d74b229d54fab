package ec2_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	"github.com/aws/aws-sdk-go-v2/service/ec2/types"
	"github.com/aws/aws-sdk-go-v2/service/sts"
	"github.com/aws/smithy-go"

	"iamconsole/handlers/api/apitest"
	"iamconsole/iam"
)

const terminateRole = "arn:aws:iam::123456789012:role/EC2-Terminate-role"

func TestAWSCLI(t *testing.T) {
	t.Parallel()
	e := newEnv(t, false)
	creds := fmt.Sprintf("[admin]\naws_access_key_id = %s\naws_secret_access_key = %s\n\n[david]\naws_access_key_id = %s\naws_secret_access_key = %s\n",
		e.prod[0], e.prod[1], e.Keys["david"][0], e.Keys["david"][1])
	c := apitest.NewCLI(t, e.Env, "", creds)
	run := c.OK("", "ec2", "run-instances", "--profile", "admin", "--image-id", "ami-0c02fb55956c7d316", "--instance-type", "t2.micro", "--count", "2",
		"--tag-specifications", "ResourceType=instance,Tags=[{Key=Name,Value=cli}]")
	insts := run["Instances"].([]any)
	if len(insts) != 2 || insts[0].(map[string]any)["State"].(map[string]any)["Name"] != "pending" {
		t.Fatalf("run-instances: %v", run)
	}
	id := insts[0].(map[string]any)["InstanceId"].(string)
	d := c.OK("", "ec2", "describe-instances", "--profile", "admin", "--filters", "Name=tag:Name,Values=cli", "Name=instance-type,Values=t2.micro")
	n := 0
	for _, r := range d["Reservations"].([]any) {
		n += len(r.(map[string]any)["Instances"].([]any))
	}
	if n != 2 {
		t.Errorf("describe-instances by tag: %d instances", n)
	}
	c.Fails("An error occurred (DryRunOperation) when calling the TerminateInstances operation: Request would have succeeded, but DryRun flag is set.",
		"ec2", "terminate-instances", "--profile", "admin", "--instance-ids", id, "--dry-run")
	term := c.OK("", "ec2", "terminate-instances", "--profile", "admin", "--instance-ids", id)
	if ch := term["TerminatingInstances"].([]any)[0].(map[string]any); ch["CurrentState"].(map[string]any)["Name"] != "shutting-down" {
		t.Errorf("terminate-instances: %v", term)
	}
	c.Fails("An error occurred (InvalidInstanceID.NotFound) when calling the StopInstances operation: The instance ID 'i-0123456789abcdef0' does not exist",
		"ec2", "stop-instances", "--profile", "admin", "--instance-ids", "i-0123456789abcdef0")
	c.Fails("An error occurred (InvalidParameterValue) when calling the DescribeInstances operation: The filter 'colour' is invalid",
		"ec2", "describe-instances", "--profile", "admin", "--filters", "Name=colour,Values=red")

	// david is refused in his own account; the encoded message decodes
	// for an identity that may decode it (here the account's admin).
	_, stderr, err := c.Run("", "ec2", "run-instances", "--profile", "david", "--image-id", "ami-0c02fb55956c7d316", "--instance-type", "t2.micro", "--count", "1")
	_, encoded, ok := strings.Cut(stderr, "Encoded authorization failure message: ")
	if err == nil || !ok || !strings.Contains(stderr, "(UnauthorizedOperation)") {
		t.Fatalf("run-instances as david: %v %s", err, stderr)
	}
	encoded = strings.TrimSpace(encoded)
	c.Fails("An error occurred (AccessDenied) when calling the DecodeAuthorizationMessage operation: User: arn:aws:iam::111122223333:user/david is not authorized to perform: sts:DecodeAuthorizationMessage",
		"sts", "decode-authorization-message", "--profile", "david", "--encoded-message", encoded)
	devAdmin := e.Keys["admin"]
	c.Env("AWS_ACCESS_KEY_ID="+devAdmin[0], "AWS_SECRET_ACCESS_KEY="+devAdmin[1])
	dec := c.OK("", "sts", "decode-authorization-message", "--encoded-message", encoded)
	var msg struct {
		Allowed, ExplicitDeny bool
		Context               struct {
			Principal  struct{ ID, Name, ARN string }
			Action     string
			Resource   string
			Conditions struct {
				Items []struct {
					Key    string
					Values struct{ Items []struct{ Value string } }
				}
			}
		}
	}
	if err := json.Unmarshal([]byte(dec["DecodedMessage"].(string)), &msg); err != nil {
		t.Fatal(err)
	}
	if msg.Allowed || msg.ExplicitDeny || msg.Context.Action != "ec2:RunInstances" || msg.Context.Principal.Name != "david" ||
		msg.Context.Resource != "arn:aws:ec2:us-east-1:111122223333:instance/*" {
		t.Errorf("decoded: %+v", msg)
	}
	found := false
	for _, it := range msg.Context.Conditions.Items {
		if it.Key == "ec2:InstanceType" && len(it.Values.Items) == 1 && it.Values.Items[0].Value == "t2.micro" {
			found = true
		}
	}
	if !found {
		t.Errorf("ec2:InstanceType missing from the conditions: %+v", msg.Context.Conditions)
	}
	// A message issued to another account does not decode.
	c.Env("AWS_ACCESS_KEY_ID="+e.prod[0], "AWS_SECRET_ACCESS_KEY="+e.prod[1])
	c.Fails("An error occurred (InvalidAuthorizationMessageException) when calling the DecodeAuthorizationMessage operation: The message is invalid",
		"sts", "decode-authorization-message", "--encoded-message", encoded)
}

func TestBoto3(t *testing.T) {
	t.Parallel()
	e := newEnv(t, false)
	out := apitest.RunBoto3(t, e.Env, "boto3_ec2.py", "ADMIN_KEY="+e.prod[0], "ADMIN_SECRET="+e.prod[1])
	var got map[string]any
	if err := json.Unmarshal(out, &got); err != nil {
		t.Fatalf("%v: %s", err, out)
	}
	want := map[string]any{
		"launched":          []any{"pending", "pending", "pending"},
		"dry_run":           map[string]any{"code": "DryRunOperation", "message": "Request would have succeeded, but DryRun flag is set.", "status": 412.0},
		"by_tag":            true,
		"paged_total":       6.0,
		"wildcard":          3.0,
		"tags":              []any{"Name", "env", "team"},
		"tags_after_delete": []any{"Name", "env"},
		"stop":              []any{[]any{"pending", "stopping"}},
		"terminate":         []any{[]any{"pending", "shutting-down"}},
		"start_terminated":  map[string]any{"code": "IncorrectInstanceState", "status": 400.0},
		"not_found":         map[string]any{"code": "InvalidInstanceID.NotFound", "message": "The instance ID 'i-0123456789abcdef0' does not exist", "status": 400.0},
		"regions":           17.0,
		"images":            []any{"ami-02d7fd1c2af6eead0"},
	}
	for k, v := range want {
		g := got[k]
		if m, ok := v.(map[string]any); ok && m["message"] == nil {
			if gm, ok := g.(map[string]any); ok {
				delete(gm, "message")
			}
		}
		if !reflect.DeepEqual(g, v) {
			t.Errorf("%s = %v, want %v", k, got[k], v)
		}
	}
}

// TestGoSDKTerminateWithMFA is the MFA walkthrough with the SDK for Go v2:
// Development's administrator may assume EC2-Terminate-role only with an
// MFA code, and then terminates a Production instance.
func TestGoSDKTerminateWithMFA(t *testing.T) {
	t.Parallel()
	e := newEnv(t, true)
	ctx := context.Background()
	serial, seed := e.MFASeed(t, "admin")
	admin := e.Keys["admin"]
	stsc := sts.New(sts.Options{Region: "us-east-1", BaseEndpoint: aws.String(e.Server.URL),
		Credentials: credentials.NewStaticCredentialsProvider(admin[0], admin[1], "")})
	_, err := stsc.AssumeRole(ctx, &sts.AssumeRoleInput{RoleArn: aws.String(terminateRole), RoleSessionName: aws.String("nomfa")})
	var ae smithy.APIError
	if !errors.As(err, &ae) || ae.ErrorCode() != "AccessDenied" {
		t.Fatalf("AssumeRole without MFA: %v", err)
	}
	code := iam.TOTP(seed, iam.TOTPStep(e.Svc.Now()))
	ar, err := stsc.AssumeRole(ctx, &sts.AssumeRoleInput{RoleArn: aws.String(terminateRole), RoleSessionName: aws.String("mfa"),
		SerialNumber: aws.String(serial), TokenCode: aws.String(code)})
	if err != nil {
		t.Fatal(err)
	}
	cr := ar.Credentials
	client := ec2.New(ec2.Options{Region: "us-east-1", BaseEndpoint: aws.String(e.Server.URL),
		Credentials: credentials.NewStaticCredentialsProvider(aws.ToString(cr.AccessKeyId), aws.ToString(cr.SecretAccessKey), aws.ToString(cr.SessionToken))})
	d, err := client.DescribeInstances(ctx, &ec2.DescribeInstancesInput{Filters: []types.Filter{{Name: aws.String("tag:Name"), Values: []string{"web-1"}}}})
	if err != nil || len(d.Reservations) != 1 || len(d.Reservations[0].Instances) != 1 {
		t.Fatalf("DescribeInstances: %v %v", d, err)
	}
	id := aws.ToString(d.Reservations[0].Instances[0].InstanceId)
	if d.Reservations[0].Instances[0].State.Name != types.InstanceStateNameRunning {
		t.Errorf("web-1 is %s", d.Reservations[0].Instances[0].State.Name)
	}
	_, err = client.RunInstances(ctx, &ec2.RunInstancesInput{ImageId: aws.String("ami-0c02fb55956c7d316"), MinCount: aws.Int32(1), MaxCount: aws.Int32(1)})
	if !errors.As(err, &ae) || ae.ErrorCode() != "UnauthorizedOperation" {
		t.Errorf("RunInstances as the terminate role: %v", err)
	}
	term, err := client.TerminateInstances(ctx, &ec2.TerminateInstancesInput{InstanceIds: []string{id}})
	if err != nil || term.TerminatingInstances[0].CurrentState.Name != types.InstanceStateNameShuttingDown ||
		term.TerminatingInstances[0].PreviousState.Name != types.InstanceStateNameRunning {
		t.Fatalf("TerminateInstances: %v %v", term, err)
	}
	e.Clock.Advance(5 * time.Second)
	d, err = client.DescribeInstances(ctx, &ec2.DescribeInstancesInput{InstanceIds: []string{id}})
	if err != nil || d.Reservations[0].Instances[0].State.Name != types.InstanceStateNameTerminated || aws.ToInt32(d.Reservations[0].Instances[0].State.Code) != 48 {
		t.Errorf("after 5 s: %v %v", d, err)
	}
}
