package console_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"iamconsole/web/webtest"
)

// hostileValues are inputs that an attacker or a careless paste sends to
// every field: markup, SQL, control characters, invalid UTF-8 and bulk.
var hostileValues = map[string]string{
	"script":        `<script>alert(1)</script>`,
	"attribute":     `"><img src=x onerror=alert(1)>`,
	"sql":           `x'; DROP TABLE users; --`,
	"control":       "a\x00b\x1b[31mc\r\nd",
	"invalid utf-8": "ab\xff\xfe\xc3",
	"bidi override": "evil\u202etxt.exe",
	"1 MB":          strings.Repeat("A", 1<<20),
}

// rawMarkers must never reach a page unescaped.
var rawMarkers = []string{"<script>alert(1)", "<img src=x", "\x00", "\x1b", "\xff"}

// TestHostileInputEveryForm posts each hostile value into each field of the
// console's create forms (whose fields all refuse these values): every
// answer is a 4xx page with the field's message, no value is echoed
// unescaped, and the account's configuration is byte for byte unchanged.
func TestHostileInputEveryForm(t *testing.T) {
	t.Parallel()
	env := webtest.New(t)
	admin := env.SignIn(t, "development", "admin")
	mroot := env.SignIn(t, "management", "root")
	forms := []struct {
		name   string
		client *webtest.Client
		path   string
		base   url.Values
		fields []string
	}{
		{"create user", admin, "/iam/users", url.Values{"user_name": {"hostile"}, "path": {"/"}}, []string{"user_name", "path", "tags"}},
		{"create user with password", admin, "/iam/users", url.Values{"user_name": {"hostile"}, "console_access": {"on"}, "password": {"Aa1!aaaaaaaa"}},
			[]string{"user_name"}},
		{"create group", admin, "/iam/groups", url.Values{"group_name": {"hostile"}, "path": {"/"}}, []string{"group_name", "path"}},
		{"account alias", admin, "/iam/account/alias", url.Values{"alias": {"hostile-alias"}}, []string{"alias"}},
		{"create account", mroot, "/organizations/accounts", url.Values{"name": {"Hostile"}, "email": {"h@example.com"}, "alias": {"hostile-acct"}},
			[]string{"email", "alias", "role_name"}},
		{"switch role", admin, "/switchrole", url.Values{"account": {"production"}, "roleName": {"UpdateAPP"}}, []string{"account", "roleName"}},
		{"publish favourite", admin, "/iam/groups/Developers/favorites", url.Values{"account": {"production"}, "roleName": {"UpdateAPP"}},
			[]string{"account", "roleName", "color"}},
	}
	snapshot := func() string {
		_, dev := admin.Get(t, "/iam/account/authorization_details.json")
		_, org := mroot.Get(t, "/organizations/accounts")
		_, favs := admin.Get(t, "/iam/groups/Developers")
		return dev + org + favs[strings.Index(favs, `data-testid="group-favorites"`):]
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
					res, body := f.client.Post(t, f.path, form, f.path)
					if res.StatusCode < 400 || res.StatusCode >= 500 {
						t.Fatalf("status %d, want a 4xx page", res.StatusCode)
					}
					if res.StatusCode == http.StatusUnprocessableEntity && !strings.Contains(body, "field-error") && !strings.Contains(body, "switch-error") {
						t.Fatalf("422 without a message next to a field:\n%.2000s", body)
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

// TestHostileButValidValuesAreEscaped stores values that AWS accepts but a
// browser would run if echoed raw: an account name with markup.
func TestHostileButValidValuesAreEscaped(t *testing.T) {
	t.Parallel()
	env := webtest.New(t)
	mroot := env.SignIn(t, "management", "root")
	res, body := mroot.Post(t, "/organizations/accounts", url.Values{"name": {`<script>alert(1)</script>`}, "email": {"x@example.com"}}, "/organizations/accounts")
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("create: %d\n%.2000s", res.StatusCode, body)
	}
	_, body = mroot.Get(t, "/organizations/accounts")
	if strings.Contains(body, "<script>alert(1)") || !strings.Contains(body, "&lt;script&gt;alert(1)&lt;/script&gt;") {
		t.Fatalf("account name not escaped:\n%s", body)
	}
}
