package console_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"iamconsole/web/webtest"
)

// awsPolicies are AWS managed policies of the catalog, more than an entity
// may have attached.
var awsPolicies = []string{"AWSCloudTrail_ReadOnlyAccess", "AWSOrganizationsFullAccess", "AWSOrganizationsReadOnlyAccess",
	"AmazonDynamoDBFullAccess", "AmazonDynamoDBReadOnlyAccess", "AmazonEC2FullAccess", "AmazonEC2ReadOnlyAccess",
	"AmazonS3FullAccess", "AmazonS3ReadOnlyAccess", "IAMFullAccess", "IAMReadOnlyAccess", "PowerUserAccess", "SecurityAudit"}

func awsARN(name string) string { return "arn:aws:iam::aws:policy/" + name }

func TestAttachAndDetach(t *testing.T) {
	t.Parallel()
	env := webtest.New(t)
	admin := env.SignIn(t, "production", "admin")
	mustPost(t, admin, "/iam/users", url.Values{"user_name": {"erin"}}, http.StatusSeeOther)
	mustPost(t, admin, "/iam/groups", url.Values{"group_name": {"Ops"}}, http.StatusSeeOther)
	mustPost(t, admin, "/iam/groups/Ops/users", url.Values{"user": {"erin"}}, http.StatusSeeOther)
	// A refused POST that re-renders the group page still shows its permissions.
	body := mustPost(t, admin, "/iam/groups/Ops/delete", url.Values{"confirm": {"Ops"}}, http.StatusUnprocessableEntity)
	if !strings.Contains(body, `data-testid="permissions-panel"`) || strings.Contains(body, `data-testid="permissions-problem"`) {
		t.Fatalf("group page re-rendered without its permissions\n%s", body)
	}

	tests := []struct {
		name, base, quota string
	}{
		{"user", "/iam/users/erin", "Cannot exceed quota for PoliciesPerUser: 10"},
		{"group", "/iam/groups/Ops", "Cannot exceed quota for PoliciesPerGroup: 10"},
		{"role", "/iam/roles/UpdateAPP", "Cannot exceed quota for PoliciesPerRole: 10"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, body := admin.Get(t, tt.base+"/attach?q=S3")
			mustStatus(t, "attach form", res, body, http.StatusOK, "AmazonS3ReadOnlyAccess", `name="policy_arn"`)
			if strings.Contains(body, "AmazonEC2FullAccess") {
				t.Error("search did not filter")
			}
			res, body = admin.Post(t, tt.base+"/policies", url.Values{}, tt.base)
			mustStatus(t, "nothing selected", res, body, http.StatusUnprocessableEntity, "Select at least one policy.")
			res, body = admin.Post(t, tt.base+"/policies", url.Values{"policy_arn": {awsARN("AmazonS3ReadOnlyAccess")}}, tt.base)
			mustStatus(t, "attach", res, body, http.StatusSeeOther)
			res, body = admin.Get(t, res.Header.Get("Location"))
			mustStatus(t, "panel", res, body, http.StatusOK, `data-testid="permissions-panel"`, "AmazonS3ReadOnlyAccess", `data-testid="detach"`)
			res, body = admin.Post(t, tt.base+"/policies", url.Values{"policy_arn": {"arn:aws:iam::aws:policy/NoSuchPolicy"}}, tt.base)
			mustStatus(t, "unknown policy", res, body, http.StatusUnprocessableEntity, "does not exist or is not attachable.", `data-testid="error-policy_arn"`)

			var all []string
			for _, n := range awsPolicies {
				all = append(all, awsARN(n))
			}
			res, body = admin.Post(t, tt.base+"/policies", url.Values{"policy_arn": all}, tt.base)
			mustStatus(t, "quota", res, body, http.StatusUnprocessableEntity, tt.quota, `data-testid="error-policy_arn"`)
			if !strings.Contains(body, `value="`+awsARN("SecurityAudit")+`" checked`) {
				t.Error("the policies not attached are no longer selected")
			}
			_, body = admin.Get(t, tt.base+"?tab=permissions")
			if n := strings.Count(body, `data-testid="attached-row"`); n != 10 {
				t.Fatalf("%d attached, want 10", n)
			}
			res, body = admin.Post(t, tt.base+"/policies/delete", url.Values{"policy_arn": {awsARN("AmazonS3ReadOnlyAccess")}}, tt.base)
			mustStatus(t, "detach", res, body, http.StatusSeeOther)
			_, body = admin.Get(t, tt.base+"?tab=permissions")
			if n := strings.Count(body, `data-testid="attached-row"`); n != 9 {
				t.Fatalf("%d attached after detach, want 9", n)
			}
		})
	}
	// The user sees what it gets through Ops, read-only.
	_, body = admin.Get(t, "/iam/users/erin?tab=permissions")
	if !strings.Contains(body, `data-testid="group-permissions"`) || strings.Count(body, `data-testid="group-policy-row"`) != 9 {
		t.Fatalf("group permissions of erin\n%s", body)
	}
	res, body := admin.Get(t, "/iam/users/nobody/attach")
	mustStatus(t, "missing user", res, body, http.StatusNotFound)
}

// mustPost submits a form and fails unless the answer has status want.
func mustPost(t *testing.T, c *webtest.Client, path string, form url.Values, want int) string {
	t.Helper()
	res, body := c.Post(t, path, form, "/iam/policies")
	mustStatus(t, "POST "+path, res, body, want)
	return body
}

// bigDoc is a valid identity policy of about n characters without whitespace.
func bigDoc(n int) string {
	var res []string
	for i := 0; len(strings.Join(res, ","))+80 < n; i++ {
		res = append(res, `"arn:aws:s3:::bucket-with-a-long-name-number-`+strings.Repeat("x", 10)+`/*"`)
	}
	return `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":[` + strings.Join(res, ",") + `]}]}`
}

func TestInlinePolicies(t *testing.T) {
	t.Parallel()
	env := webtest.New(t)
	admin := env.SignIn(t, "production", "admin")
	mustPost(t, admin, "/iam/users", url.Values{"user_name": {"erin"}}, http.StatusSeeOther)
	mustPost(t, admin, "/iam/groups", url.Values{"group_name": {"Ops"}}, http.StatusSeeOther)

	tests := []struct {
		name, base, quotaMsg string
		quota                int
	}{
		{"user", "/iam/users/erin", "Maximum policy size of 2048 bytes exceeded for user erin", 2048},
		{"group", "/iam/groups/Ops", "Maximum policy size of 5120 bytes exceeded for group Ops", 5120},
		{"role", "/iam/roles/UpdateAPP", "Maximum policy size of 10240 bytes exceeded for role UpdateAPP", 10240},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, body := admin.Get(t, tt.base+"/inline")
			mustStatus(t, "new", res, body, http.StatusOK, `data-policy-kind="identity"`, `name="new" value="on"`)
			mustPost(t, admin, tt.base+"/inline", url.Values{"new": {"on"}, "policy_name": {"read-logs"}, "document": {s3Doc("GetObject")}}, http.StatusSeeOther)
			_, body = admin.Get(t, tt.base+"?tab=permissions")
			if !strings.Contains(body, `data-testid="inline-row"`) || !strings.Contains(body, "read-logs") {
				t.Fatalf("inline policy not listed\n%s", body)
			}
			body = mustPost(t, admin, tt.base+"/inline", url.Values{"new": {"on"}, "policy_name": {"read-logs"}, "document": {s3Doc("PutObject")}}, http.StatusUnprocessableEntity)
			if !strings.Contains(body, "A policy called read-logs already exists") {
				t.Error("creating over an existing name was not refused")
			}
			res, body = admin.Get(t, tt.base+"/inline/read-logs")
			mustStatus(t, "edit", res, body, http.StatusOK, "s3:GetObject", `value="read-logs" readonly`)
			mustPost(t, admin, tt.base+"/inline", url.Values{"policy_name": {"read-logs"}, "document": {s3Doc("PutObject")}}, http.StatusSeeOther)
			_, body = admin.Get(t, tt.base+"/inline/read-logs")
			if !strings.Contains(body, "s3:PutObject") {
				t.Fatal("edit not saved")
			}

			body = mustPost(t, admin, tt.base+"/inline", url.Values{"policy_name": {"bad"}, "document": {badDoc}}, http.StatusUnprocessableEntity)
			for _, w := range []string{"Line 6, column", `&#34;line&#34;:6`, `value="bad"`, "s3GetObject"} {
				if !strings.Contains(body, w) {
					t.Errorf("invalid document: page lacks %q", w)
				}
			}
			big := bigDoc(tt.quota + 100)
			body = mustPost(t, admin, tt.base+"/inline", url.Values{"new": {"on"}, "policy_name": {"huge"}, "document": {big}}, http.StatusUnprocessableEntity)
			if !strings.Contains(body, tt.quotaMsg) || !strings.Contains(body, `data-testid="error-document"`) {
				t.Errorf("size quota: page lacks %q", tt.quotaMsg)
			}
			if res, _ := admin.Get(t, tt.base+"/inline/huge"); res.StatusCode != http.StatusNotFound {
				t.Errorf("oversized policy stored: %d", res.StatusCode)
			}

			mustPost(t, admin, tt.base+"/inline/read-logs/delete", url.Values{"confirm": {"yes"}}, http.StatusSeeOther)
			if res, _ := admin.Get(t, tt.base+"/inline/read-logs"); res.StatusCode != http.StatusNotFound {
				t.Errorf("deleted policy still there: %d", res.StatusCode)
			}
			mustPost(t, admin, tt.base+"/inline/read-logs/delete", url.Values{"confirm": {"yes"}}, http.StatusNotFound)

			// "new" is a name like any other: its page opens it.
			mustPost(t, admin, tt.base+"/inline", url.Values{"new": {"on"}, "policy_name": {"new"}, "document": {s3Doc("GetObject")}}, http.StatusSeeOther)
			if res, body := admin.Get(t, tt.base+"/inline/new"); res.StatusCode != http.StatusOK || !strings.Contains(body, "s3:GetObject") {
				t.Errorf("inline policy named new: %d", res.StatusCode)
			}
		})
	}
}

func TestReadOnlyUserSeesDisabledButtons(t *testing.T) {
	t.Parallel()
	env := webtest.New(t)
	admin := env.SignIn(t, "production", "admin")
	const pw = "Reader-pass-1234"
	mustPost(t, admin, "/iam/users", url.Values{"user_name": {"reader"}, "console_access": {"on"}, "password": {pw}}, http.StatusSeeOther)
	mustPost(t, admin, "/iam/users/reader/policies", url.Values{"policy_arn": {awsARN("IAMReadOnlyAccess")}}, http.StatusSeeOther)
	mustPost(t, admin, "/iam/policies", url.Values{"policy_name": {"app"}, "document": {s3Doc("GetObject")}}, http.StatusSeeOther)
	mustPost(t, admin, "/iam/roles/UpdateAPP/inline", url.Values{"policy_name": {"extra"}, "document": {s3Doc("GetObject")}}, http.StatusSeeOther)

	reader := env.NewClient()
	res, body := reader.Post(t, "/signin", url.Values{"account": {"production"}, "username": {"reader"}, "password": {pw}}, "/signin")
	mustStatus(t, "sign in", res, body, http.StatusSeeOther)

	pages := []struct {
		name, path string
		want       []string
	}{
		{"user", "/iam/users/reader?tab=permissions", []string{`title="You need iam:AttachUserPolicy"`, `title="You need iam:DetachUserPolicy"`, `title="You need iam:PutUserPolicy"`}},
		{"role", "/iam/roles/UpdateAPP", []string{`title="You need iam:AttachRolePolicy"`, `title="You need iam:DeleteRolePolicy"`, `title="You need iam:PutRolePolicy"`}},
		{"policy", policyPage(prodPolicy("app")), []string{`title="You need iam:CreatePolicyVersion"`, `title="You need iam:DeletePolicy"`}},
		{"policies", "/iam/policies", []string{`title="You need iam:CreatePolicy"`}},
		{"inline", "/iam/roles/UpdateAPP/inline/extra", []string{`title="You need iam:PutRolePolicy"`}},
		{"attach form", "/iam/roles/UpdateAPP/attach", []string{`title="You need iam:AttachRolePolicy"`}},
	}
	for _, p := range pages {
		t.Run(p.name, func(t *testing.T) {
			res, body := reader.Get(t, p.path)
			mustStatus(t, p.name, res, body, http.StatusOK, p.want...)
		})
	}
	forged := []struct {
		name, path string
		form       url.Values
	}{
		{"attach", "/iam/roles/UpdateAPP/policies", url.Values{"policy_arn": {awsARN("AdministratorAccess")}}},
		{"detach", "/iam/users/reader/policies/delete", url.Values{"policy_arn": {awsARN("IAMReadOnlyAccess")}}},
		{"put inline", "/iam/users/reader/inline", url.Values{"policy_name": {"mine"}, "document": {s3Doc("GetObject")}}},
		{"delete inline", "/iam/roles/UpdateAPP/inline/extra/delete", nil},
		{"create policy", "/iam/policies", url.Values{"policy_name": {"mine"}, "document": {s3Doc("GetObject")}}},
		{"new version", policyPage(prodPolicy("app")) + "/versions", url.Values{"document": {s3Doc("PutObject")}}},
		{"delete policy", policyPage(prodPolicy("app")) + "/delete", nil},
	}
	for _, f := range forged {
		t.Run("forged "+f.name, func(t *testing.T) {
			res, body := reader.Post(t, f.path, f.form, "/iam/policies")
			mustStatus(t, f.name, res, body, http.StatusForbidden, `data-testid="access-denied"`)
		})
	}
	if res, _ := admin.Get(t, "/iam/roles/UpdateAPP/inline/extra"); res.StatusCode != http.StatusOK {
		t.Error("a forged delete removed the inline policy")
	}
}

func TestHostileInput(t *testing.T) {
	t.Parallel()
	env := webtest.New(t)
	admin := env.SignIn(t, "production", "admin")
	script := `<script>alert(1)</script>`
	huge := strings.Repeat("a", 1<<20)
	tests := []struct {
		name, path string
		form       url.Values
		field      string
	}{
		{"policy name script", "/iam/policies", url.Values{"policy_name": {script}, "document": {s3Doc("GetObject")}}, "policy_name"},
		{"policy name sql", "/iam/policies", url.Values{"policy_name": {`x'; DROP TABLE policies;--`}, "document": {s3Doc("GetObject")}}, "policy_name"},
		{"policy name control", "/iam/policies", url.Values{"policy_name": {"a\x00b\x1b[2J"}, "document": {s3Doc("GetObject")}}, "policy_name"},
		{"policy name invalid utf-8", "/iam/policies", url.Values{"policy_name": {"caf\xe9\xff"}, "document": {s3Doc("GetObject")}}, "policy_name"},
		{"document script", "/iam/policies", url.Values{"policy_name": {"doc"}, "document": {`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"` + script + `","Resource":"*"}]}`}}, "document"},
		{"document invalid utf-8", "/iam/policies", url.Values{"policy_name": {"doc"}, "document": {"{\"Version\":\"2012-10-17\xff\"}"}}, "document"},
		{"document 1 MB", "/iam/policies", url.Values{"policy_name": {"doc"}, "document": {huge}}, "document"},
		{"path script", "/iam/policies", url.Values{"policy_name": {"doc"}, "path": {"/" + script + "/"}, "document": {s3Doc("GetObject")}}, "path"},
		{"inline name script", "/iam/roles/UpdateAPP/inline", url.Values{"new": {"on"}, "policy_name": {script}, "document": {s3Doc("GetObject")}}, "policy_name"},
		{"inline name sql", "/iam/roles/UpdateAPP/inline", url.Values{"new": {"on"}, "policy_name": {`' OR 1=1 --`}, "document": {s3Doc("GetObject")}}, "policy_name"},
		{"inline document 1 MB", "/iam/roles/UpdateAPP/inline", url.Values{"new": {"on"}, "policy_name": {"doc"}, "document": {huge}}, "document"},
		{"inline document control", "/iam/roles/UpdateAPP/inline", url.Values{"new": {"on"}, "policy_name": {"doc"}, "document": {"{\x00\x01}"}}, "document"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, body := admin.Post(t, tt.path, tt.form, "/iam/policies")
			if res.StatusCode != http.StatusUnprocessableEntity {
				t.Fatalf("status %d, want 422\n%.2000s", res.StatusCode, body)
			}
			if !strings.Contains(body, `data-testid="error-`+tt.field) && !(tt.field == "document" && strings.Contains(body, `data-testid="error-position"`)) {
				t.Errorf("no error next to %s\n%.3000s", tt.field, body)
			}
			if strings.Contains(body, script) {
				t.Error("script tag echoed unescaped")
			}
		})
	}
	if n := localPolicies(t, admin, ""); n != 0 {
		t.Errorf("%d customer managed policies stored", n)
	}
	_, body := admin.Get(t, "/iam/roles/UpdateAPP")
	if strings.Contains(body, `/inline/doc"`) || strings.Contains(body, "DROP") || strings.Contains(body, "1=1") {
		t.Error("an inline policy was stored")
	}
}

// TestHostileInputPolicyForms posts every hostile value into every field of
// the policy forms that refuses it: each answer is a 422 with a message next
// to a field, nothing is echoed unescaped, and nothing is stored.
func TestHostileInputPolicyForms(t *testing.T) {
	t.Parallel()
	env := webtest.New(t)
	admin := env.SignIn(t, "development", "admin")
	forms := []struct {
		name, path string
		base       url.Values
		fields     []string
	}{
		{"create policy", "/iam/policies", url.Values{"policy_name": {"hostile"}, "path": {"/"}, "document": {s3Doc("GetObject")}}, []string{"policy_name", "path", "document"}},
		{"user inline", "/iam/users/david/inline", url.Values{"new": {"on"}, "policy_name": {"hostile"}, "document": {s3Doc("GetObject")}}, []string{"policy_name", "document"}},
		{"group inline", "/iam/groups/Developers/inline", url.Values{"policy_name": {"hostile"}, "document": {s3Doc("GetObject")}}, []string{"policy_name", "document"}},
		{"attach", "/iam/users/david/policies", url.Values{}, []string{"policy_arn"}},
	}
	snapshot := func() string {
		_, dev := admin.Get(t, "/iam/account/authorization_details.json")
		return dev
	}
	before := snapshot()
	for _, f := range forms {
		for _, field := range f.fields {
			for vname, v := range hostileValues {
				t.Run(f.name+"/"+field+"/"+vname, func(t *testing.T) {
					form := url.Values{}
					for k, vs := range f.base {
						form[k] = vs
					}
					form.Set(field, v)
					res, body := admin.Post(t, f.path, form, "/iam/policies")
					if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, `class="field-error"`) {
						t.Fatalf("status %d, want 422 with a field error\n%.2000s", res.StatusCode, body)
					}
					for _, m := range rawMarkers {
						if strings.Contains(body, m) {
							t.Fatalf("page contains %q unescaped", m)
						}
					}
				})
			}
		}
	}
	if after := snapshot(); after != before {
		t.Fatal("a refused form changed the stored configuration")
	}
}
