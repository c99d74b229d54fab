package console_test

import (
	"io"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"iamconsole/web/webtest"
)

// prodPolicy is the ARN of a customer managed policy in the production account.
func prodPolicy(name string) string { return "arn:aws:iam::123456789012:policy/" + name }

// policyPage is the console path of a managed policy.
func policyPage(arn string) string { return "/iam/policies/" + url.PathEscape(arn) }

// s3Doc is a valid identity policy allowing one S3 action.
func s3Doc(action string) string {
	return `{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Allow",
      "Action": "s3:` + action + `",
      "Resource": "*"
    }
  ]
}`
}

// badDoc has an invalid action on line 6.
const badDoc = `{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Allow",
      "Action": "s3GetObject",
      "Resource": "*"
    }
  ]
}`

// localPolicies counts the account's customer managed policies named like q.
func localPolicies(t *testing.T, c *webtest.Client, q string) int {
	t.Helper()
	_, body := c.Get(t, "/iam/policies?scope=Local&q="+url.QueryEscape(q))
	m := regexp.MustCompile(`data-testid="policies-total">\((\d+)\)`).FindStringSubmatch(body)
	if m == nil {
		t.Fatalf("no policy count in\n%s", body)
	}
	n, _ := strconv.Atoi(m[1])
	return n
}

func mustStatus(t *testing.T, what string, res *http.Response, body string, want int, contains ...string) {
	t.Helper()
	if res.StatusCode != want {
		t.Fatalf("%s: status %d, want %d\n%s", what, res.StatusCode, want, body)
	}
	for _, c := range contains {
		if !strings.Contains(body, c) {
			t.Fatalf("%s: body lacks %q\n%s", what, c, body)
		}
	}
}

func TestCreatePolicy(t *testing.T) {
	t.Parallel()
	env := webtest.New(t)
	admin := env.SignIn(t, "production", "admin")

	res, body := admin.Get(t, "/iam/policies/new")
	mustStatus(t, "form", res, body, http.StatusOK, `data-policy-editor`, `data-policy-kind="managed"`, `name="policy_name"`)

	res, body = admin.Post(t, "/iam/policies", url.Values{"policy_name": {"read-app"}, "path": {"/"}, "description": {"Reads the app bucket"},
		"document": {s3Doc("GetObject")}, "tags": {"team=app"}}, "/iam/policies/new")
	mustStatus(t, "create", res, body, http.StatusSeeOther)
	if loc := res.Header.Get("Location"); loc != policyPage(prodPolicy("read-app")) {
		t.Fatalf("Location = %q", loc)
	}
	res, body = admin.Get(t, res.Header.Get("Location"))
	mustStatus(t, "policy page", res, body, http.StatusOK, `data-testid="policy-name">read-app`, "Reads the app bucket", `data-testid="edit-policy"`, "GetObject")

	tests := []struct {
		name      string
		form      url.Values
		want      []string
		stored    string // a name that must not be stored
		positions bool
	}{
		{"invalid action", url.Values{"policy_name": {"bad-doc"}, "document": {badDoc}},
			[]string{`data-testid="error-position"`, "Line 6, column", `&#34;line&#34;:6`, `value="bad-doc"`}, "bad-doc", true},
		{"syntax error", url.Values{"policy_name": {"broken"}, "document": {`{"Version": "2012-10-17", "Statement": [`}},
			[]string{`data-testid="error-position"`, `&#34;column&#34;:`}, "broken", true},
		{"empty document", url.Values{"policy_name": {"empty"}, "document": {""}},
			[]string{`data-testid="error-document"`}, "empty", false},
		{"duplicate", url.Values{"policy_name": {"READ-APP"}, "document": {s3Doc("GetObject")}},
			[]string{"A policy called READ-APP already exists. Duplicate names are not allowed.", `data-testid="error-policy_name"`}, "", false},
		{"bad name and document", url.Values{"policy_name": {"bad name"}, "document": {badDoc}},
			[]string{`data-testid="error-policy_name"`, "Line 6, column", `&#34;line&#34;:6`}, "bad name", true},
		{"bad path", url.Values{"policy_name": {"pathy"}, "path": {"no-slash"}, "document": {s3Doc("GetObject")}},
			[]string{`data-testid="error-path"`}, "pathy", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, body := admin.Post(t, "/iam/policies", tt.form, "/iam/policies/new")
			mustStatus(t, tt.name, res, body, http.StatusUnprocessableEntity, tt.want...)
			if tt.positions && strings.Contains(body, `data-errors="[]"`) {
				t.Error("the editor has no data-errors")
			}
			if tt.stored != "" && localPolicies(t, admin, tt.stored) != 0 {
				t.Errorf("%s was stored", tt.stored)
			}
		})
	}
}

func TestPolicyVersions(t *testing.T) {
	t.Parallel()
	env := webtest.New(t)
	admin := env.SignIn(t, "production", "admin")
	arn := prodPolicy("app")
	page := policyPage(arn)
	res, body := admin.Post(t, "/iam/policies", url.Values{"policy_name": {"app"}, "document": {s3Doc("GetObject")}}, "/iam/policies/new")
	mustStatus(t, "create", res, body, http.StatusSeeOther)

	res, body = admin.Get(t, page+"/edit")
	mustStatus(t, "edit", res, body, http.StatusOK, "s3:GetObject", `name="set_default" value="on" checked`)

	res, body = admin.Post(t, page+"/versions", url.Values{"document": {s3Doc("PutObject")}, "set_default": {"on"}}, page)
	mustStatus(t, "v2", res, body, http.StatusSeeOther)
	res, body = admin.Get(t, page)
	mustStatus(t, "after v2", res, body, http.StatusOK, `data-testid="shown-version">v2`, "s3:PutObject")
	if strings.Count(body, `data-testid="version-row"`) != 2 {
		t.Fatalf("want 2 versions\n%s", body)
	}

	// A rejected version keeps the text and stores nothing.
	res, body = admin.Post(t, page+"/versions", url.Values{"document": {badDoc}}, page)
	mustStatus(t, "bad version", res, body, http.StatusUnprocessableEntity, "Line 6, column", "s3GetObject")

	// View an older version, diff, set default, delete.
	res, body = admin.Get(t, page+"?version=v1")
	mustStatus(t, "view v1", res, body, http.StatusOK, `data-testid="shown-version">v1`, "s3:GetObject")
	res, body = admin.Get(t, page+"/diff?from=v1&to=v2")
	mustStatus(t, "diff", res, body, http.StatusOK, `data-testid="diff-removed"`, `data-testid="diff-added"`, `class="diff-added added"`)
	if !regexp.MustCompile(`(?s)diff-removed.*s3:GetObject.*diff-added.*s3:PutObject`).MatchString(body) {
		t.Errorf("diff rows out of order\n%s", body)
	}
	res, body = admin.Get(t, page+"/diff?from=v1&to=v9")
	mustStatus(t, "diff of a missing version", res, body, http.StatusNotFound)

	res, body = admin.Post(t, page+"/default", url.Values{"version_id": {"v1"}}, page)
	mustStatus(t, "set default", res, body, http.StatusSeeOther)
	_, body = admin.Get(t, page)
	if !strings.Contains(body, `data-testid="shown-version">v1`) {
		t.Fatal("v1 is not the default")
	}
	// Without its confirmation a delete asks for it, and changes nothing.
	res, body = admin.Post(t, page+"/versions/delete", url.Values{"version_id": {"v2"}}, page)
	mustStatus(t, "delete unconfirmed", res, body, http.StatusOK, `data-testid="confirm-page"`, `name="version_id" value="v2"`, `name="confirm" value="yes"`)
	res, body = admin.Post(t, page+"/versions/delete", url.Values{"version_id": {"v1"}, "confirm": {"yes"}}, page)
	mustStatus(t, "delete default", res, body, http.StatusUnprocessableEntity, "Cannot delete the default version of a policy.")
	res, body = admin.Post(t, page+"/versions/delete", url.Values{"version_id": {"v2"}, "confirm": {"yes"}}, page)
	mustStatus(t, "delete v2", res, body, http.StatusSeeOther)

	// Five versions at most; the editor offers to delete the oldest.
	for _, a := range []string{"ListBucket", "PutObject", "DeleteObject", "GetBucketTagging"} {
		res, body = admin.Post(t, page+"/versions", url.Values{"document": {s3Doc(a)}}, page)
		mustStatus(t, "version "+a, res, body, http.StatusSeeOther)
	}
	res, body = admin.Post(t, page+"/versions", url.Values{"document": {s3Doc("GetBucketAcl")}, "set_default": {"on"}}, page)
	mustStatus(t, "sixth version", res, body, http.StatusUnprocessableEntity,
		"A managed policy can have up to 5 versions. Before you create a new version, you must delete an existing version.",
		`data-testid="delete-oldest"`, "Delete version v3", "s3:GetBucketAcl", `name="set_default" value="on" checked`)
	res, body = admin.Post(t, page+"/versions", url.Values{"document": {s3Doc("GetBucketAcl")}, "set_default": {"on"}, "delete_oldest": {"on"}}, page)
	mustStatus(t, "sixth version, deleting the oldest", res, body, http.StatusSeeOther)
	_, body = admin.Get(t, page)
	if n := strings.Count(body, `data-testid="version-row"`); n != 5 || strings.Contains(body, "?version=v3") || !strings.Contains(body, `data-testid="shown-version">v7`) {
		t.Fatalf("after replacing the oldest: %d versions\n%s", n, body)
	}

	// Delete: refused while versions or attachments remain.
	res, body = admin.Post(t, "/iam/users/admin/policies", url.Values{"policy_arn": {arn}}, "/iam/users/admin")
	mustStatus(t, "attach", res, body, http.StatusSeeOther)
	res, body = admin.Post(t, page+"/delete", url.Values{"confirm": {"app"}}, page)
	mustStatus(t, "delete attached", res, body, http.StatusUnprocessableEntity, "Cannot delete a policy attached to entities.")
	_, body = admin.Get(t, page)
	if !strings.Contains(body, `data-testid="entity-row"`) || !strings.Contains(body, `name="next"`) {
		t.Fatalf("entities tab lacks the user\n%s", body)
	}
	res, body = admin.Post(t, "/iam/users/admin/policies/delete", url.Values{"policy_arn": {arn}, "next": {page}}, page)
	mustStatus(t, "detach from the policy page", res, body, http.StatusSeeOther)
	if res.Header.Get("Location") != page {
		t.Fatalf("detach went to %q", res.Header.Get("Location"))
	}
	for _, v := range []string{"v1", "v4", "v5", "v6"} {
		res, body = admin.Post(t, page+"/versions/delete", url.Values{"version_id": {v}, "confirm": {"yes"}}, page)
		mustStatus(t, "delete "+v, res, body, http.StatusSeeOther)
	}
	// The policy's name typed wrong: asked again, with the message.
	res, body = admin.Post(t, page+"/delete", url.Values{"confirm": {"App"}}, page)
	mustStatus(t, "delete policy, name typed wrong", res, body, http.StatusUnprocessableEntity, `data-testid="confirm-error"`, "Enter app to confirm.")
	res, body = admin.Post(t, page+"/delete", url.Values{"confirm": {"app"}}, page)
	mustStatus(t, "delete policy", res, body, http.StatusSeeOther)
	if localPolicies(t, admin, "app") != 0 {
		t.Fatal("policy still listed")
	}
}

func TestAWSManagedPolicyIsReadOnly(t *testing.T) {
	t.Parallel()
	env := webtest.New(t)
	admin := env.SignIn(t, "production", "admin")
	page := policyPage("arn:aws:iam::aws:policy/AdministratorAccess")
	res, body := admin.Get(t, page)
	mustStatus(t, "page", res, body, http.StatusOK, "AWS managed", `data-testid="versions"`)
	for _, absent := range []string{`data-testid="edit-policy"`, `data-testid="delete-policy"`, `data-testid="set-default"`, `data-testid="delete-version"`} {
		if strings.Contains(body, absent) {
			t.Errorf("AWS managed policy page has %s", absent)
		}
	}
	res, body = admin.Post(t, page+"/versions", url.Values{"document": {s3Doc("GetObject")}}, page)
	mustStatus(t, "forged version", res, body, http.StatusForbidden, `data-testid="access-denied"`, "Cannot create policy versions outside your own account.")
	res, body = admin.Post(t, page+"/delete", nil, page)
	mustStatus(t, "forged delete", res, body, http.StatusForbidden, `data-testid="access-denied"`, "Cannot delete policies outside your own account.")
}

// TestValidateJSON: the policy editor posts JSON with the CSRF token in a
// header, and gets every problem with its position and the summary.
func TestValidateJSON(t *testing.T) {
	t.Parallel()
	env := webtest.New(t)
	admin := env.SignIn(t, "development", "admin")
	post := func(body string, token bool) (*http.Response, string) {
		req, _ := http.NewRequest(http.MethodPost, admin.Base+"/iam/policies/validate", strings.NewReader(body))
		req.Header.Set("Content-Type", "application/json")
		if token {
			req.Header.Set("X-CSRF-Token", admin.CSRF(t, "/iam/policies"))
		}
		res, err := admin.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		b, _ := io.ReadAll(res.Body)
		return res, string(b)
	}
	res, body := post(`{"document": "{\"Version\":\"2012-10-17\",\n\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"s3:GetObject\"}]}", "kind": "identity"}`, true)
	if res.StatusCode != http.StatusOK || !strings.Contains(body, `"line":2`) || !strings.Contains(body, "must contain resources") || !strings.Contains(body, "no-summary") {
		t.Fatalf("invalid document: %d %s", res.StatusCode, body)
	}
	res, body = post(`{"document": "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"s3:GetObject\",\"Resource\":\"*\"}]}", "kind": "identity"}`, true)
	if res.StatusCode != http.StatusOK || !strings.Contains(body, `"errors":[]`) || !strings.Contains(body, "S3") {
		t.Fatalf("valid document: %d %s", res.StatusCode, body)
	}
	// An unknown action is a warning, with its place and Access Analyzer's words.
	res, body = post(`{"document": "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"s3:GetObjec\",\"Resource\":\"*\"}]}", "kind": "identity"}`, true)
	if res.StatusCode != http.StatusOK || !strings.Contains(body, `"severity":"warning"`) ||
		!strings.Contains(body, "Invalid action: The action s3:GetObjec does not exist. Did you mean s3:GetObject?") || !strings.Contains(body, `"column":65`) {
		t.Fatalf("unknown action: %d %s", res.StatusCode, body)
	}
	if res, body = post(`{"document": `, true); res.StatusCode != http.StatusBadRequest {
		t.Fatalf("malformed JSON: %d %s", res.StatusCode, body)
	}
	if res, _ = post(`{"document": "{}", "kind": "identity"}`, false); res.StatusCode != http.StatusForbidden {
		t.Fatalf("no CSRF token: %d", res.StatusCode)
	}
}
