package iamapi_test

import (
	"iamconsole/handlers/api/apitest"
	"net/url"
	"strings"
	"testing"
)

func TestWireFormats(t *testing.T) {
	t.Parallel()
	e := apitest.New(t, false)
	david := e.Keys["david"]
	iamForm := func(action string, kv ...string) url.Values {
		v := url.Values{"Action": {action}, "Version": {"2010-05-08"}}
		for i := 0; i+1 < len(kv); i += 2 {
			v.Set(kv[i], kv[i+1])
		}
		return v
	}
	tests := []struct {
		name, golden, service string
		key                   [2]string
		form                  url.Values
		status                int
	}{
		{"iam get user", "iam_get_user.xml", "iam", david, iamForm("GetUser"), 200},
		{"iam list groups for user", "iam_list_groups_for_user.xml", "iam", david, iamForm("ListGroupsForUser", "UserName", "david"), 200},
		{"iam no such user", "iam_no_such_entity.xml", "iam", david, iamForm("GetUser", "UserName", "nobody"), 404},
		{"iam denied", "iam_access_denied.xml", "iam", david, iamForm("CreateUser", "UserName", "eve"), 403},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			st, body, h := e.Call(t, tc.service, tc.key[0], tc.key[1], "", tc.form)
			if st != tc.status {
				t.Errorf("status %d, want %d: %s", st, tc.status, body)
			}
			if id := h.Get("x-amzn-RequestId"); id == "" || !strings.Contains(body, id) {
				t.Errorf("x-amzn-RequestId %q not in the body", id)
			}
			apitest.Golden(t, tc.golden, body)
		})
	}
}
