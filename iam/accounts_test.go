package iam

import (
	"context"
	"encoding/json"
	"strings"
	"testing"
)

func TestOrganizationAccounts(t *testing.T) {
	t.Parallel()
	f := newUsersFixture(t)
	ctx := context.Background()
	tests := []struct {
		name   string
		caller *Caller
		in     CreateAccountInput
		code   string
		field  string
	}{
		{"member account refused", f.proot, CreateAccountInput{Name: "Sandbox", Email: "sandbox@example.com"}, "AccessDeniedException", ""},
		{"bad email", f.mroot, CreateAccountInput{Name: "Sandbox", Email: "not-an-email"}, "InvalidInputException", "email"},
		{"empty name", f.mroot, CreateAccountInput{Name: " ", Email: "sandbox@example.com"}, "InvalidInputException", "name"},
		{"bad alias", f.mroot, CreateAccountInput{Name: "Sandbox", Email: "sandbox@example.com", Alias: "Bad--Alias"}, "ValidationError", "alias"},
		{"taken alias", f.mroot, CreateAccountInput{Name: "Sandbox", Email: "sandbox@example.com", Alias: "production"}, "EntityAlreadyExists", "alias"},
		{"creates", f.mroot, CreateAccountInput{Name: "Sandbox", Email: "sandbox@example.com", Alias: "sandbox"}, "", ""},
		{"duplicate email", f.mroot, CreateAccountInput{Name: "Other", Email: "SANDBOX@example.com"}, "DuplicateAccountException", "email"},
		{"custom role name", f.mroot, CreateAccountInput{Name: "Lab", Email: "lab@example.com", RoleName: "LabAdmin"}, "", ""},
	}
	var sandbox *AccountInfo
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a, err := f.svc.CreateAccount(ctx, tt.caller, tt.in)
			wantErr(t, err, tt.code, "")
			if tt.field != "" && AsError(err).Field != tt.field {
				t.Errorf("field = %q, want %q", AsError(err).Field, tt.field)
			}
			if err == nil && tt.in.Alias == "sandbox" {
				sandbox = a
			}
		})
	}
	if sandbox == nil || len(sandbox.AccountID) != 12 || sandbox.Management || !strings.HasSuffix(sandbox.SignInURL, "account=sandbox") {
		t.Fatalf("sandbox = %+v", sandbox)
	}
	// The member account trusts the management account through its role.
	r, err := f.svc.st.Read(ctx).RoleByName(sandbox.AccountID, OrganizationAccountAccessRole)
	if err != nil || !strings.Contains(r.TrustPolicy, "arn:aws:iam::444455556666:root") {
		t.Fatalf("role: %v %+v", err, r)
	}
	as, err := f.svc.ListAccounts(ctx, f.mroot)
	wantErr(t, err, "", "")
	if len(as) != 5 || !as[0].Management {
		t.Fatalf("accounts = %+v", as)
	}
	_, err = f.svc.ListAccounts(ctx, f.root)
	wantErr(t, err, "AccessDeniedException", "")
	got, err := f.svc.DescribeAccount(ctx, f.mroot, sandbox.AccountID)
	wantErr(t, err, "", "")
	if got.Email != "sandbox@example.com" {
		t.Errorf("describe = %+v", got)
	}
	_, err = f.svc.DescribeAccount(ctx, f.mroot, "999999999999")
	wantErr(t, err, "AccountNotFoundException", "")
	org, err := f.svc.DescribeOrganization(ctx, f.root)
	wantErr(t, err, "", "")
	if org.MasterAccountID != DemoManagementID || !strings.HasPrefix(org.ID, "o-") || len(org.ID) != 12 {
		t.Errorf("org = %+v", org)
	}
}

func TestAccountAlias(t *testing.T) {
	t.Parallel()
	f := newUsersFixture(t)
	ctx := context.Background()
	tests := []struct {
		name, alias, code string
		caller            *Caller
	}{
		{"denied", "dev-2", "AccessDenied", f.david},
		{"too short", "ab", "ValidationError", f.admin},
		{"upper case", "Dev", "ValidationError", f.admin},
		{"double hyphen", "a--b", "ValidationError", f.admin},
		{"twelve digits", "123456789012", "ValidationError", f.admin},
		{"taken by another account", "production", "EntityAlreadyExists", f.admin},
		{"replaces", "dev-2", "", f.admin},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			wantErr(t, f.svc.CreateAccountAlias(ctx, tt.caller, tt.alias), tt.code, "")
		})
	}
	as, err := f.svc.ListAccountAliases(ctx, f.david)
	wantErr(t, err, "", "")
	if len(as) != 1 || as[0] != "dev-2" {
		t.Fatalf("aliases = %v", as)
	}
	wantErr(t, f.svc.DeleteAccountAlias(ctx, f.admin, "development"), "NoSuchEntity", "")
	wantErr(t, f.svc.DeleteAccountAlias(ctx, f.david, "dev-2"), "AccessDenied", "")
	wantErr(t, f.svc.DeleteAccountAlias(ctx, f.admin, "dev-2"), "", "")
	as, _ = f.svc.ListAccountAliases(ctx, f.admin)
	if len(as) != 0 {
		t.Fatalf("aliases after delete = %v", as)
	}
}

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
	_, err = f.svc.GetAccountAuthorizationDetails(ctx, &Caller{Type: CallerUser, AccountID: DemoDevelopmentID, UserID: "AIDAUNKNOWN", UniqueID: "AIDAUNKNOWN", UserName: "ghost"}, nil)
	if err == nil {
		t.Error("unknown principal allowed")
	}
}
