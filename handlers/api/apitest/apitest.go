package apitest

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
	"syscall"
	"testing"
	"time"

	"iamconsole/iam"
	"iamconsole/iam/organizations"
	"iamconsole/iam/sigv4"
	"iamconsole/store"
	"iamconsole/web/webtest"
)

// Update rewrites golden files instead of comparing with them (go test -update).
var Update = flag.Bool("update", false, "rewrite the golden files in testdata")

// The demo organization's accounts and role.
const (
	DevAccount  = organizations.DemoDevelopmentID
	ProdAccount = organizations.DemoProductionID
	UpdateAPP   = "arn:aws:iam::123456789012:role/UpdateAPP"
)

// Env is a running server with access keys for demo users.
type Env struct {
	*webtest.Env
	Keys map[string][2]string // user → id, secret
}

// New starts a server with keys for david, theresa and admin of the
// Development account; manualClock gives it a clock the test moves.
func New(t testing.TB, manualClock bool) *Env {
	t.Helper()
	env := webtest.New(t, webtest.Options{ManualClock: manualClock})
	e := &Env{Env: env, Keys: map[string][2]string{}}
	for _, u := range []string{"david", "theresa", "admin"} {
		k, secret, err := env.Services.Identity.CreateAccessKey(context.Background(), Root(DevAccount), u)
		if err != nil {
			t.Fatal(err)
		}
		e.Keys[u] = [2]string{k.AccessKeyID, secret}
	}
	return e
}

// Root is the root user of account.
func Root(account string) *iam.Caller {
	return &iam.Caller{Type: iam.CallerRoot, AccountID: account, ARN: "arn:aws:iam::" + account + ":root", UniqueID: account}
}

// Role creates a role directly in the store and returns its ARN.
func (e *Env) Role(t testing.TB, account, name string, maxSession int, trust string) string {
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

// Call sends a signed Query-API request and returns status, body and headers.
func (e *Env) Call(t testing.TB, service, id, secret, token string, form url.Values) (int, string, http.Header) {
	t.Helper()
	body := []byte(form.Encode())
	req, _ := http.NewRequest(http.MethodPost, e.Server.URL+"/", bytes.NewReader(body))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded; charset=utf-8")
	if err := sigv4.Sign(req, body, id, secret, token, "us-east-1", service, time.Now()); err != nil {
		t.Fatal(err)
	}
	return Do(t, req)
}

// Do sends req and returns status, body and headers.
func Do(t testing.TB, req *http.Request) (int, string, http.Header) {
	t.Helper()
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return res.StatusCode, string(b), res.Header
}

// Req builds a request; it panics on a malformed URL.
func Req(method, u string, body []byte) *http.Request {
	req, err := http.NewRequest(method, u, bytes.NewReader(body))
	if err != nil {
		panic(err)
	}
	return req
}

var normalizers = []struct {
	re   *regexp.Regexp
	with string
}{
	{regexp.MustCompile(`[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}`), "REQUEST-ID"},
	{regexp.MustCompile(`ASIA[A-Z2-7]{16}`), "ASIAXXXXXXXXXXXXXXXX"},
	{regexp.MustCompile(`AKIA[A-Z2-7]{16}`), "AKIAXXXXXXXXXXXXXXXX"},
	{regexp.MustCompile(`(AROA|AIDA|AGPA|AIPA)[A-Z2-7]{17}`), "${1}XXXXXXXXXXXXXXXXX"},
	{regexp.MustCompile(`<SecretAccessKey>[^<]*</SecretAccessKey>`), "<SecretAccessKey>SECRET</SecretAccessKey>"},
	{regexp.MustCompile(`<SessionToken>[^<]*</SessionToken>`), "<SessionToken>TOKEN</SessionToken>"},
	{regexp.MustCompile(`\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ`), "2006-01-02T15:04:05Z"},
	{regexp.MustCompile(`"(RequestedTimestamp|CompletedTimestamp|JoinedTimestamp)":[0-9.e+]+`), `"$1":0`},
	{regexp.MustCompile(`car-\d{12}`), "car-000000000000"},
	{regexp.MustCompile(`account/(o-[a-z0-9]{10})/\d{12}`), "account/$1/000000000000"},
	{regexp.MustCompile(`"(Id|AccountId)":"\d{12}"`), `"$1":"000000000000"`},
}

// Golden compares got, with its request IDs, keys, secrets and times
// normalized, with testdata/name, rewriting it with -update.
func Golden(t *testing.T, name, got string) {
	t.Helper()
	for _, n := range normalizers {
		got = n.re.ReplaceAllString(got, n.with)
	}
	path := filepath.Join("testdata", name)
	if *Update {
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

// RequireTool skips when a client is missing, except in CI where it fails.
func RequireTool(t *testing.T, name string) string {
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

// RunBoto3 runs a script of testdata with boto3 against e (ENDPOINT, no AWS
// configuration files, and env) and returns what it printed; boto3 must be
// installed under CI.
func RunBoto3(t *testing.T, e *Env, script string, env ...string) []byte {
	t.Helper()
	py := RequireTool(t, "python3")
	if err := exec.Command(py, "-c", "import boto3").Run(); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatal("boto3 is required in CI")
		}
		t.Skip("boto3 not installed")
	}
	cmd := exec.Command(py, filepath.Join("testdata", script))
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

// MFASeed gives a user of the Development account an enabled virtual MFA
// device and returns its serial and seed; the step used to enable it is
// past when this returns (the environment needs a manual clock).
func (e *Env) MFASeed(t testing.TB, user string) (string, []byte) {
	t.Helper()
	ctx := context.Background()
	root := Root(DevAccount)
	d, err := e.Services.Identity.CreateVirtualMFADevice(ctx, root, user, "/")
	if err != nil {
		t.Fatal(err)
	}
	seed, err := base32.StdEncoding.DecodeString(d.Base32StringSeed)
	if err != nil {
		t.Fatal(err)
	}
	step := iam.TOTPStep(e.Svc.Now())
	if err := e.Services.Identity.EnableMFADevice(ctx, root, user, d.SerialNumber, iam.TOTP(seed, step-1), iam.TOTP(seed, step)); err != nil {
		t.Fatal(err)
	}
	e.Clock.Advance(30 * time.Second)
	return d.SerialNumber, seed
}

// CLI runs the AWS CLI v1 in its own HOME with the given config files.
type CLI struct {
	t        *testing.T
	bin, url string
	env      []string
}

// NewCLI prepares the AWS CLI against e with config and credentials files;
// it skips (or fails under CI) without the CLI.
func NewCLI(t *testing.T, e *Env, config, creds string) *CLI {
	bin := RequireTool(t, "aws")
	home := t.TempDir()
	cfg, cr := filepath.Join(home, "config"), filepath.Join(home, "credentials")
	os.WriteFile(cfg, []byte(config), 0o600)
	os.WriteFile(cr, []byte(creds), 0o600)
	env := []string{"HOME=" + home, "PATH=" + os.Getenv("PATH"), "AWS_CONFIG_FILE=" + cfg, "AWS_SHARED_CREDENTIALS_FILE=" + cr,
		"AWS_DEFAULT_REGION=us-east-1", "AWS_ENDPOINT_URL=" + e.Server.URL, "AWS_PAGER=", "AWS_EC2_METADATA_DISABLED=true"}
	if v := os.Getenv("PYENV_ROOT"); v != "" {
		env = append(env, "PYENV_ROOT="+v)
	}
	return &CLI{t: t, bin: bin, url: e.Server.URL, env: env}
}

// Env adds environment variables (NAME=value) to every later run.
func (c *CLI) Env(kv ...string) { c.env = append(c.env, kv...) }

// Run runs aws with args; stdin answers prompts (the MFA code).
func (c *CLI) Run(stdin string, args ...string) (string, string, error) {
	c.t.Helper()
	args = append([]string{"--endpoint-url", c.url, "--output", "json"}, args...)
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, c.bin, args...)
	cmd.Env = c.env
	cmd.Stdin = strings.NewReader(stdin)
	// A new session has no controlling terminal, so getpass reads stdin.
	cmd.SysProcAttr = &syscall.SysProcAttr{Setsid: true}
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	err := cmd.Run()
	return out.String(), errb.String(), err
}

// OK runs aws and returns its JSON output, failing the test on an error.
func (c *CLI) OK(stdin string, args ...string) map[string]any {
	c.t.Helper()
	out, errOut, err := c.Run(stdin, args...)
	if err != nil {
		c.t.Fatalf("aws %s: %v\n%s", strings.Join(args, " "), err, errOut)
	}
	m := map[string]any{}
	if strings.TrimSpace(out) == "" {
		return m
	}
	if err := json.Unmarshal([]byte(out), &m); err != nil {
		c.t.Fatalf("aws %s: %v: %s", strings.Join(args, " "), err, out)
	}
	return m
}

// Fails runs aws and checks that it fails with want in its error output.
func (c *CLI) Fails(want string, args ...string) {
	c.t.Helper()
	_, errOut, err := c.Run("", args...)
	if err == nil || !strings.Contains(errOut, want) {
		c.t.Errorf("aws %s: err %v, stderr %q, want %q", strings.Join(args, " "), err, errOut, want)
	}
}
