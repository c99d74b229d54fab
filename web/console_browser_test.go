package web_test

import (
	"context"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"iamconsole/iam"
	"iamconsole/web/webtest"
)

// TestBrowserReadOnlyConsole: a user with only IAMReadOnlyAccess sees the
// console's write buttons disabled, each naming the IAM action it lacks,
// and a forged form post (with a valid CSRF token) gets the access-denied
// page with AWS's message.
func TestBrowserReadOnlyConsole(t *testing.T) {
	needChromium(t)
	t.Parallel()
	env := webtest.New(t)
	ctx := context.Background()
	root := &iam.Caller{Type: iam.CallerRoot, AccountID: iam.DemoDevelopmentID, ARN: "arn:aws:iam::" + iam.DemoDevelopmentID + ":root", UniqueID: iam.DemoDevelopmentID}
	const password = "Read-only-auditor-1"
	if _, err := env.Svc.CreateUser(ctx, root, iam.CreateUserInput{UserName: "auditor", Password: password}); err != nil {
		t.Fatal(err)
	}
	if err := env.Svc.AttachPolicy(ctx, root, "user", "auditor", "arn:aws:iam::aws:policy/IAMReadOnlyAccess"); err != nil {
		t.Fatal(err)
	}
	base := env.Server.URL
	bctx := newBrowser(t)
	var createUser, createRole, deleteGroup, users string
	var okUser, okRole, okGroup bool
	err := chromedp.Run(bctx,
		signInActions(base, "development", "auditor", password, ""),
		chromedp.Navigate(base+"/iam/users"),
		chromedp.WaitVisible(`[data-testid=users-table]`),
		chromedp.Text(`[data-testid=users-table]`, &users),
		chromedp.AttributeValue(`button[disabled][title*="iam:CreateUser"]`, "title", &createUser, &okUser),
		chromedp.Navigate(base+"/iam/roles"),
		chromedp.AttributeValue(`button[disabled][title*="iam:CreateRole"]`, "title", &createRole, &okRole),
		chromedp.Navigate(base+"/iam/groups/Developers"),
		chromedp.WaitVisible(`[data-testid=group-name]`),
		chromedp.AttributeValue(`button[disabled][title*="iam:DeleteGroup"]`, "title", &deleteGroup, &okGroup),
	)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(users, "david") {
		t.Errorf("read-only user cannot list users: %q", users)
	}
	for what, got := range map[string]string{"create user": createUser, "create role": createRole, "delete group": deleteGroup} {
		if !strings.HasPrefix(got, "You need iam:") {
			t.Errorf("%s: disabled button title %q", what, got)
		}
	}

	// The forged post: a form built in the page with the page's own CSRF
	// token, as a script injected into the console could.
	var denied string
	err = chromedp.Run(bctx,
		chromedp.Evaluate(`(() => {
			const f = document.createElement('form');
			f.method = 'post'; f.action = '/iam/groups/Developers/delete';
			const i = document.createElement('input');
			i.type = 'hidden'; i.name = 'csrf_token';
			i.value = document.querySelector('meta[name=csrf-token]').content;
			f.appendChild(i); document.body.appendChild(f); f.submit(); return true;
		})()`, nil),
		chromedp.WaitVisible(`[data-testid=access-denied]`),
		chromedp.Text(`[data-testid=access-denied]`, &denied),
	)
	if err != nil {
		t.Fatal(err)
	}
	want := "User: arn:aws:iam::" + iam.DemoDevelopmentID + ":user/auditor is not authorized to perform: iam:DeleteGroup"
	if !strings.Contains(denied, want) {
		t.Errorf("access-denied page: %q, want %q", denied, want)
	}
	if _, err := env.Svc.GetGroup(ctx, root, "Developers"); err != nil {
		t.Errorf("group gone after a denied delete: %v", err)
	}
}
