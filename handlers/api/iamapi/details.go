package iamapi

import (
	"context"

	"iamconsole/handlers/api/query"
	"iamconsole/iam"
	"iamconsole/iam/identity"
)

// members is a Query-protocol list that is written even when empty
// (<GroupList/>), as IAM does, so clients see [] rather than nothing.
type members[T any] struct {
	Member []T `xml:"member"`
}

func membersOf[T, U any](in []T, conv func(*T) U) members[U] {
	out := members[U]{Member: make([]U, 0, len(in))}
	for i := range in {
		out.Member = append(out.Member, conv(&in[i]))
	}
	return out
}

// optionalMembers is a list omitted when empty.
func optionalMembers[T, U any](in []T, conv func(*T) U) *members[U] {
	if len(in) == 0 {
		return nil
	}
	m := membersOf(in, conv)
	return &m
}

type inlineDetailXML struct {
	PolicyName     string
	PolicyDocument string
}

type boundaryXML struct {
	PermissionsBoundaryType string
	PermissionsBoundaryArn  string
}

type userDetailXML struct {
	Path                    string
	UserName                string
	UserID                  string `xml:"UserId"`
	Arn                     string
	CreateDate              string
	UserPolicyList          *members[inlineDetailXML] `xml:",omitempty"`
	GroupList               members[string]
	AttachedManagedPolicies members[attachedPolicyXML]
	PermissionsBoundary     *boundaryXML     `xml:",omitempty"`
	Tags                    *members[tagXML] `xml:",omitempty"`
}

type groupDetailXML struct {
	Path                    string
	GroupName               string
	GroupID                 string `xml:"GroupId"`
	Arn                     string
	CreateDate              string
	GroupPolicyList         members[inlineDetailXML]
	AttachedManagedPolicies members[attachedPolicyXML]
}

type roleDetailXML struct {
	Path                     string
	RoleName                 string
	RoleID                   string `xml:"RoleId"`
	Arn                      string
	CreateDate               string
	AssumeRolePolicyDocument string
	InstanceProfileList      members[instanceProfileXML]
	RolePolicyList           members[inlineDetailXML]
	AttachedManagedPolicies  members[attachedPolicyXML]
	PermissionsBoundary      *boundaryXML `xml:",omitempty"`
	Tags                     members[tagXML]
	RoleLastUsed             struct {
		LastUsedDate string `xml:",omitempty"`
		Region       string `xml:",omitempty"`
	}
}

// managedPolicyDetailXML is a policy as GetPolicy answers it, with every
// version.
type managedPolicyDetailXML struct {
	policyXML
	PolicyVersionList members[policyVersionXML]
}

type authDetailsResult struct {
	UserDetailList  members[userDetailXML]
	GroupDetailList members[groupDetailXML]
	RoleDetailList  members[roleDetailXML]
	Policies        members[managedPolicyDetailXML]
	IsTruncated     bool
	Marker          string `xml:",omitempty"`
}

func inlineDetailOf(p *identity.PolicyDetail) inlineDetailXML {
	return inlineDetailXML{PolicyName: p.PolicyName, PolicyDocument: policyDoc(string(p.PolicyDocument))}
}

func attachedOf(p *identity.AttachedPolicy) attachedPolicyXML {
	return attachedPolicyXML{PolicyName: p.PolicyName, PolicyArn: p.PolicyArn}
}

func tagDetailOf(t *identity.TagDetail) tagXML { return tagXML{Key: t.Key, Value: t.Value} }

func deref[T any](s *T) T { return *s }

func boundaryOf(b *identity.AttachedPermissionsBoundary) *boundaryXML {
	if b == nil {
		return nil
	}
	return &boundaryXML{PermissionsBoundaryType: b.PermissionsBoundaryType, PermissionsBoundaryArn: b.PermissionsBoundaryArn}
}

// authDetailsOf renders the export as IAM does: timestamps in ISO 8601 and
// every policy document percent-encoded.
func authDetailsOf(d *identity.AuthorizationDetails) *authDetailsResult {
	return &authDetailsResult{
		IsTruncated: d.IsTruncated, Marker: d.Marker,
		UserDetailList: membersOf(d.UserDetailList, func(u *identity.UserDetail) userDetailXML {
			return userDetailXML{Path: u.Path, UserName: u.UserName, UserID: u.UserID, Arn: u.Arn, CreateDate: query.Timestamp(u.CreateDate),
				UserPolicyList:          optionalMembers(u.UserPolicyList, inlineDetailOf),
				GroupList:               membersOf(u.GroupList, deref[string]),
				AttachedManagedPolicies: membersOf(u.AttachedManagedPolicies, attachedOf),
				PermissionsBoundary:     boundaryOf(u.PermissionsBoundary),
				Tags:                    optionalMembers(u.Tags, tagDetailOf)}
		}),
		GroupDetailList: membersOf(d.GroupDetailList, func(g *identity.GroupDetail) groupDetailXML {
			return groupDetailXML{Path: g.Path, GroupName: g.GroupName, GroupID: g.GroupID, Arn: g.Arn, CreateDate: query.Timestamp(g.CreateDate),
				GroupPolicyList:         membersOf(g.GroupPolicyList, inlineDetailOf),
				AttachedManagedPolicies: membersOf(g.AttachedManagedPolicies, attachedOf)}
		}),
		RoleDetailList: membersOf(d.RoleDetailList, func(r *identity.RoleDetail) roleDetailXML {
			x := roleDetailXML{Path: r.Path, RoleName: r.RoleName, RoleID: r.RoleID, Arn: r.Arn, CreateDate: query.Timestamp(r.CreateDate),
				AssumeRolePolicyDocument: policyDoc(string(r.AssumeRolePolicyDocument)),
				InstanceProfileList: membersOf(r.InstanceProfileList, func(p *identity.InstanceProfileDetail) instanceProfileXML {
					x := instanceProfileXML{Path: p.Path, InstanceProfileName: p.InstanceProfileName, InstanceProfileID: p.InstanceProfileID,
						Arn: p.Arn, CreateDate: query.Timestamp(p.CreateDate), Roles: members[roleXML]{Member: []roleXML{}}}
					for _, r := range p.Roles {
						x.Roles.Member = append(x.Roles.Member, roleXML{Path: r.Path, RoleName: r.RoleName, RoleID: r.RoleID, Arn: r.Arn,
							CreateDate: query.Timestamp(r.CreateDate), AssumeRolePolicyDocument: policyDoc(string(r.AssumeRolePolicyDocument))})
					}
					return x
				}),
				RolePolicyList:          membersOf(r.RolePolicyList, inlineDetailOf),
				AttachedManagedPolicies: membersOf(r.AttachedManagedPolicies, attachedOf),
				PermissionsBoundary:     boundaryOf(r.PermissionsBoundary),
				Tags:                    membersOf(r.Tags, tagDetailOf)}
			if r.RoleLastUsed.LastUsedDate != nil {
				x.RoleLastUsed.LastUsedDate, x.RoleLastUsed.Region = query.Timestamp(*r.RoleLastUsed.LastUsedDate), r.RoleLastUsed.Region
			}
			return x
		}),
		Policies: membersOf(d.Policies, func(p *identity.ManagedPolicyDetail) managedPolicyDetailXML {
			return managedPolicyDetailXML{policyXML: policyXML{PolicyName: p.PolicyName, PolicyID: p.PolicyID, Arn: p.Arn, Path: p.Path,
				DefaultVersionID: p.DefaultVersionID, AttachmentCount: p.AttachmentCount,
				PermissionsBoundaryUsageCount: p.PermissionsBoundaryUsageCount, IsAttachable: p.IsAttachable,
				Description: p.Description, CreateDate: query.Timestamp(p.CreateDate), UpdateDate: query.Timestamp(p.UpdateDate)},
				PolicyVersionList: membersOf(p.PolicyVersionList, func(v *identity.PolicyVersionDetail) policyVersionXML {
					return policyVersionXML{Document: policyDoc(string(v.Document)), VersionID: v.VersionID,
						IsDefaultVersion: v.IsDefaultVersion, CreateDate: query.Timestamp(v.CreateDate)}
				})}
		}),
	}
}

func (a *Service) iamGetAccountAuthorizationDetails(r *query.Reader) query.Invoke {
	filter, pg := r.List("Filter"), r.PageInput()
	return func(ctx context.Context, c *iam.Caller) (any, error) {
		d, err := a.svc.GetAccountAuthorizationDetailsPage(ctx, c, filter, pg)
		if err != nil {
			return nil, err
		}
		return authDetailsOf(d), nil
	}
}
