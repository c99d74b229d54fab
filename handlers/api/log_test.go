package api_test

import (
	"bufio"
	"bytes"
	"encoding/json"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"iamconsole/handlers/api/apitest"
	"iamconsole/iam/sigv4"
	"iamconsole/web"
)

// lockedBuffer is a bytes.Buffer safe for the server's goroutines.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// TestAPIRequestLog checks that each API call gets one request-log line
// naming its action and access key ID, and that no secret key, signature or
// session token reaches the log, whatever the call.
func TestAPIRequestLog(t *testing.T) {
	t.Parallel()
	env := apitest.New(t, false)
	var logBuf lockedBuffer
	srv := httptest.NewServer(web.New(web.Config{Services: env.Services, Key: env.Key, Logger: slog.New(slog.NewJSONHandler(&logBuf, nil))}))
	t.Cleanup(srv.Close)
	david := env.Keys["david"]

	var secrets []string // every secret that crossed the wire
	send := func(service, id, secret, token string, form url.Values) string {
		t.Helper()
		body := []byte(form.Encode())
		req := apitest.Req(http.MethodPost, srv.URL+"/", body)
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded; charset=utf-8")
		if err := sigv4.Sign(req, body, id, secret, token, "us-east-1", service, time.Now()); err != nil {
			t.Fatal(err)
		}
		secrets = append(secrets, secret, req.Header.Get("Authorization")[strings.Index(req.Header.Get("Authorization"), "Signature=")+len("Signature="):])
		if token != "" {
			secrets = append(secrets, token)
		}
		_, b, _ := apitest.Do(t, req)
		return b
	}
	body := send("sts", david[0], david[1], "", url.Values{"Action": {"AssumeRole"}, "Version": {"2011-06-15"}, "RoleArn": {apitest.UpdateAPP}, "RoleSessionName": {"log"}})
	field := func(name string) string {
		m := regexp.MustCompile("<" + name + ">([^<]*)</" + name + ">").FindStringSubmatch(body)
		if m == nil {
			t.Fatalf("no %s in %s", name, body)
		}
		return m[1]
	}
	tempID, tempSecret, token := field("AccessKeyId"), field("SecretAccessKey"), field("SessionToken")
	secrets = append(secrets, tempSecret, token)
	send("sts", tempID, tempSecret, token, url.Values{"Action": {"GetCallerIdentity"}, "Version": {"2011-06-15"}})
	send("iam", david[0], "wrong"+david[1][5:], "", url.Values{"Action": {"GetUser"}, "Version": {"2010-05-08"}})

	// A presigned GET carries its signature and token in the query string.
	req := apitest.Req(http.MethodGet, srv.URL+"/?Action=GetCallerIdentity&Version=2011-06-15", nil)
	u, err := sigv4.Presign(req, tempID, tempSecret, token, "us-east-1", "sts", time.Now(), time.Minute)
	if err != nil {
		t.Fatal(err)
	}
	pu, _ := url.Parse(u)
	secrets = append(secrets, pu.Query().Get("X-Amz-Signature"), url.QueryEscape(token))
	apitest.Do(t, apitest.Req(http.MethodGet, u, nil))
	apitest.Do(t, apitest.Req(http.MethodPost, srv.URL+"/?Action=ListUsers&Version=2010-05-08", nil))

	type line struct {
		Msg, Method, Path, ID, Service, Action string
		Status                                 int
		DurMS                                  *float64 `json:"dur_ms"`
		AccessKeyID                            string   `json:"access_key_id"`
	}
	var got []line
	sc := bufio.NewScanner(strings.NewReader(logBuf.String()))
	for sc.Scan() {
		var l line
		if err := json.Unmarshal(sc.Bytes(), &l); err != nil {
			t.Fatalf("%v: %s", err, sc.Text())
		}
		got = append(got, l)
	}
	want := []struct {
		service, action, key string
		status               int
	}{
		{"sts", "AssumeRole", david[0], 200},
		{"sts", "GetCallerIdentity", tempID, 200},
		{"iam", "GetUser", david[0], 403},
		{"sts", "GetCallerIdentity", tempID, 200},
		{"", "ListUsers", "", 403},
	}
	if len(got) != len(want) {
		t.Fatalf("%d log lines, want %d:\n%s", len(got), len(want), logBuf.String())
	}
	for i, w := range want {
		l := got[i]
		if l.Msg != "request" || l.Path != "/" || l.DurMS == nil || l.ID == "" || l.Service != w.service || l.Action != w.action ||
			l.AccessKeyID != w.key || l.Status != w.status {
			t.Errorf("line %d: %+v, want %+v", i+1, l, w)
		}
	}
	log := logBuf.String()
	for _, s := range secrets {
		if s != "" && strings.Contains(log, s) {
			t.Errorf("the log holds a secret (%.8s…):\n%s", s, log)
		}
	}
	for _, word := range []string{"Signature", "Security-Token", "SessionToken", "Authorization"} {
		if strings.Contains(log, word) {
			t.Errorf("the log mentions %s:\n%s", word, log)
		}
	}
}
