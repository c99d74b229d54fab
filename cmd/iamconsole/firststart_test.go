package main

import (
	"bufio"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"syscall"
	"testing"
	"time"
)

// needTool returns the path of a program the test runs; it skips without
// it locally, and fails under CI.
func needTool(t *testing.T, name string) string {
	t.Helper()
	p, err := exec.LookPath(name)
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("%s is required under CI: %v", name, err)
		}
		t.Skipf("%s not installed", name)
	}
	return p
}

// shell runs script with sh in dir and returns what it printed.
func shell(t *testing.T, dir, script string, env ...string) string {
	t.Helper()
	cmd := exec.Command("sh", "-c", script)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), env...)
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("sh -c %q: %v\n%s", script, err, out)
	}
	return string(out)
}

func TestShellQuote(t *testing.T) {
	t.Parallel()
	tests := []struct{ in, want string }{
		{"", "''"},
		{"plain-Value_1.2", "plain-Value_1.2"},
		{"AKIAIOSFODNN7EXAMPLE", "AKIAIOSFODNN7EXAMPLE"},
		{"a/b+c=d", "a/b+c=d"},
		{"http://127.0.0.1:8080", "http://127.0.0.1:8080"},
		{"AZXxhfkf767@*whh", "'AZXxhfkf767@*whh'"},
		{"pa$$word", "'pa$$word'"},
		{"it's", `'it'\''s'`},
		{"!#&;|<>`\\\"()~^ \t", "'!#&;|<>`\\\"()~^ \t'"},
		{"new\nline", "'new\nline'"},
	}
	for _, tc := range tests {
		if got := shellQuote(tc.in); got != tc.want {
			t.Errorf("shellQuote(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
	// A real shell reads each back as it was.
	needTool(t, "sh")
	for _, tc := range tests {
		if got := shell(t, "", "printf %s "+shellQuote(tc.in)); got != tc.in {
			t.Errorf("sh reads %q back as %q", tc.in, got)
		}
	}
}

func TestInvocation(t *testing.T) {
	t.Parallel()
	for path, want := range map[string]bool{
		"/tmp/go-build2973/b001/exe/iamconsole":               true,
		`C:\Users\me\AppData\Local\Temp\go-build12\exe\x.exe`: true,
		"/usr/local/bin/iamconsole":                           false,
		"./iamconsole":                                        false,
	} {
		if got := isGoRunBinary(path); got != want {
			t.Errorf("isGoRunBinary(%q) = %v", path, got)
		}
	}
	if got := invocation("/opt/my tools/iamconsole", "/opt/my tools/iamconsole"); got != "'/opt/my tools/iamconsole'" {
		t.Errorf("invocation of a binary = %q", got)
	}
	if got := invocation("/tmp/go-build1/b001/exe/iamconsole", "/tmp/go-build1/b001/exe/iamconsole"); got != "go run ./cmd/iamconsole" {
		t.Errorf("invocation under go run = %q", got)
	}
}

// firstStart starts a new console with cmd (whose last arguments are
// serve's) and returns its URL and the lines printed until it serves.
func firstStart(t *testing.T, cmd *exec.Cmd) []string {
	t.Helper()
	// Its own process group: "go run" starts the console as its child.
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	cmd.Stderr = io.Discard
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		syscall.Kill(-cmd.Process.Pid, syscall.SIGINT)
		done := make(chan struct{})
		go func() { cmd.Wait(); close(done) }()
		select {
		case <-done:
		case <-time.After(10 * time.Second):
			syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL)
			<-done
		}
	})
	lines := make(chan string)
	go func() {
		sc := bufio.NewScanner(stdout)
		for sc.Scan() {
			lines <- sc.Text()
		}
		close(lines)
	}()
	var out []string
	deadline := time.After(3 * time.Minute)
	for {
		select {
		case l, ok := <-lines:
			if !ok {
				t.Fatalf("the console stopped before serving:\n%s", strings.Join(out, "\n"))
			}
			out = append(out, l)
			if strings.Contains(l, "is serving") {
				go func() {
					for range lines {
					}
				}()
				return out
			}
		case <-deadline:
			t.Fatalf("the console did not start:\n%s", strings.Join(out, "\n"))
		}
	}
}

// line returns the first printed line that starts (after its indent) with
// prefix, without the indent.
func line(t *testing.T, out []string, prefix string) string {
	t.Helper()
	for _, l := range out {
		if s := strings.TrimSpace(l); strings.HasPrefix(s, prefix) {
			return s
		}
	}
	t.Fatalf("no line starting with %q in:\n%s", prefix, strings.Join(out, "\n"))
	return ""
}

// signIn signs an IAM user in over HTTP and reports whether the console
// accepted the password.
func signIn(t *testing.T, base, account, user, password string) bool {
	t.Helper()
	jar, _ := cookiejar.New(nil)
	c := &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	res, err := c.Get(base + "/signin")
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(res.Body)
	res.Body.Close()
	m := regexp.MustCompile(`<meta name="csrf-token" content="([^"]+)"`).FindSubmatch(b)
	if m == nil {
		t.Fatal("no CSRF token on the sign-in page")
	}
	res, err = c.PostForm(base+"/signin", url.Values{"csrf_token": {string(m[1])}, "account": {account}, "username": {user}, "password": {password}})
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	return res.StatusCode == http.StatusSeeOther && res.Header.Get("Location") == "/"
}

// TestFirstStartCommandsWork: what a new database's first start prints
// works when pasted into a shell: the passwords sign in, the reset command
// resets, and the access key drives the real AWS CLI.
func TestFirstStartCommandsWork(t *testing.T) {
	needTool(t, "sh")
	aws := needTool(t, "aws")
	dir := t.TempDir()
	bin := filepath.Join(dir, "iamconsole")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("build: %v\n%s", err, out)
	}
	db := filepath.Join(dir, "first start.db") // a space, to be quoted
	addr := freePort(t)
	out := firstStart(t, exec.Command(bin, "serve", "--addr", addr, "--db", db))
	base := "http://" + addr

	// theresa's password, as printed (quoted), signs in.
	theresa := regexp.MustCompile(`user theresa\s+password ('[^']*'|\S+)`).FindStringSubmatch(strings.Join(out, "\n"))
	if theresa == nil {
		t.Fatalf("no password for theresa:\n%s", strings.Join(out, "\n"))
	}
	if pw := shell(t, dir, "printf %s "+theresa[1]); !signIn(t, base, "development", "theresa", pw) {
		t.Errorf("the printed password %s does not sign in", theresa[1])
	}

	// The reset command, run as printed.
	reset := line(t, out, shellQuote(bin)+" reset-password")
	if !strings.Contains(reset, "--db "+shellQuote(db)) {
		t.Errorf("reset command without the database: %s", reset)
	}
	said := shell(t, dir, reset)
	m := regexp.MustCompile(`is now: (.+)\n`).FindStringSubmatch(said)
	if m == nil {
		t.Fatalf("reset printed %q", said)
	}
	if pw := shell(t, dir, "printf %s "+m[1]); !signIn(t, base, "development", "david", pw) {
		t.Errorf("the reset password %s does not sign in", m[1])
	}

	// The access key, with the printed commands and the real CLI.
	export := line(t, out, "export AWS_ACCESS_KEY_ID=")
	home := t.TempDir()
	env := []string{"HOME=" + home, "AWS_CONFIG_FILE=" + filepath.Join(home, "config"), "AWS_SHARED_CREDENTIALS_FILE=" + filepath.Join(home, "credentials"),
		"PATH=" + filepath.Dir(aws) + string(os.PathListSeparator) + os.Getenv("PATH")}
	who := shell(t, dir, export+"\n"+line(t, out, "aws --endpoint-url "+base+" sts get-caller-identity"), env...)
	if !strings.Contains(who, `"Arn": "arn:aws:iam::111122223333:user/david"`) {
		t.Errorf("get-caller-identity with the demo key:\n%s", who)
	}
	assumed := shell(t, dir, export+"\n"+line(t, out, "aws --endpoint-url "+base+" sts assume-role"), env...)
	if !strings.Contains(assumed, "arn:aws:sts::123456789012:assumed-role/UpdateAPP/david") || !strings.Contains(assumed, `"AccessKeyId": "ASIA`) {
		t.Errorf("assume-role with the demo key:\n%s", assumed)
	}
}

// TestFirstStartFromGoRun: started with "go run" from a checkout, the
// console prints its commands for "go run", and they work from there.
func TestFirstStartFromGoRun(t *testing.T) {
	needTool(t, "sh")
	root, err := filepath.Abs("../..")
	if err != nil {
		t.Fatal(err)
	}
	db := filepath.Join(t.TempDir(), "console.db")
	cmd := exec.Command("go", "run", "./cmd/iamconsole", "serve", "--addr", freePort(t), "--db", db)
	cmd.Dir = root
	out := firstStart(t, cmd)
	reset := line(t, out, "go run ./cmd/iamconsole reset-password")
	if want := "go run ./cmd/iamconsole reset-password --db " + shellQuote(db) + " --account development --user david"; reset != want {
		t.Fatalf("reset command %q, want %q", reset, want)
	}
	if said := shell(t, root, reset); !strings.Contains(said, "The password of david in development is now: ") {
		t.Errorf("the printed command from the checkout: %q", said)
	}
}
