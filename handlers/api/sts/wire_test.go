package sts_test

import (
	"iamconsole/handlers/api/apitest"
	"net/url"
	"regexp"
	"strings"
	"testing"
)

func TestWireFormats(t *testing.T) {
	t.Parallel()
	e := apitest.New(t, false)
	david, theresa := e.Keys["david"], e.Keys["theresa"]
	sts := func(action string, kv ...string) url.Values {
		v := url.Values{"Action": {action}, "Version": {"2011-06-15"}}
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
		{"get caller identity", "sts_get_caller_identity.xml", "sts", david, sts("GetCallerIdentity"), 200},
		{"assume role", "sts_assume_role.xml", "sts", david, sts("AssumeRole", "RoleArn", apitest.UpdateAPP, "RoleSessionName", "wire"), 200},
		{"assume role with a session policy", "sts_assume_role_policy.xml", "sts", david, sts("AssumeRole", "RoleArn", apitest.UpdateAPP, "RoleSessionName", "wire",
			"Policy", `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"*"}]}`), 200},
		{"assume role denied", "sts_assume_role_denied.xml", "sts", theresa, sts("AssumeRole", "RoleArn", apitest.UpdateAPP, "RoleSessionName", "wire"), 403},
		{"validation error", "sts_validation_error.xml", "sts", david, sts("AssumeRole", "RoleArn", apitest.UpdateAPP, "RoleSessionName", "a:b"), 400},
		{"missing parameter", "sts_missing_parameter.xml", "sts", david, sts("AssumeRole", "RoleArn", apitest.UpdateAPP), 400},
		{"unknown action", "sts_invalid_action.xml", "sts", david, sts("Frobnicate"), 400},
		{"wrong version", "sts_wrong_version.xml", "sts", david, url.Values{"Action": {"GetCallerIdentity"}, "Version": {"2010-05-08"}}, 400},
		{"wrong secret", "sts_signature_mismatch.xml", "sts", [2]string{david[0], "wrong" + david[1][5:]}, sts("GetCallerIdentity"), 403},
		{"unknown key", "sts_invalid_client_token.xml", "sts", [2]string{"AKIAAAAAAAAAAAAAAAAA", "x"}, sts("GetCallerIdentity"), 403},
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

func TestGetSessionTokenCredentials(t *testing.T) {
	t.Parallel()
	e := apitest.New(t, false)
	david := e.Keys["david"]
	st, body, _ := e.Call(t, "sts", david[0], david[1], "", url.Values{"Action": {"GetSessionToken"}, "Version": {"2011-06-15"}, "DurationSeconds": {"900"}})
	if st != 200 {
		t.Fatalf("GetSessionToken: %d %s", st, body)
	}
	apitest.Golden(t, "sts_get_session_token.xml", body)
	field := func(name string) string {
		m := regexp.MustCompile("<" + name + ">([^<]*)</" + name + ">").FindStringSubmatch(body)
		if m == nil {
			t.Fatalf("no %s in %s", name, body)
		}
		return m[1]
	}
	id, secret, token := field("AccessKeyId"), field("SecretAccessKey"), field("SessionToken")
	tests := []struct {
		name, service string
		form          url.Values
		status        int
		want          string
	}{
		{"caller is the user", "sts", url.Values{"Action": {"GetCallerIdentity"}, "Version": {"2011-06-15"}}, 200, "<Arn>arn:aws:iam::111122223333:user/david</Arn>"},
		{"no IAM without MFA", "iam", url.Values{"Action": {"GetUser"}, "Version": {"2010-05-08"}}, 403, "<Code>InvalidClientTokenId</Code>"},
		{"no GetSessionToken again", "sts", url.Values{"Action": {"GetSessionToken"}, "Version": {"2011-06-15"}}, 403, "Cannot call GetSessionToken with session credentials"},
		{"AssumeRole allowed", "sts", url.Values{"Action": {"AssumeRole"}, "Version": {"2011-06-15"}, "RoleArn": {apitest.UpdateAPP}, "RoleSessionName": {"gst"}}, 200, "assumed-role/UpdateAPP/gst"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			st, b, _ := e.Call(t, tc.service, id, secret, token, tc.form)
			if st != tc.status || !strings.Contains(b, tc.want) {
				t.Errorf("%d %s, want %d …%s…", st, b, tc.status, tc.want)
			}
		})
	}
	// A tampered token is refused.
	if st, b, _ := e.Call(t, "sts", id, secret, token[:len(token)-8]+"AAAAAAA=", url.Values{"Action": {"GetCallerIdentity"}, "Version": {"2011-06-15"}}); st != 403 || !strings.Contains(b, "InvalidClientTokenId") {
		t.Errorf("tampered token: %d %s", st, b)
	}
}
