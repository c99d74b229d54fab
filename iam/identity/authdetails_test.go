package identity_test

import (
	"context"
	"encoding/json"
	"strings"
	"testing"

	"iamconsole/iam"
	"iamconsole/iam/organizations"
)

func TestGetAccountAuthorizationDetails(t *testing.T) {
	t.Parallel()
	f := newUsersFixture(t)
	ctx := context.Background()
	_, err := f.svc.GetAccountAuthorizationDetails(ctx, f.root, []string{"Users"})
	wantErr(t, err, "ValidationError", "")
	_, err = f.svc.GetAccountAuthorizationDetails(ctx, f.proot, nil)
	wantErr(t, err, "", "")
	d, err := f.svc.GetAccountAuthorizationDetails(ctx, f.david, nil)
	wantErr(t, err, "", "")
	if len(d.UserDetailList) != 3 || len(d.GroupDetailList) != 2 {
		t.Fatalf("details: %d users, %d groups", len(d.UserDetailList), len(d.GroupDetailList))
	}
	b, err := json.Marshal(d)
	if err != nil {
		t.Fatal(err)
	}
	var generic map[string]any
	if err := json.Unmarshal(b, &generic); err != nil {
		t.Fatal(err)
	}
	for _, k := range []string{"UserDetailList", "GroupDetailList", "RoleDetailList", "Policies", "IsTruncated"} {
		if _, ok := generic[k]; !ok {
			t.Errorf("missing %s", k)
		}
	}
	g := generic["GroupDetailList"].([]any)[0].(map[string]any)
	pol := g["GroupPolicyList"].([]any)[0].(map[string]any)
	if _, ok := pol["PolicyDocument"].(map[string]any); !ok {
		t.Errorf("PolicyDocument should render as a JSON object, got %T", pol["PolicyDocument"])
	}
	if !strings.Contains(string(b), `"PolicyArn":"arn:aws:iam::aws:policy/ReadOnlyAccess"`) {
		t.Error("attached AWS managed policy missing")
	}
	only, err := f.svc.GetAccountAuthorizationDetails(ctx, f.david, []string{"Group"})
	wantErr(t, err, "", "")
	if len(only.UserDetailList) != 0 || len(only.GroupDetailList) != 2 || len(only.Policies) != 0 {
		t.Errorf("filtered = %+v", only)
	}
	_, err = f.svc.GetAccountAuthorizationDetails(ctx, &iam.Caller{Type: iam.CallerUser, AccountID: organizations.DemoDevelopmentID, UserID: "AIDAUNKNOWN", UniqueID: "AIDAUNKNOWN", UserName: "ghost"}, nil)
	if err == nil {
		t.Error("unknown principal allowed")
	}
}
