package console_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"iamconsole/iam/identity"
	"iamconsole/web/webtest"
)

// TestUserTabsNeedTheirListActions: a viewer who may read users (GetUser,
// ListUsers) but not their credentials or groups sees none of another
// user's access key IDs, MFA devices, group memberships or console access
// on the user page, but the refusal, as the API refuses ListAccessKeys,
// ListMFADevices, ListGroupsForUser and GetLoginProfile; with those
// actions allowed, the same tabs show them.
func TestUserTabsNeedTheirListActions(t *testing.T) {
	t.Parallel()
	env := webtest.New(t)
	ctx := context.Background()
	id := env.Services.Identity
	// target has a group, an access key and a console password.
	if _, err := id.CreateUser(ctx, prodRoot, identity.CreateUserInput{UserName: "target", Password: "Target-pass-1234"}); err != nil {
		t.Fatal(err)
	}
	if _, err := id.CreateGroup(ctx, prodRoot, "Operators", ""); err != nil {
		t.Fatal(err)
	}
	if err := id.AddUserToGroup(ctx, prodRoot, "Operators", "target"); err != nil {
		t.Fatal(err)
	}
	key, _, err := id.CreateAccessKey(ctx, prodRoot, "target")
	if err != nil {
		t.Fatal(err)
	}
	keyID := key.AccessKeyID

	const pw = "Viewer-pass-1234"
	if _, err := id.CreateUser(ctx, prodRoot, identity.CreateUserInput{UserName: "viewer", Password: pw}); err != nil {
		t.Fatal(err)
	}
	if err := id.PutInlinePolicy(ctx, prodRoot, "user", "viewer", "users-only",
		`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["iam:GetUser","iam:ListUsers"],"Resource":"*"}]}`); err != nil {
		t.Fatal(err)
	}
	viewer := env.NewClient()
	if res, body := viewer.Post(t, "/signin", url.Values{"account": {"production"}, "username": {"viewer"}, "password": {pw}}, "/signin"); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("sign-in: %d\n%s", res.StatusCode, body)
	}
	for tab, want := range map[string][]string{
		"security_credentials": {"iam:ListAccessKeys", "iam:ListMFADevices", "iam:GetLoginProfile"},
		"groups":               {"iam:ListGroupsForUser"},
	} {
		res, body := viewer.Get(t, "/iam/users/target?tab="+tab)
		mustStatus(t, tab, res, body, http.StatusOK, `data-testid="tab-denied"`)
		for _, w := range want {
			if !strings.Contains(body, "is not authorized to perform: "+w) {
				t.Errorf("%s tab: no refusal naming %s", tab, w)
			}
		}
		for _, leak := range []string{keyID, ">Operators<", "Enabled"} {
			if strings.Contains(body, leak) {
				t.Errorf("%s tab shows %q to a viewer without the List actions", tab, leak)
			}
		}
	}
	// Granted the List actions, the viewer sees them.
	if err := id.PutInlinePolicy(ctx, prodRoot, "user", "viewer", "lists",
		`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["iam:ListAccessKeys","iam:ListMFADevices","iam:ListGroupsForUser","iam:GetLoginProfile"],"Resource":"*"}]}`); err != nil {
		t.Fatal(err)
	}
	res, body := viewer.Get(t, "/iam/users/target?tab=security_credentials")
	mustStatus(t, "granted", res, body, http.StatusOK, keyID)
	res, body = viewer.Get(t, "/iam/users/target?tab=groups")
	mustStatus(t, "granted groups", res, body, http.StatusOK, ">Operators<")
	if strings.Contains(body, `data-testid="tab-denied"`) {
		t.Error("a refusal shown to a viewer who may list")
	}
}

// TestConsolePasswordsUpTo128Characters: the create-user form and the
// set-password form take passwords of IAM's longest, 128 characters of
// Latin-1 (256 bytes), and the user signs in with them; 129 characters
// get IAM's message next to the field, never a 500.
func TestConsolePasswordsUpTo128Characters(t *testing.T) {
	t.Parallel()
	env := webtest.New(t)
	admin := env.SignIn(t, "production", "admin")
	long := strings.Repeat("ÿé9!", 32) // 128 characters, 256 bytes
	mustPost(t, admin, "/iam/users", url.Values{"user_name": {"longpw"}, "console_access": {"on"}, "password": {long}}, http.StatusSeeOther)
	signIn := func(pw string) int {
		res, _ := env.NewClient().Post(t, "/signin", url.Values{"account": {"production"}, "username": {"longpw"}, "password": {pw}}, "/signin")
		return res.StatusCode
	}
	if got := signIn(long); got != http.StatusSeeOther {
		t.Fatalf("sign-in with the 128-character password = %d", got)
	}
	if got := signIn(long[:len(long)-1] + "?"); got == http.StatusSeeOther {
		t.Fatal("a password differing in its last character signs in")
	}
	other := strings.Repeat("Ab1-", 32)
	mustPost(t, admin, "/iam/users/longpw/login_profile", url.Values{"password": {other}}, http.StatusSeeOther)
	if got := signIn(other); got != http.StatusSeeOther {
		t.Fatalf("sign-in with the new 128-character password = %d", got)
	}
	body := mustPost(t, admin, "/iam/users/longpw/login_profile", url.Values{"password": {other + "x"}}, http.StatusUnprocessableEntity)
	if !strings.Contains(body, "Member must have length less than or equal to 128") {
		t.Error("129 characters: no message next to the field")
	}
}
