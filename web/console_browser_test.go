package web_test

import (
	"context"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"iamconsole/iam"
	"iamconsole/iam/identity"
	"iamconsole/iam/organizations"
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
	root := &iam.Caller{Type: iam.CallerRoot, AccountID: organizations.DemoDevelopmentID, ARN: "arn:aws:iam::" + organizations.DemoDevelopmentID + ":root", UniqueID: organizations.DemoDevelopmentID}
	const password = "Read-only-auditor-1"
	if _, err := env.Services.Identity.CreateUser(ctx, root, identity.CreateUserInput{UserName: "auditor", Password: password}); err != nil {
		t.Fatal(err)
	}
	if err := env.Services.Identity.AttachPolicy(ctx, root, "user", "auditor", "arn:aws:iam::aws:policy/IAMReadOnlyAccess"); err != nil {
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
	want := "User: arn:aws:iam::" + organizations.DemoDevelopmentID + ":user/auditor is not authorized to perform: iam:DeleteGroup"
	if !strings.Contains(denied, want) {
		t.Errorf("access-denied page: %q, want %q", denied, want)
	}
	if _, err := env.Services.Identity.GetGroup(ctx, root, "Developers"); err != nil {
		t.Errorf("group gone after a denied delete: %v", err)
	}
}

// TestBrowserAdminJourney: the management account's root user creates a
// member account, a user, a group with a managed policy and the user in it,
// and a cross-account role through the create-role wizard; the trust
// policy editor is a live editor that marks an error where it is.
func TestBrowserAdminJourney(t *testing.T) {
	needChromium(t)
	t.Parallel()
	env := webtest.New(t)
	base := env.Server.URL
	ctx := newBrowser(t)
	var accounts, userARN, groupPolicies, groupMembers string
	err := chromedp.Run(ctx,
		chromedp.Navigate(base+"/signin?as=root"),
		chromedp.WaitVisible(`#si-email`),
		chromedp.SendKeys(`#si-email`, "root@management.example.com"),
		chromedp.SendKeys(`#si-pass`, env.Password(t, "management", "root")),
		chromedp.Submit(`#si-pass`),
		chromedp.WaitVisible(`[data-testid=identity]`),

		// A member account.
		chromedp.Navigate(base+"/organizations/accounts"),
		chromedp.WaitVisible(`[data-testid=account-form]`),
		chromedp.SendKeys(`#name`, "Sandbox"),
		chromedp.SendKeys(`#email`, "sandbox@example.com"),
		chromedp.SendKeys(`#alias`, "sandbox-lab"),
		chromedp.Click(`[data-testid=create-account]`),
		chromedp.WaitVisible(`[data-testid=flash]`),
		chromedp.Text(`[data-testid=accounts-table]`, &accounts),

		// A user with a console password.
		chromedp.Navigate(base+"/iam/users/new"),
		chromedp.WaitVisible(`[data-testid=user-form]`),
		chromedp.SendKeys(`#user_name`, "carol"),
		chromedp.Click(`input[name=console_access]`),
		chromedp.Click(`[data-testid=custom-password]`),
		chromedp.SendKeys(`#password`, "Carol-passw0rd-1"),
		chromedp.Submit(`#user_name`),
		chromedp.WaitVisible(`[data-testid=retrieve-password]`),
		chromedp.Click(`[data-testid=view-user]`),
		chromedp.WaitVisible(`[data-testid=user-arn]`),
		chromedp.Text(`[data-testid=user-arn]`, &userARN),

		// A group with carol in it and IAMReadOnlyAccess attached.
		chromedp.Navigate(base+"/iam/groups"),
		chromedp.WaitVisible(`[data-testid=group-form]`),
		chromedp.SendKeys(`#group_name`, "Auditors"),
		chromedp.Click(`[data-testid=create-group]`),
		chromedp.WaitVisible(`[data-testid=group-name]`),
		chromedp.Click(`input[name=user][value=carol]`),
		chromedp.Click(`[data-testid=add-member]`),
		chromedp.WaitVisible(`[data-testid=member-row]`),
		chromedp.Click(`[data-testid=add-permissions]`),
		chromedp.WaitVisible(`[data-testid=attach-policies]`),
		chromedp.Click(`input[name=policy_arn][value="arn:aws:iam::aws:policy/IAMReadOnlyAccess"]`),
		chromedp.Click(`[data-testid=attach-submit]`),
		chromedp.WaitVisible(`[data-testid=attached-row]`),
		chromedp.Text(`[data-testid=attached-policies]`, &groupPolicies),
		chromedp.Text(`[data-testid=group-users]`, &groupMembers),
	)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(accounts, "Sandbox") {
		t.Errorf("accounts list lacks the new account:\n%s", accounts)
	}
	if userARN != "arn:aws:iam::"+organizations.DemoManagementID+":user/carol" {
		t.Errorf("user ARN %q", userARN)
	}
	if !strings.Contains(groupPolicies, "IAMReadOnlyAccess") || !strings.Contains(groupMembers, "carol") {
		t.Errorf("group: policies %q members %q", groupPolicies, groupMembers)
	}

	// The wizard: another account (Development) may assume it with MFA;
	// ReadOnlyAccess attached; then the trust tab's editor.
	var roleName, switchLink, trust, attached string
	var diagnostics int
	err = chromedp.Run(ctx,
		chromedp.Navigate(base+"/iam/roles/new"),
		chromedp.WaitVisible(`[data-testid=role-wizard]`),
		chromedp.Click(`input[name=trusted_entity][value=account]`),
		// Only the chosen entity type's section shows, with no script.
		chromedp.WaitNotVisible(`[data-testid=entity-service]`),
		chromedp.WaitNotVisible(`[data-testid=entity-custom]`),
		chromedp.Click(`input[name=account_choice][value=other]`),
		chromedp.SendKeys(`#account_id`, organizations.DemoDevelopmentID),
		chromedp.Click(`input[name=require_mfa]`),
		chromedp.Click(`[data-testid=wizard-next]`),
		chromedp.WaitVisible(`[data-testid=permissions-policies]`),
		chromedp.SendKeys(`#policy_search`, "ReadOnlyAccess"),
		chromedp.Click(`input[name=policy_arn][value="arn:aws:iam::aws:policy/ReadOnlyAccess"]`),
		chromedp.Click(`[data-testid=wizard-next]`),
		chromedp.WaitVisible(`#role_name`),
		chromedp.SendKeys(`#role_name`, "Auditor"),
		chromedp.Click(`[data-testid=create-role-submit]`),
		chromedp.WaitVisible(`[data-testid=role-name]`),
		chromedp.Text(`[data-testid=role-name]`, &roleName),
		chromedp.Value(`[data-testid=switch-link]`, &switchLink),
		chromedp.Text(`[data-testid=attached-policies]`, &attached),
		chromedp.Navigate(base+"/iam/roles/Auditor?tab=trust"),
		chromedp.WaitVisible(`[data-testid=trust] .cm-editor`),
		chromedp.Value(`[data-testid=trust-document]`, &trust),
		// Break the document in the live editor: a diagnostic appears.
		chromedp.Click(`[data-testid=trust] .cm-content`),
		chromedp.KeyEvent("\"broken"),
		chromedp.WaitVisible(`[data-testid=trust] .cm-lintRange-error`),
		chromedp.Evaluate(`document.querySelectorAll('[data-testid=trust] .cm-lintRange-error').length`, &diagnostics),
	)
	if err != nil {
		t.Fatal(err)
	}
	if roleName != "Auditor" || !strings.Contains(attached, "ReadOnlyAccess") {
		t.Errorf("role %q attached %q", roleName, attached)
	}
	// The link names the account by its alias, as AWS's does.
	if !strings.Contains(switchLink, "/switchrole?") || !strings.Contains(switchLink, "roleName=Auditor") || !strings.Contains(switchLink, "account=management") {
		t.Errorf("switch link %q", switchLink)
	}
	for _, want := range []string{`"AWS": "arn:aws:iam::` + organizations.DemoDevelopmentID + `:root"`, `"aws:MultiFactorAuthPresent": "true"`} {
		if !strings.Contains(trust, want) {
			t.Errorf("trust policy lacks %s:\n%s", want, trust)
		}
	}
	if diagnostics == 0 {
		t.Error("the editor marks no error in a broken document")
	}
}
