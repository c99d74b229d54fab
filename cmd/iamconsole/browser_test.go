package main

import (
	"bufio"
	"context"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
)

const chromium = "/usr/bin/chromium"

// needBrowser skips without Chromium locally, and fails under CI.
func needBrowser(t *testing.T) {
	t.Helper()
	if _, err := os.Stat(chromium); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("browser tests need %s under CI", chromium)
		}
		t.Skipf("%s not installed", chromium)
	}
}

func freePort(t *testing.T) string {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().String()
}

// startBinary builds and starts the real binary on a fresh database and
// returns its URL and the demo passwords it printed.
func startBinary(t *testing.T) (string, map[string]string) {
	t.Helper()
	dir := t.TempDir()
	bin := filepath.Join(dir, "iamconsole")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("build: %v\n%s", err, out)
	}
	addr := freePort(t)
	cmd := exec.Command(bin, "serve", "--addr", addr, "--db", filepath.Join(dir, "console.db"))
	stdout, _ := cmd.StdoutPipe()
	cmd.Stderr = nil
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cmd.Process.Signal(os.Interrupt); cmd.Wait() })
	passwords := map[string]string{}
	line := regexp.MustCompile(`account (\S+)\s+user (\S+)\s+password ('[^']*'|\S+)`)
	sc := bufio.NewScanner(stdout)
	ready := make(chan struct{})
	go func() {
		for sc.Scan() {
			if m := line.FindStringSubmatch(sc.Text()); m != nil {
				passwords[m[1]+"/"+m[2]] = strings.Trim(m[3], "'") // generated passwords hold no quote
			}
			if strings.Contains(sc.Text(), "is serving") {
				close(ready)
			}
		}
	}()
	select {
	case <-ready:
	case <-time.After(30 * time.Second):
		t.Fatal("the server did not start")
	}
	return "http://" + addr, passwords
}

func browser(t *testing.T) context.Context {
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(chromium), chromedp.NoSandbox, chromedp.DisableGPU, chromedp.Headless,
		chromedp.Flag("disable-background-networking", true), chromedp.Flag("disable-component-update", true),
		chromedp.Flag("no-first-run", true), chromedp.Flag("disable-sync", true), chromedp.Flag("disable-quic", true),
		chromedp.UserDataDir(profileDir(t)))
	actx, cancel := chromedp.NewExecAllocator(context.Background(), opts...)
	t.Cleanup(cancel)
	ctx, cancel2 := chromedp.NewContext(actx)
	t.Cleanup(cancel2)
	ctx, cancel3 := context.WithTimeout(ctx, 90*time.Second)
	t.Cleanup(cancel3)
	return ctx
}

// TestBrowserSignInAndOut drives the real binary with Chromium: sign in as a
// demo user, see the identity button, sign out, and check that a POST
// without the CSRF token is refused.
func TestBrowserSignInAndOut(t *testing.T) {
	needBrowser(t)
	base, pw := startBinary(t)
	ctx := browser(t)
	var identity, arnText, signinTitle string
	var status int
	err := chromedp.Run(ctx,
		chromedp.Navigate(base+"/"),
		chromedp.WaitVisible(`input[name=account]`),
		chromedp.SendKeys(`input[name=account]`, "development"),
		chromedp.SendKeys(`input[name=username]`, "david"),
		chromedp.SendKeys(`input[name=password]`, pw["development/david"]),
		chromedp.Submit(`input[name=password]`),
		chromedp.WaitVisible(`[data-testid=identity]`),
		chromedp.Text(`[data-testid=identity]`, &identity),
		chromedp.Text(`[data-testid=whoami-arn]`, &arnText),
		// A forged POST (no token) from the signed-in page is refused.
		chromedp.Evaluate(`fetch('/signout', {method: 'POST', headers: {'Content-Type': 'application/x-www-form-urlencoded'}, body: 'x=1'}).then(r => r.status)`, &status,
			func(p *runtime.EvaluateParams) *runtime.EvaluateParams { return p.WithAwaitPromise(true) }),
		chromedp.Click(`[data-testid=identity]`),
		chromedp.Click(`[data-testid=sign-out]`),
		chromedp.WaitVisible(`input[name=username]`),
		chromedp.Title(&signinTitle),
	)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(identity, "david @ development") {
		t.Errorf("identity button = %q", identity)
	}
	if arnText != "arn:aws:iam::111122223333:user/david" {
		t.Errorf("ARN = %q", arnText)
	}
	if status != 403 {
		t.Errorf("POST without CSRF token = %d, want 403", status)
	}
	if !strings.Contains(signinTitle, "Sign in") {
		t.Errorf("after sign-out the title is %q", signinTitle)
	}
}

// profileDir is a Chromium profile folder removed after the browser has
// gone. Chromium's helper processes may still write to it for a moment
// after the allocator is cancelled, so removal retries and never fails the
// test (t.TempDir would).
func profileDir(t *testing.T) string {
	t.Helper()
	dir, err := os.MkdirTemp("", "iamconsole-chromium-")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		for i := 0; i < 20; i++ {
			if os.RemoveAll(dir) == nil {
				return
			}
			time.Sleep(50 * time.Millisecond)
		}
	})
	return dir
}
