package api_test

import (
	"iamconsole/handlers/api/apitest"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
)

var serverTiming = regexp.MustCompile(`^app;dur=\d+\.\d{3}$`)

// TestServerTiming checks that API calls, refused calls and console pages
// say how long the server spent on them.
func TestServerTiming(t *testing.T) {
	t.Parallel()
	e := apitest.New(t, false)
	david := e.Keys["david"]
	gci := url.Values{"Action": {"GetCallerIdentity"}, "Version": {"2011-06-15"}}
	for _, tc := range []struct {
		name   string
		status int
		send   func() (int, string, http.Header)
	}{
		{"signed call", http.StatusOK, func() (int, string, http.Header) {
			return e.Call(t, "sts", david[0], david[1], "", gci)
		}},
		{"bad signature", http.StatusForbidden, func() (int, string, http.Header) {
			return e.Call(t, "sts", david[0], "wrong", "", gci)
		}},
		{"unsigned call", http.StatusForbidden, func() (int, string, http.Header) {
			req, _ := http.NewRequest(http.MethodPost, e.Server.URL+"/", strings.NewReader(gci.Encode()))
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			return apitest.Do(t, req)
		}},
		{"console page", http.StatusOK, func() (int, string, http.Header) {
			req, _ := http.NewRequest(http.MethodGet, e.Server.URL+"/signin", nil)
			return apitest.Do(t, req)
		}},
		{"console redirect", http.StatusSeeOther, func() (int, string, http.Header) {
			client := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
			res, err := client.Get(e.Server.URL + "/iam/roles")
			if err != nil {
				t.Fatal(err)
			}
			res.Body.Close()
			return res.StatusCode, "", res.Header
		}},
		{"static asset missing", http.StatusNotFound, func() (int, string, http.Header) {
			req, _ := http.NewRequest(http.MethodGet, e.Server.URL+"/static/no-such-file.css", nil)
			return apitest.Do(t, req)
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			status, body, h := tc.send()
			if status != tc.status {
				t.Fatalf("status %d, want %d: %s", status, tc.status, body)
			}
			if got := h.Values("Server-Timing"); len(got) != 1 || !serverTiming.MatchString(got[0]) {
				t.Errorf("Server-Timing = %q, want one app;dur=<ms>", got)
			}
		})
	}
}
