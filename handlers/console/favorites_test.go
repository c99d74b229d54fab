package console_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"iamconsole/web/webtest"
)

func TestGroupFavoriteRoles(t *testing.T) {
	t.Parallel()
	env := webtest.New(t)
	admin := env.SignIn(t, "development", "admin")
	david := env.SignIn(t, "development", "david")
	const page = "/iam/groups/Developers"

	publish := url.Values{"account": {"production"}, "roleName": {"UpdateAPP"}, "displayName": {"<b>Prod</b>"}, "color": {"b7ca9d"}}
	tests := []struct {
		name       string
		form       url.Values
		wantStatus int
		want       string
	}{
		{"colour off the palette", url.Values{"account": {"production"}, "roleName": {"UpdateAPP"}, "color": {"ff0000"}},
			http.StatusUnprocessableEntity, "Choose one of the colors offered, or none."},
		{"unknown account", url.Values{"account": {"999988887777"}, "roleName": {"UpdateAPP"}},
			http.StatusUnprocessableEntity, "No account with the ID or alias 999988887777 exists in this organization."},
		{"bad account", url.Values{"account": {"a_b"}, "roleName": {"UpdateAPP"}},
			http.StatusUnprocessableEntity, "The account must be a 12-digit account ID or an account alias."},
		{"no role", url.Values{"account": {"production"}}, http.StatusUnprocessableEntity, "Enter the role name."},
		{"publishes", publish, http.StatusSeeOther, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, body := admin.Post(t, page+"/favorites", tt.form, page)
			if res.StatusCode != tt.wantStatus || !strings.Contains(body, tt.want) {
				t.Fatalf("%d, want %d with %q\n%s", res.StatusCode, tt.wantStatus, tt.want, body)
			}
			if tt.wantStatus == http.StatusUnprocessableEntity && !strings.Contains(body, `class="field-error"`) {
				t.Fatalf("no field error:\n%s", body)
			}
		})
	}

	// The admin's page lists it, escaped; a member sees it in the menu.
	_, body := admin.Get(t, page)
	if strings.Count(body, `data-testid="favorite-row"`) != 1 || strings.Contains(body, "<b>Prod</b>") || !strings.Contains(body, "&lt;b&gt;Prod&lt;/b&gt;") {
		t.Fatalf("group page:\n%s", body)
	}
	_, body = david.Get(t, "/switchrole/history")
	if !strings.Contains(body, "&lt;b&gt;Prod&lt;/b&gt;") || !strings.Contains(body, "Developers") {
		t.Fatalf("member's history page does not show the favourite:\n%s", body)
	}

	// A member may read but not publish: disabled buttons, and a forged
	// post gets the access-denied page.
	_, body = david.Get(t, page)
	if !strings.Contains(body, "You need iam:UpdateGroup") {
		t.Fatalf("member sees no disabled publish button:\n%s", body)
	}
	res, body := david.Post(t, page+"/favorites", publish, page)
	if res.StatusCode != http.StatusForbidden || !strings.Contains(body, `data-testid="access-denied"`) {
		t.Fatalf("forged publish: %d", res.StatusCode)
	}
	res, _ = david.Post(t, page+"/favorites/delete", url.Values{"account": {"production"}, "roleName": {"UpdateAPP"}}, page)
	if res.StatusCode != http.StatusForbidden {
		t.Fatalf("forged unpublish: %d", res.StatusCode)
	}

	res, _ = admin.Post(t, page+"/favorites/delete", url.Values{"account": {"production"}, "roleName": {"UpdateAPP"}}, page)
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("unpublish: %d", res.StatusCode)
	}
	if _, body = admin.Get(t, page); strings.Contains(body, `data-testid="favorite-row"`) {
		t.Fatal("still listed after unpublishing")
	}
}
