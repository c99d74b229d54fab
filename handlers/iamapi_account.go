package handlers

import (
	"context"
	"encoding/base64"

	"iamconsole/iam"
)

// iamAccountActions adds account aliases, virtual MFA devices, the
// authorization-details export and the policy simulator to the IAM table.
func (a *API) iamAccountActions(t map[string]iamAction) {
	t["CreateAccountAlias"] = a.iamCreateAccountAlias
	t["DeleteAccountAlias"] = a.iamDeleteAccountAlias
	t["ListAccountAliases"] = a.iamListAccountAliases
	t["ListMFADevices"] = a.iamListMFADevices
	t["ListVirtualMFADevices"] = a.iamListVirtualMFADevices
	t["CreateVirtualMFADevice"] = a.iamCreateVirtualMFADevice
	t["EnableMFADevice"] = a.iamEnableMFADevice
	t["DeactivateMFADevice"] = a.iamDeactivateMFADevice
	t["DeleteVirtualMFADevice"] = a.iamDeleteVirtualMFADevice
	t["GetAccountAuthorizationDetails"] = a.iamGetAccountAuthorizationDetails
	t["SimulatePrincipalPolicy"] = a.iamSimulatePrincipalPolicy
	t["SimulateCustomPolicy"] = a.iamSimulateCustomPolicy
}

func (a *API) iamCreateAccountAlias(r *iamReader) iamCall {
	alias := r.required("AccountAlias")
	return done(func(ctx context.Context, c *iam.Caller) error { return a.svc.CreateAccountAlias(ctx, c, alias) })
}

func (a *API) iamDeleteAccountAlias(r *iamReader) iamCall {
	alias := r.required("AccountAlias")
	return done(func(ctx context.Context, c *iam.Caller) error { return a.svc.DeleteAccountAlias(ctx, c, alias) })
}

func (a *API) iamListAccountAliases(*iamReader) iamCall {
	return func(ctx context.Context, c *iam.Caller) (any, error) {
		as, err := a.svc.ListAccountAliases(ctx, c)
		if err != nil {
			return nil, err
		}
		if as == nil {
			as = []string{}
		}
		return &listAliasesResult{AccountAliases: as}, nil
	}
}

func (a *API) iamListMFADevices(r *iamReader) iamCall {
	name := r.opt("UserName")
	return func(ctx context.Context, c *iam.Caller) (any, error) {
		ds, err := a.svc.ListMFADevices(ctx, c, name)
		if err != nil {
			return nil, err
		}
		res := &listMFADevicesResult{MFADevices: []mfaDeviceXML{}}
		for i := range ds {
			res.MFADevices = append(res.MFADevices, mfaOf(&ds[i]))
		}
		return res, nil
	}
}

type virtualMFADeviceXML struct {
	SerialNumber string
	User         *userXML `xml:",omitempty"`
	EnableDate   string   `xml:",omitempty"`
}

type listVirtualMFADevicesResult struct {
	VirtualMFADevices []virtualMFADeviceXML `xml:"VirtualMFADevices>member"`
	IsTruncated       bool
}

func (a *API) iamListVirtualMFADevices(r *iamReader) iamCall {
	status := r.opt("AssignmentStatus")
	return func(ctx context.Context, c *iam.Caller) (any, error) {
		ds, err := a.svc.ListVirtualMFADevices(ctx, c, status)
		if err != nil {
			return nil, err
		}
		res := &listVirtualMFADevicesResult{VirtualMFADevices: []virtualMFADeviceXML{}}
		for i := range ds {
			m := mfaOf(&ds[i])
			x := virtualMFADeviceXML{SerialNumber: m.SerialNumber, EnableDate: m.EnableDate}
			if ds[i].UserName != "" {
				if u, err := a.svc.GetUser(ctx, c, ds[i].UserName); err == nil {
					ux := userOf(u, false)
					x.User = &ux
				}
			}
			res.VirtualMFADevices = append(res.VirtualMFADevices, x)
		}
		return res, nil
	}
}

func (a *API) iamCreateVirtualMFADevice(r *iamReader) iamCall {
	name, path := r.required("VirtualMFADeviceName"), r.opt("Path")
	return func(ctx context.Context, c *iam.Caller) (any, error) {
		d, err := a.svc.CreateVirtualMFADevice(ctx, c, name, path)
		if err != nil {
			return nil, err
		}
		res := &virtualMFAResult{}
		res.VirtualMFADevice.SerialNumber = d.SerialNumber
		res.VirtualMFADevice.Base32StringSeed = base64.StdEncoding.EncodeToString([]byte(d.Base32StringSeed))
		res.VirtualMFADevice.QRCodePNG = base64.StdEncoding.EncodeToString(d.QRCodePNG)
		return res, nil
	}
}

func (a *API) iamEnableMFADevice(r *iamReader) iamCall {
	user, serial := r.required("UserName"), r.required("SerialNumber")
	code1, code2 := r.required("AuthenticationCode1"), r.required("AuthenticationCode2")
	return done(func(ctx context.Context, c *iam.Caller) error {
		return a.svc.EnableMFADevice(ctx, c, user, serial, code1, code2)
	})
}

func (a *API) iamDeactivateMFADevice(r *iamReader) iamCall {
	serial, user := r.required("SerialNumber"), r.opt("UserName")
	return done(func(ctx context.Context, c *iam.Caller) error { return a.svc.DeactivateMFADevice(ctx, c, user, serial) })
}

func (a *API) iamDeleteVirtualMFADevice(r *iamReader) iamCall {
	serial := r.required("SerialNumber")
	return done(func(ctx context.Context, c *iam.Caller) error { return a.svc.DeleteVirtualMFADevice(ctx, c, serial) })
}
