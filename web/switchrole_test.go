package web_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"iamconsole/store"
	"iamconsole/web/webtest"
)

func switchForm(account, role, display, color, redirect string) url.Values {
	return url.Values{"account": {account}, "roleName": {role}, "displayName": {display}, "color": {color}, "redirect_uri": {redirect}}
}

func TestSwitchRoleLinkSwitchAndBack(t *testing.T) {
	t.Parallel()
	env := webtest.New(t)
	c := env.SignIn(t, "development", "david")
	link := "/switchrole?account=production&roleName=UpdateAPP&displayName=Prod&color=83D4E8&redirect_uri=/switchrole/history"
	res, body := c.Get(t, link)
	if res.StatusCode != http.StatusOK || !strings.Contains(body, `value="UpdateAPP"`) || !strings.Contains(body, `value="83d4e8" checked`) {
		t.Fatalf("GET link = %d, form not pre-filled:\n%s", res.StatusCode, body)
	}
	if _, home := c.Get(t, "/"); !strings.Contains(home, "david @ development") {
		t.Fatal("a GET switched roles")
	}
	res, _ = c.Post(t, "/switchrole", switchForm("production", "UpdateAPP", "Prod", "83d4e8", "/switchrole/history"), link)
	if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/switchrole/history" {
		t.Fatalf("POST /switchrole = %d %s", res.StatusCode, res.Header.Get("Location"))
	}
	_, home := c.Get(t, "/")
	for _, want := range []string{"Prod @ production", "background:#83d4e8", "arn:aws:sts::123456789012:assumed-role/UpdateAPP/david"} {
		if !strings.Contains(home, want) {
			t.Errorf("home in role lacks %q", want)
		}
	}
	if !strings.Contains(home, `data-testid="role-history"`) {
		t.Error("no role history in the identity menu")
	}
	res, _ = c.Post(t, "/switchback", nil, "/")
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("POST /switchback = %d", res.StatusCode)
	}
	if _, home := c.Get(t, "/"); !strings.Contains(home, "david @ development") || strings.Contains(home, "assumed-role") {
		t.Error("not david after switching back")
	}
	if _, hist := c.Get(t, "/switchrole/history?q=prod"); !strings.Contains(hist, "UpdateAPP") {
		t.Error("history search misses UpdateAPP")
	}
	if _, hist := c.Get(t, "/switchrole/history?q=nothing-like-it"); strings.Contains(hist, "<td>UpdateAPP</td>") {
		t.Error("history search does not filter")
	}
}

func TestSwitchRoleRefusalsAndRedirects(t *testing.T) {
	t.Parallel()
	env := webtest.New(t)
	tests := []struct {
		name, user string
		form       url.Values
		status     int
		location   string
		body       string
	}{
		{"testers are refused", "theresa", switchForm("production", "UpdateAPP", "", "", ""), http.StatusForbidden, "", "Invalid information in one or more fields"},
		{"refusal says which side", "theresa", switchForm("production", "UpdateAPP", "", "", ""), http.StatusForbidden, "", "explicit deny"},
		{"colour off the palette", "david", switchForm("production", "UpdateAPP", "", "Red", ""), http.StatusUnprocessableEntity, "", "field-error"},
		{"display name too long", "david", switchForm("production", "UpdateAPP", strings.Repeat("x", 65), "", ""), http.StatusUnprocessableEntity, "", "64 characters or fewer"},
		{"protocol-relative redirect ignored", "david", switchForm("production", "UpdateAPP", "", "", "//evil.example/"), http.StatusSeeOther, "/", ""},
		{"absolute redirect ignored", "david", switchForm("production", "UpdateAPP", "", "", "https://evil.example/"), http.StatusSeeOther, "/", ""},
		{"backslash redirect ignored", "david", switchForm("production", "UpdateAPP", "", "", "/\\evil.example"), http.StatusSeeOther, "/", ""},
		{"same-origin path honoured", "david", switchForm("production", "UpdateAPP", "", "", "/trail"), http.StatusSeeOther, "/trail", ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			c := env.SignIn(t, "development", tc.user)
			res, body := c.Post(t, "/switchrole", tc.form, "/switchrole")
			if res.StatusCode != tc.status || res.Header.Get("Location") != tc.location || !strings.Contains(body, tc.body) {
				t.Errorf("POST = %d %q, want %d %q containing %q\n%s", res.StatusCode, res.Header.Get("Location"), tc.status, tc.location, tc.body, body)
			}
		})
	}
}

func TestSwitchRoleWithoutCSRFIsRefused(t *testing.T) {
	t.Parallel()
	env := webtest.New(t)
	c := env.SignIn(t, "development", "david")
	f := switchForm("production", "UpdateAPP", "", "", "")
	f.Set("csrf_token", "forged")
	res, _ := c.Post(t, "/switchrole", f, "/")
	if res.StatusCode != http.StatusForbidden {
		t.Fatalf("forged POST = %d", res.StatusCode)
	}
	if _, home := c.Get(t, "/"); !strings.Contains(home, "david @ development") {
		t.Error("a forged POST switched roles")
	}
}

// TestConcurrentSwitchesKeepSessionsApart has 50 browsers switch at once,
// each with its own display name, and checks each sees only itself.
func TestConcurrentSwitchesKeepSessionsApart(t *testing.T) {
	t.Parallel()
	env := webtest.New(t)
	const n = 50
	clients := make([]*webtest.Client, n)
	users := []string{"david", "admin"}
	for i := range clients {
		clients[i] = env.SignIn(t, "development", users[i%2])
	}
	var wg sync.WaitGroup
	errs := make(chan error, n*4)
	for i, c := range clients {
		wg.Go(func() {
			user, name := users[i%2], fmt.Sprintf("session-%02d", i)
			for round := range 2 {
				res, _ := c.Post(t, "/switchrole", switchForm("production", "UpdateAPP", name, "", ""), "/switchrole")
				if res.StatusCode != http.StatusSeeOther {
					errs <- fmt.Errorf("%s round %d: switch = %d", name, round, res.StatusCode)
					return
				}
				_, home := c.Get(t, "/")
				if !strings.Contains(home, name+" @ production") || !strings.Contains(home, "assumed-role/UpdateAPP/"+user+"<") && !strings.Contains(home, "assumed-role/UpdateAPP/"+user) {
					errs <- fmt.Errorf("%s round %d: sees another identity", name, round)
				}
				for j := range n {
					if j != i && strings.Contains(home, fmt.Sprintf("session-%02d @", j)) {
						errs <- fmt.Errorf("%s sees session-%02d", name, j)
					}
				}
				if res, _ := c.Post(t, "/switchback", nil, "/"); res.StatusCode != http.StatusSeeOther {
					errs <- fmt.Errorf("%s: switch back = %d", name, res.StatusCode)
				}
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
}

func TestTrailListDetailExport(t *testing.T) {
	t.Parallel()
	env := webtest.New(t)
	david := env.SignIn(t, "development", "david")
	if res, _ := david.Post(t, "/switchrole", switchForm("production", "UpdateAPP", "", "", ""), "/switchrole"); res.StatusCode != http.StatusSeeOther {
		t.Fatal("switch failed")
	}
	// In UpdateAPP (S3 only) the event history is not visible.
	res, body := david.Get(t, "/trail")
	if res.StatusCode != http.StatusForbidden || !strings.Contains(body, `data-testid="access-denied"`) {
		t.Fatalf("/trail in role = %d", res.StatusCode)
	}
	if strings.Contains(body, `href="/trail"`) {
		t.Error("event-history link shown to a role without cloudtrail:LookupEvents")
	}
	david.Post(t, "/switchback", nil, "/")
	env.Svc.FlushEvents()
	res, body = david.Get(t, "/trail?attr=EventName&value=AssumeRole")
	if res.StatusCode != http.StatusOK || strings.Count(body, `data-testid="trail-row"`) != 1 {
		t.Fatalf("/trail filtered = %d:\n%s", res.StatusCode, body)
	}
	_, body = david.Get(t, "/trail")
	for _, want := range []string{"SwitchBack", "AssumeRole", "ConsoleLogin"} {
		if !strings.Contains(body, ">"+want+"<") {
			t.Errorf("/trail lacks %s", want)
		}
	}
	if strings.Contains(body, ">LookupEvents<") {
		t.Error("read-only events shown by default")
	}
	rows := body[strings.Index(body, `data-testid="trail-row"`):]
	i := strings.Index(rows, `href="/trail/`)
	id := rows[i+len(`href="/trail/`):]
	id = id[:strings.IndexByte(id, '"')]
	res, detail := david.Get(t, "/trail/"+id)
	if res.StatusCode != http.StatusOK || !strings.Contains(detail, "&#34;eventVersion&#34;") {
		t.Errorf("detail = %d:\n%s", res.StatusCode, detail)
	}
	res, csv := david.Get(t, "/trail/export?format=csv")
	if res.StatusCode != http.StatusOK || !strings.HasPrefix(csv, "Event ID,Event time") || res.Header.Get("Content-Type") != "text/csv; charset=utf-8" {
		t.Errorf("csv export = %d %s", res.StatusCode, res.Header.Get("Content-Type"))
	}
	res, js := david.Get(t, "/trail/export?format=json&attr=EventName&value=SwitchBack")
	if res.StatusCode != http.StatusOK || !strings.Contains(js, `"Records"`) || !strings.Contains(js, `"SwitchBack"`) {
		t.Errorf("json export = %d %s", res.StatusCode, js)
	}
	if res, _ := david.Get(t, "/trail?start=yesterday"); res.StatusCode != http.StatusUnprocessableEntity {
		t.Errorf("bad start time = %d", res.StatusCode)
	}
}

// TestSwitchAnswersBeforeItsWriteCommits holds the database's one writer
// while a browser switches: the switch and the page it leads to answer as
// the role at once, and the switch is stored and recorded once the writer
// is free again.
func TestSwitchAnswersBeforeItsWriteCommits(t *testing.T) {
	t.Parallel()
	env := webtest.New(t)
	if env.Store.Shared() {
		t.Skip("a shared database answers a switch once it is written")
	}
	c := env.SignIn(t, "development", "david")
	c.Get(t, "/") // the identity menu's history is in memory
	env.Svc.FlushEvents()

	var held atomic.Bool
	started, release, done := make(chan struct{}), make(chan struct{}), make(chan error, 1)
	held.Store(true)
	go func() {
		done <- env.Store.Tx(context.Background(), func(*store.Q) error {
			close(started)
			select {
			case <-release:
			case <-time.After(20 * time.Second): // a switch that waits for the commit would hang the test
			}
			held.Store(false)
			return nil
		})
	}()
	<-started
	res, _ := c.Post(t, "/switchrole", switchForm("production", "UpdateAPP", "Prod", "83d4e8", ""), "/switchrole")
	_, home := c.Get(t, "/")
	answeredWhileHeld := held.Load()
	close(release)
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("POST /switchrole = %d", res.StatusCode)
	}
	if !answeredWhileHeld {
		t.Fatal("the switch waited for its transaction to commit")
	}
	for _, want := range []string{"Prod @ production", "arn:aws:sts::123456789012:assumed-role/UpdateAPP/david", `data-testid="role-history"`} {
		if !strings.Contains(home, want) {
			t.Errorf("the page after the switch lacks %q", want)
		}
	}

	env.Svc.FlushEvents()
	q := env.Store.Read(context.Background())
	for _, w := range []struct{ account, name string }{{"123456789012", "SwitchRole"}, {"111122223333", "AssumeRole"}} {
		es, err := q.Events(store.EventFilter{AccountID: w.account, Attribute: "EventName", Value: w.name, Limit: 10})
		if err != nil || len(es) != 1 {
			t.Errorf("%s events in %s: %d %v, want 1", w.name, w.account, len(es), err)
		}
	}
	if _, home := c.Get(t, "/"); !strings.Contains(home, "Prod @ production") {
		t.Error("not in the role once the switch is stored")
	}
}

// TestReplayedSwitchIsRefused replays a switch POST, cookies and CSRF token
// included, after it was answered: the session ID it carries was rotated
// away by the switch, so the replay switches nothing and the old cookie
// opens no page, while the browser that switched stays in the role.
func TestReplayedSwitchIsRefused(t *testing.T) {
	t.Parallel()
	env := webtest.New(t)
	c := env.SignIn(t, "development", "david")
	form := switchForm("production", "UpdateAPP", "First", "", "")
	form.Set("csrf_token", c.CSRF(t, "/switchrole"))
	base, _ := url.Parse(env.Server.URL)
	captured := c.Jar.Cookies(base)
	if res, _ := c.Post(t, "/switchrole", form, ""); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("switch = %d", res.StatusCode)
	}

	replay := env.NewClient()
	replay.Jar.SetCookies(base, captured)
	form.Set("displayName", "Replayed")
	res, body := replay.Post(t, "/switchrole", form, "")
	if res.StatusCode == http.StatusSeeOther && res.Header.Get("Location") != "/signin" {
		t.Fatalf("the replay was answered %d → %s\n%s", res.StatusCode, res.Header.Get("Location"), body)
	}
	if res, _ := replay.Get(t, "/"); res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/signin" {
		t.Errorf("the old session ID still opens a page: %d %s", res.StatusCode, res.Header.Get("Location"))
	}
	if _, home := c.Get(t, "/"); !strings.Contains(home, "First @ production") || strings.Contains(home, "Replayed") {
		t.Error("the switching browser is not in its own role session")
	}
	env.Svc.FlushEvents()
	es, err := env.Store.Read(context.Background()).Events(store.EventFilter{AccountID: "123456789012", Attribute: "EventName", Value: "SwitchRole", Limit: 10})
	if err != nil || len(es) != 1 {
		t.Errorf("SwitchRole events: %d %v, want 1", len(es), err)
	}
}
