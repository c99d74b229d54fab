package console_test

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"iamconsole/iam"
	"iamconsole/iam/organizations"
	"iamconsole/web/webtest"
)

const (
	s3ReadARN  = "arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess"
	iamReadARN = "arn:aws:iam::aws:policy/IAMReadOnlyAccess"
)

// prodRoot is the root user of the demo production account.
var prodRoot = &iam.Caller{Type: iam.CallerRoot, AccountID: organizations.DemoProductionID, ARN: "arn:aws:iam::" + organizations.DemoProductionID + ":root", UniqueID: organizations.DemoProductionID}

// wizardForm is a complete wizard answer that creates a role trusting this
// account; cases change what they test.
func wizardForm(name string, kv ...string) url.Values {
	f := url.Values{"trusted_entity": {"account"}, "account_choice": {"this"}, "role_name": {name}, "max_session_duration": {"3600"}}
	for i := 0; i+1 < len(kv); i += 2 {
		f.Del(kv[i])
	}
	for i := 0; i+1 < len(kv); i += 2 {
		f.Add(kv[i], kv[i+1])
	}
	return f
}

// trustDoc is the part of a trust policy the wizard writes.
type trustDoc struct {
	Version   string
	Statement []struct {
		Effect    string
		Principal map[string]string
		Action    string
		Condition map[string]map[string]string
	}
}

func TestRoleWizardCreates(t *testing.T) {
	t.Parallel()
	env := webtest.New(t)
	admin := env.SignIn(t, "production", "admin")
	const custom = `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"lambda.amazonaws.com"},"Action":"sts:AssumeRole"}]}`
	tests := []struct {
		name       string
		form       url.Values
		principal  map[string]string
		condition  map[string]map[string]string
		exact      string // the whole stored trust policy, when set
		policies   []string
		boundary   string
		session    int
		tags       []iam.Tag
		desc, path string
	}{
		{name: "this account", form: wizardForm("ThisAccount"), principal: map[string]string{"AWS": "arn:aws:iam::123456789012:root"}, session: 3600, path: "/",
			exact: "{\n    \"Version\": \"2012-10-17\",\n    \"Statement\": [\n        {\n            \"Effect\": \"Allow\",\n            \"Principal\": {\n                \"AWS\": \"arn:aws:iam::123456789012:root\"\n            },\n            \"Action\": \"sts:AssumeRole\"\n        }\n    ]\n}"},
		{name: "this account with external ID and MFA", form: wizardForm("Vendor", "require_external_id", "on", "external_id", "Ext-1234:abc", "require_mfa", "on",
			"policy_arn", s3ReadARN, "policy_arn", iamReadARN, "max_session_duration", "7200", "description", "Vendor access, café", "path", "/vendors/",
			"tag_key", "team", "tag_value", "ops", "tag_key", "", "tag_value", ""),
			principal: map[string]string{"AWS": "arn:aws:iam::123456789012:root"},
			condition: map[string]map[string]string{"StringEquals": {"sts:ExternalId": "Ext-1234:abc"}, "Bool": {"aws:MultiFactorAuthPresent": "true"}},
			policies:  []string{s3ReadARN, iamReadARN}, session: 7200, tags: []iam.Tag{{Key: "team", Value: "ops"}}, desc: "Vendor access, café", path: "/vendors/"},
		{name: "another account", form: wizardForm("FromDev", "account_choice", "other", "account_id", "111122223333", "require_mfa", "on"),
			principal: map[string]string{"AWS": "arn:aws:iam::111122223333:root"}, condition: map[string]map[string]string{"Bool": {"aws:MultiFactorAuthPresent": "true"}},
			session: 3600, path: "/"},
		{name: "service", form: wizardForm("Ec2App", "trusted_entity", "service", "service", "ec2.amazonaws.com", "policy_arn", s3ReadARN, "boundary_arn", s3ReadARN,
			"max_session_duration", "43200"),
			principal: map[string]string{"Service": "ec2.amazonaws.com"}, policies: []string{s3ReadARN}, boundary: s3ReadARN, session: 43200, path: "/"},
		{name: "custom", form: wizardForm("LambdaFn", "trusted_entity", "custom", "trust_policy", custom),
			principal: map[string]string{"Service": "lambda.amazonaws.com"}, exact: custom, session: 3600, path: "/"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			name := tc.form.Get("role_name")
			res, body := admin.Post(t, "/iam/roles", tc.form, "/iam/roles/new")
			if res.StatusCode != http.StatusSeeOther {
				t.Fatalf("status = %d\n%s", res.StatusCode, body)
			}
			if loc := res.Header.Get("Location"); loc != "/iam/roles/"+name {
				t.Errorf("Location = %s", loc)
			}
			_, page := admin.Get(t, "/iam/roles/"+name)
			link := "/switchrole?roleName=" + strings.TrimPrefix(tc.path, "/") + name + "&amp;account=production"
			if !strings.Contains(page, "Role "+name+" created. Link to switch roles in console: "+env.Server.URL+link) {
				t.Errorf("the success message should give the switch-role link %s", link)
			}
			if !strings.Contains(page, `data-copy-target="switch-link"`) {
				t.Error("the role page should offer to copy the switch-role link")
			}
			ctx := context.Background()
			r, err := env.Services.Identity.GetRole(ctx, prodRoot, name)
			if err != nil {
				t.Fatal(err)
			}
			if tc.exact != "" && r.AssumeRolePolicyDocument != tc.exact {
				t.Errorf("trust policy =\n%s\nwant\n%s", r.AssumeRolePolicyDocument, tc.exact)
			}
			var doc trustDoc
			if err := json.Unmarshal([]byte(r.AssumeRolePolicyDocument), &doc); err != nil {
				t.Fatalf("trust policy: %v\n%s", err, r.AssumeRolePolicyDocument)
			}
			if len(doc.Statement) != 1 {
				t.Fatalf("statements = %d", len(doc.Statement))
			}
			st := doc.Statement[0]
			if doc.Version != "2012-10-17" || st.Effect != "Allow" || st.Action != "sts:AssumeRole" {
				t.Errorf("statement = %+v", st)
			}
			if !equalJSON(t, st.Principal, tc.principal) || !equalJSON(t, st.Condition, tc.condition) {
				t.Errorf("principal = %v, condition = %v; want %v, %v", st.Principal, st.Condition, tc.principal, tc.condition)
			}
			atts, err := env.Services.Identity.ListAttachedPolicies(ctx, prodRoot, "role", name)
			if err != nil {
				t.Fatal(err)
			}
			var arns []string
			for _, a := range atts {
				arns = append(arns, a.ARN)
			}
			if !slices.Equal(arns, tc.policies) {
				t.Errorf("attached = %v, want %v", arns, tc.policies)
			}
			if r.PermissionsBoundary != tc.boundary || r.MaxSessionDuration != tc.session || r.Description != tc.desc || r.Path != tc.path {
				t.Errorf("role = %+v", r)
			}
			if !slices.Equal(r.Tags, tc.tags) {
				t.Errorf("tags = %v, want %v", r.Tags, tc.tags)
			}
		})
	}
}

func equalJSON(t *testing.T, a, b any) bool {
	t.Helper()
	x, _ := json.Marshal(a)
	y, _ := json.Marshal(b)
	return string(x) == string(y)
}

func TestRoleWizardSteps(t *testing.T) {
	t.Parallel()
	env := webtest.New(t)
	admin := env.SignIn(t, "production", "admin")
	q := func(kv ...string) string {
		v := url.Values{}
		for i := 0; i+1 < len(kv); i += 2 {
			v.Add(kv[i], kv[i+1])
		}
		return "/iam/roles/new?" + v.Encode()
	}
	tests := []struct {
		name   string
		path   string
		status int
		want   []string
		not    []string
	}{
		{"step 1", "/iam/roles/new", http.StatusOK, []string{`class="wizard-steps"`, `aria-current="step"><span class="step-label">Step 1`,
			`name="trusted_entity" value="service" checked`, `value="ecs-tasks.amazonaws.com"`, `This account (123456789012)`, `data-policy-kind="trust"`, `js/editor`}, nil},
		{"to step 2", q("step", "2", "trusted_entity", "account", "account_choice", "other", "account_id", "111122223333"), http.StatusOK,
			[]string{`<span class="step-label">Step 2`, `name="policy_arn" value="arn:aws:iam::aws:policy/AdministratorAccess"`, `type="hidden" name="account_id" value="111122223333"`,
				`data-filter-table="wizard-policies"`, `name="boundary_arn"`}, nil},
		{"search keeps hidden choices", q("step", "2", "trusted_entity", "service", "service", "ec2.amazonaws.com", "policy_search", "S3", "policy_arn", iamReadARN), http.StatusOK,
			[]string{`value="arn:aws:iam::aws:policy/AmazonS3FullAccess"`, `type="hidden" name="policy_arn" value="arn:aws:iam::aws:policy/IAMReadOnlyAccess"`},
			[]string{`name="policy_arn" value="arn:aws:iam::aws:policy/AdministratorAccess"`}},
		{"bad account stays on step 1", q("step", "2", "trusted_entity", "account", "account_choice", "other", "account_id", "12345"), http.StatusUnprocessableEntity,
			[]string{`<span class="step-label">Step 1`, `data-testid="error-account_id">The account ID must be 12 digits.`, `value="12345"`}, nil},
		{"invalid custom policy stays on step 1", q("step", "2", "trusted_entity", "custom", "trust_policy", `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"sts:AssumeRole"}]}`), http.StatusUnprocessableEntity,
			[]string{`data-errors="[{&#34;line&#34;:`, `data-testid="error-trust_policy">Line `}, nil},
		{"review", q("step", "3", "trusted_entity", "account", "require_external_id", "on", "external_id", "abc123", "policy_arn", s3ReadARN), http.StatusOK,
			[]string{`<span class="step-label">Step 3`, `method="post" action="/iam/roles"`, `data-testid="trust-preview"`, `arn:aws:iam::123456789012:root`, `sts:ExternalId`,
				`AmazonS3ReadOnlyAccess`, `name="max_session_duration"`, `<option value="3600" selected>1 hour</option>`, `<option value="43200">12 hours</option>`,
				`href="/iam/roles/new?`, `name="tag_key"`}, nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			res, body := admin.Get(t, tc.path)
			if res.StatusCode != tc.status {
				t.Fatalf("status = %d, want %d\n%s", res.StatusCode, tc.status, body)
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
	t.Run("add tag row", func(t *testing.T) {
		t.Parallel()
		res, body := admin.Post(t, "/iam/roles", wizardForm("Tagged", "add_tag", "1", "tag_key", "a", "tag_value", "b"), "/iam/roles/new")
		if res.StatusCode != http.StatusOK || strings.Count(body, `name="tag_key"`) != 3 {
			t.Errorf("status %d, %d tag rows", res.StatusCode, strings.Count(body, `name="tag_key"`))
		}
		if _, err := env.Services.Identity.GetRole(context.Background(), prodRoot, "Tagged"); !iam.IsKind(err, iam.KindNotFound) {
			t.Errorf("adding a tag row should not create the role: %v", err)
		}
	})
}

func TestRoleWizardErrors(t *testing.T) {
	t.Parallel()
	env := webtest.New(t)
	admin := env.SignIn(t, "production", "admin")
	// Nothing is stored: checked once every parallel case has finished.
	t.Cleanup(func() {
		l, err := env.Services.Identity.ListRoles(context.Background(), prodRoot, iam.ListInput{})
		if err != nil {
			t.Fatal(err)
		}
		if l.Total != 4 {
			var names []string
			for _, r := range l.Roles {
				names = append(names, r.RoleName)
			}
			t.Errorf("roles = %v, want only the demo's four", names)
		}
	})
	tests := []struct {
		name  string
		form  url.Values
		field string
		want  []string
	}{
		{"account ID", wizardForm("E1", "account_choice", "other", "account_id", "12345678901x"), "account_id", []string{"must be 12 digits", `value="12345678901x"`}},
		{"external ID", wizardForm("E2", "require_external_id", "on", "external_id", "x"), "external_id", []string{"2 to 1224 characters"}},
		{"no service", wizardForm("E3", "trusted_entity", "service"), "service", []string{"Choose a service."}},
		{"unknown service", wizardForm("E4", "trusted_entity", "service", "service", "evil.example.com"), "service", []string{"Choose a service."}},
		{"unknown entity type", wizardForm("E5", "trusted_entity", "nobody"), "trusted_entity", []string{"Choose a trusted entity type."}},
		{"name taken", wizardForm("UpdateAPP"), "role_name", []string{"Role with name UpdateAPP already exists."}},
		{"name taken, other case", wizardForm("updateapp", "policy_arn", s3ReadARN), "role_name", []string{"Role with name updateapp already exists."}},
		{"invalid principal", wizardForm("E6", "trusted_entity", "custom", "trust_policy", "{\"Version\":\"2012-10-17\",\n\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"arn:aws:iam::123456789012:role/Ghost\"},\"Action\":\"sts:AssumeRole\"}]}"),
			"trust_policy", []string{`Invalid principal in policy: &#34;AWS&#34;:&#34;arn:aws:iam::123456789012:role/Ghost&#34;`, `data-errors="[{&#34;line&#34;:2,`, "role/Ghost"}},
		{"trust syntax", wizardForm("E7", "trusted_entity", "custom", "trust_policy", "{\n  \"Version\":"), "trust_policy", []string{`data-errors="[{&#34;line&#34;:`, "Line "}},
		{"trust with resource", wizardForm("E8", "trusted_entity", "custom", "trust_policy", `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"ec2.amazonaws.com"},"Action":"sts:AssumeRole","Resource":"*"}]}`),
			"trust_policy", []string{"Has prohibited field Resource"}},
		{"unknown policy", wizardForm("E9", "policy_arn", s3ReadARN, "policy_arn", "arn:aws:iam::123456789012:policy/Nope"), "policy_arn",
			[]string{"Policy arn:aws:iam::123456789012:policy/Nope does not exist or is not attachable.", `<span class="step-label">Step 2`}},
		{"too many policies", wizardForm("E10", "policy_arn", "arn:aws:iam::aws:policy/AdministratorAccess", "policy_arn", "arn:aws:iam::aws:policy/ReadOnlyAccess",
			"policy_arn", "arn:aws:iam::aws:policy/PowerUserAccess", "policy_arn", "arn:aws:iam::aws:policy/IAMFullAccess", "policy_arn", iamReadARN,
			"policy_arn", "arn:aws:iam::aws:policy/AmazonS3FullAccess", "policy_arn", s3ReadARN, "policy_arn", "arn:aws:iam::aws:policy/AmazonDynamoDBFullAccess",
			"policy_arn", "arn:aws:iam::aws:policy/AmazonDynamoDBReadOnlyAccess", "policy_arn", "arn:aws:iam::aws:policy/AmazonEC2FullAccess",
			"policy_arn", "arn:aws:iam::aws:policy/AmazonEC2ReadOnlyAccess"), "policy_arn", []string{"Cannot exceed quota for PoliciesPerRole: 10"}},
		{"unknown boundary", wizardForm("E11", "boundary_arn", "arn:aws:iam::123456789012:policy/Nope"), "boundary_arn", []string{"does not exist or is not attachable"}},
		{"session too long", wizardForm("E12", "max_session_duration", "43201"), "max_session_duration", []string{"less than or equal to 43200"}},
		{"session not a number", wizardForm("E13", "max_session_duration", "1h"), "max_session_duration", []string{"Choose a maximum session duration."}},
		{"bad path", wizardForm("E14", "path", "no-slashes"), "path", []string{"must begin and end with /"}},
		{"bad tag key", wizardForm("E15", "tag_key", "<b>bold</b>", "tag_value", "v"), "tags", []string{"&lt;b&gt;bold&lt;/b&gt;"}},
		{"duplicate tag keys", wizardForm("E16", "tag_key", "Team", "tag_value", "a", "tag_key", "team", "tag_value", "b"), "tags", []string{"Duplicate tag keys"}},
		{"empty name", wizardForm(""), "role_name", []string{"length greater than or equal to 1"}},
		{"script in name", wizardForm("<script>alert(1)</script>"), "role_name", []string{"&lt;script&gt;alert(1)&lt;/script&gt;", "regular expression"}},
		{"SQL in name", wizardForm("x'; DROP TABLE roles;--"), "role_name", []string{"x&#39;; DROP TABLE roles;--"}},
		{"control characters in name", wizardForm("a\x00b\x07c\r\nd"), "role_name", []string{"regular expression"}},
		{"invalid UTF-8 in name", wizardForm("ab\xff\xfecd"), "role_name", []string{"ab\uFFFD"}},
		{"long name", wizardForm(strings.Repeat("n", 65)), "role_name", []string{"less than or equal to 64"}},
		{"script in description", wizardForm("E17", "description", "<script>alert(1)</script>\x01"), "description", []string{"&lt;script&gt;alert(1)&lt;/script&gt;", "regular expression pattern"}},
		{"megabyte description", wizardForm("E18", "description", strings.Repeat("d", 1<<20)), "description", []string{"less than or equal to 1000"}},
		{"invalid UTF-8 in description", wizardForm("E19", "description", "caf\xe9"), "description", []string{"regular expression pattern"}},
		{"script in external ID", wizardForm("E20", "require_external_id", "on", "external_id", `"><script>x</script>`), "external_id", []string{`value="&#34;&gt;&lt;script&gt;x&lt;/script&gt;"`}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			res, body := admin.Post(t, "/iam/roles", tc.form, "/iam/roles/new")
			if res.StatusCode != http.StatusUnprocessableEntity {
				t.Fatalf("status = %d, want 422\n%.2000s", res.StatusCode, body)
			}
			if !strings.Contains(body, `class="field-error" data-testid="error-`+tc.field+`"`) {
				t.Errorf("no error next to %s", tc.field)
			}
			for _, w := range tc.want {
				if !strings.Contains(body, w) {
					t.Errorf("page lacks %q", w)
				}
			}
			if strings.Contains(body, "<script>alert(1)") || strings.Contains(body, "<script>x") || strings.Contains(body, "<b>bold") {
				t.Error("submitted markup must be escaped")
			}
			if !utf8.ValidString(body) {
				t.Error("the page is not valid UTF-8")
			}
		})
	}
}

// TestRoleWizardHostileInput posts each hostile value into each wizard
// field that refuses it: every answer is a 422 page with the field's
// message, nothing is echoed unescaped and no role is stored.
func TestRoleWizardHostileInput(t *testing.T) {
	t.Parallel()
	env := webtest.New(t)
	admin := env.SignIn(t, "production", "admin")
	t.Cleanup(func() {
		l, err := env.Services.Identity.ListRoles(context.Background(), prodRoot, iam.ListInput{})
		if err != nil {
			t.Fatal(err)
		}
		if l.Total != 4 {
			t.Errorf("%d roles after refused creates, want the demo's 4", l.Total)
		}
	})
	bases := []struct {
		name   string
		base   url.Values
		fields []string
	}{
		{"account", wizardForm("Hostile", "account_choice", "other", "account_id", "111122223333", "require_external_id", "on", "external_id", "ext-id"),
			[]string{"role_name", "path", "account_id", "external_id", "tag_key", "tag_value", "policy_arn", "boundary_arn", "max_session_duration"}},
		{"service", wizardForm("Hostile", "trusted_entity", "service", "service", "ec2.amazonaws.com"), []string{"service"}},
		{"custom", wizardForm("Hostile", "trusted_entity", "custom", "trust_policy", "{}"), []string{"trust_policy"}},
		{"entity type", wizardForm("Hostile"), []string{"trusted_entity"}},
	}
	for _, b := range bases {
		for _, field := range b.fields {
			for vname, v := range hostileValues {
				t.Run(b.name+"/"+field+"/"+vname, func(t *testing.T) {
					t.Parallel()
					form := url.Values{}
					for k, vs := range b.base {
						form[k] = vs
					}
					form.Set(field, v)
					if field == "tag_value" {
						form.Set("tag_key", "k")
					}
					res, body := admin.Post(t, "/iam/roles", form, "/iam/roles/new")
					if res.StatusCode != http.StatusUnprocessableEntity {
						t.Fatalf("status %d, want 422\n%.1000s", res.StatusCode, body)
					}
					if !strings.Contains(body, `class="field-error"`) {
						t.Fatalf("no message next to a field:\n%.2000s", body)
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
}

// TestRoleWizardStoresMarkupEscaped creates a role whose description AWS
// accepts but a browser would run if it were echoed raw.
func TestRoleWizardStoresMarkupEscaped(t *testing.T) {
	t.Parallel()
	env := webtest.New(t)
	admin := env.SignIn(t, "production", "admin")
	const desc = `<script>alert(1)</script> x'; DROP TABLE roles; --`
	res, body := admin.Post(t, "/iam/roles", wizardForm("Marked", "description", desc), "/iam/roles/new")
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("status %d\n%.2000s", res.StatusCode, body)
	}
	for _, path := range []string{"/iam/roles/Marked", "/iam/roles/Marked?tab=tags"} {
		_, body = admin.Get(t, path)
		if strings.Contains(body, "<script>alert(1)") || !strings.Contains(body, "&lt;script&gt;alert(1)&lt;/script&gt; x&#39;; DROP TABLE roles; --") {
			t.Errorf("%s: description not shown escaped", path)
		}
	}
	if l, err := env.Services.Identity.ListRoles(context.Background(), prodRoot, iam.ListInput{}); err != nil || l.Total != 5 {
		t.Errorf("roles: %v, %v", l, err)
	}
}
