package console_test

import (
	"context"
	"encoding/base32"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"iamconsole/iam"
	"iamconsole/iam/organizations"
	"iamconsole/web/webtest"
)

// ownKeysPolicy is the access-key part of AWS's documented self-service
// policy ("AllowManageOwnAccessKeys"), with the MFA device part
// ("AllowManageOwnVirtualMFADevice", "AllowManageOwnUserMFA").
const ownKeysPolicy = `{
  "Version": "2012-10-17",
  "Statement": [
    {"Sid": "AllowViewAccountInfo", "Effect": "Allow", "Action": ["iam:GetAccountPasswordPolicy", "iam:ListVirtualMFADevices"], "Resource": "*"},
    {"Sid": "AllowManageOwnPasswords", "Effect": "Allow", "Action": ["iam:ChangePassword", "iam:GetUser"], "Resource": "arn:aws:iam::*:user/${aws:username}"},
    {"Sid": "AllowManageOwnAccessKeys", "Effect": "Allow",
     "Action": ["iam:CreateAccessKey", "iam:DeleteAccessKey", "iam:ListAccessKeys", "iam:UpdateAccessKey", "iam:GetAccessKeyLastUsed"],
     "Resource": "arn:aws:iam::*:user/${aws:username}"},
    {"Sid": "AllowManageOwnVirtualMFADevice", "Effect": "Allow", "Action": ["iam:CreateVirtualMFADevice", "iam:DeleteVirtualMFADevice"], "Resource": "arn:aws:iam::*:mfa/${aws:username}"},
    {"Sid": "AllowManageOwnUserMFA", "Effect": "Allow",
     "Action": ["iam:DeactivateMFADevice", "iam:EnableMFADevice", "iam:ListMFADevices", "iam:ResyncMFADevice"],
     "Resource": "arn:aws:iam::*:user/${aws:username}"}
  ]
}`

// TestMySecurityCredentials: a user with AWS's self-service policy manages
// its own access keys and MFA device from My security credentials, and no
// one else's; one without it sees the buttons disabled.
func TestMySecurityCredentials(t *testing.T) {
	t.Parallel()
	env := webtest.New(t)
	ctx := context.Background()
	root := &iam.Caller{Type: iam.CallerRoot, AccountID: organizations.DemoDevelopmentID, ARN: "arn:aws:iam::" + organizations.DemoDevelopmentID + ":root", UniqueID: organizations.DemoDevelopmentID}
	if err := env.Services.Identity.PutInlinePolicy(ctx, root, "user", "theresa", "manage-own-credentials", ownKeysPolicy); err != nil {
		t.Fatal(err)
	}
	theresa := env.SignIn(t, "development", "theresa")
	david := env.SignIn(t, "development", "david")

	// The identity menu links here.
	res, body := theresa.Get(t, "/iam/security_credentials")
	if res.StatusCode != http.StatusOK || !strings.Contains(body, `href="/iam/security_credentials" data-testid="my-credentials"`) ||
		!strings.Contains(body, `action="/iam/security_credentials/access_keys"`) || !strings.Contains(body, `action="/iam/security_credentials/mfa"`) {
		t.Fatalf("my credentials: %d\n%s", res.StatusCode, body)
	}
	// david (ReadOnlyAccess): he may see, not change.
	_, body = david.Get(t, "/iam/security_credentials")
	for _, want := range []string{`title="You need iam:CreateAccessKey"`, `title="You need iam:CreateVirtualMFADevice"`} {
		if !strings.Contains(body, want) {
			t.Errorf("read-only user's page lacks %s", want)
		}
	}

	// A key, shown once after the redirect.
	res, _ = theresa.Post(t, "/iam/security_credentials/access_keys", nil, "/iam/security_credentials")
	if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/iam/security_credentials#access-keys" {
		t.Fatalf("create own key: %d %s", res.StatusCode, res.Header.Get("Location"))
	}
	_, body = theresa.Get(t, "/iam/security_credentials")
	key := regexp.MustCompile(`data-testid="new-key-id" data-value="(AKIA[A-Z2-7]{16})"`).FindStringSubmatch(body)
	if key == nil || !strings.Contains(body, `data-testid="new-key-secret"`) {
		t.Fatalf("no new key shown:\n%s", body)
	}
	if _, body = theresa.Get(t, "/iam/security_credentials"); strings.Contains(body, `data-testid="new-key-secret"`) {
		t.Fatal("the secret is shown again")
	}
	res, _ = theresa.Post(t, "/iam/security_credentials/access_keys/"+key[1]+"/status", url.Values{"status": {"Inactive"}}, "/iam/security_credentials")
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("deactivate own key: %d", res.StatusCode)
	}
	res, _ = theresa.Post(t, "/iam/security_credentials/access_keys/"+key[1]+"/delete", url.Values{"confirm": {key[1]}}, "/iam/security_credentials")
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("delete own key: %d", res.StatusCode)
	}
	// Her policy is about her user only.
	res, _ = theresa.Post(t, "/iam/users/david/access_keys", nil, "/iam/security_credentials")
	if res.StatusCode != http.StatusForbidden {
		t.Fatalf("key for another user: %d", res.StatusCode)
	}

	// Her MFA device, named after her as the policy wants; an abandoned
	// set-up is listed and removed, freeing the name.
	res, _ = theresa.Post(t, "/iam/security_credentials/mfa", url.Values{"device_name": {"theresa"}}, "/iam/security_credentials")
	setup := res.Header.Get("Location")
	if res.StatusCode != http.StatusSeeOther || !strings.HasPrefix(setup, "/iam/security_credentials/mfa/setup?t=") {
		t.Fatalf("own device: %d %s", res.StatusCode, setup)
	}
	_, body = theresa.Get(t, "/iam/security_credentials")
	if !strings.Contains(body, `data-testid="pending-row"`) || !strings.Contains(body, `action="/iam/security_credentials/mfa/pending/delete"`) {
		t.Fatalf("the unfinished set-up is not listed with its Remove:\n%s", body)
	}
	res, _ = theresa.Post(t, "/iam/security_credentials/mfa/pending/delete", url.Values{"serial": {"arn:aws:iam::111122223333:mfa/theresa"}, "confirm": {"yes"}}, "/iam/security_credentials")
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("remove the unfinished set-up: %d", res.StatusCode)
	}
	res, _ = theresa.Get(t, setup)
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("the removed set-up's page: %d", res.StatusCode)
	}
	res, _ = theresa.Post(t, "/iam/security_credentials/mfa", url.Values{"device_name": {"theresa"}}, "/iam/security_credentials")
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("the name again, after the removal: %d", res.StatusCode)
	}
	setup = res.Header.Get("Location")
	_, body = theresa.Get(t, setup)
	ticket := regexp.MustCompile(`name="ticket" value="([^"]+)"`).FindStringSubmatch(body)
	seedText := regexp.MustCompile(`data-testid="mfa-secret" data-value="([A-Z2-7=]+)"`).FindStringSubmatch(body)
	if ticket == nil || seedText == nil {
		t.Fatalf("set-up page:\n%s", body)
	}
	seed := decodeSeed(t, seedText[1])
	n := iam.TOTPStep(env.Svc.Now())
	res, _ = theresa.Post(t, "/iam/security_credentials/mfa/enable", url.Values{"serial": {"arn:aws:iam::111122223333:mfa/theresa"}, "ticket": {ticket[1]},
		"code1": {iam.TOTP(seed, n-1)}, "code2": {iam.TOTP(seed, n)}}, "/iam/security_credentials")
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("enable own device: %d", res.StatusCode)
	}
	_, body = theresa.Get(t, "/iam/security_credentials")
	if !strings.Contains(body, `data-testid="mfa-row"`) || !strings.Contains(body, "Sign out and sign in again with it") {
		t.Fatalf("own device not listed:\n%s", body)
	}

	// The root user has no IAM credentials to manage here.
	root2 := env.SignIn(t, "development", "root")
	if _, body := root2.Get(t, "/iam/security_credentials"); !strings.Contains(body, "The root user and role sessions have none to manage") {
		t.Errorf("root's page:\n%s", body)
	}
	if res, _ := root2.Post(t, "/iam/security_credentials/access_keys", nil, "/iam/security_credentials"); res.StatusCode != http.StatusBadRequest {
		t.Errorf("root creating a key here: %d", res.StatusCode)
	}
}

// decodeSeed reads a base32 secret key as an authenticator app does.
func decodeSeed(t *testing.T, s string) []byte {
	t.Helper()
	b, err := base32.StdEncoding.DecodeString(s)
	if err != nil {
		t.Fatal(err)
	}
	return b
}
