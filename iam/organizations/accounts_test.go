package organizations_test

import (
	"context"
	"strings"
	"testing"

	"iamconsole/iam"
	"iamconsole/iam/organizations"
)

func TestOrganizationAccounts(t *testing.T) {
	t.Parallel()
	f := newUsersFixture(t)
	ctx := context.Background()
	tests := []struct {
		name   string
		caller *iam.Caller
		in     organizations.CreateAccountInput
		code   string
		field  string
	}{
		{"member account refused", f.proot, organizations.CreateAccountInput{Name: "Sandbox", Email: "sandbox@example.com"}, "AccessDeniedException", ""},
		{"bad email", f.mroot, organizations.CreateAccountInput{Name: "Sandbox", Email: "not-an-email"}, "InvalidInputException", "email"},
		{"empty name", f.mroot, organizations.CreateAccountInput{Name: " ", Email: "sandbox@example.com"}, "InvalidInputException", "name"},
		{"bad alias", f.mroot, organizations.CreateAccountInput{Name: "Sandbox", Email: "sandbox@example.com", Alias: "Bad--Alias"}, "ValidationError", "alias"},
		{"taken alias", f.mroot, organizations.CreateAccountInput{Name: "Sandbox", Email: "sandbox@example.com", Alias: "production"}, "EntityAlreadyExists", "alias"},
		{"creates", f.mroot, organizations.CreateAccountInput{Name: "Sandbox", Email: "sandbox@example.com", Alias: "sandbox"}, "", ""},
		{"duplicate email", f.mroot, organizations.CreateAccountInput{Name: "Other", Email: "SANDBOX@example.com"}, "DuplicateAccountException", "email"},
		{"custom role name", f.mroot, organizations.CreateAccountInput{Name: "Lab", Email: "lab@example.com", RoleName: "LabAdmin"}, "", ""},
	}
	var sandbox *organizations.AccountInfo
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a, err := f.svc.CreateAccount(ctx, tt.caller, tt.in)
			wantErr(t, err, tt.code, "")
			if tt.field != "" && iam.AsError(err).Field != tt.field {
				t.Errorf("field = %q, want %q", iam.AsError(err).Field, tt.field)
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
	r, err := f.k.Store().Read(ctx).RoleByName(sandbox.AccountID, organizations.OrganizationAccountAccessRole)
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
	if org.MasterAccountID != organizations.DemoManagementID || !strings.HasPrefix(org.ID, "o-") || len(org.ID) != 12 {
		t.Errorf("org = %+v", org)
	}
}

func TestAccountAlias(t *testing.T) {
	t.Parallel()
	f := newUsersFixture(t)
	ctx := context.Background()
	tests := []struct {
		name, alias, code string
		caller            *iam.Caller
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
