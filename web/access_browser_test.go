package web_test

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"iamconsole/web/webtest"
)

// TestBrowserPolicySimulator: david is refused a write, opens the
// simulator from the access-denied page (the request filled in and run),
// then simulates assuming UpdateAPP himself: allowed, the deciding
// statement marked in his group's policy and highlighted while he points
// at the result.
func TestBrowserPolicySimulator(t *testing.T) {
	needChromium(t)
	t.Parallel()
	env := webtest.New(t)
	base := env.Server.URL
	ctx := newBrowser(t)
	var denied, firstDecision, decision, decider, statement, focused, missing, class string
	var ok bool
	err := chromedp.Run(ctx,
		signInActions(base, "development", "david", env.Password(t, "development", "david"), ""),
		chromedp.Navigate(base+"/iam/groups/Developers"),
		chromedp.WaitVisible(`[data-testid=group-name]`),
		// A forged delete, as a read-only user's only way to try one.
		chromedp.Evaluate(`(() => {
			const f = document.createElement('form');
			f.method = 'post'; f.action = '/iam/groups/Developers/delete';
			const i = document.createElement('input');
			i.type = 'hidden'; i.name = 'csrf_token';
			i.value = document.querySelector('meta[name=csrf-token]').content;
			f.appendChild(i); document.body.appendChild(f); f.submit(); return true;
		})()`, nil),
		chromedp.WaitVisible(`[data-testid=access-denied]`),
		chromedp.Text(`[data-testid=denied-message]`, &denied),
		press(`[data-testid=open-in-simulator]`),
		chromedp.WaitVisible(`[data-testid=sim-results]`),
		chromedp.Text(`[data-testid=sim-decision]`, &firstDecision),

		// His own question: may he assume UpdateAPP, and may he write
		// objects only with MFA?
		setField(`#sim-source`, "arn:aws:iam::111122223333:user/david"),
		setField(`#sim-actions`, "sts:AssumeRole"),
		setField(`#sim-resources`, "arn:aws:iam::123456789012:role/UpdateAPP"),
		press(`[data-testid=sim-run]`),
		chromedp.WaitVisible(`[data-testid=sim-decider]`),
		chromedp.Text(`[data-testid=sim-decision]`, &decision),
		chromedp.Text(`[data-testid=sim-decider]`, &decider),
		chromedp.Text(`.stmt-decisive`, &statement),
		chromedp.ScrollIntoView(`[data-testid=sim-result]`),
		chromedp.Evaluate(`document.querySelector('[data-testid=sim-result]').dispatchEvent(new MouseEvent('mouseenter')); document.querySelector('.stmt-focus') ? document.querySelector('.stmt-focus').textContent : ''`, &focused),

		setField(`#sim-actions`, "ec2:TerminateInstances"),
		setField(`#sim-resources`, ""),
		setField(`#sim-policy`, `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"ec2:TerminateInstances","Resource":"*","Condition":{"Bool":{"aws:MultiFactorAuthPresent":"true"}}}]}`),
		press(`[data-testid=sim-run]`),
		chromedp.WaitVisible(`[data-testid=sim-missing]`),
		chromedp.Text(`[data-testid=sim-missing]`, &missing),
		chromedp.AttributeValue(`[data-testid=sim-policy-text] .stmt-allow`, "class", &class, &ok),
	)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(denied, "iam:DeleteGroup") {
		t.Errorf("denied message = %q", denied)
	}
	if firstDecision != "Implicit deny" {
		t.Errorf("the denied request in the simulator: %q, want Implicit deny", firstDecision)
	}
	if decision != "Allowed" || !strings.Contains(decider, "allow-assume-UpdateAPP") {
		t.Errorf("david → UpdateAPP: %q decided by %q", decision, decider)
	}
	if !strings.Contains(statement, `"sts:AssumeRole"`) || !strings.Contains(focused, `"sts:AssumeRole"`) {
		t.Errorf("deciding statement %q, highlighted %q: want the group's statement", statement, focused)
	}
	if missing != "aws:MultiFactorAuthPresent" || !ok {
		t.Errorf("missing context keys %q (statement marked %v)", missing, ok)
	}
}

// TestBrowserAccessGraph: the management account's admin sees the
// organization's graph drawn, asks who can reach UpdateAPP, and gets
// david's path.
func TestBrowserAccessGraph(t *testing.T) {
	needChromium(t)
	t.Parallel()
	env := webtest.New(t)
	base := env.Server.URL
	ctx := newBrowser(t)
	var drawn, rows string
	err := chromedp.Run(ctx,
		signInActions(base, "management", "admin", env.Password(t, "management", "admin"), ""),
		chromedp.Navigate(base+"/iam/access-graph"),
		chromedp.WaitVisible(`#access-graph[data-drawn]`),
		chromedp.AttributeValue(`#access-graph`, "data-drawn", &drawn, nil),
		setField(`#ag-reach`, "arn:aws:iam::123456789012:role/UpdateAPP"),
		press(`[data-testid=ag-reach-run]`),
		chromedp.WaitVisible(`[data-testid=reach]`),
		chromedp.Text(`[data-testid=reach]`, &rows),
		chromedp.WaitVisible(`#access-graph[data-drawn]`),
	)
	if err != nil {
		t.Fatal(err)
	}
	if drawn == "" || drawn == "0" {
		t.Errorf("nodes drawn = %q", drawn)
	}
	if !strings.Contains(rows, "david (development) → UpdateAPP (production)") || strings.Contains(rows, "theresa") {
		t.Errorf("who can reach UpdateAPP:\n%s", rows)
	}
}

// setField sets a form field's value (an input, a textarea or a select)
// as a person choosing or typing it would leave it.
func setField(selector, value string) chromedp.Action {
	v, _ := json.Marshal(value)
	sel, _ := json.Marshal(selector)
	return chromedp.Evaluate(`(() => { const el = document.querySelector(`+string(sel)+`); el.value = `+string(v)+`; el.dispatchEvent(new Event('change', {bubbles: true})); return el.value; })()`, nil)
}

// press clicks a button or link from script: the console's sticky
// navigation bar may cover it at the narrow default window size.
func press(selector string) chromedp.Action {
	sel, _ := json.Marshal(selector)
	return chromedp.Evaluate(`document.querySelector(`+string(sel)+`).click()`, nil)
}
