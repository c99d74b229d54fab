package identity

import (
	"context"
	"encoding/base32"
	"encoding/base64"
	"errors"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/skip2/go-qrcode"

	"iamconsole/iam"
	"iamconsole/iam/arn"
	"iamconsole/iam/catalog"
	"iamconsole/store"
)

// MFADeviceInfo describes a virtual MFA device. Base32StringSeed and
// QRCodePNG are filled in only by CreateVirtualMFADevice.
type MFADeviceInfo struct {
	SerialNumber, UserName string
	// Name is the device's name, filled in by PendingVirtualMFADevice.
	Name             string
	EnableDate       *time.Time
	Base32StringSeed string
	QRCodePNG        []byte
}

// mfaIssuer is the issuer the console's QR codes name.
const mfaIssuer = "Amazon Web Services"

func noSuchVirtualMFA(serial string) *iam.Error {
	return iam.NoSuchEntity("VirtualMFADevice with serial number %s doesn't exist.", serial)
}

// mfaURI is the otpauth URI an authenticator app reads from the QR code.
func mfaURI(deviceName, accountName, base32Seed string) string {
	return "otpauth://totp/" + url.PathEscape(deviceName+"@"+accountName) + "?secret=" + base32Seed +
		"&issuer=" + strings.ReplaceAll(url.QueryEscape(mfaIssuer), "+", "%20")
}

// mfaQR renders the QR code PNG for a device's seed.
func mfaQR(deviceName, accountName, base32Seed string) ([]byte, error) {
	return qrcode.Encode(mfaURI(deviceName, accountName, base32Seed), qrcode.Medium, 256)
}

func (s *Service) mfaAccountName(q *store.Q, acct string) string {
	if a, err := q.Account(acct); err == nil && a.Alias != nil {
		return *a.Alias
	}
	return acct
}

// CreateVirtualMFADevice creates an unassigned virtual MFA device and
// returns its seed and QR code, which are never shown again.
func (s *Service) CreateVirtualMFADevice(ctx context.Context, c *iam.Caller, name, path string) (*MFADeviceInfo, error) {
	if c == nil {
		return nil, iam.ErrNoSession
	}
	path = normPath(path)
	serial := arn.IAM(c.AccountID, "mfa", path, name)
	o, err := s.k.Begin(ctx, c, iam.SourceIAM, "CreateVirtualMFADevice", catalog.IAMCreateVirtualMFADevice.String(), serial,
		map[string]any{"virtualMFADeviceName": name, "path": path})
	if err != nil {
		return nil, err
	}
	if err := iam.ValidateName("device_name", "virtualMFADeviceName", name, 226); err != nil {
		return nil, o.Fail(err)
	}
	if err := iam.ValidatePath("path", path); err != nil {
		return nil, o.Fail(err)
	}
	seed, b32 := iam.NewMFASeed()
	info := &MFADeviceInfo{SerialNumber: serial, Base32StringSeed: b32}
	err = o.Write(func(q *store.Q) error {
		if _, err := q.MFADevice(serial); err == nil {
			return iam.AlreadyExists("device_name", "MFADevice entity at the same path and name already exists.")
		} else if !errors.Is(err, store.ErrNotFound) {
			return err
		}
		png, err := mfaQR(name, s.mfaAccountName(q, c.AccountID), b32)
		if err != nil {
			return iam.Internal(err)
		}
		info.QRCodePNG = png
		o.Rec.ResponseElements = map[string]any{"virtualMFADevice": map[string]any{"serialNumber": serial}}
		o.AddResource("AWS::IAM::MFADevice", serial)
		return q.CreateMFADevice(&store.MFADevice{Serial: serial, AccountID: c.AccountID, Name: name, Path: path,
			SeedSealed: s.k.Sealer().Seal(seed, serial), CreatedAt: s.k.Now()})
	})
	if err != nil {
		return nil, err
	}
	return info, nil
}

// mfaTicketTTL is how long the console may show a new device's QR code.
const mfaTicketTTL = 10 * time.Minute

// mfaTicketAD scopes sealed QR tickets so no other sealed value passes.
const mfaTicketAD = "iamconsole mfa-qr ticket"

// MFAQRTicket is an opaque, sealed ticket that lets the principal c, and
// only c, see the QR code of the device serial for ten minutes: the console
// shows a new device's code while it is being assigned without anyone else
// (another administrator allowed to create devices) being able to fetch
// its seed.
func (s *Service) MFAQRTicket(c *iam.Caller, serial string) string {
	if c == nil {
		return ""
	}
	plain := serial + "\x00" + c.UniqueID + "\x00" + strconv.FormatInt(s.k.Now().Add(mfaTicketTTL).Unix(), 10)
	return base64.RawURLEncoding.EncodeToString(s.k.Sealer().Seal([]byte(plain), mfaTicketAD))
}

// openMFATicket returns the serial of a ticket issued to c that has not
// expired.
func (s *Service) openMFATicket(c *iam.Caller, ticket string) (string, bool) {
	raw, err := base64.RawURLEncoding.DecodeString(ticket)
	if err != nil {
		return "", false
	}
	plain, err := s.k.Sealer().Open(raw, mfaTicketAD)
	if err != nil {
		return "", false
	}
	parts := strings.Split(string(plain), "\x00")
	if len(parts) != 3 || parts[1] != c.UniqueID {
		return "", false
	}
	exp, err := strconv.ParseInt(parts[2], 10, 64)
	if err != nil || !s.k.Now().Before(time.Unix(exp, 0)) {
		return "", false
	}
	return parts[0], true
}

// VirtualMFADeviceQR renders again the QR code of a device that is not yet
// assigned, from a ticket (MFAQRTicket) issued to c, who must still be
// allowed to create the device; an assigned device's seed is never shown
// again, and nobody but the ticket's holder sees it at all.
func (s *Service) VirtualMFADeviceQR(ctx context.Context, c *iam.Caller, ticket string) ([]byte, error) {
	d, seed, account, err := s.pendingDevice(ctx, c, ticket)
	if err != nil {
		return nil, err
	}
	png, err := mfaQR(d.Name, account, seed)
	if err != nil {
		return nil, iam.Internal(err)
	}
	return png, nil
}

// PendingVirtualMFADevice returns the serial number, name and base32 seed
// of a device that is not yet assigned, from a ticket issued to c, on the
// terms of VirtualMFADeviceQR: the console's set-up page shows the seed as
// text beside the QR code ("Show secret key"), for authenticator apps that
// cannot scan.
func (s *Service) PendingVirtualMFADevice(ctx context.Context, c *iam.Caller, ticket string) (*MFADeviceInfo, error) {
	d, seed, _, err := s.pendingDevice(ctx, c, ticket)
	if err != nil {
		return nil, err
	}
	return &MFADeviceInfo{SerialNumber: d.Serial, Name: d.Name, Base32StringSeed: seed}, nil
}

// pendingDevice opens a set-up ticket issued to c and returns its device,
// which must still be unassigned, with its base32 seed and the account
// name its QR code carries.
func (s *Service) pendingDevice(ctx context.Context, c *iam.Caller, ticket string) (*store.MFADevice, string, string, error) {
	if c == nil {
		return nil, "", "", iam.ErrNoSession
	}
	serial, ok := s.openMFATicket(c, ticket)
	if !ok {
		return nil, "", "", iam.NoSuchEntity("This QR code link has expired or was issued to someone else. Create the MFA device again.")
	}
	if err := s.k.Authorize(ctx, c, catalog.IAMCreateVirtualMFADevice.String(), serial); err != nil {
		return nil, "", "", err
	}
	q := s.st.Read(ctx)
	d, err := q.MFADevice(serial)
	if err != nil || d.AccountID != c.AccountID || d.UserID != nil || d.Root || d.EnabledAt != nil {
		return nil, "", "", noSuchVirtualMFA(serial)
	}
	seed, err := s.k.Sealer().Open(d.SeedSealed, d.Serial)
	if err != nil {
		return nil, "", "", iam.Internal(err)
	}
	return d, base32.StdEncoding.EncodeToString(seed), s.mfaAccountName(q, c.AccountID), nil
}

func validCode(field, param, code string) error {
	ok := len(code) == 6
	for _, r := range code {
		if r < '0' || r > '9' {
			ok = false
		}
	}
	if !ok {
		return iam.ValidationError(field, "1 validation error detected: Value '%s' at '%s' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\d]+", code, param)
	}
	return nil
}

// consecutiveStep finds the time step n near now whose code is code1 and
// whose next code is code2, or 0. Codes from the last few minutes count, as
// an authenticator app shows them while the user types.
func consecutiveStep(seed []byte, code1, code2 string, now time.Time) int64 {
	cur := iam.TOTPStep(now)
	for n := cur - 4; n <= cur; n++ {
		if iam.TOTP(seed, n) == code1 && iam.TOTP(seed, n+1) == code2 {
			return n
		}
	}
	return 0
}

// EnableMFADevice assigns a virtual MFA device to a user after checking two
// consecutive codes from it.
func (s *Service) EnableMFADevice(ctx context.Context, c *iam.Caller, userName, serial, code1, code2 string) error {
	if c == nil {
		return iam.ErrNoSession
	}
	name, err := selfOr(c, userName)
	if err != nil {
		return err
	}
	o, err := s.k.Begin(ctx, c, iam.SourceIAM, "EnableMFADevice", catalog.IAMEnableMFADevice.String(), s.targetUserARN(ctx, c.AccountID, name),
		map[string]any{"userName": name, "serialNumber": serial})
	if err != nil {
		return err
	}
	if err := validCode("code1", "authenticationCode1", code1); err != nil {
		return o.Fail(err)
	}
	if err := validCode("code2", "authenticationCode2", code2); err != nil {
		return o.Fail(err)
	}
	return o.Write(func(q *store.Q) error {
		u, err := findUser(q, c.AccountID, name)
		if err != nil {
			return err
		}
		d, err := q.MFADevice(serial)
		if err != nil || d.AccountID != c.AccountID {
			return iam.StoreErr(err, noSuchVirtualMFA(serial))
		}
		if d.EnabledAt != nil || d.UserID != nil || d.Root {
			return iam.AlreadyExists("serial", "MFA Device is already in use.")
		}
		ds, err := q.MFADevicesForUser(u.ID)
		if err != nil {
			return err
		}
		if len(ds) >= maxMFAPerUser {
			return quotaError("MFADevicesPerUser", maxMFAPerUser)
		}
		seed, err := s.k.Sealer().Open(d.SeedSealed, d.Serial)
		if err != nil {
			return iam.Internal(err)
		}
		n := consecutiveStep(seed, code1, code2, s.k.Now())
		if n == 0 {
			return &iam.Error{Kind: iam.KindInvalid, Code: "InvalidAuthenticationCode", Field: "code1",
				Message: "Authentication code for device is not valid."}
		}
		now := s.k.Now()
		d.UserID, d.EnabledAt, d.LastUsedStep = &u.ID, &now, n+1
		o.AddResource("AWS::IAM::MFADevice", serial)
		return q.UpdateMFADevice(d)
	})
}

// DeactivateMFADevice unassigns a user's MFA device; the virtual device
// remains, unassigned.
func (s *Service) DeactivateMFADevice(ctx context.Context, c *iam.Caller, userName, serial string) error {
	if c == nil {
		return iam.ErrNoSession
	}
	name, err := selfOr(c, userName)
	if err != nil {
		return err
	}
	o, err := s.k.Begin(ctx, c, iam.SourceIAM, "DeactivateMFADevice", catalog.IAMDeactivateMFADevice.String(), s.targetUserARN(ctx, c.AccountID, name),
		map[string]any{"userName": name, "serialNumber": serial})
	if err != nil {
		return err
	}
	return o.Write(func(q *store.Q) error {
		u, err := findUser(q, c.AccountID, name)
		if err != nil {
			return err
		}
		d, err := q.MFADevice(serial)
		if err != nil || d.UserID == nil || *d.UserID != u.ID {
			return iam.NoSuchEntity("MFA Device with serial number %s does not exist.", serial)
		}
		d.UserID, d.EnabledAt = nil, nil
		return q.UpdateMFADevice(d)
	})
}

// DeleteVirtualMFADevice deletes a virtual MFA device that is not assigned.
func (s *Service) DeleteVirtualMFADevice(ctx context.Context, c *iam.Caller, serial string) error {
	if c == nil {
		return iam.ErrNoSession
	}
	o, err := s.k.Begin(ctx, c, iam.SourceIAM, "DeleteVirtualMFADevice", catalog.IAMDeleteVirtualMFADevice.String(), serial,
		map[string]any{"serialNumber": serial})
	if err != nil {
		return err
	}
	return o.Write(func(q *store.Q) error {
		d, err := q.MFADevice(serial)
		if err != nil || d.AccountID != c.AccountID {
			return iam.StoreErr(err, noSuchVirtualMFA(serial))
		}
		if d.EnabledAt != nil || d.UserID != nil || d.Root {
			return iam.DeleteConflict("MFA device is already in use.")
		}
		o.AddResource("AWS::IAM::MFADevice", serial)
		return q.DeleteMFADevice(serial)
	})
}

// ListMFADevices lists the MFA devices assigned to a user (the caller when
// userName is empty).
func (s *Service) ListMFADevices(ctx context.Context, c *iam.Caller, userName string) ([]MFADeviceInfo, error) {
	if c == nil {
		return nil, iam.ErrNoSession
	}
	name, err := selfOr(c, userName)
	if err != nil {
		return nil, err
	}
	o, q, u, err := s.beginUserRead(ctx, c, "ListMFADevices", catalog.IAMListMFADevices.String(), name)
	if err != nil {
		return nil, err
	}
	ds, err := q.MFADevicesForUser(u.ID)
	if err != nil {
		return nil, o.Read(iam.Internal(err))
	}
	out := make([]MFADeviceInfo, 0, len(ds))
	for _, d := range ds {
		out = append(out, MFADeviceInfo{SerialNumber: d.Serial, UserName: u.Name, EnableDate: d.EnabledAt})
	}
	return out, o.Read(nil)
}

// ListVirtualMFADevices lists the account's virtual MFA devices; assignment
// is "Assigned", "Unassigned" or "Any" ("" means Any).
func (s *Service) ListVirtualMFADevices(ctx context.Context, c *iam.Caller, assignment string) ([]MFADeviceInfo, error) {
	if c == nil {
		return nil, iam.ErrNoSession
	}
	o, err := s.k.Begin(ctx, c, iam.SourceIAM, "ListVirtualMFADevices", catalog.IAMListVirtualMFADevices.String(), arn.IAM(c.AccountID, "mfa", "/", ""),
		map[string]any{"assignmentStatus": assignment})
	if err != nil {
		return nil, err
	}
	switch assignment {
	case "", "Any", "Assigned", "Unassigned":
	default:
		return nil, o.Read(iam.ValidationError("assignment_status", "1 validation error detected: Value '%s' at 'assignmentStatus' failed to satisfy constraint: Member must satisfy enum value set: [Unassigned, Any, Assigned]", assignment))
	}
	q := s.st.Read(ctx)
	ds, err := q.VirtualMFADevices(c.AccountID, assignment)
	if err != nil {
		return nil, o.Read(iam.Internal(err))
	}
	var ids []string
	for _, d := range ds {
		if d.UserID != nil {
			ids = append(ids, *d.UserID)
		}
	}
	users, err := q.UsersByIDs(ids)
	if err != nil {
		return nil, o.Read(iam.Internal(err))
	}
	out := make([]MFADeviceInfo, 0, len(ds))
	for _, d := range ds {
		m := MFADeviceInfo{SerialNumber: d.Serial, EnableDate: d.EnabledAt}
		if d.UserID != nil {
			m.UserName = users[*d.UserID].Name
		}
		out = append(out, m)
	}
	return out, o.Read(nil)
}
