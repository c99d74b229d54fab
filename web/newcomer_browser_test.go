package web_test

import (
	"context"
	"encoding/base32"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/input"
	"github.com/chromedp/chromedp"

	"iamconsole/iam"
	"iamconsole/iam/organizations"
	"iamconsole/web/webtest"
)

// slowBrowser is newBrowser with more time, for the longer journeys, on a
// desktop's window (Chromium's default, 800 px, gets the narrow layout).
func slowBrowser(t *testing.T, d time.Duration) context.Context {
	t.Helper()
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(chromiumPath), chromedp.NoSandbox, chromedp.DisableGPU, chromedp.Headless,
		chromedp.Flag("disable-background-networking", true), chromedp.Flag("disable-component-update", true),
		chromedp.Flag("no-first-run", true), chromedp.UserDataDir(profileDir(t)), chromedp.WindowSize(1400, 900))
	actx, cancel := chromedp.NewExecAllocator(context.Background(), opts...)
	t.Cleanup(cancel)
	ctx, cancel2 := chromedp.NewContext(actx)
	t.Cleanup(cancel2)
	ctx, cancel3 := context.WithTimeout(ctx, d)
	t.Cleanup(cancel3)
	return ctx
}

// copyButtonsScript lists the copyable values (ARNs, key IDs, sign-in
// URLs) of the page that have no visible copy button beside them.
const copyButtonsScript = `Array.from(document.querySelectorAll(".wrap-sep[data-value]")).filter((el) => {
  if (!el.checkVisibility()) return false;
  const b = el.nextElementSibling;
  return !(b && b.matches("button.btn-copy[data-copy-target='" + el.id + "']") && b.checkVisibility() && !b.hidden);
}).map((el) => el.getAttribute("data-value"))`

// lineBreaksScript returns, for the element sel names, the number of lines
// its text takes on screen and the breaks that are not right after a
// separator (":", "/", or a URL's "?", "&", "=").
func lineBreaksScript(sel string) string {
	return `(() => {
  const el = document.querySelector(` + "`" + sel + "`" + `);
  let full = "", top = null;
  const breaks = [];
  const walk = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
  while (walk.nextNode()) {
    const n = walk.currentNode;
    for (let i = 0; i < n.length; i++) {
      const r = document.createRange();
      r.setStart(n, i); r.setEnd(n, i + 1);
      const rect = r.getBoundingClientRect();
      if (top !== null && rect.top > top + 2) breaks.push(full.length);
      top = rect.top;
      full += n.nodeValue[i];
    }
  }
  return {lines: breaks.length + 1, bad: breaks.filter((b) => !":/?&=".includes(full[b - 1])).map((b) => full.slice(0, b) + " | " + full.slice(b))};
})()`
}

// TestBrowserNewcomerLands: a link shared while signed out comes back
// after the sign-in; the top bar's IAM opens the dashboard; every page of
// the walk is readable (AA contrast), fits 1400, 800 and 390 px screens
// with its navigation reachable (screenshots in the test's directory),
// shows one date format, and offers a copy button beside every ARN, key
// ID and sign-in URL, which wrap only at their separators.
func TestBrowserNewcomerLands(t *testing.T) {
	needChromium(t)
	t.Parallel()
	env := webtest.New(t)
	base := env.Server.URL
	ctx := slowBrowser(t, 4*time.Minute)
	shots := t.TempDir()
	deep := "/iam/roles/OrganizationAccountAccessRole?tab=trust"
	var landed, counts, recs string
	err := chromedp.Run(ctx,
		chromedp.Navigate(base+deep),
		chromedp.WaitVisible(`input[name=account]`),
		chromedp.SetValue(`input[name=account]`, "development"),
		chromedp.SendKeys(`input[name=username]`, "admin"),
		chromedp.SendKeys(`input[name=password]`, env.Password(t, "development", "admin")),
		chromedp.Submit(`input[name=password]`),
		chromedp.WaitVisible(`[data-testid=trust]`),
		chromedp.Location(&landed),
		chromedp.Click(`.topnav-links a[href="/iam"]`),
		chromedp.WaitVisible(`[data-testid=recommendations]`),
		chromedp.Text(`[data-testid=count-users]`, &counts),
		chromedp.Text(`[data-testid=recommendations]`, &recs),
	)
	if err != nil {
		t.Fatal(err)
	}
	if landed != base+deep {
		t.Errorf("after sign-in at %s, want %s", landed, base+deep)
	}
	if counts != "3" {
		t.Errorf("users counted: %q", counts)
	}
	if !strings.Contains(recs, "Add MFA for root user") || !strings.Contains(recs, "Add MFA for 3 IAM users") {
		t.Errorf("recommendations: %q", recs)
	}
	pages := []struct{ name, path string }{
		{"dashboard", "/iam"},
		{"home", "/"},
		{"users", "/iam/users"},
		{"user", "/iam/users/david?tab=security_credentials"},
		{"group", "/iam/groups/Developers"},
		{"roles", "/iam/roles"},
		{"role", "/iam/roles/OrganizationAccountAccessRole"},
		{"role-wizard", "/iam/roles/new"},
		{"policies", "/iam/policies"},
		{"policy", "/iam/policies/arn:aws:iam::aws:policy%2FReadOnlyAccess"},
		{"create-user", "/iam/users/new"},
		{"account", "/iam/account"},
		{"accounts", "/organizations/accounts"},
		{"switch-role", "/switchrole?account=production&roleName=UpdateAPP"},
		{"trail", "/trail"},
		{"not-found", "/iam/nothing/here"},
	}
	for _, p := range pages {
		checkLayout(t, ctx, shots, p.name, base+p.path)
		var missing []string
		var crumbs bool
		if err := chromedp.Run(ctx, chromedp.Evaluate(copyButtonsScript, &missing), chromedp.Evaluate(visible("[data-testid=breadcrumbs]"), &crumbs)); err != nil {
			t.Fatal(err)
		}
		if len(missing) > 0 {
			t.Errorf("%s: no copy button beside %v", p.name, missing)
		}
		if !crumbs {
			t.Errorf("%s: no breadcrumbs", p.name)
		}
	}

	// One date format, AWS's, with its time zone.
	var dates []string
	if err := chromedp.Run(ctx, chromedp.Navigate(base+"/iam/users"), chromedp.WaitVisible(`[data-testid=users-table]`),
		chromedp.Evaluate(`Array.from(document.querySelectorAll("[data-testid=user-row] td:last-child")).map((td) => td.textContent)`, &dates)); err != nil {
		t.Fatal(err)
	}
	for _, d := range dates {
		if _, err := time.Parse("January 2, 2006, 15:04 (UTC)", d); err != nil {
			t.Errorf("creation time %q is not in the console's format", d)
		}
	}

	// A long ARN on a phone: several lines, broken only after separators;
	// its copy button copies it whole.
	var wrap struct {
		Lines int      `json:"lines"`
		Bad   []string `json:"bad"`
	}
	var copied bool
	err = chromedp.Run(ctx,
		chromedp.EmulateViewport(360, 800),
		chromedp.Navigate(base+"/iam/roles/OrganizationAccountAccessRole"),
		chromedp.WaitVisible(`[data-testid=role-arn]`),
		chromedp.Evaluate(lineBreaksScript("[data-testid=role-arn]"), &wrap),
		chromedp.Click(`button[data-copy-target=role-arn]`),
		chromedp.Poll(`document.querySelector("button[data-copy-target=role-arn]").classList.contains("copied")`, &copied, chromedp.WithPollingTimeout(5*time.Second)),
		chromedp.EmulateViewport(1400, 900),
	)
	if err != nil {
		t.Fatal(err)
	}
	if wrap.Lines < 2 || len(wrap.Bad) > 0 {
		t.Errorf("role ARN at 360 px: %d lines, breaks inside a segment: %v", wrap.Lines, wrap.Bad)
	}
	if !copied {
		t.Error("the copy button does not say it copied")
	}

	// The refusal explanation on its red banner is readable (theresa).
	b2 := newBrowser(t)
	var why string
	err = chromedp.Run(b2,
		signInActions(base, "development", "theresa", env.Password(t, "development", "theresa"), ""),
		chromedp.Navigate(base+"/switchrole?account=production&roleName=UpdateAPP"),
		chromedp.WaitVisible(`[data-testid=switch-submit]`),
		chromedp.Click(`[data-testid=switch-submit]`),
		chromedp.WaitVisible(`[data-testid=switch-error]`),
		chromedp.Click(`[data-testid=switch-error] summary`),
		chromedp.WaitVisible(`[data-testid=switch-reason]`),
		chromedp.Text(`[data-testid=switch-error]`, &why),
	)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(why, "Explicit deny in") {
		t.Errorf("refusal: %q", why)
	}
	checkContrast(t, b2, "switch-role refusal")
}

// TestBrowserNewUserKeysAndMFA: a new user gets AWS's "Retrieve password"
// step, then an access key whose secret is shown once (a reload neither
// shows it again nor makes a second key) and an MFA device set up from
// its secret key typed into an authenticator, as "Show secret key" offers.
func TestBrowserNewUserKeysAndMFA(t *testing.T) {
	needChromium(t)
	t.Parallel()
	env := webtest.New(t)
	base := env.Server.URL
	ctx := slowBrowser(t, 3*time.Minute)
	var password, csv, gone string
	err := chromedp.Run(ctx,
		signInActions(base, "development", "admin", env.Password(t, "development", "admin"), ""),
		chromedp.Navigate(base+"/iam/users/new"),
		chromedp.WaitVisible(`[data-testid=user-form]`),
		chromedp.SendKeys(`#user_name`, "erin"),
		chromedp.Click(`[data-testid=console-access]`),
		chromedp.Click(`input[name=group][value=Developers]`),
		chromedp.Click(`[data-testid=create-user-submit]`),
		chromedp.WaitVisible(`[data-testid=retrieve-password]`),
		chromedp.Click(`[data-testid=show-password] summary`),
		chromedp.WaitVisible(`[data-testid=new-user-password]`),
		chromedp.AttributeValue(`[data-testid=new-user-password]`, "data-value", &password, nil),
		chromedp.AttributeValue(`[data-testid=download-password-csv]`, "href", &csv, nil),
	)
	if err != nil {
		t.Fatal(err)
	}
	checkContrast(t, ctx, "retrieve password")
	if len(password) < 12 || !strings.Contains(csv, "erin") {
		t.Fatalf("password %q csv %q", password, csv)
	}
	err = chromedp.Run(ctx, chromedp.Reload(), chromedp.WaitVisible(`[data-testid=password-gone]`), chromedp.Text(`[data-testid=retrieve-password]`, &gone))
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(gone, password) {
		t.Fatal("the password is shown again after a reload")
	}

	// An access key: the secret once, then gone; one key however often the
	// page is reloaded.
	var secret string
	var keys, secrets int
	err = chromedp.Run(ctx,
		chromedp.Navigate(base+"/iam/users/erin?tab=security_credentials"),
		chromedp.Click(`[data-testid=create-key]`),
		chromedp.WaitVisible(`[data-testid=new-key-secret]`),
		chromedp.AttributeValue(`[data-testid=new-key-secret]`, "data-value", &secret, nil),
		chromedp.Reload(),
		chromedp.WaitVisible(`[data-testid=key-row]`),
		chromedp.Evaluate(`document.querySelectorAll("[data-testid=key-row]").length`, &keys),
		chromedp.Evaluate(`document.querySelectorAll("[data-testid=new-key-secret]").length`, &secrets),
	)
	if err != nil {
		t.Fatal(err)
	}
	if len(secret) != 40 || keys != 1 || secrets != 0 {
		t.Fatalf("secret %d chars, %d keys and %d secrets after a reload", len(secret), keys, secrets)
	}

	// MFA: the set-up page shows the key as text; typed into an
	// authenticator (here, the TOTP of the test) it gives the two codes.
	var seedText, setupURL string
	var pendingAfterReload int
	err = chromedp.Run(ctx,
		chromedp.SendKeys(`#device_name`, "erin-phone"),
		chromedp.Click(`[data-testid=assign-mfa]`),
		chromedp.WaitVisible(`[data-testid=mfa-qr]`),
		chromedp.Location(&setupURL),
		chromedp.Reload(),
		chromedp.WaitVisible(`[data-testid=mfa-qr]`),
		chromedp.Click(`[data-testid=show-secret] summary`),
		chromedp.WaitVisible(`[data-testid=mfa-secret]`),
		chromedp.AttributeValue(`[data-testid=mfa-secret]`, "data-value", &seedText, nil),
	)
	if err != nil {
		t.Fatal(err)
	}
	checkContrast(t, ctx, "MFA set-up")
	seed, err := base32.StdEncoding.DecodeString(seedText)
	if err != nil {
		t.Fatalf("the secret key %q is not base32: %v", seedText, err)
	}
	n := iam.TOTPStep(time.Now())
	var devices string
	err = chromedp.Run(ctx,
		chromedp.SendKeys(`#code1`, iam.TOTP(seed, n-1)),
		chromedp.SendKeys(`#code2`, iam.TOTP(seed, n)),
		chromedp.Click(`[data-testid=add-mfa]`),
		chromedp.WaitVisible(`[data-testid=mfa-row]`),
		chromedp.Text(`[data-testid=mfa]`, &devices),
		chromedp.Evaluate(`document.querySelectorAll("[data-testid=pending-row]").length`, &pendingAfterReload),
	)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(devices, "arn:aws:iam::111122223333:mfa/erin-phone") || pendingAfterReload != 0 {
		t.Errorf("devices %q, %d unfinished set-ups (the reload made one?)", devices, pendingAfterReload)
	}
	// The finished set-up's page is gone.
	var at string
	if err := chromedp.Run(ctx, chromedp.Navigate(setupURL), chromedp.WaitVisible(`[data-testid=flash]`), chromedp.Location(&at)); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(at, "/setup") {
		t.Errorf("the set-up page still opens: %s", at)
	}
}

// TestBrowserConfirmAndEdit: deletes ask for the typed name, with the
// script and without it; the policy editor's summary waits for a valid
// document and its error count jumps to the first error; the console's
// own controls (filters, version compare) are styled.
func TestBrowserConfirmAndEdit(t *testing.T) {
	needChromium(t)
	t.Parallel()
	env := webtest.New(t)
	base := env.Server.URL
	ctx := slowBrowser(t, 3*time.Minute)
	var stillThere, gone int
	err := chromedp.Run(ctx,
		signInActions(base, "development", "admin", env.Password(t, "development", "admin"), ""),
		chromedp.Navigate(base+"/iam/groups"),
		chromedp.SendKeys(`#group_name`, "Temp"),
		chromedp.Click(`[data-testid=create-group]`),
		chromedp.WaitVisible(`[data-testid=group-name]`),
		chromedp.Click(`[data-testid=delete-group]`),
		chromedp.WaitVisible(`[data-testid=delete-group-confirm]`),
		// Nothing typed, then the wrong name: the browser keeps the form.
		chromedp.Click(`[data-testid=delete-group-confirm]`),
		chromedp.SendKeys(`[data-testid=delete-group-panel] [data-testid=confirm-input]`, "temp"),
		chromedp.Click(`[data-testid=delete-group-confirm]`),
		chromedp.Sleep(300*time.Millisecond),
		chromedp.Evaluate(`document.querySelectorAll("[data-testid=group-name]").length`, &stillThere),
		chromedp.Evaluate(`document.querySelector("[data-testid=delete-group-panel] [data-testid=confirm-input]").value = ""`, nil),
		chromedp.SendKeys(`[data-testid=delete-group-panel] [data-testid=confirm-input]`, "Temp"),
		chromedp.Click(`[data-testid=delete-group-confirm]`),
		chromedp.WaitVisible(`[data-testid=groups-table]`),
		chromedp.Evaluate(`Array.from(document.querySelectorAll("[data-testid=group-row]")).filter((r) => r.textContent.includes("Temp")).length`, &gone),
	)
	if err != nil {
		t.Fatal(err)
	}
	if stillThere != 1 || gone != 0 {
		t.Fatalf("with script: page kept %d, rows left %d", stillThere, gone)
	}

	// Without JavaScript the same panel works (a <details>, a pattern).
	err = chromedp.Run(ctx,
		chromedp.Navigate(base+"/iam/groups"),
		chromedp.SendKeys(`#group_name`, "Temp2"),
		chromedp.Click(`[data-testid=create-group]`),
		chromedp.WaitVisible(`[data-testid=group-name]`),
		noScript(true),
		chromedp.Reload(),
		chromedp.WaitVisible(`[data-testid=delete-group]`),
		chromedp.Click(`[data-testid=delete-group]`),
		chromedp.WaitVisible(`[data-testid=delete-group-panel] [data-testid=confirm-input]`),
		chromedp.SendKeys(`[data-testid=delete-group-panel] [data-testid=confirm-input]`, "Temp2"),
		chromedp.Click(`[data-testid=delete-group-confirm]`),
		chromedp.WaitVisible(`[data-testid=groups-table]`),
		noScript(false),
		chromedp.Evaluate(`Array.from(document.querySelectorAll("[data-testid=group-row]")).filter((r) => r.textContent.includes("Temp2")).length`, &gone),
	)
	if err != nil {
		t.Fatal(err)
	}
	if gone != 0 {
		t.Fatal("without script: the group was not deleted")
	}

	// The editor: "Alow" is an error, so no summary; the count jumps to it.
	var summary, count, selected string
	var focused bool
	err = chromedp.Run(ctx,
		chromedp.Navigate(base+"/iam/policies/new"),
		chromedp.WaitVisible(`.cm-editor`),
		replaceDocument(`{"Version": "2012-10-17", "Statement": [{"Effect": "Alow", "Action": "s3:GetObject", "Resource": "*"}]}`),
		chromedp.WaitVisible(`[data-testid=editor-error-count]`),
		chromedp.WaitVisible(`#policy-summary [data-testid=no-summary]`),
		chromedp.Text(`#policy-summary`, &summary),
		chromedp.Text(`[data-testid=editor-error-count]`, &count),
		chromedp.Evaluate(`document.querySelector(".cm-content").blur(); true`, nil),
		chromedp.Click(`[data-testid=editor-error-count]`),
		chromedp.Evaluate(`window.getSelection().toString()`, &selected),
		chromedp.Evaluate(`document.activeElement.classList.contains("cm-content")`, &focused),
	)
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(summary, "Allow") || !strings.Contains(count, "1 error") {
		t.Errorf("summary %q, count %q", summary, count)
	}
	if !strings.Contains(selected, "Alow") || !focused {
		t.Errorf("the count jumped to %q (editor focused: %v)", selected, focused)
	}
	checkContrast(t, ctx, "policy editor with an error")
	// Fixed, the summary comes back.
	err = chromedp.Run(ctx,
		replaceDocument(`{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}]}`),
		chromedp.WaitNotPresent(`#policy-summary [data-testid=no-summary]`),
		chromedp.Text(`#policy-summary`, &summary),
	)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(summary, "Allow") || !strings.Contains(summary, "GetObject") {
		t.Errorf("summary of the fixed document: %q", summary)
	}

	// The console's own controls: the event history's filters.
	var styled []string
	err = chromedp.Run(ctx,
		chromedp.Navigate(base+"/trail"),
		chromedp.WaitVisible(`[data-testid=trail-filter]`),
		chromedp.Evaluate(`Array.from(document.querySelectorAll("[data-testid=trail-filter] select, [data-testid=trail-filter] input:not([type=checkbox])")).map((e) => {
		  const cs = getComputedStyle(e); return e.id + " " + cs.borderTopLeftRadius + " " + cs.height; })`, &styled),
	)
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range styled {
		if !strings.HasSuffix(s, " 8px 32px") {
			t.Errorf("unstyled filter control: %s", s)
		}
	}
}

// replaceDocument types doc over the whole of the page's policy editor, as
// a paste would (typed key by key, the editor would close the brackets).
func replaceDocument(doc string) chromedp.Action {
	return chromedp.Tasks{
		chromedp.Focus(`.cm-content`),
		chromedp.KeyEvent("a", chromedp.KeyModifiers(input.ModifierCtrl)),
		input.InsertText(doc),
	}
}

// ownCredentialsPolicy is AWS's documented policy that lets IAM users
// manage their own credentials, and only with MFA: "IAM: Allows
// MFA-authenticated IAM users to manage their own credentials".
const ownCredentialsPolicy = `{
  "Version": "2012-10-17",
  "Statement": [
    {"Sid": "AllowViewAccountInfo", "Effect": "Allow", "Action": ["iam:GetAccountPasswordPolicy", "iam:ListVirtualMFADevices"], "Resource": "*"},
    {"Sid": "AllowManageOwnPasswords", "Effect": "Allow", "Action": ["iam:ChangePassword", "iam:GetUser"], "Resource": "arn:aws:iam::*:user/${aws:username}"},
    {"Sid": "AllowManageOwnAccessKeys", "Effect": "Allow",
     "Action": ["iam:CreateAccessKey", "iam:DeleteAccessKey", "iam:ListAccessKeys", "iam:UpdateAccessKey", "iam:GetAccessKeyLastUsed"],
     "Resource": "arn:aws:iam::*:user/${aws:username}"},
    {"Sid": "AllowManageOwnVirtualMFADevice", "Effect": "Allow", "Action": ["iam:CreateVirtualMFADevice"], "Resource": "arn:aws:iam::*:mfa/*"},
    {"Sid": "AllowManageOwnUserMFA", "Effect": "Allow",
     "Action": ["iam:DeactivateMFADevice", "iam:EnableMFADevice", "iam:ListMFADevices", "iam:ResyncMFADevice"],
     "Resource": "arn:aws:iam::*:user/${aws:username}"},
    {"Sid": "DenyAllExceptListedIfNoMFA", "Effect": "Deny",
     "NotAction": ["iam:CreateVirtualMFADevice", "iam:EnableMFADevice", "iam:GetUser", "iam:GetMFADevice", "iam:ListMFADevices",
       "iam:ListVirtualMFADevices", "iam:ResyncMFADevice", "sts:GetSessionToken"],
     "Resource": "*",
     "Condition": {"BoolIfExists": {"aws:MultiFactorAuthPresent": "false"}}}
  ]
}`

// TestBrowserOwnCredentialsWithMFA: AWS's walkthrough of the self-service
// policy. Signed in without MFA, the user may only set up an MFA device,
// from My security credentials in the identity menu; signed in again with
// it, the user creates an access key, shown once.
func TestBrowserOwnCredentialsWithMFA(t *testing.T) {
	needChromium(t)
	t.Parallel()
	env := webtest.New(t, webtest.Options{ManualClock: true})
	base := env.Server.URL
	root := &iam.Caller{Type: iam.CallerRoot, AccountID: organizations.DemoDevelopmentID, ARN: "arn:aws:iam::" + organizations.DemoDevelopmentID + ":root", UniqueID: organizations.DemoDevelopmentID}
	if err := env.Services.Identity.PutInlinePolicy(context.Background(), root, "user", "theresa", "manage-own-credentials", ownCredentialsPolicy); err != nil {
		t.Fatal(err)
	}
	pw := env.Password(t, "development", "theresa")
	ctx := slowBrowser(t, 3*time.Minute)
	var keyTitle, seedText string
	err := chromedp.Run(ctx,
		signInActions(base, "development", "theresa", pw, ""),
		chromedp.Click(`[data-testid=identity]`),
		chromedp.Click(`[data-testid=my-credentials]`),
		chromedp.WaitVisible(`[data-testid=access-keys]`),
		chromedp.AttributeValue(`[data-testid=access-keys] button[disabled]`, "title", &keyTitle, nil),
		chromedp.SendKeys(`#device_name`, "theresas-phone"),
		chromedp.Click(`[data-testid=assign-mfa]`),
		chromedp.WaitVisible(`[data-testid=mfa-qr]`),
		chromedp.Click(`[data-testid=show-secret] summary`),
		chromedp.AttributeValue(`[data-testid=mfa-secret]`, "data-value", &seedText, nil),
	)
	if err != nil {
		t.Fatal(err)
	}
	if keyTitle != "You need iam:CreateAccessKey" {
		t.Errorf("without MFA, the key button says %q", keyTitle)
	}
	var setup string
	if err := chromedp.Run(ctx, chromedp.Location(&setup)); err != nil {
		t.Fatal(err)
	}
	checkLayout(t, ctx, t.TempDir(), "own-mfa-setup", setup) // reloads it: a GET, safe to repeat
	seed, err := base32.StdEncoding.DecodeString(seedText)
	if err != nil {
		t.Fatal(err)
	}
	n := iam.TOTPStep(env.Clock.Now())
	var devices string
	err = chromedp.Run(ctx,
		chromedp.SendKeys(`#code1`, iam.TOTP(seed, n-1)),
		chromedp.SendKeys(`#code2`, iam.TOTP(seed, n)),
		chromedp.Click(`[data-testid=add-mfa]`),
		chromedp.WaitVisible(`[data-testid=mfa-row]`),
		chromedp.Text(`[data-testid=mfa]`, &devices),
		chromedp.Click(`[data-testid=identity]`),
		chromedp.Click(`[data-testid=sign-out]`),
		chromedp.WaitVisible(`input[name=username]`),
	)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(devices, "mfa/theresas-phone") {
		t.Fatalf("devices: %q", devices)
	}
	env.Clock.Advance(time.Minute) // a code the set-up has not spent
	var secret string
	var keys int
	err = chromedp.Run(ctx,
		signInActions(base, "development", "theresa", pw, iam.TOTP(seed, iam.TOTPStep(env.Clock.Now()))),
		chromedp.Navigate(base+"/iam/security_credentials"),
		chromedp.Click(`[data-testid=create-key]`),
		chromedp.WaitVisible(`[data-testid=new-key-secret]`),
		chromedp.AttributeValue(`[data-testid=new-key-secret]`, "data-value", &secret, nil),
		chromedp.Reload(),
		chromedp.WaitVisible(`[data-testid=key-row]`),
		chromedp.Evaluate(`document.querySelectorAll("[data-testid=key-row]").length`, &keys),
	)
	if err != nil {
		t.Fatal(err)
	}
	if len(secret) != 40 || keys != 1 {
		t.Fatalf("secret of %d characters, %d keys", len(secret), keys)
	}
	checkContrast(t, ctx, "my security credentials")
}
