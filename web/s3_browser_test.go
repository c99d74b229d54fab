package web_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/browser"
	"github.com/chromedp/chromedp"

	"iamconsole/web/webtest"
)

// TestBrowserS3Journey: david switches to Production's UpdateAPP, uploads
// a file to productionapp with the console's upload form and downloads it
// back, is refused on the other Production bucket, switches back and loses
// access to productionapp.
func TestBrowserS3Journey(t *testing.T) {
	needChromium(t)
	t.Parallel()
	env := webtest.New(t)
	base := env.Server.URL
	ctx := newBrowser(t)
	dir := t.TempDir()
	upload := filepath.Join(dir, "journey-notes.txt")
	if err := os.WriteFile(upload, []byte("uploaded from the browser\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	downloads := filepath.Join(dir, "downloads")
	os.MkdirAll(downloads, 0o755)

	var buckets, etag, denied string
	err := chromedp.Run(ctx,
		// Wide enough for the navigation bar's service links.
		chromedp.EmulateViewport(1280, 900),
		browser.SetDownloadBehavior(browser.SetDownloadBehaviorBehaviorAllow).WithDownloadPath(downloads),
		signInActions(base, "development", "david", env.Password(t, "development", "david"), ""),
		chromedp.Navigate(base+"/switchrole?account=production&roleName=UpdateAPP"),
		chromedp.WaitVisible(`[data-testid=switch-submit]`),
		chromedp.Click(`[data-testid=switch-submit]`),
		chromedp.WaitVisible(`[data-testid=flash]`),
		chromedp.Click(`[data-testid=nav-s3]`),
		chromedp.WaitVisible(`[data-testid=s3-buckets]`),
		chromedp.Text(`[data-testid=s3-buckets] tbody`, &buckets),
		chromedp.Click(`//a[text()="productionapp"]`, chromedp.BySearch),
		chromedp.WaitVisible(`[data-testid=s3-objects]`),
		chromedp.SetUploadFiles(`[data-testid=upload-files]`, []string{upload}),
		// The upload script sends the file and reloads the folder once it
		// is stored; the new row then shows.
		chromedp.Click(`[data-testid=upload]`),
		chromedp.WaitVisible(`[data-testid=s3-object][data-key="journey-notes.txt"]`),
		chromedp.Click(`[data-testid=s3-object][data-key="journey-notes.txt"] a`),
		chromedp.WaitVisible(`[data-testid=object-overview]`),
		chromedp.Text(`[data-testid=object-etag]`, &etag),
		chromedp.Click(`[data-testid=download]`),
	)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(buckets, "productionapp") || !strings.Contains(buckets, "production-finance-reports") {
		t.Errorf("buckets: %q", buckets)
	}
	got := waitForFile(t, filepath.Join(downloads, "journey-notes.txt"))
	if got != "uploaded from the browser\n" {
		t.Errorf("downloaded %q", got)
	}
	if len(strings.TrimSpace(etag)) != 32 {
		t.Errorf("ETag %q", etag)
	}
	err = chromedp.Run(ctx,
		chromedp.Navigate(base+"/s3/buckets/production-finance-reports"),
		chromedp.WaitVisible(`[data-testid=access-denied]`),
		chromedp.Text(`[data-testid=denied-message]`, &denied),
	)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(denied, "s3:ListBucket") {
		t.Errorf("refusal: %q", denied)
	}
	var after string
	err = chromedp.Run(ctx,
		chromedp.Click(`[data-testid=identity]`),
		chromedp.Click(`[data-testid=switch-back]`),
		chromedp.WaitNotPresent(`[data-testid=switch-back]`),
		chromedp.Navigate(base+"/s3/buckets/productionapp"),
		chromedp.WaitVisible(`[data-testid=access-denied]`),
		chromedp.Text(`[data-testid=denied-message]`, &after),
	)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(after, "Access Denied") {
		t.Errorf("after switching back: %q", after)
	}
}

// waitForFile waits for a download to land and returns its content.
func waitForFile(t *testing.T, path string) string {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for time.Now().Before(deadline) {
		if b, err := os.ReadFile(path); err == nil && len(b) > 0 {
			return string(b)
		}
		time.Sleep(100 * time.Millisecond)
	}
	entries, _ := os.ReadDir(filepath.Dir(path))
	t.Fatalf("no download at %s (found %v)", path, entries)
	return ""
}
