package identity_test

import (
	"context"
	"strings"
	"testing"

	"iamconsole/iam"
	"iamconsole/iam/identity"
	"iamconsole/iam/organizations"
)

func TestAccessKeys(t *testing.T) {
	t.Parallel()
	f := newUsersFixture(t)
	ctx := context.Background()
	k1, secret, err := f.svc.CreateAccessKey(ctx, f.admin, "david")
	wantErr(t, err, "", "")
	if !strings.HasPrefix(k1.AccessKeyID, "AKIA") || len(k1.AccessKeyID) != 20 || len(secret) != 40 || k1.Status != "Active" {
		t.Fatalf("key = %+v secret len %d", k1, len(secret))
	}
	// The secret is stored sealed, bound to the key ID.
	stored, err := f.k.Store().Read(ctx).AccessKey(k1.AccessKeyID)
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(string(stored.SecretSealed), secret) {
		t.Fatal("secret stored in clear")
	}
	if plain, err := f.k.Sealer().Open(stored.SecretSealed, k1.AccessKeyID); err != nil || string(plain) != secret {
		t.Fatalf("sealed secret does not open: %v", err)
	}
	_, _, err = f.svc.CreateAccessKey(ctx, f.david, "theresa")
	wantErr(t, err, "AccessDenied", "iam:CreateAccessKey on resource: arn:aws:iam::111122223333:user/theresa")
	_, _, err = f.svc.CreateAccessKey(ctx, f.admin, "")
	wantErr(t, err, "", "") // the caller's own
	_, _, err = f.svc.CreateAccessKey(ctx, f.root, "")
	wantErr(t, err, "ValidationError", "")
	_, _, err = f.svc.CreateAccessKey(ctx, f.admin, "david")
	wantErr(t, err, "", "")
	_, _, err = f.svc.CreateAccessKey(ctx, f.admin, "david")
	wantErr(t, err, "LimitExceeded", "Cannot exceed quota for AccessKeysPerUser: 2")

	ks, err := f.svc.ListAccessKeys(ctx, f.david, "david")
	wantErr(t, err, "", "")
	if len(ks) != 2 {
		t.Fatalf("keys = %v", ks)
	}
	tests := []struct {
		name, user, key, status, code string
		caller                        *iam.Caller
	}{
		{"deactivate", "david", k1.AccessKeyID, "Inactive", "", f.admin},
		{"bad status", "david", k1.AccessKeyID, "Off", "ValidationError", f.admin},
		{"denied", "david", k1.AccessKeyID, "Active", "AccessDenied", f.david},
		{"someone else's key", "theresa", k1.AccessKeyID, "Active", "NoSuchEntity", f.admin},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			wantErr(t, f.svc.UpdateAccessKey(ctx, tt.caller, tt.user, tt.key, tt.status), tt.code, "")
		})
	}
	lu, err := f.svc.GetAccessKeyLastUsed(ctx, f.david, k1.AccessKeyID)
	wantErr(t, err, "", "")
	if lu.UserName != "david" || lu.Status != "Inactive" || lu.LastUsed != nil {
		t.Errorf("last used = %+v", lu)
	}
	_, err = f.svc.GetAccessKeyLastUsed(ctx, f.david, "AKIANOTAREALKEY12345")
	wantErr(t, err, "AccessDenied", "does not exist")
	wantErr(t, f.svc.DeleteAccessKey(ctx, f.david, "david", k1.AccessKeyID), "AccessDenied", "")
	wantErr(t, f.svc.DeleteAccessKey(ctx, f.admin, "david", k1.AccessKeyID), "", "")
	wantErr(t, f.svc.DeleteAccessKey(ctx, f.admin, "david", k1.AccessKeyID), "NoSuchEntity", "The Access Key with id")
}

func TestLoginProfileAndChangePassword(t *testing.T) {
	t.Parallel()
	f := newUsersFixture(t)
	ctx := context.Background()
	if _, err := f.svc.CreateUser(ctx, f.admin, identity.CreateUserInput{UserName: "pat"}); err != nil {
		t.Fatal(err)
	}
	_, err := f.svc.GetLoginProfile(ctx, f.admin, "pat")
	wantErr(t, err, "NoSuchEntity", "Login Profile for User pat cannot be found.")
	wantErr(t, f.svc.CreateLoginProfile(ctx, f.david, "pat", "Secret-pass-1", false), "AccessDenied", "iam:CreateLoginProfile")
	wantErr(t, f.svc.CreateLoginProfile(ctx, f.admin, "pat", "short", false), "PasswordPolicyViolation", "")
	wantErr(t, f.svc.CreateLoginProfile(ctx, f.admin, "pat", "Secret-pass-1", true), "", "")
	wantErr(t, f.svc.CreateLoginProfile(ctx, f.admin, "pat", "Secret-pass-1", true), "EntityAlreadyExists", "")
	lp, err := f.svc.GetLoginProfile(ctx, f.david, "pat")
	wantErr(t, err, "", "")
	if !lp.PasswordResetRequired || lp.UserName != "pat" {
		t.Errorf("profile = %+v", lp)
	}
	wantErr(t, f.svc.UpdateLoginProfile(ctx, f.admin, "pat", nil, ptr(false)), "", "")
	wantErr(t, f.svc.UpdateLoginProfile(ctx, f.david, "pat", nil, ptr(false)), "AccessDenied", "")
	wantErr(t, f.svc.UpdateLoginProfile(ctx, f.admin, "pat", ptr("x"), nil), "PasswordPolicyViolation", "")

	// pat changes the password itself; IAMUserChangePassword is not attached
	// (no reset was required at creation), so grant it through an inline policy.
	u, err := f.k.Store().Read(ctx).UserByName(organizations.DemoDevelopmentID, "pat")
	if err != nil {
		t.Fatal(err)
	}
	pat := &iam.Caller{Type: iam.CallerUser, AccountID: organizations.DemoDevelopmentID, ARN: identity.UserARN(organizations.DemoDevelopmentID, "/", "pat"), UniqueID: u.ID, UserID: u.ID, UserName: "pat", Path: "/"}
	wantErr(t, f.svc.ChangePassword(ctx, pat, "Secret-pass-1", "Secret-pass-2"), "AccessDenied", "iam:ChangePassword")
	wantErr(t, f.svc.UpdateLoginProfile(ctx, f.admin, "pat", nil, ptr(true)), "", "")
	wantErr(t, f.svc.DeleteLoginProfile(ctx, f.admin, "pat"), "", "")
	_, err = f.svc.CreateUser(ctx, f.admin, identity.CreateUserInput{UserName: "quinn", Password: "Secret-pass-1", PasswordResetRequired: true})
	wantErr(t, err, "", "")
	qu, _ := f.k.Store().Read(ctx).UserByName(organizations.DemoDevelopmentID, "quinn")
	quinn := &iam.Caller{Type: iam.CallerUser, AccountID: organizations.DemoDevelopmentID, ARN: identity.UserARN(organizations.DemoDevelopmentID, "/", "quinn"), UniqueID: qu.ID, UserID: qu.ID, UserName: "quinn", Path: "/"}
	tests := []struct {
		name, old, new, code string
		caller               *iam.Caller
	}{
		{"root may not", "a", "Secret-pass-9", "InvalidUserType", f.root},
		{"wrong old password", "Wrong-pass-1", "Secret-pass-2", "InvalidInput", quinn},
		{"too short", "Secret-pass-1", "short", "PasswordPolicyViolation", quinn},
		{"same password", "Secret-pass-1", "Secret-pass-1", "PasswordPolicyViolation", quinn},
		{"changes", "Secret-pass-1", "Secret-pass-2", "", quinn},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			wantErr(t, f.svc.ChangePassword(ctx, tt.caller, tt.old, tt.new), tt.code, "")
		})
	}
	after, _ := f.k.Store().Read(ctx).UserByName(organizations.DemoDevelopmentID, "quinn")
	if after.PasswordResetRequired || !iam.CheckPassword(*after.PasswordHash, "Secret-pass-2") {
		t.Error("password not changed or reset still required")
	}
}
