package iamapi

import (
	"net/url"
	"strings"

	"iamconsole/handlers/api/query"
	"iamconsole/iam"
	"iamconsole/iam/identity"
)

// IAM Query-API result shapes (botocore's iam model) and the conversions
// from the service's types.

type tagXML struct{ Key, Value string }

type userXML struct {
	Path                string
	UserName            string
	UserID              string `xml:"UserId"`
	Arn                 string
	CreateDate          string
	PasswordLastUsed    string           `xml:",omitempty"`
	PermissionsBoundary *boundaryXML     `xml:",omitempty"`
	Tags                *members[tagXML] `xml:",omitempty"`
}

// userOf is a user as IAM answers it; listings (ListUsers, a group's
// members, a device's user) leave out the tags.
func userOf(u *identity.UserInfo, withTags bool) userXML {
	x := userXML{Path: u.Path, UserName: u.UserName, UserID: u.UserID, Arn: u.ARN, CreateDate: query.Timestamp(u.CreateDate)}
	if u.PasswordLastUsed != nil {
		x.PasswordLastUsed = query.Timestamp(*u.PasswordLastUsed)
	}
	if u.PermissionsBoundary != "" {
		x.PermissionsBoundary = &boundaryXML{"Policy", u.PermissionsBoundary}
	}
	if withTags {
		x.Tags = optionalTags(u.Tags)
	}
	return x
}

// optionalTags is a Tags element omitted when there are no tags.
func optionalTags(ts []iam.Tag) *members[tagXML] {
	if len(ts) == 0 {
		return nil
	}
	return &members[tagXML]{tagsXML(ts)}
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

func groupOf(g *identity.GroupInfo) groupXML {
	return groupXML{Path: g.Path, GroupName: g.GroupName, GroupID: g.GroupID, Arn: g.ARN, CreateDate: query.Timestamp(g.CreateDate)}
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
	Marker      string `xml:",omitempty"`
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
	Marker            string `xml:",omitempty"`
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
	Marker      string `xml:",omitempty"`
}

type listAliasesResult struct {
	AccountAliases []string `xml:"AccountAliases>member"`
	IsTruncated    bool
	Marker         string `xml:",omitempty"`
}

type mfaDeviceXML struct {
	UserName     string `xml:",omitempty"`
	SerialNumber string
	EnableDate   string `xml:",omitempty"`
}

type listMFADevicesResult struct {
	MFADevices  []mfaDeviceXML `xml:"MFADevices>member"`
	IsTruncated bool
	Marker      string `xml:",omitempty"`
}

type virtualMFAResult struct {
	VirtualMFADevice struct {
		SerialNumber     string
		Base32StringSeed string `xml:",omitempty"`
		QRCodePNG        string `xml:",omitempty"`
	}
}

func accessKeyOf(k *identity.AccessKeyInfo) accessKeyXML {
	return accessKeyXML{UserName: k.UserName, AccessKeyID: k.AccessKeyID, Status: k.Status, CreateDate: query.Timestamp(k.CreateDate)}
}

func mfaOf(d *identity.MFADeviceInfo) mfaDeviceXML {
	x := mfaDeviceXML{UserName: d.UserName, SerialNumber: d.SerialNumber}
	if d.EnableDate != nil {
		x.EnableDate = query.Timestamp(*d.EnableDate)
	}
	return x
}

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
	AssumeRolePolicyDocument string           `xml:",omitempty"`
	Description              string           `xml:",omitempty"`
	MaxSessionDuration       int              `xml:",omitempty"`
	PermissionsBoundary      *boundaryXML     `xml:",omitempty"`
	Tags                     *members[tagXML] `xml:",omitempty"`
	RoleLastUsed             *struct {
		LastUsedDate string `xml:",omitempty"`
		Region       string `xml:",omitempty"`
	} `xml:",omitempty"`
}

func roleOf(r *identity.RoleInfo, full bool) roleXML {
	x := roleXML{Path: r.Path, RoleName: r.RoleName, RoleID: r.RoleID, Arn: r.ARN, CreateDate: query.Timestamp(r.CreateDate),
		AssumeRolePolicyDocument: policyDoc(r.AssumeRolePolicyDocument), Description: r.Description, MaxSessionDuration: r.MaxSessionDuration}
	if r.PermissionsBoundary != "" {
		x.PermissionsBoundary = &boundaryXML{"Policy", r.PermissionsBoundary}
	}
	if full {
		x.Tags = optionalTags(r.Tags)
		x.RoleLastUsed = &struct {
			LastUsedDate string `xml:",omitempty"`
			Region       string `xml:",omitempty"`
		}{}
		if r.LastUsed != nil {
			x.RoleLastUsed.LastUsedDate, x.RoleLastUsed.Region = query.Timestamp(*r.LastUsed), r.LastUsedRegion
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
	Tags                          *members[tagXML] `xml:",omitempty"`
}

func policyOf(p *identity.PolicyInfo) policyXML {
	return policyXML{PolicyName: p.PolicyName, PolicyID: p.PolicyID, Arn: p.ARN, Path: p.Path, DefaultVersionID: p.DefaultVersionID,
		AttachmentCount: p.AttachmentCount, IsAttachable: p.IsAttachable, Description: p.Description,
		CreateDate: query.Timestamp(p.CreateDate), UpdateDate: query.Timestamp(p.UpdateDate)}
}

// policyWithTags is a policy as GetPolicy answers it: with its Tags
// element always, empty when the policy has none.
func policyWithTags(p *identity.PolicyInfo) policyXML {
	x := policyOf(p)
	x.Tags = &members[tagXML]{tagsXML(p.Tags)}
	return x
}

type policyVersionXML struct {
	Document         string `xml:",omitempty"`
	VersionID        string `xml:"VersionId"`
	IsDefaultVersion bool
	CreateDate       string
}

func versionOf(v *identity.PolicyVersionInfo, withDoc bool) policyVersionXML {
	x := policyVersionXML{VersionID: v.VersionID, IsDefaultVersion: v.IsDefaultVersion, CreateDate: query.Timestamp(v.CreateDate)}
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
	Marker      string `xml:",omitempty"`
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
	Marker      string `xml:",omitempty"`
}

type listAttachedResult struct {
	AttachedPolicies []attachedPolicyXML `xml:"AttachedPolicies>member"`
	IsTruncated      bool
	Marker           string `xml:",omitempty"`
}

type entitiesForPolicyResult struct {
	PolicyGroups members[policyGroup]
	PolicyUsers  members[policyUser]
	PolicyRoles  members[policyRole]
	IsTruncated  bool
	Marker       string `xml:",omitempty"`
}

// policyGroup, policyUser and policyRole are ListEntitiesForPolicy's
// members: a name and the entity's unique ID.
type (
	policyGroup struct{ GroupName, GroupId string }
	policyUser  struct{ UserName, UserId string }
	policyRole  struct{ RoleName, RoleId string }
)

// entityKinds maps the IAM action's entity word to the service's kind and
// the parameter naming the entity.
var entityKinds = []struct{ word, kind, param string }{
	{"User", "user", "UserName"},
	{"Group", "group", "GroupName"},
	{"Role", "role", "RoleName"},
}
