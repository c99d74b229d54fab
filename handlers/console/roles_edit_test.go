package console_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"unicode/utf8"

	"iamconsole/iam"
	"iamconsole/iam/identity"
	"iamconsole/web/webtest"
)

func TestRoleEdits(t *testing.T) {
	t.Parallel()
	env := webtest.New(t)
	admin := env.SignIn(t, "production", "admin")
	const page = "/iam/roles/UpdateAPP"
	steps := []struct {
		name   string
		path   string
		form   url.Values
		status int
		then   string   // page to look at afterwards ("" for the response itself)
		want   []string // on that page
		not    []string
	}{
		{"settings", "/settings", url.Values{"description": {"Deploys the app"}, "max_session_duration": {"7200"}}, http.StatusSeeOther, page,
			[]string{"Role UpdateAPP updated.", "<p>Deploys the app</p>", "<dd>2 hours</dd>", `<option value="7200" selected>2 hours</option>`}, nil},
		{"settings: too long a session", "/settings", url.Values{"description": {"kept"}, "max_session_duration": {"86400"}}, http.StatusUnprocessableEntity, "",
			[]string{`data-testid="error-max_session_duration"`, "less than or equal to 43200", `class="role-settings" open`, ">kept</textarea>", `<option value="86400" selected>`}, nil},
		{"settings: not a number", "/settings", url.Values{"description": {"kept"}, "max_session_duration": {"two"}}, http.StatusUnprocessableEntity, "",
			[]string{"Choose a maximum session duration."}, nil},
		{"settings: hostile description", "/settings", url.Values{"description": {"<script>alert(1)</script>\x00\xff"}, "max_session_duration": {"3600"}}, http.StatusUnprocessableEntity, "",
			[]string{`data-testid="error-description"`, "&lt;script&gt;alert(1)&lt;/script&gt;"}, []string{"<script>alert(1)"}},
		{"settings: megabyte description", "/settings", url.Values{"description": {strings.Repeat("x", 1<<20)}, "max_session_duration": {"3600"}}, http.StatusUnprocessableEntity, "",
			[]string{"less than or equal to 1000"}, nil},
		{"add tag", "/tags", url.Values{"tag_key": {"team"}, "tag_value": {"ops"}}, http.StatusSeeOther, page + "?tab=tags",
			[]string{"Tag team saved.", "<td>team</td><td>ops</td>", `data-testid="remove-tag"`}, nil},
		{"replace tag value", "/tags", url.Values{"tag_key": {"team"}, "tag_value": {"dev"}}, http.StatusSeeOther, page + "?tab=tags",
			[]string{"<td>team</td><td>dev</td>"}, []string{"<td>ops</td>"}},
		{"tag: no key", "/tags", url.Values{"tag_key": {" "}, "tag_value": {"x"}}, http.StatusUnprocessableEntity, "",
			[]string{`data-testid="error-tags"`, "Enter a tag key."}, nil},
		{"tag: hostile key", "/tags", url.Values{"tag_key": {`<img src=x onerror=alert(1)>`}, "tag_value": {"v"}}, http.StatusUnprocessableEntity, "",
			[]string{`data-testid="error-tags"`, "&lt;img src=x onerror=alert(1)&gt;"}, []string{"<img src=x"}},
		{"remove tag", "/tags/delete", url.Values{"key": {"team"}}, http.StatusSeeOther, page + "?tab=tags",
			[]string{"Tag team removed.", "No tags are associated with this role."}, nil},
		{"boundary", "/boundary", url.Values{"boundary_arn": {s3ReadARN}}, http.StatusSeeOther, page,
			[]string{"Permissions boundary set.", `data-testid="boundary-arn" data-value="` + s3ReadARN + `"`, `data-testid="remove-boundary"`}, nil},
		{"boundary: unknown policy", "/boundary", url.Values{"boundary_arn": {"arn:aws:iam::123456789012:policy/Nope"}}, http.StatusUnprocessableEntity, "",
			[]string{`data-testid="error-boundary_arn"`, "Policy arn:aws:iam::123456789012:policy/Nope does not exist or is not attachable."}, nil},
		{"boundary: none chosen", "/boundary", url.Values{"boundary_arn": {""}}, http.StatusUnprocessableEntity, "",
			[]string{`data-testid="error-boundary_arn"`, "Choose a policy"}, nil},
		{"remove boundary", "/boundary/delete", nil, http.StatusSeeOther, page,
			[]string{"Permissions boundary removed.", `data-testid="no-boundary"`}, []string{`data-testid="remove-boundary"`}},
		{"remove missing boundary", "/boundary/delete", nil, http.StatusNotFound, "",
			[]string{"does not have a permissions boundary"}, nil},
		{"trust: invalid", "/trust", url.Values{"document": {"{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [{\"Effect\": \"Allow\", \"Action\": \"sts:AssumeRole\"}]\n}"}}, http.StatusUnprocessableEntity, "",
			[]string{`data-errors="[{&#34;line&#34;:3,`, `data-testid="error-document">Line 3`, `&#34;Action&#34;: &#34;sts:AssumeRole&#34;`}, nil},
		{"trust: valid", "/trust", url.Values{"document": {`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"ec2.amazonaws.com"},"Action":"sts:AssumeRole"}]}`}}, http.StatusSeeOther, page + "?tab=trust",
			[]string{"Trust policy updated.", "ec2.amazonaws.com", `data-errors=""`}, nil},
		{"unknown role", "/settings", url.Values{"description": {""}, "max_session_duration": {"3600"}}, http.StatusNotFound, "", nil, nil},
	}
	// The steps build on each other, so they run in order.
	for _, st := range steps {
		t.Run(st.name, func(t *testing.T) {
			target := page
			if st.name == "unknown role" {
				target = "/iam/roles/Nope"
			}
			res, body := admin.Post(t, target+st.path, st.form, page)
			if res.StatusCode != st.status {
				t.Fatalf("status = %d, want %d\n%.3000s", res.StatusCode, st.status, body)
			}
			if st.then != "" {
				_, body = admin.Get(t, st.then)
			}
			for _, w := range st.want {
				if !strings.Contains(body, w) {
					t.Errorf("page lacks %q", w)
				}
			}
			for _, w := range st.not {
				if strings.Contains(body, w) {
					t.Errorf("page has %q", w)
				}
			}
			if !utf8.ValidString(body) {
				t.Error("the page is not valid UTF-8")
			}
		})
	}
	r, err := env.Services.Identity.GetRole(context.Background(), prodRoot, "UpdateAPP")
	if err != nil {
		t.Fatal(err)
	}
	if r.Description != "Deploys the app" || r.MaxSessionDuration != 7200 || len(r.Tags) != 0 || r.PermissionsBoundary != "" ||
		!strings.Contains(r.AssumeRolePolicyDocument, "ec2.amazonaws.com") {
		t.Errorf("role = %+v", r)
	}
}

// readOnlyUser creates a production user with IAMReadOnlyAccess and signs it in.
func readOnlyUser(t *testing.T, env *webtest.Env) *webtest.Client {
	t.Helper()
	ctx := context.Background()
	const password = "Read-Only-Passw0rd!"
	if _, err := env.Services.Identity.CreateUser(ctx, prodRoot, identity.CreateUserInput{UserName: "reader", Password: password}); err != nil {
		t.Fatal(err)
	}
	if err := env.Services.Identity.AttachPolicy(ctx, prodRoot, "user", "reader", iamReadARN); err != nil {
		t.Fatal(err)
	}
	c := env.NewClient()
	res, body := c.Post(t, "/signin", url.Values{"account": {"production"}, "username": {"reader"}, "password": {password}}, "/signin")
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("sign-in: %d\n%s", res.StatusCode, body)
	}
	return c
}

func TestRoleEditsDenied(t *testing.T) {
	t.Parallel()
	env := webtest.New(t)
	ctx := context.Background()
	if err := env.Services.Identity.TagRole(ctx, prodRoot, "UpdateAPP", []iam.Tag{{Key: "team", Value: "ops"}}); err != nil {
		t.Fatal(err)
	}
	if err := env.Services.Identity.PutRolePermissionsBoundary(ctx, prodRoot, "UpdateAPP", s3ReadARN); err != nil {
		t.Fatal(err)
	}
	reader := readOnlyUser(t, env)
	pages := map[string][]string{
		"/iam/roles":                     {`title="You need iam:CreateRole"`},
		"/iam/roles/UpdateAPP":           {`title="You need iam:UpdateRole"`, `title="You need iam:PutRolePermissionsBoundary"`, `title="You need iam:DeleteRolePermissionsBoundary"`, `title="You need iam:DeleteRole"`},
		"/iam/roles/UpdateAPP?tab=tags":  {`title="You need iam:TagRole"`, `title="You need iam:UntagRole"`},
		"/iam/roles/UpdateAPP?tab=trust": {`title="You need iam:UpdateAssumeRolePolicy"`},
	}
	for path, want := range pages {
		t.Run("page "+path, func(t *testing.T) {
			t.Parallel()
			res, body := reader.Get(t, path)
			if res.StatusCode != http.StatusOK {
				t.Fatalf("status = %d", res.StatusCode)
			}
			for _, w := range want {
				if !strings.Contains(body, w) {
					t.Errorf("page lacks the disabled button %q", w)
				}
			}
		})
	}
	forged := []struct {
		name, path, action string
		form               url.Values
	}{
		{"create", "/iam/roles", "iam:CreateRole", wizardForm("Forged", "policy_arn", s3ReadARN)},
		{"settings", "/iam/roles/UpdateAPP/settings", "iam:UpdateRole", url.Values{"description": {"x"}, "max_session_duration": {"3600"}}},
		{"tag", "/iam/roles/UpdateAPP/tags", "iam:TagRole", url.Values{"tag_key": {"k"}, "tag_value": {"v"}}},
		{"untag", "/iam/roles/UpdateAPP/tags/delete", "iam:UntagRole", url.Values{"key": {"team"}}},
		{"boundary", "/iam/roles/UpdateAPP/boundary", "iam:PutRolePermissionsBoundary", url.Values{"boundary_arn": {iamReadARN}}},
		{"remove boundary", "/iam/roles/UpdateAPP/boundary/delete", "iam:DeleteRolePermissionsBoundary", nil},
		{"trust", "/iam/roles/UpdateAPP/trust", "iam:UpdateAssumeRolePolicy", url.Values{"document": {`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"*"},"Action":"sts:AssumeRole"}]}`}}},
	}
	for _, tc := range forged {
		t.Run("forged "+tc.name, func(t *testing.T) {
			t.Parallel()
			res, body := reader.Post(t, tc.path, tc.form, "/iam/roles")
			if res.StatusCode != http.StatusForbidden || !strings.Contains(body, `data-testid="access-denied"`) || !strings.Contains(body, tc.action) {
				t.Errorf("status = %d, want the access-denied page for %s\n%.2000s", res.StatusCode, tc.action, body)
			}
		})
	}
	t.Cleanup(func() {
		r, err := env.Services.Identity.GetRole(ctx, prodRoot, "UpdateAPP")
		if err != nil {
			t.Fatal(err)
		}
		if r.Description == "x" || len(r.Tags) != 1 || r.PermissionsBoundary != s3ReadARN || strings.Contains(r.AssumeRolePolicyDocument, `"*"`) {
			t.Errorf("a denied edit changed the role: %+v", r)
		}
		if _, err := env.Services.Identity.GetRole(ctx, prodRoot, "Forged"); !iam.IsKind(err, iam.KindNotFound) {
			t.Errorf("a denied create stored a role: %v", err)
		}
	})
}

func TestRoleWizardWithoutPermissions(t *testing.T) {
	t.Parallel()
	env := webtest.New(t)
	ctx := context.Background()
	reader := readOnlyUser(t, env)
	// A user who may create roles but not list policies.
	const password = "Creator-Passw0rd!"
	if _, err := env.Services.Identity.CreateUser(ctx, prodRoot, identity.CreateUserInput{UserName: "creator", Password: password}); err != nil {
		t.Fatal(err)
	}
	if err := env.Services.Identity.PutInlinePolicy(ctx, prodRoot, "user", "creator", "create-roles",
		`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["iam:CreateRole","iam:GetRole"],"Resource":"*"}]}`); err != nil {
		t.Fatal(err)
	}
	creator := env.NewClient()
	if res, body := creator.Post(t, "/signin", url.Values{"account": {"production"}, "username": {"creator"}, "password": {password}}, "/signin"); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("sign-in: %d\n%s", res.StatusCode, body)
	}
	step := func(n string) string {
		return "/iam/roles/new?step=" + n + "&trusted_entity=service&service=ec2.amazonaws.com"
	}
	tests := []struct {
		name   string
		client *webtest.Client
		path   string
		want   []string
		not    []string
	}{
		{"read-only review", reader, step("3"), []string{`disabled title="You need iam:CreateRole" data-testid="create-role-submit"`}, []string{`tabindex="-1"`}},
		{"creator review", creator, step("3"), []string{`<button class="btn btn-primary" type="submit" data-testid="create-role-submit">`}, nil},
		{"creator cannot list policies", creator, step("2"), []string{"You need iam:ListPolicies to choose policies here.", `<input id="boundary_arn" name="boundary_arn"`}, []string{`name="policy_arn"`}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			res, body := tc.client.Get(t, tc.path)
			if res.StatusCode != http.StatusOK {
				t.Fatalf("status = %d", res.StatusCode)
			}
			for _, w := range tc.want {
				if !strings.Contains(body, w) {
					t.Errorf("page lacks %q", w)
				}
			}
			for _, w := range tc.not {
				if strings.Contains(body, w) {
					t.Errorf("page has %q", w)
				}
			}
		})
	}
	t.Run("creator creates without policies", func(t *testing.T) {
		t.Parallel()
		res, body := creator.Post(t, "/iam/roles", wizardForm("ByCreator"), "/iam/roles/new")
		if res.StatusCode != http.StatusSeeOther {
			t.Fatalf("status = %d\n%.2000s", res.StatusCode, body)
		}
	})
}
