package console_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"iamconsole/iam/identity"
	"iamconsole/web/webtest"
)

// TestDestructiveActionsAsk: every delete of the console asks first, as
// AWS's console does (the name typed for users, groups, roles, policies
// and access keys), with no script needed: the page's panel carries the
// confirmation, and a post without it gets the question on a page of its
// own and changes nothing. Someone who may not do it at all is refused
// first.
func TestDestructiveActionsAsk(t *testing.T) {
	t.Parallel()
	env := webtest.New(t)
	admin := env.SignIn(t, "production", "admin")
	david := env.SignIn(t, "development", "david")
	mustPost(t, admin, "/iam/users", url.Values{"user_name": {"erin"}, "console_access": {"on"}, "password_type": {"custom"}, "password": {"Erin-pass-1"}}, http.StatusSeeOther)
	mustPost(t, admin, "/iam/groups", url.Values{"group_name": {"Ops"}}, http.StatusSeeOther)
	mustPost(t, admin, "/iam/users/erin/inline", url.Values{"new": {"on"}, "policy_name": {"logs"}, "document": {`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"logs:GetLogEvents","Resource":"*"}]}`}}, http.StatusSeeOther)
	mustPost(t, admin, "/iam/policies", url.Values{"policy_name": {"app"}, "document": {`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:ListBucket","Resource":"*"}]}`}}, http.StatusSeeOther)
	mustPost(t, admin, "/iam/account/alias", url.Values{"alias": {"prod-team"}}, http.StatusSeeOther)
	trust := `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"ec2.amazonaws.com"},"Action":"sts:AssumeRole"}]}`
	if _, err := env.Services.Identity.CreateRole(context.Background(), prodRoot, identity.CreateRoleInput{RoleName: "Temp", AssumeRolePolicyDocument: trust}); err != nil {
		t.Fatal(err)
	}
	role := "/iam/roles/Temp"
	policy := policyPage("arn:aws:iam::123456789012:policy/app")

	tests := []struct {
		name, page, action string
		// typed is the text to type, "" for a plain confirmation; extra
		// are the action's other fields.
		typed string
		extra url.Values
		// panel is what the page's confirmation panel shows.
		panel string
		// gone is a page that answers 404 (or lacks absent) once done.
		gone, absent string
	}{
		{"role", role, role + "/delete", "Temp", nil, "To confirm deletion, enter the role name in the text input field.", role, ""},
		{"group", "/iam/groups/Ops", "/iam/groups/Ops/delete", "Ops", nil, "enter the user group name", "/iam/groups/Ops", ""},
		{"policy", policy, policy + "/delete", "app", nil, "enter the policy name", policy, ""},
		{"inline policy", "/iam/users/erin", "/iam/users/erin/inline/logs/delete", "", nil, "Delete logs?", "/iam/users/erin/inline/logs", ""},
		{"console access", "/iam/users/erin?tab=security_credentials", "/iam/users/erin/login_profile/delete", "", nil, "Disable console access for erin?",
			"/iam/users/erin?tab=security_credentials", "Console password: Enabled"},
		{"alias", "/iam/account", "/iam/account/alias/delete", "", url.Values{"alias": {"prod-team"}}, "Delete alias prod-team?", "/iam/account", "prod-team"},
		{"user", "/iam/users/erin", "/iam/users/erin/delete", "erin", url.Values{"delete_everything": {"on"}}, "enter the user name", "/iam/users/erin", ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, body := admin.Get(t, tc.page)
			if !strings.Contains(body, `class="confirm"`) || !strings.Contains(body, tc.panel) || !strings.Contains(body, `action="`+tc.action+`"`) {
				t.Fatalf("the page has no confirmation panel for %s:\n%s", tc.action, body)
			}
			if tc.typed != "" && !strings.Contains(body, `pattern="`+tc.typed+`"`) {
				t.Errorf("the name field does not require %s without script", tc.typed)
			}
			form := url.Values{}
			for k, v := range tc.extra {
				form[k] = v
			}
			// Not confirmed: asked on a page of its own, nothing changes.
			res, body := admin.Post(t, tc.action, form, tc.page)
			if res.StatusCode != http.StatusOK || !strings.Contains(body, `data-testid="confirm-page"`) {
				t.Fatalf("unconfirmed: %d\n%s", res.StatusCode, body)
			}
			if tc.typed != "" {
				form.Set("confirm", strings.ToUpper(tc.typed)+"x")
				res, body = admin.Post(t, tc.action, form, tc.page)
				if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, "Enter "+tc.typed+" to confirm.") {
					t.Fatalf("typed wrong: %d\n%s", res.StatusCode, body)
				}
			}
			if res, body := admin.Get(t, tc.gone); res.StatusCode != http.StatusOK || tc.absent != "" && !strings.Contains(body, tc.absent) {
				t.Fatalf("changed before it was confirmed: %d", res.StatusCode)
			}
			// Confirmed, as the panel posts it.
			if tc.typed != "" {
				form.Set("confirm", tc.typed)
			} else {
				form.Set("confirm", "yes")
			}
			res, body = admin.Post(t, tc.action, form, tc.page)
			if res.StatusCode != http.StatusSeeOther {
				t.Fatalf("confirmed: %d\n%s", res.StatusCode, body)
			}
			res, body = admin.Get(t, tc.gone)
			if tc.absent == "" && res.StatusCode != http.StatusNotFound || tc.absent != "" && strings.Contains(body, tc.absent) {
				t.Errorf("still there after the confirmed delete: %d", res.StatusCode)
			}
		})
	}
	// Refused first: a read-only user's unconfirmed delete is denied, not asked.
	res, body := david.Post(t, "/iam/groups/Developers/delete", nil, "/iam/groups")
	if res.StatusCode != http.StatusForbidden || !strings.Contains(body, `data-testid="access-denied"`) {
		t.Fatalf("read-only delete: %d", res.StatusCode)
	}
}
