package handlers

import (
	"context"

	"iamconsole/iam"
)

// iamRoleActions adds roles, their tags and boundaries to the IAM table.
func (a *API) iamRoleActions(t map[string]iamAction) {
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

func (a *API) iamCreateRole(r *iamReader) iamCall {
	in := iam.CreateRoleInput{RoleName: r.required("RoleName"), AssumeRolePolicyDocument: r.required("AssumeRolePolicyDocument"),
		Path: r.opt("Path"), Description: r.opt("Description"), PermissionsBoundary: r.opt("PermissionsBoundary"), Tags: r.tags("Tags")}
	if n := r.intp("MaxSessionDuration", "maxSessionDuration"); n != nil {
		in.MaxSessionDuration = *n
	}
	return func(ctx context.Context, c *iam.Caller) (any, error) {
		role, err := a.svc.CreateRole(ctx, c, in)
		if err != nil {
			return nil, err
		}
		x := roleOf(role, false)
		x.Tags = optionalTags(role.Tags)
		return &roleResult{x}, nil
	}
}

// getRole answers with the full role, as GetRole does.
func (a *API) getRole(ctx context.Context, c *iam.Caller, name string) (any, error) {
	role, err := a.svc.GetRole(ctx, c, name)
	if err != nil {
		return nil, err
	}
	return &roleResult{roleOf(role, true)}, nil
}

func (a *API) iamGetRole(r *iamReader) iamCall {
	name := r.required("RoleName")
	return func(ctx context.Context, c *iam.Caller) (any, error) { return a.getRole(ctx, c, name) }
}

func (a *API) iamListRoles(r *iamReader) iamCall {
	in := r.listInput()
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

func (a *API) iamUpdateRole(r *iamReader) iamCall {
	name, desc, maxSession := r.required("RoleName"), r.optp("Description"), r.intp("MaxSessionDuration", "maxSessionDuration")
	return func(ctx context.Context, c *iam.Caller) (any, error) {
		if err := a.svc.UpdateRole(ctx, c, name, desc, maxSession); err != nil {
			return nil, err
		}
		return struct{}{}, nil
	}
}

func (a *API) iamUpdateRoleDescription(r *iamReader) iamCall {
	name, desc := r.required("RoleName"), r.required("Description")
	return func(ctx context.Context, c *iam.Caller) (any, error) {
		if err := a.svc.UpdateRole(ctx, c, name, &desc, nil); err != nil {
			return nil, err
		}
		return a.getRole(ctx, c, name)
	}
}

func (a *API) iamUpdateAssumeRolePolicy(r *iamReader) iamCall {
	name, doc := r.required("RoleName"), r.required("PolicyDocument")
	return done(func(ctx context.Context, c *iam.Caller) error { return a.svc.UpdateAssumeRolePolicy(ctx, c, name, doc) })
}

func (a *API) iamDeleteRole(r *iamReader) iamCall {
	name := r.required("RoleName")
	return done(func(ctx context.Context, c *iam.Caller) error { return a.svc.DeleteRole(ctx, c, name) })
}

func (a *API) iamTagRole(r *iamReader) iamCall {
	name, tags := r.required("RoleName"), r.requiredTags("Tags")
	return done(func(ctx context.Context, c *iam.Caller) error { return a.svc.TagRole(ctx, c, name, tags) })
}

func (a *API) iamUntagRole(r *iamReader) iamCall {
	name, keys := r.required("RoleName"), r.list("TagKeys")
	return done(func(ctx context.Context, c *iam.Caller) error { return a.svc.UntagRole(ctx, c, name, keys) })
}

func (a *API) iamListRoleTags(r *iamReader) iamCall {
	name := r.required("RoleName")
	return func(ctx context.Context, c *iam.Caller) (any, error) {
		ts, err := a.svc.ListRoleTags(ctx, c, name)
		if err != nil {
			return nil, err
		}
		return &listTagsResult{Tags: tagsXML(ts)}, nil
	}
}

func (a *API) iamPutRolePermissionsBoundary(r *iamReader) iamCall {
	name, boundary := r.required("RoleName"), r.required("PermissionsBoundary")
	return done(func(ctx context.Context, c *iam.Caller) error {
		return a.svc.PutRolePermissionsBoundary(ctx, c, name, boundary)
	})
}

func (a *API) iamDeleteRolePermissionsBoundary(r *iamReader) iamCall {
	name := r.required("RoleName")
	return done(func(ctx context.Context, c *iam.Caller) error {
		return a.svc.DeleteRolePermissionsBoundary(ctx, c, name)
	})
}
