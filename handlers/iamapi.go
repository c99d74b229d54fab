package handlers

import (
	"context"

	"iamconsole/iam"
)

// iamActions is the IAM action table: each entry reads one action's
// parameters and adapts one iam.Service operation to the Query protocol.
func (a *API) iamActions() map[string]queryAction {
	t := map[string]iamAction{
		"CreateUser":           a.iamCreateUser,
		"GetUser":              a.iamGetUser,
		"ListUsers":            a.iamListUsers,
		"UpdateUser":           a.iamUpdateUser,
		"DeleteUser":           a.iamDeleteUser,
		"TagUser":              a.iamTagUser,
		"UntagUser":            a.iamUntagUser,
		"ListUserTags":         a.iamListUserTags,
		"CreateAccessKey":      a.iamCreateAccessKey,
		"ListAccessKeys":       a.iamListAccessKeys,
		"UpdateAccessKey":      a.iamUpdateAccessKey,
		"DeleteAccessKey":      a.iamDeleteAccessKey,
		"GetAccessKeyLastUsed": a.iamGetAccessKeyLastUsed,
		"CreateLoginProfile":   a.iamCreateLoginProfile,
		"GetLoginProfile":      a.iamGetLoginProfile,
		"UpdateLoginProfile":   a.iamUpdateLoginProfile,
		"DeleteLoginProfile":   a.iamDeleteLoginProfile,
		"ChangePassword":       a.iamChangePassword,

		"PutUserPermissionsBoundary":    a.iamPutUserPermissionsBoundary,
		"DeleteUserPermissionsBoundary": a.iamDeleteUserPermissionsBoundary,
	}
	a.iamGroupActions(t)
	a.iamRoleActions(t)
	a.iamPolicyActions(t)
	a.iamAccountActions(t)
	out := make(map[string]queryAction, len(t))
	for name, fn := range t {
		out[name] = iamQuery(fn)
	}
	return out
}

func (a *API) iamCreateUser(r *iamReader) iamCall {
	in := iam.CreateUserInput{UserName: r.required("UserName"), Path: r.opt("Path"), Tags: r.tags("Tags"),
		PermissionsBoundary: r.opt("PermissionsBoundary")}
	return func(ctx context.Context, c *iam.Caller) (any, error) {
		u, err := a.svc.CreateUser(ctx, c, in)
		if err != nil {
			return nil, err
		}
		return &userResult{userOf(u, true)}, nil
	}
}

func (a *API) iamGetUser(r *iamReader) iamCall {
	name := r.opt("UserName")
	return func(ctx context.Context, c *iam.Caller) (any, error) {
		u, err := a.svc.GetUser(ctx, c, name)
		if err != nil {
			return nil, err
		}
		return &userResult{userOf(u, true)}, nil
	}
}

func (a *API) iamListUsers(r *iamReader) iamCall {
	in := r.listInput()
	return func(ctx context.Context, c *iam.Caller) (any, error) {
		l, err := a.svc.ListUsers(ctx, c, in)
		if err != nil {
			return nil, err
		}
		res := &listUsersResult{Users: []userXML{}, IsTruncated: l.IsTruncated, Marker: l.NextMarker}
		for i := range l.Users {
			res.Users = append(res.Users, userOf(&l.Users[i], false))
		}
		return res, nil
	}
}

func (a *API) iamUpdateUser(r *iamReader) iamCall {
	name := r.required("UserName")
	in := iam.UpdateUserInput{NewUserName: r.optp("NewUserName"), NewPath: r.optp("NewPath")}
	return done(func(ctx context.Context, c *iam.Caller) error { return a.svc.UpdateUser(ctx, c, name, in) })
}

func (a *API) iamDeleteUser(r *iamReader) iamCall {
	name := r.required("UserName")
	return done(func(ctx context.Context, c *iam.Caller) error { return a.svc.DeleteUser(ctx, c, name) })
}

func (a *API) iamTagUser(r *iamReader) iamCall {
	name, tags := r.required("UserName"), r.requiredTags("Tags")
	return done(func(ctx context.Context, c *iam.Caller) error { return a.svc.TagUser(ctx, c, name, tags) })
}

func (a *API) iamUntagUser(r *iamReader) iamCall {
	name, keys := r.required("UserName"), r.list("TagKeys")
	return done(func(ctx context.Context, c *iam.Caller) error { return a.svc.UntagUser(ctx, c, name, keys) })
}

func (a *API) iamListUserTags(r *iamReader) iamCall {
	name := r.required("UserName")
	return func(ctx context.Context, c *iam.Caller) (any, error) {
		ts, err := a.svc.ListUserTags(ctx, c, name)
		if err != nil {
			return nil, err
		}
		return &listTagsResult{Tags: tagsXML(ts)}, nil
	}
}

func (a *API) iamPutUserPermissionsBoundary(r *iamReader) iamCall {
	name, boundary := r.required("UserName"), r.required("PermissionsBoundary")
	return done(func(ctx context.Context, c *iam.Caller) error {
		return a.svc.PutUserPermissionsBoundary(ctx, c, name, boundary)
	})
}

func (a *API) iamDeleteUserPermissionsBoundary(r *iamReader) iamCall {
	name := r.required("UserName")
	return done(func(ctx context.Context, c *iam.Caller) error {
		return a.svc.DeleteUserPermissionsBoundary(ctx, c, name)
	})
}

func (a *API) iamCreateAccessKey(r *iamReader) iamCall {
	name := r.opt("UserName")
	return func(ctx context.Context, c *iam.Caller) (any, error) {
		k, secret, err := a.svc.CreateAccessKey(ctx, c, name)
		if err != nil {
			return nil, err
		}
		x := accessKeyOf(k)
		x.SecretAccessKey = secret
		return &accessKeyResult{x}, nil
	}
}

func (a *API) iamListAccessKeys(r *iamReader) iamCall {
	name := r.opt("UserName")
	return func(ctx context.Context, c *iam.Caller) (any, error) {
		ks, err := a.svc.ListAccessKeys(ctx, c, name)
		if err != nil {
			return nil, err
		}
		res := &listAccessKeysResult{UserName: name, AccessKeyMetadata: []accessKeyXML{}}
		for i := range ks {
			res.AccessKeyMetadata = append(res.AccessKeyMetadata, accessKeyOf(&ks[i]))
			res.UserName = ks[i].UserName
		}
		if res.UserName == "" {
			res.UserName = c.UserName
		}
		return res, nil
	}
}

func (a *API) iamUpdateAccessKey(r *iamReader) iamCall {
	id, status, name := r.required("AccessKeyId"), r.required("Status"), r.opt("UserName")
	return done(func(ctx context.Context, c *iam.Caller) error { return a.svc.UpdateAccessKey(ctx, c, name, id, status) })
}

func (a *API) iamDeleteAccessKey(r *iamReader) iamCall {
	id, name := r.required("AccessKeyId"), r.opt("UserName")
	return done(func(ctx context.Context, c *iam.Caller) error { return a.svc.DeleteAccessKey(ctx, c, name, id) })
}

func (a *API) iamGetAccessKeyLastUsed(r *iamReader) iamCall {
	id := r.required("AccessKeyId")
	return func(ctx context.Context, c *iam.Caller) (any, error) {
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
}

func (a *API) iamCreateLoginProfile(r *iamReader) iamCall {
	name, pw, reset := r.opt("UserName"), r.required("Password"), r.boolean("PasswordResetRequired")
	return func(ctx context.Context, c *iam.Caller) (any, error) {
		if name == "" {
			name = c.UserName
		}
		if err := a.svc.CreateLoginProfile(ctx, c, name, pw, reset); err != nil {
			return nil, err
		}
		return a.loginProfile(ctx, c, name)
	}
}

func (a *API) iamGetLoginProfile(r *iamReader) iamCall {
	name := r.opt("UserName")
	return func(ctx context.Context, c *iam.Caller) (any, error) { return a.loginProfile(ctx, c, name) }
}

func (a *API) loginProfile(ctx context.Context, c *iam.Caller, name string) (any, error) {
	lp, err := a.svc.GetLoginProfile(ctx, c, name)
	if err != nil {
		return nil, err
	}
	res := &loginProfileResult{}
	res.LoginProfile.UserName, res.LoginProfile.CreateDate, res.LoginProfile.PasswordResetRequired = lp.UserName, isoTime(lp.CreateDate), lp.PasswordResetRequired
	return res, nil
}

func (a *API) iamUpdateLoginProfile(r *iamReader) iamCall {
	name, pw := r.opt("UserName"), r.optp("Password")
	var reset *bool
	if r.p.has("PasswordResetRequired") {
		v := r.boolean("PasswordResetRequired")
		reset = &v
	}
	return done(func(ctx context.Context, c *iam.Caller) error {
		return a.svc.UpdateLoginProfile(ctx, c, name, pw, reset)
	})
}

func (a *API) iamDeleteLoginProfile(r *iamReader) iamCall {
	name := r.opt("UserName")
	return done(func(ctx context.Context, c *iam.Caller) error { return a.svc.DeleteLoginProfile(ctx, c, name) })
}

func (a *API) iamChangePassword(r *iamReader) iamCall {
	old, nw := r.required("OldPassword"), r.required("NewPassword")
	return done(func(ctx context.Context, c *iam.Caller) error { return a.svc.ChangePassword(ctx, c, old, nw) })
}
