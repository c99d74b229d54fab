package handlers

import (
	"context"
	"net/url"
	"strconv"
	"strings"

	"iamconsole/iam"
)

// policyDoc encodes a policy document as IAM returns it: percent-encoded
// (RFC 3986, spaces as %20), which clients decode.
func policyDoc(doc string) string {
	return strings.ReplaceAll(url.QueryEscape(doc), "+", "%20")
}

type roleXML struct {
	Path                     string
	RoleName                 string
	RoleID                   string `xml:"RoleId"`
	Arn                      string
	CreateDate               string
	AssumeRolePolicyDocument string `xml:",omitempty"`
	Description              string `xml:",omitempty"`
	MaxSessionDuration       int    `xml:",omitempty"`
	PermissionsBoundary      *struct {
		PermissionsBoundaryType string
		PermissionsBoundaryArn  string
	} `xml:",omitempty"`
	Tags *struct {
		Member []tagXML `xml:"member"`
	} `xml:",omitempty"`
	RoleLastUsed *struct {
		LastUsedDate string `xml:",omitempty"`
		Region       string `xml:",omitempty"`
	} `xml:",omitempty"`
}

func roleOf(r *iam.RoleInfo, full bool) roleXML {
	x := roleXML{Path: r.Path, RoleName: r.RoleName, RoleID: r.RoleID, Arn: r.ARN, CreateDate: isoTime(r.CreateDate),
		AssumeRolePolicyDocument: policyDoc(r.AssumeRolePolicyDocument), Description: r.Description, MaxSessionDuration: r.MaxSessionDuration}
	if r.PermissionsBoundary != "" {
		x.PermissionsBoundary = &struct {
			PermissionsBoundaryType string
			PermissionsBoundaryArn  string
		}{"Policy", r.PermissionsBoundary}
	}
	if full {
		if len(r.Tags) > 0 {
			x.Tags = &struct {
				Member []tagXML `xml:"member"`
			}{tagsXML(r.Tags)}
		}
		x.RoleLastUsed = &struct {
			LastUsedDate string `xml:",omitempty"`
			Region       string `xml:",omitempty"`
		}{}
		if r.LastUsed != nil {
			x.RoleLastUsed.LastUsedDate, x.RoleLastUsed.Region = isoTime(*r.LastUsed), r.LastUsedRegion
		}
	}
	return x
}

type policyXML struct {
	PolicyName                    string
	PolicyID                      string `xml:"PolicyId"`
	Arn                           string
	Path                          string
	DefaultVersionID              string `xml:"DefaultVersionId"`
	AttachmentCount               int
	PermissionsBoundaryUsageCount int
	IsAttachable                  bool
	Description                   string `xml:",omitempty"`
	CreateDate                    string
	UpdateDate                    string
}

func policyOf(p *iam.PolicyInfo) policyXML {
	return policyXML{PolicyName: p.PolicyName, PolicyID: p.PolicyID, Arn: p.ARN, Path: p.Path, DefaultVersionID: p.DefaultVersionID,
		AttachmentCount: p.AttachmentCount, IsAttachable: p.IsAttachable, Description: p.Description,
		CreateDate: isoTime(p.CreateDate), UpdateDate: isoTime(p.UpdateDate)}
}

type policyVersionXML struct {
	Document         string `xml:",omitempty"`
	VersionID        string `xml:"VersionId"`
	IsDefaultVersion bool
	CreateDate       string
}

func versionOf(v *iam.PolicyVersionInfo, withDoc bool) policyVersionXML {
	x := policyVersionXML{VersionID: v.VersionID, IsDefaultVersion: v.IsDefaultVersion, CreateDate: isoTime(v.CreateDate)}
	if withDoc {
		x.Document = policyDoc(v.Document)
	}
	return x
}

type attachedPolicyXML struct {
	PolicyName string
	PolicyArn  string
}

type roleResult struct{ Role roleXML }

type listRolesResult struct {
	Roles       []roleXML `xml:"Roles>member"`
	IsTruncated bool
	Marker      string `xml:",omitempty"`
}

type policyResult struct{ Policy policyXML }

type listPoliciesResult struct {
	Policies    []policyXML `xml:"Policies>member"`
	IsTruncated bool
	Marker      string `xml:",omitempty"`
}

type policyVersionResult struct{ PolicyVersion policyVersionXML }

type listPolicyVersionsResult struct {
	Versions    []policyVersionXML `xml:"Versions>member"`
	IsTruncated bool
}

type inlinePolicyResult struct {
	UserName       string `xml:",omitempty"`
	GroupName      string `xml:",omitempty"`
	RoleName       string `xml:",omitempty"`
	PolicyName     string
	PolicyDocument string
}

type listPolicyNamesResult struct {
	PolicyNames []string `xml:"PolicyNames>member"`
	IsTruncated bool
}

type listAttachedResult struct {
	AttachedPolicies []attachedPolicyXML `xml:"AttachedPolicies>member"`
	IsTruncated      bool
}

type entitiesForPolicyResult struct {
	PolicyGroups []struct{ GroupName string } `xml:"PolicyGroups>member"`
	PolicyUsers  []struct{ UserName string }  `xml:"PolicyUsers>member"`
	PolicyRoles  []struct{ RoleName string }  `xml:"PolicyRoles>member"`
	IsTruncated  bool
}

// entityKinds maps the IAM action's entity word to the service's kind and
// the parameter naming the entity.
var entityKinds = []struct{ word, kind, param string }{
	{"User", "user", "UserName"},
	{"Group", "group", "GroupName"},
	{"Role", "role", "RoleName"},
}

// iamRoleActions adds roles, policies and attachments to the IAM table.
func (a *API) iamRoleActions(t map[string]queryAction) {
	t["CreateRole"] = a.iamCreateRole
	t["GetRole"] = a.iamGetRole
	t["ListRoles"] = a.iamListRoles
	t["UpdateRole"] = a.iamUpdateRole
	t["UpdateRoleDescription"] = a.iamUpdateRole
	t["UpdateAssumeRolePolicy"] = a.iamUpdateAssumeRolePolicy
	t["DeleteRole"] = a.iamDeleteRole
	t["TagRole"] = a.iamTagRole
	t["UntagRole"] = a.iamUntagRole
	t["ListRoleTags"] = a.iamListRoleTags
	t["PutRolePermissionsBoundary"] = a.iamPutRolePermissionsBoundary
	t["DeleteRolePermissionsBoundary"] = a.iamDeleteRolePermissionsBoundary
	t["CreatePolicy"] = a.iamCreatePolicy
	t["GetPolicy"] = a.iamGetPolicy
	t["ListPolicies"] = a.iamListPolicies
	t["DeletePolicy"] = a.iamDeletePolicy
	t["CreatePolicyVersion"] = a.iamCreatePolicyVersion
	t["GetPolicyVersion"] = a.iamGetPolicyVersion
	t["ListPolicyVersions"] = a.iamListPolicyVersions
	t["SetDefaultPolicyVersion"] = a.iamSetDefaultPolicyVersion
	t["DeletePolicyVersion"] = a.iamDeletePolicyVersion
	t["ListEntitiesForPolicy"] = a.iamListEntitiesForPolicy
	for _, k := range entityKinds {
		t["Put"+k.word+"Policy"] = a.iamPutInline(k.kind, k.param)
		t["Get"+k.word+"Policy"] = a.iamGetInline(k.kind, k.param)
		t["Delete"+k.word+"Policy"] = a.iamDeleteInline(k.kind, k.param)
		t["List"+k.word+"Policies"] = a.iamListInline(k.kind, k.param)
		t["Attach"+k.word+"Policy"] = a.iamAttach(k.kind, k.param, true)
		t["Detach"+k.word+"Policy"] = a.iamAttach(k.kind, k.param, false)
		t["ListAttached"+k.word+"Policies"] = a.iamListAttached(k.kind, k.param)
	}
}

// require reads required parameters in order.
func require(p params, names ...string) ([]string, error) {
	out := make([]string, len(names))
	for i, n := range names {
		v, err := p.required(n)
		if err != nil {
			return nil, err
		}
		out[i] = v
	}
	return out, nil
}

func (a *API) iamCreateRole(ctx context.Context, c *iam.Caller, p params) (any, error) {
	v, err := require(p, "RoleName", "AssumeRolePolicyDocument")
	if err != nil {
		return nil, err
	}
	maxSession, err := p.intp("MaxSessionDuration", "maxSessionDuration")
	if err != nil {
		return nil, err
	}
	in := iam.CreateRoleInput{RoleName: v[0], AssumeRolePolicyDocument: v[1], Path: p.get("Path"), Description: p.get("Description"),
		PermissionsBoundary: p.get("PermissionsBoundary"), Tags: p.tags("Tags")}
	if maxSession != nil {
		in.MaxSessionDuration = *maxSession
	}
	r, err := a.svc.CreateRole(ctx, c, in)
	if err != nil {
		return nil, err
	}
	x := roleOf(r, false)
	if len(r.Tags) > 0 {
		x.Tags = &struct {
			Member []tagXML `xml:"member"`
		}{tagsXML(r.Tags)}
	}
	return &roleResult{x}, nil
}

func (a *API) iamGetRole(ctx context.Context, c *iam.Caller, p params) (any, error) {
	name, err := p.required("RoleName")
	if err != nil {
		return nil, err
	}
	r, err := a.svc.GetRole(ctx, c, name)
	if err != nil {
		return nil, err
	}
	return &roleResult{roleOf(r, true)}, nil
}

func (a *API) iamListRoles(ctx context.Context, c *iam.Caller, p params) (any, error) {
	l, err := a.svc.ListRoles(ctx, c, listInput(p))
	if err != nil {
		return nil, err
	}
	res := &listRolesResult{Roles: []roleXML{}, IsTruncated: l.IsTruncated, Marker: l.NextMarker}
	for i := range l.Roles {
		res.Roles = append(res.Roles, roleOf(&l.Roles[i], false))
	}
	return res, nil
}

func (a *API) iamUpdateRole(ctx context.Context, c *iam.Caller, p params) (any, error) {
	name, err := p.required("RoleName")
	if err != nil {
		return nil, err
	}
	var desc *string
	if p.has("Description") {
		d := p.get("Description")
		desc = &d
	}
	maxSession, err := p.intp("MaxSessionDuration", "maxSessionDuration")
	if err != nil {
		return nil, err
	}
	if err := a.svc.UpdateRole(ctx, c, name, desc, maxSession); err != nil {
		return nil, err
	}
	if p.get("Action") == "UpdateRoleDescription" {
		r, err := a.svc.GetRole(ctx, c, name)
		if err != nil {
			return nil, err
		}
		return &roleResult{roleOf(r, true)}, nil
	}
	return struct{}{}, nil
}

func (a *API) iamUpdateAssumeRolePolicy(ctx context.Context, c *iam.Caller, p params) (any, error) {
	v, err := require(p, "RoleName", "PolicyDocument")
	if err != nil {
		return nil, err
	}
	return nil, a.svc.UpdateAssumeRolePolicy(ctx, c, v[0], v[1])
}

func (a *API) iamDeleteRole(ctx context.Context, c *iam.Caller, p params) (any, error) {
	name, err := p.required("RoleName")
	if err != nil {
		return nil, err
	}
	return nil, a.svc.DeleteRole(ctx, c, name)
}

func (a *API) iamTagRole(ctx context.Context, c *iam.Caller, p params) (any, error) {
	name, err := p.required("RoleName")
	if err != nil {
		return nil, err
	}
	return nil, a.svc.TagRole(ctx, c, name, p.tags("Tags"))
}

func (a *API) iamUntagRole(ctx context.Context, c *iam.Caller, p params) (any, error) {
	name, err := p.required("RoleName")
	if err != nil {
		return nil, err
	}
	return nil, a.svc.UntagRole(ctx, c, name, p.list("TagKeys", ""))
}

func (a *API) iamListRoleTags(ctx context.Context, c *iam.Caller, p params) (any, error) {
	name, err := p.required("RoleName")
	if err != nil {
		return nil, err
	}
	ts, err := a.svc.ListRoleTags(ctx, c, name)
	if err != nil {
		return nil, err
	}
	return &listTagsResult{Tags: tagsXML(ts)}, nil
}

func (a *API) iamPutRolePermissionsBoundary(ctx context.Context, c *iam.Caller, p params) (any, error) {
	v, err := require(p, "RoleName", "PermissionsBoundary")
	if err != nil {
		return nil, err
	}
	return nil, a.svc.PutRolePermissionsBoundary(ctx, c, v[0], v[1])
}

func (a *API) iamDeleteRolePermissionsBoundary(ctx context.Context, c *iam.Caller, p params) (any, error) {
	name, err := p.required("RoleName")
	if err != nil {
		return nil, err
	}
	return nil, a.svc.DeleteRolePermissionsBoundary(ctx, c, name)
}

func (a *API) iamCreatePolicy(ctx context.Context, c *iam.Caller, p params) (any, error) {
	v, err := require(p, "PolicyName", "PolicyDocument")
	if err != nil {
		return nil, err
	}
	pi, err := a.svc.CreatePolicy(ctx, c, iam.CreatePolicyInput{PolicyName: v[0], PolicyDocument: v[1], Path: p.get("Path"),
		Description: p.get("Description"), Tags: p.tags("Tags")})
	if err != nil {
		return nil, err
	}
	return &policyResult{policyOf(pi)}, nil
}

func (a *API) iamGetPolicy(ctx context.Context, c *iam.Caller, p params) (any, error) {
	arn, err := p.required("PolicyArn")
	if err != nil {
		return nil, err
	}
	pi, err := a.svc.GetPolicy(ctx, c, arn)
	if err != nil {
		return nil, err
	}
	return &policyResult{policyOf(pi)}, nil
}

func (a *API) iamListPolicies(ctx context.Context, c *iam.Caller, p params) (any, error) {
	n, _ := strconv.Atoi(p.get("MaxItems"))
	only := p.boolp("OnlyAttached")
	ps, _, next, err := a.svc.ListPolicies(ctx, c, iam.ListPoliciesInput{Scope: p.get("Scope"), OnlyAttached: only != nil && *only,
		PathPrefix: p.get("PathPrefix"), Marker: p.get("Marker"), MaxItems: n})
	if err != nil {
		return nil, err
	}
	res := &listPoliciesResult{Policies: []policyXML{}, IsTruncated: next != "", Marker: next}
	for i := range ps {
		res.Policies = append(res.Policies, policyOf(&ps[i]))
	}
	return res, nil
}

func (a *API) iamDeletePolicy(ctx context.Context, c *iam.Caller, p params) (any, error) {
	arn, err := p.required("PolicyArn")
	if err != nil {
		return nil, err
	}
	return nil, a.svc.DeletePolicy(ctx, c, arn)
}

func (a *API) iamCreatePolicyVersion(ctx context.Context, c *iam.Caller, p params) (any, error) {
	v, err := require(p, "PolicyArn", "PolicyDocument")
	if err != nil {
		return nil, err
	}
	def := p.boolp("SetAsDefault")
	pv, err := a.svc.CreatePolicyVersion(ctx, c, v[0], v[1], def != nil && *def)
	if err != nil {
		return nil, err
	}
	return &policyVersionResult{versionOf(pv, false)}, nil
}

func (a *API) iamGetPolicyVersion(ctx context.Context, c *iam.Caller, p params) (any, error) {
	v, err := require(p, "PolicyArn", "VersionId")
	if err != nil {
		return nil, err
	}
	pv, err := a.svc.GetPolicyVersion(ctx, c, v[0], v[1])
	if err != nil {
		return nil, err
	}
	return &policyVersionResult{versionOf(pv, true)}, nil
}

func (a *API) iamListPolicyVersions(ctx context.Context, c *iam.Caller, p params) (any, error) {
	arn, err := p.required("PolicyArn")
	if err != nil {
		return nil, err
	}
	vs, err := a.svc.ListPolicyVersions(ctx, c, arn)
	if err != nil {
		return nil, err
	}
	res := &listPolicyVersionsResult{Versions: []policyVersionXML{}}
	for i := range vs {
		res.Versions = append(res.Versions, versionOf(&vs[i], false))
	}
	return res, nil
}

func (a *API) iamSetDefaultPolicyVersion(ctx context.Context, c *iam.Caller, p params) (any, error) {
	v, err := require(p, "PolicyArn", "VersionId")
	if err != nil {
		return nil, err
	}
	return nil, a.svc.SetDefaultPolicyVersion(ctx, c, v[0], v[1])
}

func (a *API) iamDeletePolicyVersion(ctx context.Context, c *iam.Caller, p params) (any, error) {
	v, err := require(p, "PolicyArn", "VersionId")
	if err != nil {
		return nil, err
	}
	return nil, a.svc.DeletePolicyVersion(ctx, c, v[0], v[1])
}

func (a *API) iamListEntitiesForPolicy(ctx context.Context, c *iam.Caller, p params) (any, error) {
	arn, err := p.required("PolicyArn")
	if err != nil {
		return nil, err
	}
	users, groups, roles, err := a.svc.ListEntitiesForPolicy(ctx, c, arn)
	if err != nil {
		return nil, err
	}
	res := &entitiesForPolicyResult{}
	for _, u := range users {
		res.PolicyUsers = append(res.PolicyUsers, struct{ UserName string }{u})
	}
	for _, g := range groups {
		res.PolicyGroups = append(res.PolicyGroups, struct{ GroupName string }{g})
	}
	for _, r := range roles {
		res.PolicyRoles = append(res.PolicyRoles, struct{ RoleName string }{r})
	}
	return res, nil
}

func (a *API) iamPutInline(kind, param string) queryAction {
	return func(ctx context.Context, c *iam.Caller, p params) (any, error) {
		v, err := require(p, param, "PolicyName", "PolicyDocument")
		if err != nil {
			return nil, err
		}
		return nil, a.svc.PutInlinePolicy(ctx, c, kind, v[0], v[1], v[2])
	}
}

func (a *API) iamGetInline(kind, param string) queryAction {
	return func(ctx context.Context, c *iam.Caller, p params) (any, error) {
		v, err := require(p, param, "PolicyName")
		if err != nil {
			return nil, err
		}
		ip, err := a.svc.GetInlinePolicy(ctx, c, kind, v[0], v[1])
		if err != nil {
			return nil, err
		}
		res := &inlinePolicyResult{PolicyName: ip.PolicyName, PolicyDocument: policyDoc(ip.PolicyDocument)}
		switch kind {
		case "user":
			res.UserName = ip.EntityName
		case "group":
			res.GroupName = ip.EntityName
		default:
			res.RoleName = ip.EntityName
		}
		return res, nil
	}
}

func (a *API) iamDeleteInline(kind, param string) queryAction {
	return func(ctx context.Context, c *iam.Caller, p params) (any, error) {
		v, err := require(p, param, "PolicyName")
		if err != nil {
			return nil, err
		}
		return nil, a.svc.DeleteInlinePolicy(ctx, c, kind, v[0], v[1])
	}
}

func (a *API) iamListInline(kind, param string) queryAction {
	return func(ctx context.Context, c *iam.Caller, p params) (any, error) {
		name, err := p.required(param)
		if err != nil {
			return nil, err
		}
		names, err := a.svc.ListInlinePolicies(ctx, c, kind, name)
		if err != nil {
			return nil, err
		}
		if names == nil {
			names = []string{}
		}
		return &listPolicyNamesResult{PolicyNames: names}, nil
	}
}

func (a *API) iamAttach(kind, param string, attach bool) queryAction {
	return func(ctx context.Context, c *iam.Caller, p params) (any, error) {
		v, err := require(p, param, "PolicyArn")
		if err != nil {
			return nil, err
		}
		if attach {
			return nil, a.svc.AttachPolicy(ctx, c, kind, v[0], v[1])
		}
		return nil, a.svc.DetachPolicy(ctx, c, kind, v[0], v[1])
	}
}

func (a *API) iamListAttached(kind, param string) queryAction {
	return func(ctx context.Context, c *iam.Caller, p params) (any, error) {
		name, err := p.required(param)
		if err != nil {
			return nil, err
		}
		ps, err := a.svc.ListAttachedPolicies(ctx, c, kind, name)
		if err != nil {
			return nil, err
		}
		res := &listAttachedResult{AttachedPolicies: []attachedPolicyXML{}}
		for _, pi := range ps {
			res.AttachedPolicies = append(res.AttachedPolicies, attachedPolicyXML{PolicyName: pi.PolicyName, PolicyArn: pi.ARN})
		}
		return res, nil
	}
}
