package handlers_test

import (
	"bytes"
	"context"
	"encoding/base32"
	"encoding/json"
	"errors"
	"flag"
	"io"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"iamconsole/iam"
	"iamconsole/iam/sigv4"
	"iamconsole/store"
	"iamconsole/web/webtest"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/api")

const (
	devAccount  = iam.DemoDevelopmentID
	prodAccount = iam.DemoProductionID
	updateAPP   = "arn:aws:iam::123456789012:role/UpdateAPP"
)

// apiEnv is a running server with access keys for demo users.
type apiEnv struct {
	*webtest.Env
	keys map[string][2]string // user → id, secret
}

func newAPIEnv(t testing.TB, manualClock bool) *apiEnv {
	t.Helper()
	env := webtest.New(t, webtest.Options{ManualClock: manualClock})
	e := &apiEnv{Env: env, keys: map[string][2]string{}}
	root := &iam.Caller{Type: iam.CallerRoot, AccountID: devAccount, ARN: "arn:aws:iam::" + devAccount + ":root", UniqueID: devAccount}
	for _, u := range []string{"david", "theresa", "admin"} {
		k, secret, err := env.Svc.CreateAccessKey(context.Background(), root, u)
		if err != nil {
			t.Fatal(err)
		}
		e.keys[u] = [2]string{k.AccessKeyID, secret}
	}
	return e
}

// role creates a role directly in the store (the roles API is not part of
// this adapter's tests).
func (e *apiEnv) role(t testing.TB, account, name string, maxSession int, trust string) string {
	t.Helper()
	err := e.Store.Tx(context.Background(), func(q *store.Q) error {
		return q.CreateRole(&store.Role{ID: iam.NewUniqueID(iam.PrefixRole), AccountID: account, Name: name, Path: "/",
			TrustPolicy: trust, MaxSessionDuration: maxSession, CreatedAt: time.Now()})
	})
	if err != nil {
		t.Fatal(err)
	}
	e.Svc.InvalidateCaches()
	return "arn:aws:iam::" + account + ":role/" + name
}

// call sends a signed Query-API request and returns status and body.
func (e *apiEnv) call(t testing.TB, service, id, secret, token string, form url.Values) (int, string, http.Header) {
	t.Helper()
	body := []byte(form.Encode())
	req, _ := http.NewRequest(http.MethodPost, e.Server.URL+"/", bytes.NewReader(body))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded; charset=utf-8")
	if err := sigv4.Sign(req, body, id, secret, token, "us-east-1", service, time.Now()); err != nil {
		t.Fatal(err)
	}
	return do(t, req)
}

func do(t testing.TB, req *http.Request) (int, string, http.Header) {
	t.Helper()
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return res.StatusCode, string(b), res.Header
}

var normalizers = []struct {
	re   *regexp.Regexp
	with string
}{
	{regexp.MustCompile(`[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}`), "REQUEST-ID"},
	{regexp.MustCompile(`ASIA[A-Z2-7]{16}`), "ASIAXXXXXXXXXXXXXXXX"},
	{regexp.MustCompile(`AKIA[A-Z2-7]{16}`), "AKIAXXXXXXXXXXXXXXXX"},
	{regexp.MustCompile(`(AROA|AIDA|AGPA)[A-Z2-7]{17}`), "${1}XXXXXXXXXXXXXXXXX"},
	{regexp.MustCompile(`<SecretAccessKey>[^<]*</SecretAccessKey>`), "<SecretAccessKey>SECRET</SecretAccessKey>"},
	{regexp.MustCompile(`<SessionToken>[^<]*</SessionToken>`), "<SessionToken>TOKEN</SessionToken>"},
	{regexp.MustCompile(`\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ`), "2006-01-02T15:04:05Z"},
	{regexp.MustCompile(`"(RequestedTimestamp|CompletedTimestamp|JoinedTimestamp)":[0-9.e+]+`), `"$1":0`},
	{regexp.MustCompile(`car-\d{12}`), "car-000000000000"},
	{regexp.MustCompile(`account/(o-[a-z0-9]{10})/\d{12}`), "account/$1/000000000000"},
	{regexp.MustCompile(`"(Id|AccountId)":"\d{12}"`), `"$1":"000000000000"`},
}

// golden compares got with testdata/api/name, rewriting it with -update.
func golden(t *testing.T, name, got string) {
	t.Helper()
	for _, n := range normalizers {
		got = n.re.ReplaceAllString(got, n.with)
	}
	path := filepath.Join("testdata", "api", name)
	if *update {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(got+"\n"), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if strings.TrimSuffix(string(want), "\n") != got {
		t.Errorf("%s differs:\n got: %s\nwant: %s", name, got, want)
	}
}

func TestAPIWireFormats(t *testing.T) {
	t.Parallel()
	e := newAPIEnv(t, false)
	david, theresa := e.keys["david"], e.keys["theresa"]
	sts := func(action string, kv ...string) url.Values {
		v := url.Values{"Action": {action}, "Version": {"2011-06-15"}}
		for i := 0; i+1 < len(kv); i += 2 {
			v.Set(kv[i], kv[i+1])
		}
		return v
	}
	iamForm := func(action string, kv ...string) url.Values {
		v := sts(action, kv...)
		v.Set("Version", "2010-05-08")
		return v
	}
	tests := []struct {
		name, golden, service string
		key                   [2]string
		form                  url.Values
		status                int
	}{
		{"get caller identity", "sts_get_caller_identity.xml", "sts", david, sts("GetCallerIdentity"), 200},
		{"assume role", "sts_assume_role.xml", "sts", david, sts("AssumeRole", "RoleArn", updateAPP, "RoleSessionName", "wire"), 200},
		{"assume role with a session policy", "sts_assume_role_policy.xml", "sts", david, sts("AssumeRole", "RoleArn", updateAPP, "RoleSessionName", "wire",
			"Policy", `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"*"}]}`), 200},
		{"assume role denied", "sts_assume_role_denied.xml", "sts", theresa, sts("AssumeRole", "RoleArn", updateAPP, "RoleSessionName", "wire"), 403},
		{"validation error", "sts_validation_error.xml", "sts", david, sts("AssumeRole", "RoleArn", updateAPP, "RoleSessionName", "a:b"), 400},
		{"missing parameter", "sts_missing_parameter.xml", "sts", david, sts("AssumeRole", "RoleArn", updateAPP), 400},
		{"unknown action", "sts_invalid_action.xml", "sts", david, sts("Frobnicate"), 400},
		{"wrong version", "sts_wrong_version.xml", "sts", david, url.Values{"Action": {"GetCallerIdentity"}, "Version": {"2010-05-08"}}, 400},
		{"wrong secret", "sts_signature_mismatch.xml", "sts", [2]string{david[0], "wrong" + david[1][5:]}, sts("GetCallerIdentity"), 403},
		{"unknown key", "sts_invalid_client_token.xml", "sts", [2]string{"AKIAAAAAAAAAAAAAAAAA", "x"}, sts("GetCallerIdentity"), 403},
		{"iam get user", "iam_get_user.xml", "iam", david, iamForm("GetUser"), 200},
		{"iam list groups for user", "iam_list_groups_for_user.xml", "iam", david, iamForm("ListGroupsForUser", "UserName", "david"), 200},
		{"iam no such user", "iam_no_such_entity.xml", "iam", david, iamForm("GetUser", "UserName", "nobody"), 404},
		{"iam denied", "iam_access_denied.xml", "iam", david, iamForm("CreateUser", "UserName", "eve"), 403},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			st, body, h := e.call(t, tc.service, tc.key[0], tc.key[1], "", tc.form)
			if st != tc.status {
				t.Errorf("status %d, want %d: %s", st, tc.status, body)
			}
			if id := h.Get("x-amzn-RequestId"); id == "" || !strings.Contains(body, id) {
				t.Errorf("x-amzn-RequestId %q not in the body", id)
			}
			golden(t, tc.golden, body)
		})
	}
}

func TestAPIRefusals(t *testing.T) {
	t.Parallel()
	e := newAPIEnv(t, false)
	david := e.keys["david"]
	t.Run("unsigned query call", func(t *testing.T) {
		req, _ := http.NewRequest(http.MethodPost, e.Server.URL+"/", strings.NewReader("Action=GetCallerIdentity&Version=2011-06-15"))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		st, body, _ := do(t, req)
		if st != 403 {
			t.Errorf("status %d", st)
		}
		golden(t, "missing_authentication_token.xml", body)
	})
	t.Run("unsigned GET", func(t *testing.T) {
		st, body, _ := do(t, mustReq(http.MethodGet, e.Server.URL+"/?Action=GetCallerIdentity&Version=2011-06-15", nil))
		if st != 403 || !strings.Contains(body, "MissingAuthenticationToken") {
			t.Errorf("%d %s", st, body)
		}
	})
	t.Run("body over 1 MiB", func(t *testing.T) {
		form := url.Values{"Action": {"GetCallerIdentity"}, "Version": {"2011-06-15"}, "Pad": {strings.Repeat("x", 1<<20)}}
		st, body, _ := e.call(t, "sts", david[0], david[1], "", form)
		if st != http.StatusRequestEntityTooLarge || !strings.Contains(body, "<ErrorResponse") {
			t.Errorf("%d %s", st, body)
		}
	})
	t.Run("signed on another path", func(t *testing.T) {
		body := []byte("Action=GetCallerIdentity&Version=2011-06-15")
		req := mustReq(http.MethodPost, e.Server.URL+"/iam/roles", body)
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		sigv4.Sign(req, body, david[0], david[1], "", "eu-west-1", "sts", time.Now())
		if st, b, _ := do(t, req); st != 200 || !strings.Contains(b, "user/david") {
			t.Errorf("%d %s", st, b)
		}
	})
	t.Run("console pages unaffected", func(t *testing.T) {
		if st, _, _ := do(t, mustReq(http.MethodGet, e.Server.URL+"/signin", nil)); st != 200 {
			t.Errorf("GET /signin = %d", st)
		}
	})
	t.Run("organizations JSON error", func(t *testing.T) {
		body := []byte(`{}`)
		req := mustReq(http.MethodPost, e.Server.URL+"/", body)
		req.Header.Set("Content-Type", "application/x-amz-json-1.1")
		req.Header.Set("X-Amz-Target", "AWSOrganizationsV20161128.ListAccounts")
		sigv4.Sign(req, body, david[0], david[1], "", "us-east-1", "organizations", time.Now())
		st, b, _ := do(t, req)
		if st != 403 {
			t.Errorf("status %d", st)
		}
		golden(t, "orgs_access_denied.json", b)
	})
}

func mustReq(method, u string, body []byte) *http.Request {
	req, err := http.NewRequest(method, u, bytes.NewReader(body))
	if err != nil {
		panic(err)
	}
	return req
}

// requireTool skips when a client is missing, except in CI where it fails.
func requireTool(t *testing.T, name string) string {
	t.Helper()
	p, err := exec.LookPath(name)
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("%s is required in CI: %v", name, err)
		}
		t.Skipf("%s not installed", name)
	}
	return p
}

// runBoto3 runs a script of testdata/api with boto3 against e (ENDPOINT,
// no AWS configuration files, and env) and returns what it printed; boto3
// must be installed under CI.
func runBoto3(t *testing.T, e *apiEnv, script string, env ...string) []byte {
	t.Helper()
	py := requireTool(t, "python3")
	if err := exec.Command(py, "-c", "import boto3").Run(); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatal("boto3 is required in CI")
		}
		t.Skip("boto3 not installed")
	}
	cmd := exec.Command(py, filepath.Join("testdata", "api", script))
	cmd.Env = append(os.Environ(), "ENDPOINT="+e.Server.URL, "AWS_CONFIG_FILE=/dev/null", "AWS_SHARED_CREDENTIALS_FILE=/dev/null")
	cmd.Env = append(cmd.Env, env...)
	out, err := cmd.Output()
	if err != nil {
		var ee *exec.ExitError
		if errors.As(err, &ee) {
			t.Fatalf("%s: %v: %s", script, err, ee.Stderr)
		}
		t.Fatal(err)
	}
	return out
}

// mfaSeed gives a user an enabled virtual MFA device and returns its serial
// and seed; the step used to enable it is past when this returns.
func (e *apiEnv) mfaSeed(t testing.TB, user string) (string, []byte) {
	t.Helper()
	ctx := context.Background()
	root := &iam.Caller{Type: iam.CallerRoot, AccountID: devAccount, ARN: "arn:aws:iam::" + devAccount + ":root", UniqueID: devAccount}
	d, err := e.Svc.CreateVirtualMFADevice(ctx, root, user, "/")
	if err != nil {
		t.Fatal(err)
	}
	seed, err := base32.StdEncoding.DecodeString(d.Base32StringSeed)
	if err != nil {
		t.Fatal(err)
	}
	step := iam.TOTPStep(e.Svc.Now())
	if err := e.Svc.EnableMFADevice(ctx, root, user, d.SerialNumber, iam.TOTP(seed, step-1), iam.TOTP(seed, step)); err != nil {
		t.Fatal(err)
	}
	e.Clock.Advance(30 * time.Second)
	return d.SerialNumber, seed
}

func TestOrganizationsAPI(t *testing.T) {
	t.Parallel()
	e := newAPIEnv(t, false)
	ctx := context.Background()
	mgmt := iam.DemoManagementID
	root := &iam.Caller{Type: iam.CallerRoot, AccountID: mgmt, ARN: "arn:aws:iam::" + mgmt + ":root", UniqueID: mgmt}
	k, secret, err := e.Svc.CreateAccessKey(ctx, root, "admin")
	if err != nil {
		t.Fatal(err)
	}
	call := func(op, body string) (int, string) {
		req := mustReq(http.MethodPost, e.Server.URL+"/", []byte(body))
		req.Header.Set("Content-Type", "application/x-amz-json-1.1")
		req.Header.Set("X-Amz-Target", "AWSOrganizationsV20161128."+op)
		sigv4.Sign(req, []byte(body), k.AccessKeyID, secret, "", "us-east-1", "organizations", time.Now())
		st, b, _ := do(t, req)
		return st, b
	}
	steps := []struct{ name, op, body, golden string }{
		{"create account", "CreateAccount", `{"AccountName":"Staging","Email":"root@staging.example.com"}`, "orgs_create_account.json"},
		{"describe organization", "DescribeOrganization", `{}`, "orgs_describe_organization.json"},
		{"describe account", "DescribeAccount", `{"AccountId":"111122223333"}`, "orgs_describe_account.json"},
		{"unknown account", "DescribeAccount", `{"AccountId":"999999999999"}`, "orgs_account_not_found.json"},
		{"unknown operation", "Frobnicate", `{}`, "orgs_unknown_operation.json"},
	}
	for _, s := range steps {
		st, b := call(s.op, s.body)
		if st >= 500 {
			t.Errorf("%s: %d %s", s.name, st, b)
		}
		golden(t, s.golden, b)
	}
	st, b := call("CreateAccount", `{"AccountName":"Sandbox","Email":"root@sandbox.example.com"}`)
	var created struct {
		CreateAccountStatus struct{ Id, AccountId, State string }
	}
	if err := json.Unmarshal([]byte(b), &created); err != nil || st != 200 || created.CreateAccountStatus.State != "SUCCEEDED" {
		t.Fatalf("CreateAccount: %d %s", st, b)
	}
	st, b = call("DescribeCreateAccountStatus", `{"CreateAccountRequestId":"`+created.CreateAccountStatus.Id+`"}`)
	if st != 200 || !strings.Contains(b, created.CreateAccountStatus.AccountId) || !strings.Contains(b, "SUCCEEDED") {
		t.Errorf("DescribeCreateAccountStatus: %d %s", st, b)
	}
	st, b = call("ListAccounts", `{}`)
	var list struct {
		Accounts []struct{ Id, Name, Status string }
	}
	if err := json.Unmarshal([]byte(b), &list); err != nil || st != 200 || len(list.Accounts) != 5 {
		t.Errorf("ListAccounts: %d %s", st, b)
	}
}

// FuzzQueryAPI sends arbitrary signed bodies to the API: whatever they
// hold, the answer is an AWS error or result, never a 500.
func FuzzQueryAPI(f *testing.F) {
	e := newAPIEnv(f, false)
	david := e.keys["david"]
	f.Add("Action=GetCallerIdentity&Version=2011-06-15", "sts")
	f.Add("Action=AssumeRole&Version=2011-06-15&RoleArn="+url.QueryEscape(updateAPP)+"&RoleSessionName=x&Tags.member.1.Key=a&DurationSeconds=abc", "sts")
	f.Add("Action=ListUsers&Version=2010-05-08&MaxItems=-1&Marker=%ff", "iam")
	f.Add(`{"AccountId":1}`, "organizations")
	f.Fuzz(func(t *testing.T, body, service string) {
		req := mustReq(http.MethodPost, e.Server.URL+"/", []byte(body))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.Header.Set("X-Amz-Target", "AWSOrganizationsV20161128.DescribeAccount")
		if err := sigv4.Sign(req, []byte(body), david[0], david[1], "", "us-east-1", service, time.Now()); err != nil {
			return
		}
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			return
		}
		b, _ := io.ReadAll(res.Body)
		res.Body.Close()
		if res.StatusCode >= 500 {
			t.Errorf("%q to %s: %d %s", body, service, res.StatusCode, b)
		}
	})
}

func TestGetSessionTokenCredentials(t *testing.T) {
	t.Parallel()
	e := newAPIEnv(t, false)
	david := e.keys["david"]
	st, body, _ := e.call(t, "sts", david[0], david[1], "", url.Values{"Action": {"GetSessionToken"}, "Version": {"2011-06-15"}, "DurationSeconds": {"900"}})
	if st != 200 {
		t.Fatalf("GetSessionToken: %d %s", st, body)
	}
	golden(t, "sts_get_session_token.xml", body)
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
		{"AssumeRole allowed", "sts", url.Values{"Action": {"AssumeRole"}, "Version": {"2011-06-15"}, "RoleArn": {updateAPP}, "RoleSessionName": {"gst"}}, 200, "assumed-role/UpdateAPP/gst"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			st, b, _ := e.call(t, tc.service, id, secret, token, tc.form)
			if st != tc.status || !strings.Contains(b, tc.want) {
				t.Errorf("%d %s, want %d …%s…", st, b, tc.status, tc.want)
			}
		})
	}
	// A tampered token is refused.
	if st, b, _ := e.call(t, "sts", id, secret, token[:len(token)-8]+"AAAAAAA=", url.Values{"Action": {"GetCallerIdentity"}, "Version": {"2011-06-15"}}); st != 403 || !strings.Contains(b, "InvalidClientTokenId") {
		t.Errorf("tampered token: %d %s", st, b)
	}
}

func TestAPIEventsRecorded(t *testing.T) {
	t.Parallel()
	e := newAPIEnv(t, false)
	david := e.keys["david"]
	st, body, h := e.call(t, "sts", david[0], david[1], "", url.Values{"Action": {"AssumeRole"}, "Version": {"2011-06-15"},
		"RoleArn": {updateAPP}, "RoleSessionName": {"events"}, "DurationSeconds": {"900"}})
	if st != 200 {
		t.Fatalf("%d %s", st, body)
	}
	e.Svc.FlushEvents()
	var shared string
	for _, account := range []string{devAccount, prodAccount} {
		evs, err := e.Store.Read(context.Background()).Events(store.EventFilter{AccountID: account, Attribute: "EventName", Value: "AssumeRole", Limit: 5})
		if err != nil || len(evs) != 1 {
			t.Fatalf("%s: %d events, %v", account, len(evs), err)
		}
		var rec iam.Record
		if err := json.Unmarshal([]byte(evs[0].Record), &rec); err != nil {
			t.Fatal(err)
		}
		if rec.RequestID != h.Get("x-amzn-RequestId") || rec.SourceIPAddress != "127.0.0.1" || rec.UserAgent == "" || rec.EventSource != "sts.amazonaws.com" {
			t.Errorf("%s: record %+v", account, rec)
		}
		if strings.Contains(evs[0].Record, "SecretAccessKey") || strings.Contains(evs[0].Record, "secretAccessKey") {
			t.Errorf("%s: the secret key was recorded", account)
		}
		params, _ := rec.RequestParameters.(map[string]any)
		if params["roleArn"] != updateAPP || params["roleSessionName"] != "events" || params["durationSeconds"] != float64(900) {
			t.Errorf("%s: requestParameters %v", account, rec.RequestParameters)
		}
		if shared != "" && rec.SharedEventID != shared || rec.SharedEventID == "" {
			t.Errorf("%s: sharedEventID %q, other %q", account, rec.SharedEventID, shared)
		}
		shared = rec.SharedEventID
		wantType := map[string]string{devAccount: "IAMUser", prodAccount: "AWSAccount"}[account]
		if rec.UserIdentity.Type != wantType {
			t.Errorf("%s: userIdentity.type %s, want %s", account, rec.UserIdentity.Type, wantType)
		}
	}
}
