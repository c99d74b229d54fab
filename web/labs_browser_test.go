package web_test

import (
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"

	"iamconsole/web/webtest"
)

// taskStatus selects a task's status on a lab page.
func taskStatus(task string) string {
	return `[data-task="` + task + `"] [data-testid=task-status]`
}

// waitStatus waits until a task's status on the open page reads want,
// without reloading: the page's own poll updates it.
func waitStatus(task, want string) chromedp.Action {
	return chromedp.Poll(`document.querySelector('`+taskStatus(task)+`').textContent.trim() === "`+want+`"`, nil,
		chromedp.WithPollingTimeout(20*time.Second), chromedp.WithPollingInterval(200*time.Millisecond))
}

// TestBrowserLabDevelopersVsTesters: an instructor starts the lab from the
// catalogue and is signed in as its learner; switching to UpdateAPP in a
// second tab turns the first task done on the lab page left open; theresa
// is refused; the right answer completes the lab.
func TestBrowserLabDevelopersVsTesters(t *testing.T) {
	needChromium(t)
	t.Parallel()
	env := webtest.New(t)
	base := env.Server.URL
	ctx := newBrowser(t)
	var location, first, prodID, theresaPW string
	err := chromedp.Run(ctx,
		signInActions(base, "management", "admin", env.Password(t, "management", "admin"), ""),
		chromedp.Navigate(base+"/labs"),
		chromedp.WaitVisible(`[data-testid=labs-table]`),
		chromedp.Click(`[data-lab="developers-vs-testers"] [data-testid=start-lab]`),
		chromedp.WaitVisible(`[data-testid=lab-title]`),
		chromedp.Location(&location),
		chromedp.Text(taskStatus("switch-as-developer"), &first),
		chromedp.Text(`[data-testid=sandbox-account][data-account=prod] [data-testid=account-id]`, &prodID),
		chromedp.Text(`[data-testid=sandbox-login][data-user=theresa] [data-testid=login-password]`, &theresaPW),
	)
	if err != nil {
		t.Fatal(err)
	}
	if strings.TrimSpace(first) != "todo" || !regexp.MustCompile(`^\d{12}$`).MatchString(strings.TrimSpace(prodID)) {
		t.Fatalf("start: status %q, production %q, at %s", first, prodID, location)
	}
	prodID = strings.TrimSpace(prodID)

	// Switch in a second tab; the first shows the task done by itself.
	tab, cancel := chromedp.NewContext(ctx)
	defer cancel()
	err = chromedp.Run(tab,
		chromedp.Navigate(base+"/switchrole?account="+prodID+"&roleName=UpdateAPP"),
		chromedp.WaitVisible(`[data-testid=switch-submit]`),
		chromedp.Click(`[data-testid=switch-submit]`),
		chromedp.WaitVisible(`[data-testid=flash]`),
	)
	if err != nil {
		t.Fatal(err)
	}
	// Back on the lab page's tab (a hidden page does not poll).
	if err := chromedp.Run(ctx, page.BringToFront(), waitStatus("switch-as-developer", "done")); err != nil {
		t.Fatalf("the open lab page did not turn the task done: %v", err)
	}

	// theresa is refused; signed in as her, the lab page shows it.
	var theresaAccount string
	err = chromedp.Run(ctx,
		chromedp.Text(`[data-testid=sandbox-login][data-user=theresa] dd.mono`, &theresaAccount),
		chromedp.Click(`[data-testid=identity]`),
		chromedp.Click(`[data-testid=sign-out]`),
		chromedp.WaitVisible(`input[name=password]`),
	)
	if err != nil {
		t.Fatal(err)
	}
	var status, answered string
	err = chromedp.Run(ctx,
		signInActions(base, strings.TrimSpace(theresaAccount), "theresa", strings.TrimSpace(theresaPW), ""),
		chromedp.Navigate(base+"/switchrole?account="+prodID+"&roleName=UpdateAPP"),
		chromedp.WaitVisible(`[data-testid=switch-submit]`),
		chromedp.Click(`[data-testid=switch-submit]`),
		chromedp.WaitVisible(`[data-testid=switch-error]`),
		chromedp.Navigate(location),
		chromedp.WaitVisible(`[data-testid=lab-title]`),
		waitStatus("refused-as-tester", "done"),
		chromedp.Text(taskStatus("find-the-deny"), &status),
		chromedp.SendKeys(`[data-task="find-the-deny"] [data-testid=answer-input]`, "deny-assume-UpdateAPP"),
		chromedp.Click(`[data-task="find-the-deny"] [data-testid=answer-submit]`),
		chromedp.WaitVisible(`[data-testid=flash]`),
		chromedp.Text(taskStatus("find-the-deny"), &answered),
	)
	if err != nil {
		t.Fatal(err)
	}
	if strings.TrimSpace(status) != "todo" || strings.TrimSpace(answered) != "done" {
		t.Errorf("find-the-deny before %q after %q", status, answered)
	}
	var progress string
	if err := chromedp.Run(ctx, chromedp.Text(`[data-testid=lab-progress]`, &progress)); err != nil {
		t.Fatal(err)
	}
	if progress != "3 of 3 tasks done" {
		t.Errorf("progress %q", progress)
	}
}

// TestBrowserLabClassSwitchRoleLinks: an instructor creates a class; a
// learner joins with its code and their name, follows the link in the
// instructions and switches; the instructor's report, open all along,
// shows the learner's task done.
func TestBrowserLabClassSwitchRoleLinks(t *testing.T) {
	needChromium(t)
	t.Parallel()
	env := webtest.New(t)
	base := env.Server.URL
	teacher := newBrowser(t)
	var code string
	err := chromedp.Run(teacher,
		signInActions(base, "management", "admin", env.Password(t, "management", "admin"), ""),
		chromedp.Navigate(base+"/labs/classes"),
		chromedp.WaitVisible(`[data-testid=class-form]`),
		chromedp.SendKeys(`#class_name`, "Thursday"),
		chromedp.SetValue(`#class_lab`, "switch-role-links"),
		chromedp.Click(`[data-testid=create-class]`),
		chromedp.WaitVisible(`[data-testid=class-code]`),
		chromedp.Text(`[data-testid=class-code]`, &code),
	)
	if err != nil {
		t.Fatal(err)
	}

	learner := newBrowser(t)
	var welcome, before string
	err = chromedp.Run(learner,
		chromedp.Navigate(base+"/signin"),
		chromedp.Click(`[data-testid=signin-labs]`),
		chromedp.WaitVisible(`[data-testid=join-form]`),
		chromedp.SendKeys(`#code`, code),
		chromedp.SendKeys(`#name`, "Dora"),
		chromedp.Click(`[data-testid=join-submit]`),
		chromedp.WaitVisible(`[data-testid=lab-title]`),
		chromedp.Text(`[data-testid=flash]`, &welcome),
		chromedp.Text(taskStatus("use-the-link"), &before),
	)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(welcome, "Welcome, Dora.") || strings.TrimSpace(before) != "todo" {
		t.Fatalf("join: %q, status %q", welcome, before)
	}
	// The teacher's report lists Dora, her first task todo.
	if err := chromedp.Run(teacher, chromedp.Reload(), chromedp.WaitVisible(`[data-testid=learner-row]`)); err != nil {
		t.Fatal(err)
	}
	var identity string
	err = chromedp.Run(learner,
		chromedp.Click(`[data-task="use-the-link"] .lab-markdown a`),
		chromedp.WaitVisible(`[data-testid=switch-submit]`),
		chromedp.Click(`[data-testid=switch-submit]`),
		chromedp.WaitVisible(`[data-testid=flash]`),
		chromedp.Text(`[data-testid=identity]`, &identity),
	)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(strings.TrimSpace(identity), "Ops @ ") {
		t.Errorf("identity %q, want the link's display name", identity)
	}
	// Live: the teacher's page turns the cell done without a reload.
	cell := `[data-testid=learner-row] [data-testid=learner-task]`
	err = chromedp.Run(teacher, chromedp.Poll(`document.querySelector('`+cell+`').textContent.trim() === "done"`, nil,
		chromedp.WithPollingTimeout(20*time.Second), chromedp.WithPollingInterval(200*time.Millisecond)))
	if err != nil {
		t.Fatalf("the class report did not show the task done: %v", err)
	}
	var done string
	if err := chromedp.Run(teacher, chromedp.Text(`[data-testid=learner-done]`, &done)); err != nil {
		t.Fatal(err)
	}
	if strings.TrimSpace(done) != "1" {
		t.Errorf("done %q", done)
	}
}
