package main

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"iamconsole/iam"
	"iamconsole/iam/organizations"
	"iamconsole/web/webtest"
)

// TestWrkScript: the script's request, replayed as wrk would (the same
// body and headers, several times), is accepted by the server.
func TestWrkScript(t *testing.T) {
	t.Parallel()
	env := webtest.New(t)
	root := &iam.Caller{Type: iam.CallerRoot, AccountID: organizations.DemoDevelopmentID, ARN: "arn:aws:iam::" + organizations.DemoDevelopmentID + ":root", UniqueID: organizations.DemoDevelopmentID}
	k, secret, err := env.Services.Identity.CreateAccessKey(context.Background(), root, "david")
	if err != nil {
		t.Fatal(err)
	}
	line := regexp.MustCompile(`^wrk\.(body|headers\[("[^"]+")\]) = (".*")$`)
	for _, mode := range []string{ModeGCI, ModeAssumeRole} {
		t.Run(mode, func(t *testing.T) {
			var script bytes.Buffer
			err := WriteWrkScript(&script, Config{URL: env.Server.URL, Mode: mode, AccessKeyID: k.AccessKeyID, Secret: secret,
				RoleARN: "arn:aws:iam::123456789012:role/UpdateAPP"})
			if err != nil {
				t.Fatal(err)
			}
			var body string
			headers := http.Header{}
			for _, l := range strings.Split(script.String(), "\n") {
				m := line.FindStringSubmatch(l)
				if m == nil {
					continue
				}
				v, err := strconv.Unquote(m[3])
				if err != nil {
					t.Fatalf("%s: %v", l, err)
				}
				if m[1] == "body" {
					body = v
				} else {
					name, _ := strconv.Unquote(m[2])
					headers.Set(name, v)
				}
			}
			if body == "" || headers.Get("Authorization") == "" || !strings.Contains(script.String(), `wrk.method = "POST"`) {
				t.Fatalf("script:\n%s", script.String())
			}
			for range 3 {
				req, _ := http.NewRequest(http.MethodPost, env.Server.URL+"/", strings.NewReader(body))
				req.Header = headers.Clone()
				res, err := http.DefaultClient.Do(req)
				if err != nil {
					t.Fatal(err)
				}
				b, _ := io.ReadAll(res.Body)
				res.Body.Close()
				if res.StatusCode != http.StatusOK {
					t.Fatalf("replayed request: %d %s", res.StatusCode, b)
				}
			}
		})
	}
	if err := WriteWrkScript(io.Discard, Config{URL: env.Server.URL, Mode: ModeSwitch, AccessKeyID: "a", Secret: "b"}); err == nil {
		t.Error("a console mode was accepted")
	}
}
