package console_test

import (
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"iamconsole/web/webtest"
)

func TestAccountsPages(t *testing.T) {
	t.Parallel()
	env := webtest.New(t)
	mroot := env.SignIn(t, "management", "root")
	dev := env.SignIn(t, "development", "admin")
	res, body := mroot.Get(t, "/organizations/accounts")
	if res.StatusCode != http.StatusOK || strings.Count(body, `data-testid="account-row"`) != 3 {
		t.Fatalf("accounts: %d\n%s", res.StatusCode, body)
	}
	if res, _ := dev.Get(t, "/organizations/accounts"); res.StatusCode != http.StatusForbidden {
		t.Fatalf("member account sees accounts: %d", res.StatusCode)
	}
	res, body = mroot.Post(t, "/organizations/accounts", url.Values{"name": {"Sandbox"}, "email": {"nope"}}, "/organizations/accounts")
	if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, "valid email") {
		t.Fatalf("bad email: %d\n%s", res.StatusCode, body)
	}
	res, _ = mroot.Post(t, "/organizations/accounts", url.Values{"name": {"Sandbox"}, "email": {"sandbox@example.com"}, "alias": {"sandbox"}}, "/organizations/accounts")
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("create: %d", res.StatusCode)
	}
	_, body = mroot.Get(t, "/organizations/accounts")
	if strings.Count(body, `data-testid="account-row"`) != 4 {
		t.Fatal("new account not listed")
	}
}

func TestAccountSettings(t *testing.T) {
	t.Parallel()
	env := webtest.New(t)
	admin := env.SignIn(t, "development", "admin")
	david := env.SignIn(t, "development", "david")
	res, body := admin.Get(t, "/iam/account")
	if res.StatusCode != http.StatusOK || !strings.Contains(body, "signin?account=development") {
		t.Fatalf("settings: %d\n%s", res.StatusCode, body)
	}
	tests := []struct {
		name       string
		alias      string
		wantStatus int
		want       string
	}{
		{"upper case", "Dev", http.StatusUnprocessableEntity, `data-testid="error-alias"`},
		{"taken", "production", http.StatusUnprocessableEntity, "The account alias production already exists."},
		{"replaces", "dev-team", http.StatusSeeOther, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, body := admin.Post(t, "/iam/account/alias", url.Values{"alias": {tt.alias}}, "/iam/account")
			if res.StatusCode != tt.wantStatus || !strings.Contains(body, tt.want) {
				t.Fatalf("%d\n%s", res.StatusCode, body)
			}
		})
	}
	_, body = david.Get(t, "/iam/account")
	if !strings.Contains(body, "signin?account=dev-team") || !strings.Contains(body, "You need iam:CreateAccountAlias") {
		t.Fatalf("read-only settings:\n%s", body)
	}
	res, body = david.Get(t, "/iam/account/authorization_details.json")
	var d map[string]any
	if res.StatusCode != http.StatusOK || json.Unmarshal([]byte(body), &d) != nil || d["UserDetailList"] == nil {
		t.Fatalf("export: %d\n%s", res.StatusCode, body)
	}
	res, _ = admin.Post(t, "/iam/account/alias/delete", url.Values{"alias": {"dev-team"}, "confirm": {"yes"}}, "/iam/account")
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("delete alias: %d", res.StatusCode)
	}
}
