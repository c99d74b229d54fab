package main

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	awsiam "github.com/aws/aws-sdk-go-v2/service/iam"
	"github.com/aws/smithy-go"

	"iamconsole/store"
	"iamconsole/store/storetest"
	"iamconsole/web/webtest"
)

// Several real iamconsole processes on one PostgreSQL database, behind a
// load balancer without sticky sessions: requests go to the instances in
// turn, so that every step of a journey lands on another instance than
// the one before.

// binaryOnce builds the binary once for the package's tests.
var binaryOnce struct {
	sync.Once
	path string
	err  error
}

// binary builds cmd/iamconsole into a directory of its own.
func binary(t *testing.T) string {
	t.Helper()
	binaryOnce.Do(func() {
		dir, err := os.MkdirTemp("", "iamconsole-bin-")
		if err != nil {
			binaryOnce.err = err
			return
		}
		binaryOnce.path = filepath.Join(dir, "iamconsole")
		if out, err := exec.Command("go", "build", "-o", binaryOnce.path, ".").CombinedOutput(); err != nil {
			binaryOnce.err = fmt.Errorf("build: %v\n%s", err, out)
		}
	})
	if binaryOnce.err != nil {
		t.Fatal(binaryOnce.err)
	}
	return binaryOnce.path
}

// TestMain removes the binary the tests built.
func TestMain(m *testing.M) {
	code := m.Run()
	if binaryOnce.path != "" {
		os.RemoveAll(filepath.Dir(binaryOnce.path))
	}
	os.Exit(code)
}

// cluster is a PostgreSQL database, its key, and the instances serving it.
type cluster struct {
	t      *testing.T
	bin    string
	db     string
	key    string
	admin  initResult
	mu     sync.Mutex
	byAddr map[string]*instance
}

// instance is one running process.
type instance struct {
	addr string
	cmd  *exec.Cmd
	done chan error // the process's exit
	log  *strings.Builder
}

// initResult is what 'iamconsole init --json' prints.
type initResult struct {
	AccountID    string `json:"account_id"`
	Alias        string `json:"alias"`
	RootEmail    string `json:"root_email"`
	RootPassword string `json:"root_password"`
	Admin        struct {
		UserName        string `json:"user_name"`
		Password        string `json:"password"`
		AccessKeyID     string `json:"access_key_id"`
		SecretAccessKey string `json:"secret_access_key"`
	} `json:"admin"`
}

// newCluster bootstraps a new PostgreSQL schema with 'iamconsole init' and
// starts n instances on it.
func newCluster(t *testing.T, n int) (*cluster, []*instance) {
	t.Helper()
	c := &cluster{t: t, bin: binary(t), db: storetest.Postgres(t), key: strings.Repeat("5e", 32), byAddr: map[string]*instance{}}
	cmd := exec.Command(c.bin, "init", "--db", c.db, "--json", "--alias", "lab")
	cmd.Env = append(os.Environ(), "IAMCONSOLE_KEY="+c.key)
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("init: %v", err)
	}
	if err := json.Unmarshal(out, &c.admin); err != nil {
		t.Fatalf("init output: %v\n%s", err, out)
	}
	var is []*instance
	for range n {
		is = append(is, c.start())
	}
	return c, is
}

// start runs one more instance and waits until it serves.
func (c *cluster) start() *instance {
	t := c.t
	t.Helper()
	in := &instance{addr: freePort(t), done: make(chan error, 1), log: &strings.Builder{}}
	in.cmd = exec.Command(c.bin, "serve", "--addr", in.addr, "--db", c.db, "--no-demo", "--log-level", "warn")
	in.cmd.Env = append(os.Environ(), "IAMCONSOLE_KEY="+c.key)
	stdout, _ := in.cmd.StdoutPipe()
	var logMu sync.Mutex
	in.cmd.Stderr = writerFunc(func(p []byte) (int, error) { logMu.Lock(); defer logMu.Unlock(); return in.log.Write(p) })
	if err := in.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	ready := make(chan struct{})
	go func() {
		sc := bufio.NewScanner(stdout)
		for sc.Scan() {
			if strings.Contains(sc.Text(), "is serving") {
				close(ready)
			}
		}
		in.done <- in.cmd.Wait()
	}()
	t.Cleanup(func() {
		in.cmd.Process.Signal(os.Interrupt)
		select {
		case <-in.done:
		case <-time.After(30 * time.Second):
			in.cmd.Process.Kill()
		}
	})
	select {
	case <-ready:
	case err := <-in.done:
		t.Fatalf("instance exited: %v\n%s", err, in.log.String())
	case <-time.After(60 * time.Second):
		t.Fatal("the instance did not start")
	}
	c.mu.Lock()
	c.byAddr[in.addr] = in
	c.mu.Unlock()
	return in
}

type writerFunc func([]byte) (int, error)

func (f writerFunc) Write(p []byte) (int, error) { return f(p) }

// balancer is a load balancer without sticky sessions: each request goes
// to the next instance in turn (or to the one pinned), its Host left as the
// balancer's own.
type balancer struct {
	mu       sync.Mutex
	backends []string
	next     int
	pinned   string
	served   map[string]int
	rt       http.RoundTripper
}

func newBalancer(is ...*instance) *balancer {
	b := &balancer{served: map[string]int{}, rt: &http.Transport{MaxIdleConnsPerHost: 64}}
	for _, in := range is {
		b.backends = append(b.backends, in.addr)
	}
	return b
}

// pin sends every request to addr ("" : in turn again).
func (b *balancer) pin(addr string) { b.mu.Lock(); b.pinned = addr; b.mu.Unlock() }

func (b *balancer) RoundTrip(r *http.Request) (*http.Response, error) {
	b.mu.Lock()
	addr := b.pinned
	if addr == "" {
		addr = b.backends[b.next%len(b.backends)]
		b.next++
	}
	b.served[addr]++
	b.mu.Unlock()
	r = r.Clone(r.Context())
	if r.Host == "" {
		r.Host = r.URL.Host // as a proxy passes it on: the clients sign it
	}
	r.URL.Host = addr
	return b.rt.RoundTrip(r)
}

// lbURL is the balancer's address as clients see it.
const lbURL = "http://console.lb.test"

// browserClient is a console client through the balancer.
func browserClient(b *balancer) *webtest.Client {
	jar, _ := cookiejar.New(nil)
	return &webtest.Client{Client: &http.Client{Jar: jar, Transport: b, Timeout: 30 * time.Second,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}, Base: lbURL}
}

// apiClient is an IAM API client with the given key through the balancer.
func apiClient(b *balancer, id, secret string) *awsiam.Client {
	return awsiam.New(awsiam.Options{Region: "us-east-1", BaseEndpoint: aws.String(lbURL),
		Credentials:      credentials.NewStaticCredentialsProvider(id, secret, ""),
		HTTPClient:       &http.Client{Transport: b, Timeout: 30 * time.Second},
		RetryMaxAttempts: 1})
}

// consoleSignIn signs a user of the lab account in, through the balancer.
func consoleSignIn(t *testing.T, c *webtest.Client, user, password string) {
	t.Helper()
	res, body := c.Post(t, "/signin", url.Values{"account": {"lab"}, "username": {user}, "password": {password}}, "/signin")
	if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/" {
		t.Fatalf("sign in %s: %d %s\n%.500s", user, res.StatusCode, res.Header.Get("Location"), body)
	}
}

var whoamiARN = regexp.MustCompile(`data-testid="whoami-arn" data-value="([^"]*)"`)

// whoami is the ARN the console's home page shows, "" when it shows the
// sign-in page instead.
func whoami(body string) string {
	if m := whoamiARN.FindStringSubmatch(body); m != nil {
		return m[1]
	}
	return ""
}

// trust lets any principal of the account assume a role.
func trust(account string) string {
	return `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::` + account + `:root"},"Action":"sts:AssumeRole"}]}`
}

// needCode checks that err is the API error code ("" for none).
func needCode(t *testing.T, what string, err error, code string) {
	t.Helper()
	var ae smithy.APIError
	switch {
	case code == "" && err != nil:
		t.Fatalf("%s: %v", what, err)
	case code == "":
	case !errors.As(err, &ae) || ae.ErrorCode() != code:
		t.Fatalf("%s: %v, want %s", what, err, code)
	}
}

// TestInstancesBehindALoadBalancer runs two real instances on one
// PostgreSQL database behind a balancer that sends each request to the
// other instance: a console journey (sign in on A, switch on B, sign out
// on A, refused on B), a permission detached through one instance and
// enforced by the other at once, and fifty sessions used at the same time
// over both that keep their identities apart.
func TestInstancesBehindALoadBalancer(t *testing.T) {
	t.Parallel()
	c, is := newCluster(t, 2)
	a, b := is[0], is[1]
	lb := newBalancer(a, b)
	ctx := context.Background()
	admin := apiClient(lb, c.admin.Admin.AccessKeyID, c.admin.Admin.SecretAccessKey)
	acct := c.admin.AccountID

	// The console journey, each step pinned to its instance.
	_, err := admin.CreateRole(ctx, &awsiam.CreateRoleInput{RoleName: aws.String("Operator"), AssumeRolePolicyDocument: aws.String(trust(acct))})
	needCode(t, "create role", err, "")
	br := browserClient(lb)
	lb.pin(a.addr)
	consoleSignIn(t, br, "admin", c.admin.Admin.Password)
	lb.pin(b.addr)
	res, _ := br.Post(t, "/switchrole", url.Values{"account": {acct}, "roleName": {"Operator"}}, "/switchrole")
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("switch on B: %d", res.StatusCode)
	}
	lb.pin(a.addr)
	if _, home := br.Get(t, "/"); whoami(home) != "arn:aws:sts::"+acct+":assumed-role/Operator/admin" {
		t.Fatalf("A after the switch on B shows %q", whoami(home))
	}
	res, _ = br.Post(t, "/signout", nil, "/")
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("sign out on A: %d", res.StatusCode)
	}
	lb.pin(b.addr)
	if res, home := br.Get(t, "/"); whoami(home) != "" || res.StatusCode == http.StatusOK {
		t.Fatalf("B after the sign-out on A: %d, shows %q", res.StatusCode, whoami(home))
	}
	lb.pin("")

	// A user with AdministratorAccess; the grant and its withdrawal each go
	// through one instance, every use alternates.
	_, err = admin.CreateUser(ctx, &awsiam.CreateUserInput{UserName: aws.String("bob")})
	needCode(t, "create user", err, "")
	key, err := admin.CreateAccessKey(ctx, &awsiam.CreateAccessKeyInput{UserName: aws.String("bob")})
	needCode(t, "create access key", err, "")
	bob := apiClient(lb, *key.AccessKey.AccessKeyId, *key.AccessKey.SecretAccessKey)
	const adminPolicy = "arn:aws:iam::aws:policy/AdministratorAccess"
	for round := range 3 {
		_, err = admin.AttachUserPolicy(ctx, &awsiam.AttachUserPolicyInput{UserName: aws.String("bob"), PolicyArn: aws.String(adminPolicy)})
		needCode(t, "attach", err, "")
		for range 4 { // on both instances, twice: the second from their caches
			_, err = bob.ListRoles(ctx, &awsiam.ListRolesInput{})
			needCode(t, fmt.Sprintf("round %d: bob lists roles while allowed", round), err, "")
		}
		_, err = admin.DetachUserPolicy(ctx, &awsiam.DetachUserPolicyInput{UserName: aws.String("bob"), PolicyArn: aws.String(adminPolicy)})
		needCode(t, "detach", err, "")
		for range 4 {
			_, err = bob.ListRoles(ctx, &awsiam.ListRolesInput{})
			needCode(t, fmt.Sprintf("round %d: bob lists roles after the detach", round), err, "AccessDenied")
			_, err = bob.DeleteRole(ctx, &awsiam.DeleteRoleInput{RoleName: aws.String("Operator")})
			needCode(t, fmt.Sprintf("round %d: bob deletes a role after the detach", round), err, "AccessDenied")
		}
	}

	// Fifty users, each with a console session, all at once over both.
	const n = 50
	clients := make([]*webtest.Client, n)
	for i := range n {
		name := fmt.Sprintf("learner%02d", i)
		_, err := admin.CreateUser(ctx, &awsiam.CreateUserInput{UserName: aws.String(name)})
		needCode(t, "create "+name, err, "")
		_, err = admin.CreateLoginProfile(ctx, &awsiam.CreateLoginProfileInput{UserName: aws.String(name), Password: aws.String("Learner-Passw0rd-" + name)})
		needCode(t, "login profile "+name, err, "")
		clients[i] = browserClient(lb)
		consoleSignIn(t, clients[i], name, "Learner-Passw0rd-"+name)
	}
	var wg sync.WaitGroup
	errs := make(chan error, n)
	for i := range n {
		wg.Go(func() {
			want := "arn:aws:iam::" + acct + ":user/" + fmt.Sprintf("learner%02d", i)
			for j := range 6 {
				res, err := clients[i].Client.Get(lbURL + "/")
				if err != nil {
					errs <- err
					return
				}
				body, _ := io.ReadAll(res.Body)
				res.Body.Close()
				if got := whoami(string(body)); got != want {
					errs <- fmt.Errorf("session %d, request %d: the page shows %q, want %q", i, j, got, want)
					return
				}
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	lb.mu.Lock()
	defer lb.mu.Unlock()
	if lb.served[a.addr] < n || lb.served[b.addr] < n {
		t.Errorf("requests served: %v, want both instances busy", lb.served)
	}
}

// TestKillLosesNothingAcknowledged kills one of two instances (SIGKILL) right
// after its last answer: everything it acknowledged is in the database and
// served by the other instance — IAM writes and their events, a console
// sign-in with its ConsoleLogin event, a switch with its SwitchRole event.
func TestKillLosesNothingAcknowledged(t *testing.T) {
	t.Parallel()
	c, is := newCluster(t, 2)
	a, b := is[0], is[1]
	lb := newBalancer(a, b)
	ctx := context.Background()
	acct := c.admin.AccountID
	lb.pin(a.addr)
	admin := apiClient(lb, c.admin.Admin.AccessKeyID, c.admin.Admin.SecretAccessKey)
	_, err := admin.CreateRole(ctx, &awsiam.CreateRoleInput{RoleName: aws.String("Operator"), AssumeRolePolicyDocument: aws.String(trust(acct))})
	needCode(t, "create role", err, "")
	const users = 20
	for i := range users {
		_, err := admin.CreateUser(ctx, &awsiam.CreateUserInput{UserName: aws.String(fmt.Sprintf("kept%02d", i))})
		needCode(t, "create user", err, "")
	}
	br := browserClient(lb)
	consoleSignIn(t, br, "admin", c.admin.Admin.Password)
	res, _ := br.Post(t, "/switchrole", url.Values{"account": {acct}, "roleName": {"Operator"}, "displayName": {"Ops"}}, "/switchrole")
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("switch: %d", res.StatusCode)
	}
	// The switch's answer is the last thing A said.
	if err := a.cmd.Process.Kill(); err != nil {
		t.Fatal(err)
	}
	if err := <-a.done; err == nil {
		t.Fatal("the killed instance exited cleanly")
	}
	a.done <- errors.New("killed") // for the cleanup

	lb.pin(b.addr)
	if _, home := br.Get(t, "/"); whoami(home) != "arn:aws:sts::"+acct+":assumed-role/Operator/admin" {
		t.Errorf("B after A's death shows %q", whoami(home))
	}
	out, err := admin.ListUsers(ctx, &awsiam.ListUsersInput{})
	needCode(t, "list users on B", err, "")
	if len(out.Users) != users+1 {
		t.Errorf("%d users on B, want %d", len(out.Users), users+1)
	}
	st, err := store.Open(ctx, c.db)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	q := st.Read(ctx)
	count := func(source, name string) int {
		es, err := q.Events(store.EventFilter{AccountID: acct, Attribute: "EventName", Value: name, Limit: 1000})
		if err != nil {
			t.Fatal(err)
		}
		n := 0
		for _, e := range es {
			if e.EventSource == source {
				n++
			}
		}
		return n
	}
	for _, w := range []struct {
		source, name string
		want         int
	}{
		{"iam.amazonaws.com", "CreateUser", users},
		{"iam.amazonaws.com", "CreateRole", 1},
		{"signin.amazonaws.com", "ConsoleLogin", 1},
		{"signin.amazonaws.com", "SwitchRole", 1},
	} {
		if got := count(w.source, w.name); got != w.want {
			t.Errorf("%s events after the kill: %d, want %d", w.name, got, w.want)
		}
	}
}

// TestShutdownDrains stops an instance (SIGTERM) while a request is in
// flight: the request is answered, /readyz was ready before, and the
// process exits cleanly once it is.
func TestShutdownDrains(t *testing.T) {
	t.Parallel()
	c, is := newCluster(t, 1)
	a := is[0]
	res, err := http.Get("http://" + a.addr + "/readyz")
	if err != nil || res.StatusCode != http.StatusOK {
		t.Fatalf("readyz: %v %v", res, err)
	}
	res.Body.Close()
	// A sign-in whose form arrives slowly: in flight when SIGTERM comes.
	pr, pw := io.Pipe()
	req, _ := http.NewRequest(http.MethodPost, "http://"+a.addr+"/signin", pr)
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	answered := make(chan *http.Response, 1)
	go func() {
		res, err := http.DefaultTransport.RoundTrip(req)
		if err != nil {
			t.Error(err)
			close(answered)
			return
		}
		answered <- res
	}()
	io.WriteString(pw, "account=lab&user")
	time.Sleep(200 * time.Millisecond) // the request is in flight
	if err := a.cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	time.Sleep(200 * time.Millisecond)
	select {
	case err := <-a.done:
		t.Fatalf("the instance exited with a request in flight: %v", err)
	default:
	}
	io.WriteString(pw, "name=admin&password="+url.QueryEscape(c.admin.Admin.Password))
	pw.Close()
	res, ok := <-answered
	if !ok {
		t.Fatal("the request in flight was not answered")
	}
	res.Body.Close()
	// No CSRF token: refused, but answered.
	if res.StatusCode != http.StatusForbidden {
		t.Errorf("the request in flight: %d", res.StatusCode)
	}
	select {
	case err := <-a.done:
		if err != nil {
			t.Errorf("exit after the drain: %v\n%s", err, a.log.String())
		}
		a.done <- nil
	case <-time.After(30 * time.Second):
		t.Fatal("the instance did not exit after the drain")
	}
}
