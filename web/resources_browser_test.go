package web_test

import (
	"context"
	"encoding/base32"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"iamconsole/iam"
	"iamconsole/iam/organizations"
	"iamconsole/web/webtest"
)

// TestBrowserDynamoDBReadOnly: david switches to Production's
// DynamoDB-ReadOnly-role, reads TestProject's item 1234567890 and finds
// every way to write it disabled, naming the action he lacks.
func TestBrowserDynamoDBReadOnly(t *testing.T) {
	needChromium(t)
	t.Parallel()
	env := webtest.New(t)
	base := env.Server.URL
	ctx := newBrowser(t)
	var identity, items, createTitle, json, saveTitle string
	var saveDisabled bool
	err := chromedp.Run(ctx,
		signInActions(base, "development", "david", env.Password(t, "development", "david"), ""),
		chromedp.Navigate(base+"/switchrole?account=production&roleName=DynamoDB-ReadOnly-role"),
		chromedp.WaitVisible(`[data-testid=switch-submit]`),
		chromedp.Click(`[data-testid=switch-submit]`),
		chromedp.WaitVisible(`[data-testid=flash]`),
		chromedp.Text(`[data-testid=identity]`, &identity),
		chromedp.Navigate(base+"/dynamodb/tables"),
		chromedp.WaitVisible(`[data-testid=ddb-tables]`),
		chromedp.Click(`a[href="/dynamodb/tables/TestProject"]`),
		chromedp.WaitVisible(`[data-testid=ddb-items]`),
		chromedp.Text(`[data-testid=ddb-items]`, &items),
		chromedp.AttributeValue(`[data-testid=ddb-explorer] button[disabled]`, "title", &createTitle, nil),
		chromedp.Click(`[data-testid=ddb-item] [data-testid=edit-item]`),
		chromedp.WaitVisible(`[data-testid=ddb-item-form]`),
		chromedp.Value(`[data-testid=ddb-item-json]`, &json),
		chromedp.AttributeValue(`[data-testid=save-item]`, "title", &saveTitle, nil),
		chromedp.Evaluate(`document.querySelector('[data-testid=save-item]').disabled`, &saveDisabled),
	)
	if err != nil {
		t.Fatal(err)
	}
	if strings.TrimSpace(identity) != "DynamoDB-ReadOnly-role @ production" {
		t.Errorf("identity %q", identity)
	}
	if !strings.Contains(items, "1234567890") || !strings.Contains(items, "Test project") {
		t.Errorf("items:\n%s", items)
	}
	if createTitle != "You need dynamodb:PutItem" || saveTitle != "You need dynamodb:PutItem" || !saveDisabled {
		t.Errorf("create %q, save %q disabled %v", createTitle, saveTitle, saveDisabled)
	}
	if !strings.Contains(json, `"ProjectName"`) {
		t.Errorf("item JSON:\n%s", json)
	}
}

// TestBrowserEC2TerminateNeedsMFA: Development's administrator is refused
// EC2-Terminate-role after a password-only sign-in; signed in with MFA, he
// switches and terminates an instance through the Instance state menu.
func TestBrowserEC2TerminateNeedsMFA(t *testing.T) {
	needChromium(t)
	t.Parallel()
	env := webtest.New(t, webtest.Options{ManualClock: true})
	base := env.Server.URL
	pw := env.Password(t, "development", "admin")
	switchTo := chromedp.Tasks{
		chromedp.Navigate(base + "/switchrole?account=production&roleName=EC2-Terminate-role"),
		chromedp.WaitVisible(`[data-testid=switch-submit]`),
		chromedp.Click(`[data-testid=switch-submit]`),
	}
	var reason string
	b1 := newBrowser(t)
	if err := chromedp.Run(b1, signInActions(base, "development", "admin", pw, ""), switchTo,
		chromedp.WaitVisible(`[data-testid=switch-error]`),
		chromedp.TextContent(`[data-testid=switch-reason]`, &reason)); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(reason, "requires MFA") {
		t.Errorf("reason = %q", reason)
	}

	ctx := context.Background()
	root := &iam.Caller{Type: iam.CallerRoot, AccountID: organizations.DemoDevelopmentID, ARN: "arn:aws:iam::111122223333:root", UniqueID: organizations.DemoDevelopmentID}
	dev, err := env.Services.Identity.CreateVirtualMFADevice(ctx, root, "admin", "")
	if err != nil {
		t.Fatal(err)
	}
	seed, _ := base32.StdEncoding.DecodeString(dev.Base32StringSeed)
	step := iam.TOTPStep(env.Clock.Now())
	if err := env.Services.Identity.EnableMFADevice(ctx, root, "admin", dev.SerialNumber, iam.TOTP(seed, step-1), iam.TOTP(seed, step)); err != nil {
		t.Fatal(err)
	}
	env.Clock.Advance(30 * time.Second)
	var identity, stateNow, stateLater, confirm string
	row := `tr[data-testid=ec2-instance]:nth-child(1)`
	b2 := newBrowser(t)
	err = chromedp.Run(b2, signInActions(base, "development", "admin", pw, iam.TOTP(seed, iam.TOTPStep(env.Clock.Now()))), switchTo,
		chromedp.WaitVisible(`[data-testid=flash]`),
		chromedp.Text(`[data-testid=identity]`, &identity),
		chromedp.Navigate(base+"/ec2/instances?state=running"),
		chromedp.WaitVisible(`[data-testid=ec2-instances]`),
		chromedp.Click(row+` input[type=checkbox]`),
		chromedp.Click(`[data-testid=instance-state-menu] summary`),
		chromedp.Click(`[data-testid=state-terminate]`),
		chromedp.WaitVisible(`[data-testid=ec2-confirm-terminate]`),
		chromedp.Text(`[data-testid=ec2-confirm-terminate] ul`, &confirm),
		chromedp.Click(`[data-testid=confirm-terminate]`),
		chromedp.WaitVisible(`[data-testid=flash]`),
		chromedp.Navigate(base+"/ec2/instances?state=shutting-down"),
		chromedp.WaitVisible(`[data-testid=ec2-instances]`),
		chromedp.Text(`[data-testid=ec2-instances] [data-testid=instance-state]`, &stateNow),
		chromedp.ActionFunc(func(context.Context) error { env.Clock.Advance(5 * time.Second); return nil }),
		chromedp.Navigate(base+"/ec2/instances?state=terminated"),
		chromedp.WaitVisible(`[data-testid=ec2-instances]`),
		chromedp.Text(`[data-testid=ec2-instances] [data-testid=instance-state]`, &stateLater),
	)
	if err != nil {
		t.Fatal(err)
	}
	if strings.TrimSpace(identity) != "EC2-Terminate-role @ production" {
		t.Errorf("identity %q", identity)
	}
	if !strings.HasPrefix(strings.TrimSpace(confirm), "i-") || strings.TrimSpace(stateNow) != "shutting-down" || strings.TrimSpace(stateLater) != "terminated" {
		t.Errorf("confirm %q, then %q, then %q", confirm, stateNow, stateLater)
	}
}
