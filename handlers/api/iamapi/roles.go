package iamapi

import (
	"context"

	"iamconsole/handlers/api/query"
	"iamconsole/iam"
	"iamconsole/iam/identity"
)

// iamRoleActions adds roles, their tags and boundaries to the IAM table.
func (a *Service) iamRoleActions(t map[string]query.Action) {
	t["CreateRole"] = a.iamCreateRole
	t["GetRole"] = a.iamGetRole
	t["ListRoles"] = a.iamListRoles
	t["UpdateRole"] = a.iamUpdateRole
	t["UpdateRoleDescription"] = a.iamUpdateRoleDescription
	t["UpdateAssumeRolePolicy"] = a.iamUpdateAssumeRolePolicy
	t["DeleteRole"] = a.iamDeleteRole
	t["TagRole"] = a.iamTagRole
	t["UntagRole"] = a.iamUntagRole
	t["ListRoleTags"] = a.iamListRoleTags
	t["PutRolePermissionsBoundary"] = a.iamPutRolePermissionsBoundary
	t["DeleteRolePermissionsBoundary"] = a.iamDeleteRolePermissionsBoundary
}

func (a *Service) iamCreateRole(r *query.Reader) query.Invoke {
	in := identity.CreateRoleInput{RoleName: r.Required("RoleName"), AssumeRolePolicyDocument: r.Required("AssumeRolePolicyDocument"),
		Path: r.Opt("Path"), Description: r.Opt("Description"), PermissionsBoundary: r.Opt("PermissionsBoundary"), Tags: r.Tags("Tags")}
	maxSession := r.IntP("MaxSessionDuration", "maxSessionDuration")
	if maxSession != nil {
		in.MaxSessionDuration = *maxSession
	}
	return func(ctx context.Context, c *iam.Caller) (any, error) {
		role, err := a.svc.CreateRole(ctx, c, in)
		if err != nil {
			return nil, err
		}
		x := roleOf(role, false)
		x.Tags = optionalTags(role.Tags)
		// CreateRole echoes what the request set: no MaxSessionDuration
		// unless it was given (Description is omitted when empty).
		if maxSession == nil {
			x.MaxSessionDuration = 0
		}
		return &roleResult{x}, nil
	}
}

// getRole answers with the full role, as GetRole does.
func (a *Service) getRole(ctx context.Context, c *iam.Caller, name string) (any, error) {
	role, err := a.svc.GetRole(ctx, c, name)
	if err != nil {
		return nil, err
	}
	return &roleResult{roleOf(role, true)}, nil
}

func (a *Service) iamGetRole(r *query.Reader) query.Invoke {
	name := r.Required("RoleName")
	return func(ctx context.Context, c *iam.Caller) (any, error) { return a.getRole(ctx, c, name) }
}

func (a *Service) iamListRoles(r *query.Reader) query.Invoke {
	in := r.ListInput()
	return func(ctx context.Context, c *iam.Caller) (any, error) {
		l, err := a.svc.ListRoles(ctx, c, in)
		if err != nil {
			return nil, err
		}
		res := &listRolesResult{Roles: []roleXML{}, IsTruncated: l.IsTruncated, Marker: l.NextMarker}
		for i := range l.Roles {
			res.Roles = append(res.Roles, roleOf(&l.Roles[i], false))
		}
		return res, nil
	}
}

func (a *Service) iamUpdateRole(r *query.Reader) query.Invoke {
	name, desc, maxSession := r.Required("RoleName"), r.OptP("Description"), r.IntP("MaxSessionDuration", "maxSessionDuration")
	return func(ctx context.Context, c *iam.Caller) (any, error) {
		if err := a.svc.UpdateRole(ctx, c, name, desc, maxSession); err != nil {
			return nil, err
		}
		return struct{}{}, nil
	}
}

func (a *Service) iamUpdateRoleDescription(r *query.Reader) query.Invoke {
	name, desc := r.Required("RoleName"), r.Required("Description")
	return func(ctx context.Context, c *iam.Caller) (any, error) {
		if err := a.svc.UpdateRole(ctx, c, name, &desc, nil); err != nil {
			return nil, err
		}
		return a.getRole(ctx, c, name)
	}
}

func (a *Service) iamUpdateAssumeRolePolicy(r *query.Reader) query.Invoke {
	name, doc := r.Required("RoleName"), r.Required("PolicyDocument")
	return query.Done(func(ctx context.Context, c *iam.Caller) error { return a.svc.UpdateAssumeRolePolicy(ctx, c, name, doc) })
}

func (a *Service) iamDeleteRole(r *query.Reader) query.Invoke {
	name := r.Required("RoleName")
	return query.Done(func(ctx context.Context, c *iam.Caller) error { return a.svc.DeleteRole(ctx, c, name) })
}

func (a *Service) iamTagRole(r *query.Reader) query.Invoke {
	name, tags := r.Required("RoleName"), r.RequiredTags("Tags")
	return query.Done(func(ctx context.Context, c *iam.Caller) error { return a.svc.TagRole(ctx, c, name, tags) })
}

func (a *Service) iamUntagRole(r *query.Reader) query.Invoke {
	name, keys := r.Required("RoleName"), r.List("TagKeys")
	return query.Done(func(ctx context.Context, c *iam.Caller) error { return a.svc.UntagRole(ctx, c, name, keys) })
}

func (a *Service) iamListRoleTags(r *query.Reader) query.Invoke {
	name := r.Required("RoleName")
	pg := newPager(r, "ListRoleTags", name)
	return func(ctx context.Context, c *iam.Caller) (any, error) {
		w, err := pg.window()
		if err != nil {
			return nil, err
		}
		ts, err := a.svc.ListRoleTags(ctx, c, name)
		if err != nil {
			return nil, err
		}
		return tagsPage(ts, w), nil
	}
}

func (a *Service) iamPutRolePermissionsBoundary(r *query.Reader) query.Invoke {
	name, boundary := r.Required("RoleName"), r.Required("PermissionsBoundary")
	return query.Done(func(ctx context.Context, c *iam.Caller) error {
		return a.svc.PutRolePermissionsBoundary(ctx, c, name, boundary)
	})
}

func (a *Service) iamDeleteRolePermissionsBoundary(r *query.Reader) query.Invoke {
	name := r.Required("RoleName")
	return query.Done(func(ctx context.Context, c *iam.Caller) error {
		return a.svc.DeleteRolePermissionsBoundary(ctx, c, name)
	})
}
