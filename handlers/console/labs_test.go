package console_test

import (
	"encoding/json"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"iamconsole/web/webtest"
)

var (
	labLocation = regexp.MustCompile(`^/labs/(sbx-[a-z0-9]+)$`)
	taskStatus  = regexp.MustCompile(`data-testid="task-status" data-cell="task:([a-z0-9-]+)">(done|todo)<`)
)

// statuses reads every task's status from a lab page.
func statuses(body string) map[string]string {
	out := map[string]string{}
	for _, m := range taskStatus.FindAllStringSubmatch(body, -1) {
		out[m[1]] = m[2]
	}
	return out
}

func TestLabCatalogueAndStart(t *testing.T) {
	t.Parallel()
	env := webtest.New(t)

	// Anyone sees the catalogue and the join form; only instructors start.
	anon := env.NewClient()
	res, body := anon.Get(t, "/labs")
	if res.StatusCode != http.StatusOK || strings.Count(body, `data-testid="lab-row"`) < 8 || strings.Contains(body, `data-testid="start-lab"`) ||
		!strings.Contains(body, `data-testid="join-form"`) {
		t.Fatalf("catalogue for a visitor: %d\n%s", res.StatusCode, body)
	}
	david := env.SignIn(t, "development", "david")
	if _, body := david.Get(t, "/labs"); strings.Contains(body, `data-testid="start-lab"`) {
		t.Error("a member account's user may start labs")
	}
	res, _ = david.Post(t, "/labs/start", url.Values{"lab": {"explicit-deny"}}, "/labs")
	if res.StatusCode != http.StatusForbidden {
		t.Errorf("david's start: %d", res.StatusCode)
	}
	res, body = anon.Post(t, "/labs/join", url.Values{"code": {"zzzz-zzzz"}, "name": {"Eve"}}, "/labs")
	if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, "No class or learner has this code.") {
		t.Errorf("bad code: %d\n%s", res.StatusCode, body)
	}

	admin := env.SignIn(t, "management", "admin")
	if _, body := admin.Get(t, "/labs"); !strings.Contains(body, `data-testid="start-lab"`) {
		t.Fatal("the management admin is no instructor")
	}
	res, _ = admin.Post(t, "/labs/start", url.Values{"lab": {"explicit-deny"}}, "/labs")
	m := labLocation.FindStringSubmatch(res.Header.Get("Location"))
	if res.StatusCode != http.StatusSeeOther || m == nil {
		t.Fatalf("start: %d %s", res.StatusCode, res.Header.Get("Location"))
	}
	id := m[1]
	// The browser is now erin's, in the sandbox.
	res, body = admin.Get(t, "/labs/"+id)
	if res.StatusCode != http.StatusOK || !strings.Contains(body, "erin @ security-") {
		t.Fatalf("lab page: %d\n%s", res.StatusCode, body)
	}
	st := statuses(body)
	if len(st) != 4 || st["meet-the-deny"] != "todo" {
		t.Fatalf("statuses %v", st)
	}
	for _, want := range []string{`data-testid="sandbox-login"`, "AWS_ENDPOINT_URL=" + env.Server.URL, "aws_access_key_id = AKIA", `data-testid="reveal-hint"`, `data-testid="answer-input"`} {
		if !strings.Contains(body, want) {
			t.Errorf("the lab page lacks %s", want)
		}
	}
	if strings.Contains(body, "<script>") && !strings.Contains(body, `<script src="/static/js/labs.`) {
		t.Error("a script other than labs.js")
	}

	// Deleting the protected role fails: the task is done, on the page
	// and in the poll's JSON.
	res, _ = admin.Post(t, "/iam/roles/Protected-Audit/delete", nil, "/iam/roles/Protected-Audit")
	if res.StatusCode != http.StatusForbidden {
		t.Fatalf("delete Protected-Audit: %d", res.StatusCode)
	}
	env.Svc.FlushEvents()
	res, body = admin.Get(t, "/labs/"+id+"/status")
	var status struct {
		Cells map[string]any `json:"cells"`
	}
	if res.StatusCode != http.StatusOK || json.Unmarshal([]byte(body), &status) != nil || status.Cells["task:meet-the-deny"] != "done" ||
		status.Cells["progress"] != "1 of 4 tasks done" {
		t.Fatalf("status: %d %s", res.StatusCode, body)
	}

	// A hint, then a wrong and a right answer.
	res, _ = admin.Post(t, "/labs/"+id+"/tasks/find-the-statement/hint", nil, "/labs/"+id)
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("hint: %d", res.StatusCode)
	}
	res, _ = admin.Post(t, "/labs/"+id+"/tasks/find-the-statement/answer", url.Values{"answer": {"Deny"}}, "/labs/"+id)
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("answer: %d", res.StatusCode)
	}
	_, body = admin.Get(t, "/labs/"+id)
	if st := statuses(body); st["find-the-statement"] != "todo" || !strings.Contains(body, "Not that: try again.") {
		t.Errorf("after a wrong answer: %v", st)
	}
	admin.Post(t, "/labs/"+id+"/tasks/find-the-statement/answer", url.Values{"answer": {"ProtectAuditRoles"}}, "/labs/"+id)
	_, body = admin.Get(t, "/labs/"+id)
	if st := statuses(body); st["find-the-statement"] != "done" {
		t.Errorf("after the right answer: %v", st)
	}

	// Another learner's browser cannot see the sandbox.
	if res, _ := david.Get(t, "/labs/"+id); res.StatusCode != http.StatusForbidden {
		t.Errorf("david sees another's sandbox: %d", res.StatusCode)
	}

	// Reset signs the learner in again, tasks back to todo.
	res, _ = admin.Post(t, "/labs/"+id+"/reset", nil, "/labs/"+id)
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("reset: %d", res.StatusCode)
	}
	_, body = admin.Get(t, "/labs/"+id)
	if st := statuses(body); st["meet-the-deny"] != "todo" || st["find-the-statement"] != "todo" {
		t.Errorf("after reset: %v", st)
	}
	// End: the sandbox and the session are gone.
	res, _ = admin.Post(t, "/labs/"+id+"/end", nil, "/labs/"+id)
	if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/labs" {
		t.Fatalf("end: %d %s", res.StatusCode, res.Header.Get("Location"))
	}
	if res, _ := admin.Get(t, "/labs/"+id); res.StatusCode != http.StatusSeeOther {
		t.Errorf("after end, the lab page: %d", res.StatusCode)
	}
}

func TestLabClassPages(t *testing.T) {
	t.Parallel()
	env := webtest.New(t)
	admin := env.SignIn(t, "management", "admin")
	res, body := admin.Post(t, "/labs/classes", url.Values{"name": {""}, "lab": {"explicit-deny"}}, "/labs/classes")
	if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, "Enter a name.") {
		t.Fatalf("empty name: %d", res.StatusCode)
	}
	res, _ = admin.Post(t, "/labs/classes", url.Values{"name": {"Monday"}, "lab": {"explicit-deny"}}, "/labs/classes")
	class := res.Header.Get("Location")
	if res.StatusCode != http.StatusSeeOther || !strings.HasPrefix(class, "/labs/classes/cls-") {
		t.Fatalf("create: %d %s", res.StatusCode, class)
	}
	res, body = admin.Post(t, class+"/learners", url.Values{"csv": {"name,email\nAnn,ann@example.com\nBob,bad"}}, class)
	if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, `line 3: &#34;bad&#34; is not an email address.`) {
		t.Fatalf("bad CSV: %d\n%s", res.StatusCode, body)
	}
	res, _ = admin.Post(t, class+"/learners", url.Values{"csv": {"Ann,ann@example.com\nBob"}}, class)
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("CSV: %d", res.StatusCode)
	}
	_, body = admin.Get(t, class)
	if strings.Count(body, `data-testid="learner-row"`) != 2 || strings.Count(body, `data-testid="learner-task"`) != 8 {
		t.Fatalf("report:\n%s", body)
	}
	code := regexp.MustCompile(`data-testid="class-code">([a-z0-9-]+)<`).FindStringSubmatch(body)
	if code == nil {
		t.Fatal("no join code")
	}
	// A learner joins from a fresh browser and lands in their sandbox.
	cleo := env.NewClient()
	res, _ = cleo.Post(t, "/labs/join", url.Values{"code": {code[1]}, "name": {"Cleo"}}, "/labs")
	if res.StatusCode != http.StatusSeeOther || !labLocation.MatchString(res.Header.Get("Location")) {
		t.Fatalf("join: %d %s", res.StatusCode, res.Header.Get("Location"))
	}
	if res, body := cleo.Get(t, res.Header.Get("Location")); res.StatusCode != http.StatusOK || !strings.Contains(body, "Welcome, Cleo.") ||
		!strings.Contains(body, `data-testid="learner-code">Cleo, to come back to this lab join with your own code: <code>`) {
		t.Fatalf("Cleo's lab: %d\n%s", res.StatusCode, body)
	}
	res, body = admin.Get(t, class+"/status")
	if res.StatusCode != http.StatusOK || strings.Count(body, `"cell:lrn-`) != 12 {
		t.Errorf("class status: %d %s", res.StatusCode, body)
	}
	res, body = admin.Get(t, class+"/export.csv")
	if res.StatusCode != http.StatusOK || !strings.HasPrefix(body, "learner,email,code,sandbox,done,total,meet-the-deny") || strings.Count(body, "\n") != 4 {
		t.Errorf("export: %d\n%s", res.StatusCode, body)
	}
	// A learner may not see the class.
	if res, _ := cleo.Get(t, class); res.StatusCode != http.StatusForbidden {
		t.Errorf("a learner sees the class: %d", res.StatusCode)
	}
}
