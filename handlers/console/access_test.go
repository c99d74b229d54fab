package console_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"iamconsole/web/webtest"
)

// TestSimulatorPage: a run through the form weighs each action and
// resource, names the deciding statement, marks it in the policy's text,
// and lists missing context keys; bad input is answered next to its field.
func TestSimulatorPage(t *testing.T) {
	t.Parallel()
	env := webtest.New(t)
	admin := env.SignIn(t, "development", "admin")
	res, body := admin.Get(t, "/iam/simulator")
	if res.StatusCode != http.StatusOK || !strings.Contains(body, `data-testid="simulator-form"`) || !strings.Contains(body, "arn:aws:iam::111122223333:group/Developers") {
		t.Fatalf("simulator form: %d", res.StatusCode)
	}
	res, body = admin.Post(t, "/iam/simulator", url.Values{"source": {"arn:aws:iam::111122223333:user/david"},
		"actions": {"sts:AssumeRole\ns3:PutObject"}, "resources": {"arn:aws:iam::123456789012:role/UpdateAPP"},
		"policy": {`{"Version":"2012-10-17","Statement":[{"Sid":"NeedsMFA","Effect":"Allow","Action":"s3:PutObject","Resource":"*","Condition":{"Bool":{"aws:MultiFactorAuthPresent":"true"}}}]}`}}, "/iam/simulator")
	if res.StatusCode != http.StatusOK {
		t.Fatalf("run: %d\n%s", res.StatusCode, body)
	}
	for _, want := range []string{
		`data-testid="sim-results"`,
		`>Allowed<`, `>Implicit deny<`,
		"Inline policy allow-assume-UpdateAPP of group Developers, statement 1",
		`class="stmt stmt-allow stmt-matched stmt-decisive"`,
		`<code data-testid="sim-missing">aws:MultiFactorAuthPresent</code>`,
	} {
		if !strings.Contains(body, want) {
			t.Errorf("results lack %q", want)
		}
	}
	// Patterns expand; errors sit next to their fields.
	res, body = admin.Post(t, "/iam/simulator", url.Values{"actions": {"s3:GetObjectV*"}, "policy": {`{"Version":"2012-10-17","Statement":[`}}, "/iam/simulator")
	if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, `data-testid="error-policies"`) || !strings.Contains(body, "s3:GetObjectV* → ") {
		t.Errorf("broken policy: %d, field error %v", res.StatusCode, strings.Contains(body, `data-testid="error-policies"`))
	}
	res, body = admin.Post(t, "/iam/simulator", url.Values{"actions": {"s3:GetObject"}, "context": {"no equals sign"}}, "/iam/simulator")
	if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, `data-testid="error-context"`) {
		t.Errorf("bad context: %d", res.StatusCode)
	}
	// Adding a service's actions at one level fills the list.
	_, body = admin.Post(t, "/iam/simulator", url.Values{"service": {"sts"}, "level": {"Read"}, "add": {"1"}}, "/iam/simulator")
	if !strings.Contains(body, "sts:GetCallerIdentity") || strings.Contains(body, `data-testid="sim-results"`) {
		t.Error("adding sts's read actions did not fill the list (or ran)")
	}
}

// TestAccessDeniedOpensTheSimulator: an access-denied page links to the
// simulator with the request filled in, and the link runs it.
func TestAccessDeniedOpensTheSimulator(t *testing.T) {
	t.Parallel()
	env := webtest.New(t)
	david := env.SignIn(t, "development", "david")
	res, body := david.Post(t, "/iam/groups/Developers/delete", url.Values{}, "/iam/groups/Developers")
	if res.StatusCode != http.StatusForbidden {
		t.Fatalf("delete group: %d", res.StatusCode)
	}
	i := strings.Index(body, `data-testid="open-in-simulator"`)
	if i < 0 {
		t.Fatal("access-denied page has no Open in simulator link")
	}
	start := strings.LastIndex(body[:i], `href="`) + len(`href="`)
	link := strings.ReplaceAll(body[start:start+strings.IndexByte(body[start:], '"')], "&amp;", "&")
	u, _ := url.Parse(link)
	if u.Path != "/iam/simulator" || u.Query().Get("action") != "iam:DeleteGroup" || u.Query().Get("source") != "arn:aws:iam::111122223333:user/david" {
		t.Fatalf("link = %s", link)
	}
	res, body = david.Get(t, link)
	if res.StatusCode != http.StatusOK || !strings.Contains(body, `data-testid="sim-results"`) || !strings.Contains(body, ">Implicit deny<") {
		t.Errorf("following the link: %d, results %v", res.StatusCode, strings.Contains(body, `data-testid="sim-results"`))
	}
}

// TestEffectivePermissionsPanels: the user, role and home pages say what
// the principal may do; a role session's home says what the role allows.
func TestEffectivePermissionsPanels(t *testing.T) {
	t.Parallel()
	env := webtest.New(t)
	admin := env.SignIn(t, "development", "admin")
	_, body := admin.Get(t, "/iam/users/david")
	if !strings.Contains(body, `data-testid="effective-permissions"`) || !strings.Contains(body, `data-service="sts"`) || !strings.Contains(body, "sts:AssumeRole") {
		t.Error("david's page lacks his effective permissions")
	}
	_, body = admin.Get(t, "/")
	if !strings.Contains(body, "What you can do") || !strings.Contains(body, `data-testid="effective-full"`) || !strings.Contains(body, "All services") {
		t.Error("admin's home lacks full access to all services")
	}
	prod := env.SignIn(t, "production", "admin")
	_, body = prod.Get(t, "/iam/roles/UpdateAPP")
	if !strings.Contains(body, `data-service="s3"`) || !strings.Contains(body, "arn:aws:s3:::productionapp/*") {
		t.Error("UpdateAPP's page lacks what it allows in S3")
	}
	david := env.SignIn(t, "development", "david")
	res, _ := david.Post(t, "/switchrole", url.Values{"account": {"production"}, "roleName": {"UpdateAPP"}}, "/switchrole")
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("switch: %d", res.StatusCode)
	}
	_, body = david.Get(t, "/")
	if !strings.Contains(body, "What this role allows") || !strings.Contains(body, `data-service="s3"`) || strings.Contains(body, `data-service="sts"`) {
		t.Error("in UpdateAPP, the home page does not show the role's permissions (or still david's)")
	}
}

// TestAccessGraphPage: the page answers who can reach a role with paths,
// offers the console's switch link on the viewer's own first hop, and
// exports JSON and DOT; a user without iam:GetAccountAuthorizationDetails
// is refused.
func TestAccessGraphPage(t *testing.T) {
	t.Parallel()
	env := webtest.New(t)
	david := env.SignIn(t, "development", "david")
	res, body := david.Get(t, "/iam/access-graph?reach="+url.QueryEscape("arn:aws:iam::123456789012:role/UpdateAPP"))
	if res.StatusCode != http.StatusOK {
		t.Fatalf("graph page: %d\n%s", res.StatusCode, body)
	}
	for _, want := range []string{`data-testid="reach-row" data-id="arn:aws:iam::111122223333:user/david"`, `data-testid="switch-along"`,
		`href="/switchrole?account=123456789012&amp;roleName=UpdateAPP"`, `data-graph="[`} {
		if !strings.Contains(body, want) {
			t.Errorf("page lacks %q", want)
		}
	}
	if strings.Contains(body, `data-id="arn:aws:iam::111122223333:user/theresa"`) {
		t.Error("theresa, whose group denies UpdateAPP, is listed")
	}
	res, body = david.Get(t, "/iam/access-graph/export.dot")
	if res.StatusCode != http.StatusOK || !strings.HasPrefix(body, "digraph access {") || res.Header.Get("Content-Disposition") == "" {
		t.Errorf("DOT export: %d %q", res.StatusCode, res.Header.Get("Content-Disposition"))
	}
	res, body = david.Get(t, "/iam/access-graph/export.json")
	if res.StatusCode != http.StatusOK || !strings.Contains(body, `"from": "arn:aws:iam::111122223333:user/david"`) {
		t.Errorf("JSON export: %d", res.StatusCode)
	}
	// From the management account the whole organization is seen.
	mgmt := env.SignIn(t, "management", "admin")
	res, body = mgmt.Get(t, "/iam/access-graph?action=s3:PutObject&resource="+url.QueryEscape("arn:aws:s3:::productionapp/x"))
	if res.StatusCode != http.StatusOK || !strings.Contains(body, `data-testid="whocan-row" data-id="arn:aws:iam::123456789012:role/UpdateAPP"`) ||
		!strings.Contains(body, "david (development) → UpdateAPP (production)") {
		t.Errorf("who can put into productionapp: %d\n%s", res.StatusCode, body[strings.Index(body, "ag-whocan-results"):])
	}
	nobody := env.SignIn(t, "development", "theresa")
	_, body = nobody.Get(t, "/iam/access-graph")
	if !strings.Contains(body, `data-testid="access-denied"`) && !strings.Contains(body, `data-testid="ag-graph"`) {
		t.Error("theresa's view is neither the graph nor a denial")
	}
}
