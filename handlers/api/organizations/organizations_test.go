package organizations_test

import (
	"context"
	"encoding/json"
	"net/http"
	"strings"
	"testing"
	"time"

	"iamconsole/handlers/api/apitest"
	"iamconsole/iam"
	orgs "iamconsole/iam/organizations"
	"iamconsole/iam/sigv4"
)

func TestOrganizationsAPI(t *testing.T) {
	t.Parallel()
	e := apitest.New(t, false)
	ctx := context.Background()
	mgmt := orgs.DemoManagementID
	root := &iam.Caller{Type: iam.CallerRoot, AccountID: mgmt, ARN: "arn:aws:iam::" + mgmt + ":root", UniqueID: mgmt}
	k, secret, err := e.Services.Identity.CreateAccessKey(ctx, root, "admin")
	if err != nil {
		t.Fatal(err)
	}
	call := func(op, body string) (int, string) {
		req := apitest.Req(http.MethodPost, e.Server.URL+"/", []byte(body))
		req.Header.Set("Content-Type", "application/x-amz-json-1.1")
		req.Header.Set("X-Amz-Target", "AWSOrganizationsV20161128."+op)
		sigv4.Sign(req, []byte(body), k.AccessKeyID, secret, "", "us-east-1", "organizations", time.Now())
		st, b, _ := apitest.Do(t, req)
		return st, b
	}
	steps := []struct{ name, op, body, golden string }{
		{"create account", "CreateAccount", `{"AccountName":"Staging","Email":"root@staging.example.com"}`, "orgs_create_account.json"},
		{"describe organization", "DescribeOrganization", `{}`, "orgs_describe_organization.json"},
		{"describe account", "DescribeAccount", `{"AccountId":"111122223333"}`, "orgs_describe_account.json"},
		{"unknown account", "DescribeAccount", `{"AccountId":"999999999999"}`, "orgs_account_not_found.json"},
		{"unknown operation", "Frobnicate", `{}`, "orgs_unknown_operation.json"},
	}
	for _, s := range steps {
		st, b := call(s.op, s.body)
		if st >= 500 {
			t.Errorf("%s: %d %s", s.name, st, b)
		}
		apitest.Golden(t, s.golden, b)
	}
	st, b := call("CreateAccount", `{"AccountName":"Sandbox","Email":"root@sandbox.example.com"}`)
	var created struct {
		CreateAccountStatus struct{ Id, AccountId, State string }
	}
	if err := json.Unmarshal([]byte(b), &created); err != nil || st != 200 || created.CreateAccountStatus.State != "SUCCEEDED" {
		t.Fatalf("CreateAccount: %d %s", st, b)
	}
	st, b = call("DescribeCreateAccountStatus", `{"CreateAccountRequestId":"`+created.CreateAccountStatus.Id+`"}`)
	if st != 200 || !strings.Contains(b, created.CreateAccountStatus.AccountId) || !strings.Contains(b, "SUCCEEDED") {
		t.Errorf("DescribeCreateAccountStatus: %d %s", st, b)
	}
	st, b = call("ListAccounts", `{}`)
	var list struct {
		Accounts []struct{ Id, Name, Status string }
	}
	if err := json.Unmarshal([]byte(b), &list); err != nil || st != 200 || len(list.Accounts) != 5 {
		t.Errorf("ListAccounts: %d %s", st, b)
	}
}

// TestRefusal checks Organizations' JSON AccessDeniedException.
func TestRefusal(t *testing.T) {
	t.Parallel()
	e := apitest.New(t, false)
	david := e.Keys["david"]
	t.Run("organizations JSON error", func(t *testing.T) {
		body := []byte(`{}`)
		req := apitest.Req(http.MethodPost, e.Server.URL+"/", body)
		req.Header.Set("Content-Type", "application/x-amz-json-1.1")
		req.Header.Set("X-Amz-Target", "AWSOrganizationsV20161128.ListAccounts")
		sigv4.Sign(req, body, david[0], david[1], "", "us-east-1", "organizations", time.Now())
		st, b, _ := apitest.Do(t, req)
		if st != 403 {
			t.Errorf("status %d", st)
		}
		apitest.Golden(t, "orgs_access_denied.json", b)
	})
}
