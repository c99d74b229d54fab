package iamapi

import (
	"context"

	"iamconsole/handlers/api/query"
	"iamconsole/iam"
	"iamconsole/iam/identity"
)

// iamInstanceProfileActions adds instance profiles and their roles to the IAM table.
func (a *Service) iamInstanceProfileActions(t map[string]query.Action) {
	t["CreateInstanceProfile"] = a.iamCreateInstanceProfile
	t["GetInstanceProfile"] = a.iamGetInstanceProfile
	t["ListInstanceProfiles"] = a.iamListInstanceProfiles
	t["ListInstanceProfilesForRole"] = a.iamListInstanceProfilesForRole
	t["DeleteInstanceProfile"] = a.iamDeleteInstanceProfile
	t["AddRoleToInstanceProfile"] = a.iamProfileRole(true)
	t["RemoveRoleFromInstanceProfile"] = a.iamProfileRole(false)
}

// instanceProfileXML is IAM's InstanceProfile shape.
type instanceProfileXML struct {
	Path                string
	InstanceProfileName string
	InstanceProfileID   string `xml:"InstanceProfileId"`
	Arn                 string
	CreateDate          string
	Roles               members[roleXML]
	Tags                *members[tagXML] `xml:",omitempty"`
}

func instanceProfileOf(p *identity.InstanceProfileInfo, withTags bool) instanceProfileXML {
	x := instanceProfileXML{Path: p.Path, InstanceProfileName: p.InstanceProfileName, InstanceProfileID: p.InstanceProfileID,
		Arn: p.ARN, CreateDate: query.Timestamp(p.CreateDate), Roles: members[roleXML]{Member: []roleXML{}}}
	// A profile's roles carry what identifies them and their trust policy.
	for i := range p.Roles {
		r := roleOf(&p.Roles[i], false)
		r.Description, r.MaxSessionDuration, r.PermissionsBoundary = "", 0, nil
		x.Roles.Member = append(x.Roles.Member, r)
	}
	if withTags {
		x.Tags = optionalTags(p.Tags)
	}
	return x
}

type instanceProfileResult struct{ InstanceProfile instanceProfileXML }

type listInstanceProfilesResult struct {
	InstanceProfiles []instanceProfileXML `xml:"InstanceProfiles>member"`
	IsTruncated      bool
	Marker           string `xml:",omitempty"`
}

func instanceProfilesResult(l *identity.InstanceProfileList) *listInstanceProfilesResult {
	res := &listInstanceProfilesResult{InstanceProfiles: []instanceProfileXML{}, IsTruncated: l.NextMarker != "", Marker: l.NextMarker}
	for i := range l.InstanceProfiles {
		res.InstanceProfiles = append(res.InstanceProfiles, instanceProfileOf(&l.InstanceProfiles[i], false))
	}
	return res
}

func (a *Service) iamCreateInstanceProfile(r *query.Reader) query.Invoke {
	name, path, tags := r.Required("InstanceProfileName"), r.Opt("Path"), r.Tags("Tags")
	return func(ctx context.Context, c *iam.Caller) (any, error) {
		p, err := a.svc.CreateInstanceProfile(ctx, c, name, path, tags)
		if err != nil {
			return nil, err
		}
		return &instanceProfileResult{instanceProfileOf(p, true)}, nil
	}
}

func (a *Service) iamGetInstanceProfile(r *query.Reader) query.Invoke {
	name := r.Required("InstanceProfileName")
	return func(ctx context.Context, c *iam.Caller) (any, error) {
		p, err := a.svc.GetInstanceProfile(ctx, c, name)
		if err != nil {
			return nil, err
		}
		return &instanceProfileResult{instanceProfileOf(p, true)}, nil
	}
}

func (a *Service) iamListInstanceProfiles(r *query.Reader) query.Invoke {
	in := r.ListInput()
	return func(ctx context.Context, c *iam.Caller) (any, error) {
		l, err := a.svc.ListInstanceProfiles(ctx, c, in)
		if err != nil {
			return nil, err
		}
		return instanceProfilesResult(l), nil
	}
}

func (a *Service) iamListInstanceProfilesForRole(r *query.Reader) query.Invoke {
	name, in := r.Required("RoleName"), r.PageInput()
	return func(ctx context.Context, c *iam.Caller) (any, error) {
		l, err := a.svc.ListInstanceProfilesForRole(ctx, c, name, in)
		if err != nil {
			return nil, err
		}
		return instanceProfilesResult(l), nil
	}
}

func (a *Service) iamDeleteInstanceProfile(r *query.Reader) query.Invoke {
	name := r.Required("InstanceProfileName")
	return query.Done(func(ctx context.Context, c *iam.Caller) error { return a.svc.DeleteInstanceProfile(ctx, c, name) })
}

func (a *Service) iamProfileRole(add bool) query.Action {
	return func(r *query.Reader) query.Invoke {
		profile, role := r.Required("InstanceProfileName"), r.Required("RoleName")
		return query.Done(func(ctx context.Context, c *iam.Caller) error {
			if add {
				return a.svc.AddRoleToInstanceProfile(ctx, c, profile, role)
			}
			return a.svc.RemoveRoleFromInstanceProfile(ctx, c, profile, role)
		})
	}
}
