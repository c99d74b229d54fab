package iamapi

import (
	"context"
	"encoding/base64"

	"iamconsole/handlers/api/query"
	"iamconsole/iam"
)

// iamAccountActions adds account aliases, virtual MFA devices, the
// authorization-details export and the policy simulator to the IAM table.
func (a *Service) iamAccountActions(t map[string]query.Action) {
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

func (a *Service) iamCreateAccountAlias(r *query.Reader) query.Invoke {
	alias := r.Required("AccountAlias")
	return query.Done(func(ctx context.Context, c *iam.Caller) error { return a.orgs.CreateAccountAlias(ctx, c, alias) })
}

func (a *Service) iamDeleteAccountAlias(r *query.Reader) query.Invoke {
	alias := r.Required("AccountAlias")
	return query.Done(func(ctx context.Context, c *iam.Caller) error { return a.orgs.DeleteAccountAlias(ctx, c, alias) })
}

func (a *Service) iamListAccountAliases(r *query.Reader) query.Invoke {
	pg := newPager(r, "ListAccountAliases")
	return func(ctx context.Context, c *iam.Caller) (any, error) {
		w, err := pg.window()
		if err != nil {
			return nil, err
		}
		all, err := a.orgs.ListAccountAliases(ctx, c)
		if err != nil {
			return nil, err
		}
		as, next := pageOf(all, w)
		if as == nil {
			as = []string{}
		}
		return &listAliasesResult{AccountAliases: as, IsTruncated: next != "", Marker: next}, nil
	}
}

func (a *Service) iamListMFADevices(r *query.Reader) query.Invoke {
	name := r.Opt("UserName")
	pg := newPager(r, "ListMFADevices", name)
	return func(ctx context.Context, c *iam.Caller) (any, error) {
		w, err := pg.window()
		if err != nil {
			return nil, err
		}
		all, err := a.svc.ListMFADevices(ctx, c, name)
		if err != nil {
			return nil, err
		}
		ds, next := pageOf(all, w)
		res := &listMFADevicesResult{MFADevices: []mfaDeviceXML{}, IsTruncated: next != "", Marker: next}
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
	Marker            string `xml:",omitempty"`
}

func (a *Service) iamListVirtualMFADevices(r *query.Reader) query.Invoke {
	status := r.Opt("AssignmentStatus")
	pg := newPager(r, "ListVirtualMFADevices", status)
	return func(ctx context.Context, c *iam.Caller) (any, error) {
		w, err := pg.window()
		if err != nil {
			return nil, err
		}
		all, err := a.svc.ListVirtualMFADevices(ctx, c, status)
		if err != nil {
			return nil, err
		}
		ds, next := pageOf(all, w)
		res := &listVirtualMFADevicesResult{VirtualMFADevices: []virtualMFADeviceXML{}, IsTruncated: next != "", Marker: next}
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

func (a *Service) iamCreateVirtualMFADevice(r *query.Reader) query.Invoke {
	name, path := r.Required("VirtualMFADeviceName"), r.Opt("Path")
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

func (a *Service) iamEnableMFADevice(r *query.Reader) query.Invoke {
	user, serial := r.Required("UserName"), r.Required("SerialNumber")
	code1, code2 := r.Required("AuthenticationCode1"), r.Required("AuthenticationCode2")
	return query.Done(func(ctx context.Context, c *iam.Caller) error {
		return a.svc.EnableMFADevice(ctx, c, user, serial, code1, code2)
	})
}

func (a *Service) iamDeactivateMFADevice(r *query.Reader) query.Invoke {
	serial, user := r.Required("SerialNumber"), r.Opt("UserName")
	return query.Done(func(ctx context.Context, c *iam.Caller) error { return a.svc.DeactivateMFADevice(ctx, c, user, serial) })
}

func (a *Service) iamDeleteVirtualMFADevice(r *query.Reader) query.Invoke {
	serial := r.Required("SerialNumber")
	return query.Done(func(ctx context.Context, c *iam.Caller) error { return a.svc.DeleteVirtualMFADevice(ctx, c, serial) })
}
