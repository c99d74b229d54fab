package console_test

import (
	"context"
	"encoding/base32"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"iamconsole/iam"
	"iamconsole/web/webtest"
)

func TestUsersPages(t *testing.T) {
	t.Parallel()
	env := webtest.New(t)
	admin := env.SignIn(t, "development", "admin")
	david := env.SignIn(t, "development", "david")

	res, body := admin.Get(t, "/iam/users")
	if res.StatusCode != http.StatusOK || !strings.Contains(body, `data-testid="create-user"`) || strings.Count(body, `data-testid="user-row"`) != 3 {
		t.Fatalf("admin users list: %d\n%s", res.StatusCode, body)
	}
	res, body = david.Get(t, "/iam/users?q=the&sort=-name")
	if res.StatusCode != http.StatusOK || !strings.Contains(body, `title="You need iam:CreateUser"`) || strings.Count(body, `data-testid="user-row"`) != 1 {
		t.Fatalf("read-only users list: %d\n%s", res.StatusCode, body)
	}
	// The sort links keep a search with URL metacharacters whole.
	if _, body := admin.Get(t, "/iam/users?q="+url.QueryEscape("a&b#c")); !strings.Contains(body, `href="/iam/users?q=a%26b%23c&amp;sort=name"`) {
		t.Errorf("sort link does not carry the search escaped:\n%s", body)
	}

	tests := []struct {
		name       string
		client     *webtest.Client
		form       url.Values
		wantStatus int
		want       string
	}{
		{"invalid name re-renders", admin, url.Values{"user_name": {"bad name"}}, http.StatusUnprocessableEntity, `data-testid="error-user_name"`},
		{"duplicate re-renders", admin, url.Values{"user_name": {"DAVID"}}, http.StatusUnprocessableEntity, "User with name DAVID already exists."},
		{"forged post denied", david, url.Values{"user_name": {"mallory"}}, http.StatusForbidden, `data-testid="access-denied"`},
		{"creates", admin, url.Values{"user_name": {"erin"}, "path": {"/"}, "console_access": {"on"}, "password": {"Secret-pass-1"},
			"reset_required": {"on"}, "tags": {"team=blue"}}, http.StatusSeeOther, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, body := tt.client.Post(t, "/iam/users", tt.form, "/iam/users")
			if res.StatusCode != tt.wantStatus || !strings.Contains(body, tt.want) {
				t.Fatalf("status %d, want %d with %q\n%s", res.StatusCode, tt.wantStatus, tt.want, body)
			}
		})
	}
	res, body = admin.Get(t, "/iam/users/erin?tab=security_credentials")
	if res.StatusCode != http.StatusOK || !strings.Contains(body, "arn:aws:iam::111122223333:user/erin") || !strings.Contains(body, "Reset required") {
		t.Fatalf("detail: %d\n%s", res.StatusCode, body)
	}

	// Access key: post/redirect/get, the secret shown once on the page the
	// post leads to, with a CSV download; a reload shows it no more and
	// creates no second key.
	res, _ = admin.Post(t, "/iam/users/erin/access_keys", nil, "/iam/users/erin")
	if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/iam/users/erin?tab=security_credentials#access-keys" {
		t.Fatalf("create key: %d %s", res.StatusCode, res.Header.Get("Location"))
	}
	res, body = admin.Get(t, "/iam/users/erin?tab=security_credentials")
	if res.StatusCode != http.StatusOK || !strings.Contains(body, `data-testid="new-key-secret"`) || !strings.Contains(body, `data-testid="download-csv"`) ||
		res.Header.Get("Cache-Control") != "no-store" {
		t.Fatalf("key page: %d %q\n%s", res.StatusCode, res.Header.Get("Cache-Control"), body)
	}
	keyID := regexp.MustCompile(`data-testid="new-key-id" data-value="(AKIA[A-Z2-7]{16})"`).FindStringSubmatch(body)
	if keyID == nil {
		t.Fatal("no key ID shown")
	}
	res, body = admin.Get(t, "/iam/users/erin?tab=security_credentials")
	if strings.Contains(body, `data-testid="new-key-secret"`) || strings.Count(body, `data-testid="key-row"`) != 1 {
		t.Fatalf("reload: secret shown again or a second key (%d keys)", strings.Count(body, `data-testid="key-row"`))
	}
	res, _ = admin.Post(t, "/iam/users/erin/access_keys/"+keyID[1]+"/status", url.Values{"status": {"Inactive"}}, "/iam/users/erin")
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("deactivate: %d", res.StatusCode)
	}
	res, _ = david.Post(t, "/iam/users/erin/access_keys/"+keyID[1]+"/delete", nil, "/iam/users")
	if res.StatusCode != http.StatusForbidden {
		t.Fatalf("forged delete key: %d", res.StatusCode)
	}
	// Deleting a key asks for its ID, as AWS does; a wrong one is refused.
	res, body = admin.Post(t, "/iam/users/erin/access_keys/"+keyID[1]+"/delete", nil, "/iam/users/erin")
	if res.StatusCode != http.StatusOK || !strings.Contains(body, `data-testid="confirm-page"`) || !strings.Contains(body, `placeholder="`+keyID[1]+`"`) {
		t.Fatalf("delete key unconfirmed: %d\n%s", res.StatusCode, body)
	}
	res, _ = admin.Post(t, "/iam/users/erin/access_keys/"+keyID[1]+"/delete", url.Values{"confirm": {"AKIAWRONG"}}, "/iam/users/erin")
	if res.StatusCode != http.StatusUnprocessableEntity {
		t.Fatalf("delete key, wrong ID: %d", res.StatusCode)
	}
	res, _ = admin.Post(t, "/iam/users/erin/access_keys/"+keyID[1]+"/delete", url.Values{"confirm": {keyID[1]}}, "/iam/users/erin")
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("delete key: %d", res.StatusCode)
	}
	// Delete conflicts (login profile) come back as a flash.
	res, _ = admin.Post(t, "/iam/users/erin/delete", url.Values{"confirm": {"erin"}}, "/iam/users/erin")
	if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/iam/users/erin" {
		t.Fatalf("delete with conflict: %d %s", res.StatusCode, res.Header.Get("Location"))
	}
	_, body = admin.Get(t, "/iam/users/erin")
	if !strings.Contains(body, "must delete login profile first") {
		t.Fatal("conflict not flashed")
	}
	// The console's Delete (with everything ticked) removes the password
	// first; a read-only user's forged delete changes nothing.
	res, body = david.Post(t, "/iam/users/erin/delete", url.Values{"delete_everything": {"on"}}, "/iam/users")
	if res.StatusCode != http.StatusForbidden || !strings.Contains(body, "iam:DeleteLoginProfile") {
		t.Fatalf("forged complete delete: %d", res.StatusCode)
	}
	res, _ = admin.Post(t, "/iam/users/erin/delete", url.Values{"delete_everything": {"on"}, "confirm": {"erin"}}, "/iam/users/erin")
	if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/iam/users" {
		t.Fatalf("complete delete: %d %s", res.StatusCode, res.Header.Get("Location"))
	}
	if _, body = admin.Get(t, "/iam/users"); !strings.Contains(body, "User erin deleted, with its console password, policy arn:aws:iam::aws:policy/IAMUserChangePassword.") {
		t.Fatalf("no flash naming what went with the user:\n%s", body)
	}
	res, _ = admin.Get(t, "/iam/users/nobody")
	if res.StatusCode != http.StatusNotFound {
		t.Fatalf("missing user: %d", res.StatusCode)
	}
}

func TestUserMFAAssignment(t *testing.T) {
	t.Parallel()
	env := webtest.New(t)
	admin := env.SignIn(t, "development", "admin")
	david := env.SignIn(t, "development", "david")
	// The device's creation leads to its set-up page, which can be
	// reloaded: the QR code, the secret key beside it, two codes.
	res, body := admin.Post(t, "/iam/users/david/mfa", url.Values{"device_name": {"davids-phone"}}, "/iam/users/david")
	setup := res.Header.Get("Location")
	if res.StatusCode != http.StatusSeeOther || !strings.HasPrefix(setup, "/iam/users/david/mfa/setup?t=") {
		t.Fatalf("create device: %d %s", res.StatusCode, setup)
	}
	for range 2 {
		res, body = admin.Get(t, setup)
		if res.StatusCode != http.StatusOK || !strings.Contains(body, `data-testid="mfa-qr"`) || !strings.Contains(body, `data-testid="show-secret"`) {
			t.Fatalf("set-up page: %d\n%s", res.StatusCode, body)
		}
	}
	serial := "arn:aws:iam::111122223333:mfa/davids-phone"
	qr := regexp.MustCompile(`src="(/iam/mfa/qr\?t=[A-Za-z0-9_-]+)"`).FindStringSubmatch(body)
	if qr == nil {
		t.Fatalf("no QR ticket in the page:\n%s", body)
	}
	shown := regexp.MustCompile(`data-testid="mfa-secret" data-value="([A-Z2-7=]+)"`).FindStringSubmatch(body)
	if shown == nil {
		t.Fatalf("no secret key in the page:\n%s", body)
	}
	// Another principal cannot open the set-up page of the same link.
	if res, _ := david.Get(t, setup); res.StatusCode == http.StatusOK {
		t.Fatalf("set-up page opened by another principal: %d", res.StatusCode)
	}
	// The same name again is refused with a way out: the unfinished set-up
	// is listed, and can be removed.
	res, body = admin.Post(t, "/iam/users/david/mfa", url.Values{"device_name": {"davids-phone"}}, "/iam/users/david")
	if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, "Unfinished set-ups") || !strings.Contains(body, `data-testid="pending-row"`) {
		t.Fatalf("same name again: %d\n%s", res.StatusCode, body)
	}
	res, png := admin.Get(t, qr[1])
	if res.StatusCode != http.StatusOK || res.Header.Get("Content-Type") != "image/png" || !strings.HasPrefix(png, "\x89PNG") {
		t.Fatalf("qr: %d %s", res.StatusCode, res.Header.Get("Content-Type"))
	}
	// The seed is the creator's alone: neither another principal with the
	// same link nor anyone by serial number sees it.
	if res, _ := david.Get(t, qr[1]); res.StatusCode != http.StatusNotFound {
		t.Fatalf("qr ticket used by another principal: %d", res.StatusCode)
	}
	if res, _ := admin.Get(t, "/iam/mfa/qr?serial="+url.QueryEscape(serial)); res.StatusCode != http.StatusNotFound {
		t.Fatalf("qr by serial number: %d", res.StatusCode)
	}
	// Wrong codes re-render the form with the error and the same QR code.
	ticket := strings.TrimPrefix(qr[1], "/iam/mfa/qr?t=")
	res, body = admin.Post(t, "/iam/users/david/mfa/enable", url.Values{"serial": {serial}, "ticket": {ticket}, "code1": {"000000"}, "code2": {"000000"}}, "/iam/users/david")
	if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, "Authentication code for device is not valid.") || !strings.Contains(body, qr[1]) {
		t.Fatalf("wrong codes: %d\n%s", res.StatusCode, body)
	}
	// Read the seed the way an authenticator would: from the sealed store.
	d, err := env.Store.Read(context.Background()).MFADevice(serial)
	if err != nil {
		t.Fatal(err)
	}
	sealer, _ := iam.NewSealer(env.Key)
	seed, err := sealer.Open(d.SeedSealed, serial)
	if err != nil {
		t.Fatal(err)
	}
	if got := base32.StdEncoding.EncodeToString(seed); got != shown[1] {
		t.Fatalf("the secret key shown is not the device's")
	}
	n := iam.TOTPStep(env.Svc.Now())
	res, _ = admin.Post(t, "/iam/users/david/mfa/enable", url.Values{"serial": {serial}, "code1": {iam.TOTP(seed, n-1)}, "code2": {iam.TOTP(seed, n)}}, "/iam/users/david")
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("enable: %d", res.StatusCode)
	}
	_, body = admin.Get(t, "/iam/users/david?tab=security_credentials")
	if !strings.Contains(body, serial) {
		t.Fatal("device not listed")
	}
	if res, _ := admin.Get(t, qr[1]); res.StatusCode != http.StatusNotFound {
		t.Fatalf("qr of an assigned device: %d", res.StatusCode)
	}
}

func TestChangeOwnPassword(t *testing.T) {
	t.Parallel()
	env := webtest.New(t)
	david := env.SignIn(t, "development", "david")
	old := env.Password(t, "development", "david")
	tests := []struct {
		name       string
		form       url.Values
		wantStatus int
		want       string
	}{
		{"mismatch", url.Values{"old_password": {old}, "new_password": {"Secret-pass-2"}, "confirm_password": {"x"}}, http.StatusUnprocessableEntity, "do not match"},
		{"wrong old", url.Values{"old_password": {"wrong-pass-1"}, "new_password": {"Secret-pass-2"}, "confirm_password": {"Secret-pass-2"}}, http.StatusUnprocessableEntity, "The old password was incorrect."},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, body := david.Post(t, "/iam/security_credentials/password", tt.form, "/iam/security_credentials")
			if res.StatusCode != tt.wantStatus || !strings.Contains(body, tt.want) {
				t.Fatalf("%d\n%s", res.StatusCode, body)
			}
		})
	}
	// A user without iam:ChangePassword is refused.
	root := env.SignIn(t, "development", "root")
	if res, _ := root.Post(t, "/iam/users", url.Values{"user_name": {"nopol"}, "console_access": {"on"}, "password": {"Secret-pass-1"}}, "/iam/users"); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("create nopol: %d", res.StatusCode)
	}
	nopol := env.NewClient()
	if res, _ := nopol.Post(t, "/signin", url.Values{"account": {"development"}, "username": {"nopol"}, "password": {"Secret-pass-1"}}, "/signin"); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("sign in nopol: %d", res.StatusCode)
	}
	res, _ := nopol.Post(t, "/iam/security_credentials/password", url.Values{"old_password": {"Secret-pass-1"}, "new_password": {"Secret-pass-2"}, "confirm_password": {"Secret-pass-2"}}, "/iam/security_credentials")
	if res.StatusCode != http.StatusForbidden {
		t.Fatalf("change without permission: %d", res.StatusCode)
	}
	admin := env.SignIn(t, "development", "admin")
	pw := env.Password(t, "development", "admin")
	res, _ = admin.Post(t, "/iam/security_credentials/password", url.Values{"old_password": {pw}, "new_password": {"Secret-pass-2"}, "confirm_password": {"Secret-pass-2"}}, "/iam/security_credentials")
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("change: %d", res.StatusCode)
	}
}
