package console_test

import (
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"iamconsole/web/webtest"
)

func TestRolePages(t *testing.T) {
	t.Parallel()
	env := webtest.New(t)
	admin := env.SignIn(t, "production", "admin")
	tests := []struct {
		name   string
		client *webtest.Client
		path   string
		status int
		want   []string
	}{
		{"list", admin, "/iam/roles", http.StatusOK, []string{`data-testid="roles-total">(4)`, "UpdateAPP", "AWS account: 111122223333", `href="/iam/roles/new"`}},
		{"search", admin, "/iam/roles?q=organization", http.StatusOK, []string{"OrganizationAccountAccessRole", `(1)`}},
		{"detail", admin, "/iam/roles/UpdateAPP", http.StatusOK, []string{"/switchrole?roleName=UpdateAPP&amp;account=production", `data-copy-target="switch-link"`, "read-write-app-bucket"}},
		{"trust tab", admin, "/iam/roles/UpdateAPP?tab=trust", http.StatusOK, []string{"arn:aws:iam::111122223333:root", `data-policy-kind="trust"`, "js/editor"}},
		{"missing", admin, "/iam/roles/Nope", http.StatusNotFound, []string{"The role with name Nope cannot be found."}},
		{"policies", admin, "/iam/policies?scope=AWS&q=cloudtrail_readonly", http.StatusOK, []string{"AWSCloudTrail_ReadOnlyAccess", `data-testid="policies-total">(1)`}},
		{"policy", admin, "/iam/policies/" + url.PathEscape("arn:aws:iam::aws:policy/AdministratorAccess"), http.StatusOK, []string{"Full access", "OrganizationAccountAccessRole"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			res, body := tc.client.Get(t, tc.path)
			if res.StatusCode != tc.status {
				t.Fatalf("status = %d, want %d\n%s", res.StatusCode, tc.status, body)
			}
			for _, w := range tc.want {
				if !strings.Contains(body, w) {
					t.Errorf("page lacks %q", w)
				}
			}
		})
	}
}

func TestRolePermissionsInUI(t *testing.T) {
	t.Parallel()
	env := webtest.New(t)
	david := env.SignIn(t, "development", "david")
	_, body := david.Get(t, "/iam/roles")
	if !strings.Contains(body, `title="You need iam:CreateRole"`) {
		t.Error("create button should be disabled for a read-only user")
	}
	res, body := david.Post(t, "/iam/roles/OrganizationAccountAccessRole/delete", url.Values{}, "/iam/roles")
	if res.StatusCode != http.StatusForbidden || !strings.Contains(body, `data-testid="access-denied"`) {
		t.Errorf("forged delete: %d", res.StatusCode)
	}
	admin := env.SignIn(t, "production", "admin")
	res, body = admin.Post(t, "/iam/roles/UpdateAPP/trust", url.Values{"document": {`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::123456789012:role/Ghost"},"Action":"sts:AssumeRole"}]}`}}, "/iam/roles/UpdateAPP")
	if res.StatusCode != http.StatusUnprocessableEntity {
		t.Fatalf("status = %d", res.StatusCode)
	}
	if !strings.Contains(body, "Invalid principal in policy") || !strings.Contains(body, "role/Ghost") {
		t.Error("the error and the submitted document should be shown")
	}
}

func TestValidateEndpoint(t *testing.T) {
	t.Parallel()
	env := webtest.New(t)
	admin := env.SignIn(t, "production", "admin")
	tests := []struct {
		name, kind, doc string
		errors          int
		summary         string
	}{
		{"valid", "identity", `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"*"}]}`, 0, "GetObject"},
		// The summary describes valid documents only.
		{"principal in identity", "identity", `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"*"}]}`, 1, `data-testid="no-summary"`},
		{"misspelt effect", "identity", `{"Version":"2012-10-17","Statement":[{"Effect":"Alow","Action":"s3:GetObject","Resource":"*"}]}`, 1, `data-testid="no-summary"`},
		{"action without service", "identity", `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3GetObject","Resource":"*"}]}`, 1, `data-testid="no-summary"`},
		{"only warnings", "identity", `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObjec","Resource":"*"}]}`, 1, "GetObjec"},
		{"trust without principal", "trust", `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"sts:AssumeRole"}]}`, 1, ""},
		{"syntax", "managed", `{"Version":`, 1, ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			res, body := admin.Post(t, "/iam/policies/validate", url.Values{"kind": {tc.kind}, "document": {tc.doc}}, "/iam/roles")
			if res.StatusCode != http.StatusOK {
				t.Fatalf("status = %d: %s", res.StatusCode, body)
			}
			var out struct {
				Errors []struct {
					Line, Column int
					Message      string
				}
				SummaryHTML string `json:"summary_html"`
			}
			if err := json.Unmarshal([]byte(body), &out); err != nil {
				t.Fatal(err)
			}
			if (len(out.Errors) == 0) != (tc.errors == 0) {
				t.Errorf("errors = %+v", out.Errors)
			}
			if !strings.Contains(out.SummaryHTML, tc.summary) {
				t.Errorf("summary = %s", out.SummaryHTML)
			}
		})
	}
}
