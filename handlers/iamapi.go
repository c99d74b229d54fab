package handlers

import (
	"context"
	"encoding/base64"
	"strconv"
	"time"

	"iamconsole/iam"
)

// IAM Query-API result shapes (botocore's iam model).

type tagXML struct{ Key, Value string }

type userXML struct {
	Path                string
	UserName            string
	UserID              string `xml:"UserId"`
	Arn                 string
	CreateDate          string
	PasswordLastUsed    string `xml:",omitempty"`
	PermissionsBoundary *struct {
		PermissionsBoundaryType string
		PermissionsBoundaryArn  string
	} `xml:",omitempty"`
	Tags *struct {
		Member []tagXML `xml:"member"`
	} `xml:",omitempty"`
}

func userOf(u *iam.UserInfo) userXML {
	x := userXML{Path: u.Path, UserName: u.UserName, UserID: u.UserID, Arn: u.ARN, CreateDate: isoTime(u.CreateDate)}
	if u.PasswordLastUsed != nil {
		x.PasswordLastUsed = isoTime(*u.PasswordLastUsed)
	}
	if u.PermissionsBoundary != "" {
		x.PermissionsBoundary = &struct {
			PermissionsBoundaryType string
			PermissionsBoundaryArn  string
		}{"Policy", u.PermissionsBoundary}
	}
	if len(u.Tags) > 0 {
		x.Tags = &struct {
			Member []tagXML `xml:"member"`
		}{tagsXML(u.Tags)}
	}
	return x
}

func tagsXML(ts []iam.Tag) []tagXML {
	out := make([]tagXML, 0, len(ts))
	for _, t := range ts {
		out = append(out, tagXML(t))
	}
	return out
}

type groupXML struct {
	Path       string
	GroupName  string
	GroupID    string `xml:"GroupId"`
	Arn        string
	CreateDate string
}

func groupOf(g *iam.GroupInfo) groupXML {
	return groupXML{Path: g.Path, GroupName: g.GroupName, GroupID: g.GroupID, Arn: g.ARN, CreateDate: isoTime(g.CreateDate)}
}

type accessKeyXML struct {
	UserName        string
	AccessKeyID     string `xml:"AccessKeyId"`
	Status          string
	SecretAccessKey string `xml:",omitempty"`
	CreateDate      string
}

type userResult struct{ User userXML }

type listUsersResult struct {
	Users       []userXML `xml:"Users>member"`
	IsTruncated bool
	Marker      string `xml:",omitempty"`
}

type groupResult struct{ Group groupXML }

type getGroupResult struct {
	Group       groupXML
	Users       []userXML `xml:"Users>member"`
	IsTruncated bool
}

type listGroupsResult struct {
	Groups      []groupXML `xml:"Groups>member"`
	IsTruncated bool
	Marker      string `xml:",omitempty"`
}

type accessKeyResult struct{ AccessKey accessKeyXML }

type listAccessKeysResult struct {
	UserName          string
	AccessKeyMetadata []accessKeyXML `xml:"AccessKeyMetadata>member"`
	IsTruncated       bool
}

type accessKeyLastUsedResult struct {
	UserName          string
	AccessKeyLastUsed struct {
		LastUsedDate string `xml:",omitempty"`
		ServiceName  string
		Region       string
	}
}

type loginProfileResult struct {
	LoginProfile struct {
		UserName              string
		CreateDate            string
		PasswordResetRequired bool
	}
}

type listTagsResult struct {
	Tags        []tagXML `xml:"Tags>member"`
	IsTruncated bool
}

type listAliasesResult struct {
	AccountAliases []string `xml:"AccountAliases>member"`
	IsTruncated    bool
}

type mfaDeviceXML struct {
	UserName     string `xml:",omitempty"`
	SerialNumber string
	EnableDate   string `xml:",omitempty"`
}

type listMFADevicesResult struct {
	MFADevices  []mfaDeviceXML `xml:"MFADevices>member"`
	IsTruncated bool
}

type virtualMFAResult struct {
	VirtualMFADevice struct {
		SerialNumber     string
		Base32StringSeed string `xml:",omitempty"`
		QRCodePNG        string `xml:",omitempty"`
	}
}

// iamActions is the IAM action table: each entry adapts one iam.Service
// operation to the Query protocol.
func (a *API) iamActions() map[string]queryAction {
	t := map[string]queryAction{
		"CreateUser":             a.iamCreateUser,
		"GetUser":                a.iamGetUser,
		"ListUsers":              a.iamListUsers,
		"UpdateUser":             a.iamUpdateUser,
		"DeleteUser":             a.iamDeleteUser,
		"TagUser":                a.iamTagUser,
		"UntagUser":              a.iamUntagUser,
		"ListUserTags":           a.iamListUserTags,
		"CreateAccessKey":        a.iamCreateAccessKey,
		"ListAccessKeys":         a.iamListAccessKeys,
		"UpdateAccessKey":        a.iamUpdateAccessKey,
		"DeleteAccessKey":        a.iamDeleteAccessKey,
		"GetAccessKeyLastUsed":   a.iamGetAccessKeyLastUsed,
		"CreateLoginProfile":     a.iamCreateLoginProfile,
		"GetLoginProfile":        a.iamGetLoginProfile,
		"DeleteLoginProfile":     a.iamDeleteLoginProfile,
		"CreateGroup":            a.iamCreateGroup,
		"GetGroup":               a.iamGetGroup,
		"ListGroups":             a.iamListGroups,
		"DeleteGroup":            a.iamDeleteGroup,
		"AddUserToGroup":         a.iamAddUserToGroup,
		"RemoveUserFromGroup":    a.iamRemoveUserFromGroup,
		"ListGroupsForUser":      a.iamListGroupsForUser,
		"CreateAccountAlias":     a.iamCreateAccountAlias,
		"DeleteAccountAlias":     a.iamDeleteAccountAlias,
		"ListAccountAliases":     a.iamListAccountAliases,
		"ListMFADevices":         a.iamListMFADevices,
		"CreateVirtualMFADevice": a.iamCreateVirtualMFADevice,
		"EnableMFADevice":        a.iamEnableMFADevice,
		"DeactivateMFADevice":    a.iamDeactivateMFADevice,
		"DeleteVirtualMFADevice": a.iamDeleteVirtualMFADevice,
	}
	a.iamRoleActions(t)
	return t
}

// listInput reads PathPrefix, Marker and MaxItems.
func listInput(p params) iam.ListInput {
	n, _ := strconv.Atoi(p.get("MaxItems"))
	return iam.ListInput{PathPrefix: p.get("PathPrefix"), Marker: p.get("Marker"), MaxItems: n}
}

func (a *API) iamCreateUser(ctx context.Context, c *iam.Caller, p params) (any, error) {
	name, err := p.required("UserName")
	if err != nil {
		return nil, err
	}
	u, err := a.svc.CreateUser(ctx, c, iam.CreateUserInput{UserName: name, Path: p.get("Path"), Tags: p.tags("Tags"),
		PermissionsBoundary: p.get("PermissionsBoundary")})
	if err != nil {
		return nil, err
	}
	return &userResult{userOf(u)}, nil
}

func (a *API) iamGetUser(ctx context.Context, c *iam.Caller, p params) (any, error) {
	u, err := a.svc.GetUser(ctx, c, p.get("UserName"))
	if err != nil {
		return nil, err
	}
	return &userResult{userOf(u)}, nil
}

func (a *API) iamListUsers(ctx context.Context, c *iam.Caller, p params) (any, error) {
	l, err := a.svc.ListUsers(ctx, c, listInput(p))
	if err != nil {
		return nil, err
	}
	res := &listUsersResult{Users: []userXML{}, IsTruncated: l.IsTruncated, Marker: l.NextMarker}
	for i := range l.Users {
		u := userOf(&l.Users[i])
		u.Tags = nil // ListUsers does not return tags
		res.Users = append(res.Users, u)
	}
	return res, nil
}

func (a *API) iamUpdateUser(ctx context.Context, c *iam.Caller, p params) (any, error) {
	name, err := p.required("UserName")
	if err != nil {
		return nil, err
	}
	var in iam.UpdateUserInput
	if p.has("NewUserName") {
		v := p.get("NewUserName")
		in.NewUserName = &v
	}
	if p.has("NewPath") {
		v := p.get("NewPath")
		in.NewPath = &v
	}
	return nil, a.svc.UpdateUser(ctx, c, name, in)
}

func (a *API) iamDeleteUser(ctx context.Context, c *iam.Caller, p params) (any, error) {
	name, err := p.required("UserName")
	if err != nil {
		return nil, err
	}
	return nil, a.svc.DeleteUser(ctx, c, name)
}

func (a *API) iamTagUser(ctx context.Context, c *iam.Caller, p params) (any, error) {
	name, err := p.required("UserName")
	if err != nil {
		return nil, err
	}
	if _, err := p.required("Tags.member.1.Key"); err != nil {
		return nil, &apiError{Status: 400, Code: "MissingParameter", Message: "The request must contain the parameter Tags"}
	}
	return nil, a.svc.TagUser(ctx, c, name, p.tags("Tags"))
}

func (a *API) iamUntagUser(ctx context.Context, c *iam.Caller, p params) (any, error) {
	name, err := p.required("UserName")
	if err != nil {
		return nil, err
	}
	return nil, a.svc.UntagUser(ctx, c, name, p.list("TagKeys", ""))
}

func (a *API) iamListUserTags(ctx context.Context, c *iam.Caller, p params) (any, error) {
	name, err := p.required("UserName")
	if err != nil {
		return nil, err
	}
	ts, err := a.svc.ListUserTags(ctx, c, name)
	if err != nil {
		return nil, err
	}
	return &listTagsResult{Tags: tagsXML(ts)}, nil
}

func accessKeyOf(k *iam.AccessKeyInfo) accessKeyXML {
	return accessKeyXML{UserName: k.UserName, AccessKeyID: k.AccessKeyID, Status: k.Status, CreateDate: isoTime(k.CreateDate)}
}

func (a *API) iamCreateAccessKey(ctx context.Context, c *iam.Caller, p params) (any, error) {
	k, secret, err := a.svc.CreateAccessKey(ctx, c, p.get("UserName"))
	if err != nil {
		return nil, err
	}
	x := accessKeyOf(k)
	x.SecretAccessKey = secret
	return &accessKeyResult{x}, nil
}

func (a *API) iamListAccessKeys(ctx context.Context, c *iam.Caller, p params) (any, error) {
	ks, err := a.svc.ListAccessKeys(ctx, c, p.get("UserName"))
	if err != nil {
		return nil, err
	}
	res := &listAccessKeysResult{UserName: p.get("UserName"), AccessKeyMetadata: []accessKeyXML{}}
	for i := range ks {
		res.AccessKeyMetadata = append(res.AccessKeyMetadata, accessKeyOf(&ks[i]))
		res.UserName = ks[i].UserName
	}
	if res.UserName == "" {
		res.UserName = c.UserName
	}
	return res, nil
}

func (a *API) iamUpdateAccessKey(ctx context.Context, c *iam.Caller, p params) (any, error) {
	id, err := p.required("AccessKeyId")
	if err != nil {
		return nil, err
	}
	status, err := p.required("Status")
	if err != nil {
		return nil, err
	}
	return nil, a.svc.UpdateAccessKey(ctx, c, p.get("UserName"), id, status)
}

func (a *API) iamDeleteAccessKey(ctx context.Context, c *iam.Caller, p params) (any, error) {
	id, err := p.required("AccessKeyId")
	if err != nil {
		return nil, err
	}
	return nil, a.svc.DeleteAccessKey(ctx, c, p.get("UserName"), id)
}

func (a *API) iamGetAccessKeyLastUsed(ctx context.Context, c *iam.Caller, p params) (any, error) {
	id, err := p.required("AccessKeyId")
	if err != nil {
		return nil, err
	}
	k, err := a.svc.GetAccessKeyLastUsed(ctx, c, id)
	if err != nil {
		return nil, err
	}
	res := &accessKeyLastUsedResult{UserName: k.UserName}
	res.AccessKeyLastUsed.ServiceName, res.AccessKeyLastUsed.Region = "N/A", "N/A"
	if k.LastUsed != nil {
		res.AccessKeyLastUsed.LastUsedDate = isoTime(*k.LastUsed)
		res.AccessKeyLastUsed.ServiceName, res.AccessKeyLastUsed.Region = k.LastUsedService, k.LastUsedRegion
	}
	return res, nil
}

func (a *API) iamCreateLoginProfile(ctx context.Context, c *iam.Caller, p params) (any, error) {
	name := p.get("UserName")
	if name == "" {
		name = c.UserName
	}
	pw, err := p.required("Password")
	if err != nil {
		return nil, err
	}
	reset := p.boolp("PasswordResetRequired")
	if err := a.svc.CreateLoginProfile(ctx, c, name, pw, reset != nil && *reset); err != nil {
		return nil, err
	}
	return a.iamGetLoginProfile(ctx, c, params{map[string][]string{"UserName": {name}}})
}

func (a *API) iamGetLoginProfile(ctx context.Context, c *iam.Caller, p params) (any, error) {
	lp, err := a.svc.GetLoginProfile(ctx, c, p.get("UserName"))
	if err != nil {
		return nil, err
	}
	res := &loginProfileResult{}
	res.LoginProfile.UserName, res.LoginProfile.CreateDate, res.LoginProfile.PasswordResetRequired = lp.UserName, isoTime(lp.CreateDate), lp.PasswordResetRequired
	return res, nil
}

func (a *API) iamDeleteLoginProfile(ctx context.Context, c *iam.Caller, p params) (any, error) {
	return nil, a.svc.DeleteLoginProfile(ctx, c, p.get("UserName"))
}

func (a *API) iamCreateGroup(ctx context.Context, c *iam.Caller, p params) (any, error) {
	name, err := p.required("GroupName")
	if err != nil {
		return nil, err
	}
	g, err := a.svc.CreateGroup(ctx, c, name, p.get("Path"))
	if err != nil {
		return nil, err
	}
	return &groupResult{groupOf(g)}, nil
}

func (a *API) iamGetGroup(ctx context.Context, c *iam.Caller, p params) (any, error) {
	name, err := p.required("GroupName")
	if err != nil {
		return nil, err
	}
	g, err := a.svc.GetGroup(ctx, c, name)
	if err != nil {
		return nil, err
	}
	res := &getGroupResult{Group: groupOf(g), Users: []userXML{}}
	for _, un := range g.Users {
		u, err := a.svc.GetUser(ctx, c, un)
		if err != nil {
			continue
		}
		x := userOf(u)
		x.Tags = nil
		res.Users = append(res.Users, x)
	}
	return res, nil
}

func (a *API) iamListGroups(ctx context.Context, c *iam.Caller, p params) (any, error) {
	gs, _, err := a.svc.ListGroups(ctx, c, listInput(p))
	if err != nil {
		return nil, err
	}
	res := &listGroupsResult{Groups: []groupXML{}}
	for i := range gs {
		res.Groups = append(res.Groups, groupOf(&gs[i]))
	}
	return res, nil
}

func (a *API) iamListGroupsForUser(ctx context.Context, c *iam.Caller, p params) (any, error) {
	name, err := p.required("UserName")
	if err != nil {
		return nil, err
	}
	gs, err := a.svc.ListGroupsForUser(ctx, c, name)
	if err != nil {
		return nil, err
	}
	res := &listGroupsResult{Groups: []groupXML{}}
	for i := range gs {
		res.Groups = append(res.Groups, groupOf(&gs[i]))
	}
	return res, nil
}

func (a *API) iamDeleteGroup(ctx context.Context, c *iam.Caller, p params) (any, error) {
	name, err := p.required("GroupName")
	if err != nil {
		return nil, err
	}
	return nil, a.svc.DeleteGroup(ctx, c, name)
}

func (a *API) iamAddUserToGroup(ctx context.Context, c *iam.Caller, p params) (any, error) {
	g, err := p.required("GroupName")
	if err != nil {
		return nil, err
	}
	u, err := p.required("UserName")
	if err != nil {
		return nil, err
	}
	return nil, a.svc.AddUserToGroup(ctx, c, g, u)
}

func (a *API) iamRemoveUserFromGroup(ctx context.Context, c *iam.Caller, p params) (any, error) {
	g, err := p.required("GroupName")
	if err != nil {
		return nil, err
	}
	u, err := p.required("UserName")
	if err != nil {
		return nil, err
	}
	return nil, a.svc.RemoveUserFromGroup(ctx, c, g, u)
}

func (a *API) iamCreateAccountAlias(ctx context.Context, c *iam.Caller, p params) (any, error) {
	alias, err := p.required("AccountAlias")
	if err != nil {
		return nil, err
	}
	return nil, a.svc.CreateAccountAlias(ctx, c, alias)
}

func (a *API) iamDeleteAccountAlias(ctx context.Context, c *iam.Caller, p params) (any, error) {
	alias, err := p.required("AccountAlias")
	if err != nil {
		return nil, err
	}
	return nil, a.svc.DeleteAccountAlias(ctx, c, alias)
}

func (a *API) iamListAccountAliases(ctx context.Context, c *iam.Caller, _ params) (any, error) {
	as, err := a.svc.ListAccountAliases(ctx, c)
	if err != nil {
		return nil, err
	}
	if as == nil {
		as = []string{}
	}
	return &listAliasesResult{AccountAliases: as}, nil
}

func mfaOf(d *iam.MFADeviceInfo) mfaDeviceXML {
	x := mfaDeviceXML{UserName: d.UserName, SerialNumber: d.SerialNumber}
	if d.EnableDate != nil {
		x.EnableDate = d.EnableDate.UTC().Format(time.RFC3339)
	}
	return x
}

func (a *API) iamListMFADevices(ctx context.Context, c *iam.Caller, p params) (any, error) {
	ds, err := a.svc.ListMFADevices(ctx, c, p.get("UserName"))
	if err != nil {
		return nil, err
	}
	res := &listMFADevicesResult{MFADevices: []mfaDeviceXML{}}
	for i := range ds {
		res.MFADevices = append(res.MFADevices, mfaOf(&ds[i]))
	}
	return res, nil
}

func (a *API) iamCreateVirtualMFADevice(ctx context.Context, c *iam.Caller, p params) (any, error) {
	name, err := p.required("VirtualMFADeviceName")
	if err != nil {
		return nil, err
	}
	d, err := a.svc.CreateVirtualMFADevice(ctx, c, name, p.get("Path"))
	if err != nil {
		return nil, err
	}
	res := &virtualMFAResult{}
	res.VirtualMFADevice.SerialNumber = d.SerialNumber
	res.VirtualMFADevice.Base32StringSeed = base64.StdEncoding.EncodeToString([]byte(d.Base32StringSeed))
	res.VirtualMFADevice.QRCodePNG = base64.StdEncoding.EncodeToString(d.QRCodePNG)
	return res, nil
}

func (a *API) iamEnableMFADevice(ctx context.Context, c *iam.Caller, p params) (any, error) {
	var v [4]string
	for i, name := range []string{"UserName", "SerialNumber", "AuthenticationCode1", "AuthenticationCode2"} {
		s, err := p.required(name)
		if err != nil {
			return nil, err
		}
		v[i] = s
	}
	return nil, a.svc.EnableMFADevice(ctx, c, v[0], v[1], v[2], v[3])
}

func (a *API) iamDeactivateMFADevice(ctx context.Context, c *iam.Caller, p params) (any, error) {
	serial, err := p.required("SerialNumber")
	if err != nil {
		return nil, err
	}
	return nil, a.svc.DeactivateMFADevice(ctx, c, p.get("UserName"), serial)
}

func (a *API) iamDeleteVirtualMFADevice(ctx context.Context, c *iam.Caller, p params) (any, error) {
	serial, err := p.required("SerialNumber")
	if err != nil {
		return nil, err
	}
	return nil, a.svc.DeleteVirtualMFADevice(ctx, c, serial)
}
