package console_test

import (
	"bytes"
	"io"
	"mime/multipart"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"iamconsole/web/webtest"
)

// switchToUpdateApp signs david in and switches him to Production's
// UpdateAPP.
func switchToUpdateApp(t *testing.T, env *webtest.Env) *webtest.Client {
	t.Helper()
	c := env.SignIn(t, "development", "david")
	form := url.Values{"account": {"production"}, "roleName": {"UpdateAPP"}}
	if res, body := c.Post(t, "/switchrole", form, "/switchrole"); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("switch: %d %s", res.StatusCode, body)
	}
	return c
}

func TestS3Pages(t *testing.T) {
	t.Parallel()
	env := webtest.New(t)
	role := switchToUpdateApp(t, env)
	admin := env.SignIn(t, "production", "admin")
	david := env.SignIn(t, "development", "david")
	cases := []struct {
		name   string
		client *webtest.Client
		path   string
		status int
		want   []string
	}{
		{"bucket list in the role", role, "/s3/buckets", 200, []string{"productionapp", "production-finance-reports", `data-testid="s3-bucket"`,
			`title="You need s3:CreateBucket"`}},
		{"objects at the root", role, "/s3/buckets/productionapp", 200, []string{`data-testid="s3-objects"`, `data-testid="s3-object" data-key="index.html"`,
			`data-key="config/"`, `data-key="releases/"`, `data-testid="upload"`}},
		{"a folder", role, "/s3/buckets/productionapp?prefix=releases%2F", 200, []string{`data-key="releases/1.4.1/"`, `data-key="releases/1.4.2/"`}},
		{"object overview", role, "/s3/buckets/productionapp/object?key=config%2Fapp.json", 200, []string{"arn:aws:s3:::productionapp/config/app.json",
			"s3://productionapp/config/app.json", "application/json", `data-testid="download"`, `title="You need s3:PutObjectTagging"`}},
		{"the other bucket is refused", role, "/s3/buckets/production-finance-reports", 403, []string{`data-testid="access-denied"`,
			"s3:ListBucket", `&#34;arn:aws:s3:::production-finance-reports&#34;`}},
		{"Development's shared bucket, read only", role, "/s3/buckets/development-shared-builds", 200, []string{"README.txt",
			`title="You need s3:DeleteObject"`}},
		{"permissions tab", admin, "/s3/buckets/productionapp?tab=permissions", 200, []string{`data-testid="pab-form"`, `data-policy-kind="resource"`,
			`checked data-testid="block-public-policy"`}},
		{"permissions tab in the role", role, "/s3/buckets/productionapp?tab=permissions", 200, []string{"You need s3:GetBucketPolicy",
			`title="You need s3:PutBucketPolicy"`}},
		{"david himself reaches no Production bucket", david, "/s3/buckets/productionapp", 403, []string{"Access Denied"}},
		{"no such bucket", admin, "/s3/buckets/no-such-bucket-anywhere", 404, []string{"The specified bucket does not exist"}},
		{"delete confirmation", admin, "/s3/buckets/productionapp/delete", 200, []string{"enter the name of the bucket: productionapp"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			res, body := tc.client.Get(t, tc.path)
			if res.StatusCode != tc.status {
				t.Fatalf("GET %s = %d\n%s", tc.path, res.StatusCode, body)
			}
			for _, w := range tc.want {
				if !strings.Contains(body, w) {
					t.Errorf("GET %s: no %q in\n%s", tc.path, w, body)
				}
			}
		})
	}
}

// upload posts files as the console's upload form does, with the token in
// the action's query.
func upload(t *testing.T, c *webtest.Client, bucket, prefix string, files map[string]string, jsonAnswer bool) (*http.Response, string) {
	t.Helper()
	token := c.CSRF(t, "/s3/buckets/"+bucket)
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	mw.WriteField("prefix", prefix)
	for name, data := range files {
		w, _ := mw.CreateFormFile("file", name)
		io.WriteString(w, data)
	}
	mw.Close()
	req, _ := http.NewRequest(http.MethodPost, c.Base+"/s3/buckets/"+bucket+"/upload?csrf_token="+url.QueryEscape(token), &buf)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	if jsonAnswer {
		req.Header.Set("Accept", "application/json")
	}
	res, err := c.Client.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return res, string(b)
}

func TestS3ConsoleUploadDownloadDelete(t *testing.T) {
	t.Parallel()
	env := webtest.New(t)
	role := switchToUpdateApp(t, env)
	res, body := upload(t, role, "productionapp", "uploads/", map[string]string{"a.txt": "alpha", "b.txt": "bravo"}, false)
	if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/s3/buckets/productionapp?prefix=uploads%2F" {
		t.Fatalf("upload: %d %s\n%s", res.StatusCode, res.Header.Get("Location"), body)
	}
	_, page := role.Get(t, "/s3/buckets/productionapp?prefix=uploads%2F")
	for _, k := range []string{`data-key="uploads/a.txt"`, `data-key="uploads/b.txt"`, "Upload succeeded: 2 file(s)"} {
		if !strings.Contains(page, k) {
			t.Errorf("no %q after the upload", k)
		}
	}
	res, got := role.Get(t, "/s3/buckets/productionapp/download?key=uploads%2Fa.txt")
	if res.StatusCode != 200 || got != "alpha" || !strings.Contains(res.Header.Get("Content-Disposition"), `filename=a.txt`) {
		t.Fatalf("download: %d %q %s", res.StatusCode, got, res.Header.Get("Content-Disposition"))
	}
	// The script's uploads answer JSON.
	res, body = upload(t, role, "productionapp", "", map[string]string{"c.txt": "charlie"}, true)
	if res.StatusCode != 200 || !strings.Contains(body, `"c.txt"`) {
		t.Fatalf("JSON upload: %d %s", res.StatusCode, body)
	}
	// The role may not write the finance bucket: refused, nothing stored.
	res, _ = upload(t, role, "production-finance-reports", "", map[string]string{"x.txt": "x"}, false)
	if res.StatusCode != http.StatusForbidden {
		t.Fatalf("upload to the other bucket: %d", res.StatusCode)
	}
	// Delete the checked objects.
	form := url.Values{"key": {"uploads/a.txt", "uploads/b.txt"}, "prefix": {"uploads/"}}
	res, _ = role.Post(t, "/s3/buckets/productionapp/objects/delete", form, "/s3/buckets/productionapp")
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("delete: %d", res.StatusCode)
	}
	if _, page := role.Get(t, "/s3/buckets/productionapp?prefix=uploads%2F"); strings.Contains(page, `data-key="uploads/a.txt"`) {
		t.Fatal("deleted objects still listed")
	}
	// Switch back: david has no access to Production's buckets.
	role.Post(t, "/switchback", nil, "/")
	if res, _ := role.Get(t, "/s3/buckets/productionapp"); res.StatusCode != http.StatusForbidden {
		t.Fatalf("after switching back: %d", res.StatusCode)
	}
}

func TestS3ConsoleBucketLifecycleAndPolicy(t *testing.T) {
	t.Parallel()
	env := webtest.New(t)
	admin := env.SignIn(t, "production", "admin")
	res, body := admin.Post(t, "/s3/buckets", url.Values{"bucket": {"Bad_Name"}, "region": {"us-east-1"}}, "/s3/buckets")
	if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, "The specified bucket is not valid.") {
		t.Fatalf("invalid name: %d", res.StatusCode)
	}
	res, _ = admin.Post(t, "/s3/buckets", url.Values{"bucket": {"console-made"}, "region": {"eu-west-1"}}, "/s3/buckets")
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("create: %d", res.StatusCode)
	}
	if _, page := admin.Get(t, "/s3/buckets/console-made?tab=properties"); !strings.Contains(page, "eu-west-1") {
		t.Fatal("the bucket's region is not shown")
	}
	// A malformed policy comes back with its problem next to the editor.
	res, body = admin.Post(t, "/s3/buckets/console-made/policy", url.Values{"document": {"{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [}"}}, "/s3/buckets/console-made?tab=permissions")
	if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, `data-testid="error-position">Line 3, column`) {
		t.Fatalf("malformed policy: %d\n%s", res.StatusCode, body)
	}
	// A public policy is refused while Block Public Access blocks it.
	public := `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"arn:aws:s3:::console-made/*"}]}`
	res, body = admin.Post(t, "/s3/buckets/console-made/policy", url.Values{"document": {public}}, "/s3/buckets/console-made?tab=permissions")
	if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, "BlockPublicPolicy") {
		t.Fatalf("public policy: %d", res.StatusCode)
	}
	res, _ = admin.Post(t, "/s3/buckets/console-made/public-access-block", url.Values{}, "/s3/buckets/console-made?tab=permissions")
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("unblock: %d", res.StatusCode)
	}
	res, _ = admin.Post(t, "/s3/buckets/console-made/policy", url.Values{"document": {public}}, "/s3/buckets/console-made?tab=permissions")
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("public policy after unblocking: %d", res.StatusCode)
	}
	if _, page := admin.Get(t, "/s3/buckets/console-made?tab=permissions"); !strings.Contains(page, `data-testid="policy-public"`) {
		t.Fatal("the public badge is missing")
	}
	// Live validation answers S3's problems.
	_, vb := admin.Post(t, "/s3/buckets/console-made/policy/validate", url.Values{"document": {`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"arn:aws:s3:::elsewhere/*"}]}`}}, "/s3/buckets/console-made?tab=permissions")
	if !strings.Contains(vb, "Policy has invalid resource") {
		t.Fatalf("validate: %s", vb)
	}
	// Deleting needs the typed name, and an empty bucket.
	res, _ = admin.Post(t, "/s3/buckets/console-made/delete", url.Values{"confirm": {"console"}}, "/s3/buckets/console-made/delete")
	if res.StatusCode != http.StatusUnprocessableEntity {
		t.Fatalf("wrong name: %d", res.StatusCode)
	}
	res, body = admin.Post(t, "/s3/buckets/productionapp/delete", url.Values{"confirm": {"productionapp"}}, "/s3/buckets/productionapp/delete")
	if res.StatusCode != http.StatusConflict || !strings.Contains(body, "The bucket you tried to delete is not empty") {
		t.Fatalf("non-empty bucket: %d", res.StatusCode)
	}
	res, _ = admin.Post(t, "/s3/buckets/console-made/delete", url.Values{"confirm": {"console-made"}}, "/s3/buckets/console-made/delete")
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("delete: %d", res.StatusCode)
	}
	// The event history shows the S3 calls, filterable by source.
	_, trail := admin.Get(t, "/trail?attr=EventSource&value=s3.amazonaws.com")
	for _, ev := range []string{"CreateBucket", "PutBucketPolicy", "DeleteBucket"} {
		if !strings.Contains(trail, ev) {
			t.Errorf("no %s in the event history", ev)
		}
	}
}
