package console_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"iamconsole/web/webtest"
)

func TestGroupsPages(t *testing.T) {
	t.Parallel()
	env := webtest.New(t)
	admin := env.SignIn(t, "development", "admin")
	david := env.SignIn(t, "development", "david")
	res, body := david.Get(t, "/iam/groups")
	if res.StatusCode != http.StatusOK || strings.Count(body, `data-testid="group-row"`) != 2 || !strings.Contains(body, "You need iam:CreateGroup") {
		t.Fatalf("list: %d\n%s", res.StatusCode, body)
	}
	tests := []struct {
		name, path string
		form       url.Values
		wantStatus int
		want       string
	}{
		{"duplicate", "/iam/groups", url.Values{"group_name": {"developers"}}, http.StatusUnprocessableEntity, "Group with name developers already exists."},
		{"creates", "/iam/groups", url.Values{"group_name": {"Ops"}, "path": {"/"}}, http.StatusSeeOther, ""},
		{"adds member", "/iam/groups/Ops/users", url.Values{"user": {"theresa"}}, http.StatusSeeOther, ""},
		{"delete with members", "/iam/groups/Ops/delete", url.Values{"confirm": {"Ops"}}, http.StatusUnprocessableEntity, "must remove users from group first"},
		{"removes member", "/iam/groups/Ops/users/theresa/delete", nil, http.StatusSeeOther, ""},
		{"deletes", "/iam/groups/Ops/delete", url.Values{"confirm": {"Ops"}}, http.StatusSeeOther, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, body := admin.Post(t, tt.path, tt.form, "/iam/groups")
			if res.StatusCode != tt.wantStatus || !strings.Contains(body, tt.want) {
				t.Fatalf("%d, want %d with %q\n%s", res.StatusCode, tt.wantStatus, tt.want, body)
			}
		})
	}
	res, _ = david.Post(t, "/iam/groups", url.Values{"group_name": {"Mine"}}, "/iam/groups")
	if res.StatusCode != http.StatusForbidden {
		t.Fatalf("forged create: %d", res.StatusCode)
	}
	res, body = david.Get(t, "/iam/groups/Developers")
	if res.StatusCode != http.StatusOK || !strings.Contains(body, `data-testid="member-row"`) || !strings.Contains(body, "You need iam:DeleteGroup") {
		t.Fatalf("detail: %d\n%s", res.StatusCode, body)
	}
}
