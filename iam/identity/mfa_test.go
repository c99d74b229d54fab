package identity_test

import (
	"bytes"
	"context"
	"encoding/base32"
	"testing"
	"time"

	"iamconsole/iam"
)

func TestVirtualMFA(t *testing.T) {
	t.Parallel()
	f := newUsersFixture(t)
	ctx := context.Background()
	_, err := f.svc.CreateVirtualMFADevice(ctx, f.david, "davids-phone", "")
	wantErr(t, err, "AccessDenied", "iam:CreateVirtualMFADevice on resource: arn:aws:iam::111122223333:mfa/davids-phone")
	_, err = f.svc.CreateVirtualMFADevice(ctx, f.admin, "bad name", "")
	wantErr(t, err, "ValidationError", "")
	d, err := f.svc.CreateVirtualMFADevice(ctx, f.admin, "davids-phone", "")
	wantErr(t, err, "", "")
	if d.SerialNumber != "arn:aws:iam::111122223333:mfa/davids-phone" || len(d.Base32StringSeed) != 64 {
		t.Fatalf("device = %+v", d)
	}
	if !bytes.HasPrefix(d.QRCodePNG, []byte("\x89PNG")) {
		t.Fatal("QR code is not a PNG")
	}
	_, err = f.svc.CreateVirtualMFADevice(ctx, f.admin, "davids-phone", "")
	wantErr(t, err, "EntityAlreadyExists", "")
	ticket := f.svc.MFAQRTicket(f.admin, d.SerialNumber)
	png, err := f.svc.VirtualMFADeviceQR(ctx, f.admin, ticket)
	wantErr(t, err, "", "")
	if !bytes.HasPrefix(png, []byte("\x89PNG")) {
		t.Fatal("regenerated QR code is not a PNG")
	}
	// Only the ticket's holder, and only while allowed to create devices.
	_, err = f.svc.VirtualMFADeviceQR(ctx, f.david, ticket)
	wantErr(t, err, "NoSuchEntity", "issued to someone else")
	_, err = f.svc.VirtualMFADeviceQR(ctx, f.david, f.svc.MFAQRTicket(f.david, d.SerialNumber))
	wantErr(t, err, "AccessDenied", "")
	for _, bad := range []string{"", d.SerialNumber, "AAAA", ticket[:len(ticket)-2]} {
		_, err = f.svc.VirtualMFADeviceQR(ctx, f.admin, bad)
		wantErr(t, err, "NoSuchEntity", "")
	}
	f.clock.Advance(11 * time.Minute)
	_, err = f.svc.VirtualMFADeviceQR(ctx, f.admin, ticket)
	wantErr(t, err, "NoSuchEntity", "expired")
	ticket = f.svc.MFAQRTicket(f.admin, d.SerialNumber)

	seed, err := base32.StdEncoding.DecodeString(d.Base32StringSeed)
	if err != nil {
		t.Fatal(err)
	}
	n := iam.TOTPStep(f.clock.Now())
	c1, c2 := iam.TOTP(seed, n-1), iam.TOTP(seed, n)
	tests := []struct {
		name, user, code1, code2, errCode string
		caller                            *iam.Caller
	}{
		{"denied", "david", c1, c2, "AccessDenied", f.david},
		{"not digits", "david", "12ab56", c2, "ValidationError", f.admin},
		{"not consecutive", "david", c2, c1, "InvalidAuthenticationCode", f.admin},
		{"unknown device user", "nobody", c1, c2, "NoSuchEntity", f.admin},
		{"enables", "david", c1, c2, "", f.admin},
		{"already in use", "theresa", c1, c2, "EntityAlreadyExists", f.admin},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			wantErr(t, f.svc.EnableMFADevice(ctx, tt.caller, tt.user, d.SerialNumber, tt.code1, tt.code2), tt.errCode, "")
		})
	}
	// The seed of an assigned device is never shown again.
	_, err = f.svc.VirtualMFADeviceQR(ctx, f.admin, ticket)
	wantErr(t, err, "NoSuchEntity", "")
	// The accepted codes cannot be replayed at sign-in.
	if ok, _ := f.svc.UseStep(ctx, d.SerialNumber, n); ok {
		t.Error("code of the enabling step was accepted again")
	}
	ds, err := f.svc.ListMFADevices(ctx, f.david, "")
	wantErr(t, err, "", "")
	if len(ds) != 1 || ds[0].EnableDate == nil || ds[0].SerialNumber != d.SerialNumber {
		t.Fatalf("devices = %+v", ds)
	}
	all, err := f.svc.ListVirtualMFADevices(ctx, f.david, "Assigned")
	wantErr(t, err, "", "")
	if len(all) != 1 || all[0].UserName != "david" {
		t.Fatalf("assigned = %+v", all)
	}
	_, err = f.svc.ListVirtualMFADevices(ctx, f.david, "Some")
	wantErr(t, err, "ValidationError", "")
	wantErr(t, f.svc.DeleteVirtualMFADevice(ctx, f.admin, d.SerialNumber), "DeleteConflict", "")
	wantErr(t, f.svc.DeactivateMFADevice(ctx, f.david, "david", d.SerialNumber), "AccessDenied", "")
	wantErr(t, f.svc.DeactivateMFADevice(ctx, f.admin, "theresa", d.SerialNumber), "NoSuchEntity", "")
	wantErr(t, f.svc.DeactivateMFADevice(ctx, f.admin, "david", d.SerialNumber), "", "")
	un, _ := f.svc.ListVirtualMFADevices(ctx, f.admin, "Unassigned")
	if len(un) != 1 {
		t.Fatalf("unassigned = %+v", un)
	}
	wantErr(t, f.svc.DeleteVirtualMFADevice(ctx, f.david, d.SerialNumber), "AccessDenied", "")
	wantErr(t, f.svc.DeleteVirtualMFADevice(ctx, f.admin, d.SerialNumber), "", "")
	wantErr(t, f.svc.DeleteVirtualMFADevice(ctx, f.admin, d.SerialNumber), "NoSuchEntity", "")
}
