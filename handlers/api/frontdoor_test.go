package api_test

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"iamconsole/handlers/api/apitest"
	"iamconsole/iam"
	"iamconsole/iam/sigv4"
	"iamconsole/store"
)

func TestAPIRefusals(t *testing.T) {
	t.Parallel()
	e := apitest.New(t, false)
	david := e.Keys["david"]
	t.Run("unsigned query call", func(t *testing.T) {
		req, _ := http.NewRequest(http.MethodPost, e.Server.URL+"/", strings.NewReader("Action=GetCallerIdentity&Version=2011-06-15"))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		st, body, _ := apitest.Do(t, req)
		if st != 403 {
			t.Errorf("status %d", st)
		}
		apitest.Golden(t, "missing_authentication_token.xml", body)
	})
	t.Run("unsigned GET", func(t *testing.T) {
		st, body, _ := apitest.Do(t, apitest.Req(http.MethodGet, e.Server.URL+"/?Action=GetCallerIdentity&Version=2011-06-15", nil))
		if st != 403 || !strings.Contains(body, "MissingAuthenticationToken") {
			t.Errorf("%d %s", st, body)
		}
	})
	t.Run("body over 1 MiB", func(t *testing.T) {
		form := url.Values{"Action": {"GetCallerIdentity"}, "Version": {"2011-06-15"}, "Pad": {strings.Repeat("x", 1<<20)}}
		st, body, _ := e.Call(t, "sts", david[0], david[1], "", form)
		if st != http.StatusRequestEntityTooLarge || !strings.Contains(body, "<ErrorResponse") {
			t.Errorf("%d %s", st, body)
		}
	})
	t.Run("signed on another path", func(t *testing.T) {
		body := []byte("Action=GetCallerIdentity&Version=2011-06-15")
		req := apitest.Req(http.MethodPost, e.Server.URL+"/iam/roles", body)
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		sigv4.Sign(req, body, david[0], david[1], "", "eu-west-1", "sts", time.Now())
		if st, b, _ := apitest.Do(t, req); st != 200 || !strings.Contains(b, "user/david") {
			t.Errorf("%d %s", st, b)
		}
	})
	t.Run("console pages unaffected", func(t *testing.T) {
		if st, _, _ := apitest.Do(t, apitest.Req(http.MethodGet, e.Server.URL+"/signin", nil)); st != 200 {
			t.Errorf("GET /signin = %d", st)
		}
	})
}

// FuzzQueryAPI sends arbitrary signed bodies to the API: whatever they
// hold, the answer is an AWS error or result, never a 500.
func FuzzQueryAPI(f *testing.F) {
	e := apitest.New(f, false)
	david := e.Keys["david"]
	f.Add("Action=GetCallerIdentity&Version=2011-06-15", "sts")
	f.Add("Action=AssumeRole&Version=2011-06-15&RoleArn="+url.QueryEscape(apitest.UpdateAPP)+"&RoleSessionName=x&Tags.member.1.Key=a&DurationSeconds=abc", "sts")
	f.Add("Action=ListUsers&Version=2010-05-08&MaxItems=-1&Marker=%ff", "iam")
	f.Add(`{"AccountId":1}`, "organizations")
	f.Fuzz(func(t *testing.T, body, service string) {
		req := apitest.Req(http.MethodPost, e.Server.URL+"/", []byte(body))
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

func TestAPIEventsRecorded(t *testing.T) {
	t.Parallel()
	e := apitest.New(t, false)
	david := e.Keys["david"]
	st, body, h := e.Call(t, "sts", david[0], david[1], "", url.Values{"Action": {"AssumeRole"}, "Version": {"2011-06-15"},
		"RoleArn": {apitest.UpdateAPP}, "RoleSessionName": {"events"}, "DurationSeconds": {"900"}})
	if st != 200 {
		t.Fatalf("%d %s", st, body)
	}
	e.Svc.FlushEvents()
	var shared string
	for _, account := range []string{apitest.DevAccount, apitest.ProdAccount} {
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
		if params["roleArn"] != apitest.UpdateAPP || params["roleSessionName"] != "events" || params["durationSeconds"] != float64(900) {
			t.Errorf("%s: requestParameters %v", account, rec.RequestParameters)
		}
		if shared != "" && rec.SharedEventID != shared || rec.SharedEventID == "" {
			t.Errorf("%s: sharedEventID %q, other %q", account, rec.SharedEventID, shared)
		}
		shared = rec.SharedEventID
		wantType := map[string]string{apitest.DevAccount: "IAMUser", apitest.ProdAccount: "AWSAccount"}[account]
		if rec.UserIdentity.Type != wantType {
			t.Errorf("%s: userIdentity.type %s, want %s", account, rec.UserIdentity.Type, wantType)
		}
	}
}
