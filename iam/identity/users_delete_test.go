package identity_test

import (
	"context"
	"encoding/base32"
	"slices"
	"testing"

	"iamconsole/iam"
	"iamconsole/iam/identity"
)

func TestDeleteUserCompletely(t *testing.T) {
	t.Parallel()
	f := newUsersFixture(t)
	ctx := context.Background()
	// ivy has everything DeleteUser would refuse over.
	_, err := f.svc.CreateUser(ctx, f.admin, identity.CreateUserInput{UserName: "ivy", Password: "Ivy-passw0rd-1"})
	wantErr(t, err, "", "")
	k, _, err := f.svc.CreateAccessKey(ctx, f.admin, "ivy")
	wantErr(t, err, "", "")
	d, err := f.svc.CreateVirtualMFADevice(ctx, f.admin, "ivys-phone", "")
	wantErr(t, err, "", "")
	seed, _ := base32.StdEncoding.DecodeString(d.Base32StringSeed)
	n := iam.TOTPStep(f.clock.Now())
	wantErr(t, f.svc.EnableMFADevice(ctx, f.admin, "ivy", d.SerialNumber, iam.TOTP(seed, n-1), iam.TOTP(seed, n)), "", "")
	wantErr(t, f.svc.AddUserToGroup(ctx, f.admin, "Developers", "ivy"), "", "")
	wantErr(t, f.svc.AttachPolicy(ctx, f.admin, "user", "ivy", iam.ReadOnlyAccessARN), "", "")
	wantErr(t, f.svc.PutInlinePolicy(ctx, f.admin, "user", "ivy", "own",
		`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"*"}]}`), "", "")

	// The plain API call refuses; a read-only caller changes nothing.
	wantErr(t, f.svc.DeleteUser(ctx, f.admin, "ivy"), "DeleteConflict", "")
	_, err = f.svc.DeleteUserCompletely(ctx, f.david, "ivy")
	wantErr(t, err, "AccessDenied", "iam:DeleteLoginProfile")
	if _, err := f.svc.GetUser(ctx, f.admin, "ivy"); err != nil {
		t.Fatalf("ivy gone after a refused delete: %v", err)
	}
	if keys, _ := f.svc.ListAccessKeys(ctx, f.admin, "ivy"); len(keys) != 1 {
		t.Fatalf("keys after a refused delete: %+v", keys)
	}

	removed, err := f.svc.DeleteUserCompletely(ctx, f.admin, "ivy")
	wantErr(t, err, "", "")
	want := []string{"console password", "access key " + k.AccessKeyID, "MFA device " + d.SerialNumber, "membership of Developers",
		"policy " + iam.ReadOnlyAccessARN, "inline policy own"}
	if !slices.Equal(removed, want) {
		t.Errorf("removed %q, want %q", removed, want)
	}
	_, err = f.svc.GetUser(ctx, f.admin, "ivy")
	wantErr(t, err, "NoSuchEntity", "")
	if ds, _ := f.svc.ListVirtualMFADevices(ctx, f.admin, ""); slices.ContainsFunc(ds, func(x identity.MFADeviceInfo) bool { return x.SerialNumber == d.SerialNumber }) {
		t.Error("the virtual MFA device survived its user")
	}
	_, err = f.svc.DeleteUserCompletely(ctx, f.admin, "ivy")
	wantErr(t, err, "NoSuchEntity", "")
	_, err = f.svc.DeleteUserCompletely(ctx, f.david, "nobody")
	wantErr(t, err, "AccessDenied", "")
}
