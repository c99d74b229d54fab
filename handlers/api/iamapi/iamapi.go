package iamapi

import (
	"context"
	"log/slog"
	"net/http"

	"iamconsole/handlers/api"
	"iamconsole/handlers/api/query"
	"iamconsole/iam"
	"iamconsole/iam/identity"
	"iamconsole/iam/organizations"
	"iamconsole/iam/sts"
)

// Namespace and Version of IAM's Query protocol.
const (
	Namespace = "https://iam.amazonaws.com/doc/2010-05-08/"
	Version   = "2010-05-08"
)

// Service answers IAM over the service layer.
type Service struct {
	svc  *identity.Service
	orgs *organizations.Service
}

// New builds the IAM API over svc (users, groups, roles, policies) and
// orgs (account aliases). Like AWS, it refuses temporary
// credentials from GetSessionToken that were issued without MFA.
func New(svc *identity.Service, orgs *organizations.Service, log *slog.Logger) *query.Service {
	a := &Service{svc: svc, orgs: orgs}
	return query.NewService("iam", Version, Namespace, a.actions(), log).Before(func(call *api.Call) error {
		if sts.IsSessionTokenCaller(call.Caller) && !call.Caller.MFA {
			return &api.Error{Status: http.StatusForbidden, Code: "InvalidClientTokenId", Message: "The security token included in the request is invalid."}
		}
		return nil
	})
}

// actions is the IAM action table: each entry reads one action's
// parameters and adapts one identity.Service operation to the Query protocol.
func (a *Service) actions() map[string]query.Action {
	t := map[string]query.Action{
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
	a.iamPasswordPolicyActions(t)
	a.iamInstanceProfileActions(t)
	a.iamReportActions(t)
	return t
}

func (a *Service) iamCreateUser(r *query.Reader) query.Invoke {
	in := identity.CreateUserInput{UserName: r.Required("UserName"), Path: r.Opt("Path"), Tags: r.Tags("Tags"),
		PermissionsBoundary: r.Opt("PermissionsBoundary")}
	return func(ctx context.Context, c *iam.Caller) (any, error) {
		u, err := a.svc.CreateUser(ctx, c, in)
		if err != nil {
			return nil, err
		}
		return &userResult{userOf(u, true)}, nil
	}
}

func (a *Service) iamGetUser(r *query.Reader) query.Invoke {
	name := r.Opt("UserName")
	return func(ctx context.Context, c *iam.Caller) (any, error) {
		u, err := a.svc.GetUser(ctx, c, name)
		if err != nil {
			return nil, err
		}
		return &userResult{userOf(u, true)}, nil
	}
}

func (a *Service) iamListUsers(r *query.Reader) query.Invoke {
	in := r.ListInput()
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

func (a *Service) iamUpdateUser(r *query.Reader) query.Invoke {
	name := r.Required("UserName")
	in := identity.UpdateUserInput{NewUserName: r.OptP("NewUserName"), NewPath: r.OptP("NewPath")}
	return query.Done(func(ctx context.Context, c *iam.Caller) error { return a.svc.UpdateUser(ctx, c, name, in) })
}

func (a *Service) iamDeleteUser(r *query.Reader) query.Invoke {
	name := r.Required("UserName")
	return query.Done(func(ctx context.Context, c *iam.Caller) error { return a.svc.DeleteUser(ctx, c, name) })
}

func (a *Service) iamTagUser(r *query.Reader) query.Invoke {
	name, tags := r.Required("UserName"), r.RequiredTags("Tags")
	return query.Done(func(ctx context.Context, c *iam.Caller) error { return a.svc.TagUser(ctx, c, name, tags) })
}

func (a *Service) iamUntagUser(r *query.Reader) query.Invoke {
	name, keys := r.Required("UserName"), r.List("TagKeys")
	return query.Done(func(ctx context.Context, c *iam.Caller) error { return a.svc.UntagUser(ctx, c, name, keys) })
}

func (a *Service) iamListUserTags(r *query.Reader) query.Invoke {
	name := r.Required("UserName")
	pg := newPager(r, "ListUserTags", name)
	return func(ctx context.Context, c *iam.Caller) (any, error) {
		w, err := pg.window()
		if err != nil {
			return nil, err
		}
		ts, err := a.svc.ListUserTags(ctx, c, name)
		if err != nil {
			return nil, err
		}
		return tagsPage(ts, w), nil
	}
}

// tagsPage is a page of a ListUserTags, ListRoleTags or ListPolicyTags answer.
func tagsPage(ts []iam.Tag, w iam.Window) *listTagsResult {
	page, next := pageOf(ts, w)
	return &listTagsResult{Tags: tagsXML(page), IsTruncated: next != "", Marker: next}
}

func (a *Service) iamPutUserPermissionsBoundary(r *query.Reader) query.Invoke {
	name, boundary := r.Required("UserName"), r.Required("PermissionsBoundary")
	return query.Done(func(ctx context.Context, c *iam.Caller) error {
		return a.svc.PutUserPermissionsBoundary(ctx, c, name, boundary)
	})
}

func (a *Service) iamDeleteUserPermissionsBoundary(r *query.Reader) query.Invoke {
	name := r.Required("UserName")
	return query.Done(func(ctx context.Context, c *iam.Caller) error {
		return a.svc.DeleteUserPermissionsBoundary(ctx, c, name)
	})
}

func (a *Service) iamCreateAccessKey(r *query.Reader) query.Invoke {
	name := r.Opt("UserName")
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

func (a *Service) iamListAccessKeys(r *query.Reader) query.Invoke {
	name := r.Opt("UserName")
	pg := newPager(r, "ListAccessKeys", name)
	return func(ctx context.Context, c *iam.Caller) (any, error) {
		w, err := pg.window()
		if err != nil {
			return nil, err
		}
		all, err := a.svc.ListAccessKeys(ctx, c, name)
		if err != nil {
			return nil, err
		}
		ks, next := pageOf(all, w)
		res := &listAccessKeysResult{UserName: name, AccessKeyMetadata: []accessKeyXML{}, IsTruncated: next != "", Marker: next}
		if len(all) > 0 {
			res.UserName = all[0].UserName
		}
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

func (a *Service) iamUpdateAccessKey(r *query.Reader) query.Invoke {
	id, status, name := r.Required("AccessKeyId"), r.Required("Status"), r.Opt("UserName")
	return query.Done(func(ctx context.Context, c *iam.Caller) error { return a.svc.UpdateAccessKey(ctx, c, name, id, status) })
}

func (a *Service) iamDeleteAccessKey(r *query.Reader) query.Invoke {
	id, name := r.Required("AccessKeyId"), r.Opt("UserName")
	return query.Done(func(ctx context.Context, c *iam.Caller) error { return a.svc.DeleteAccessKey(ctx, c, name, id) })
}

func (a *Service) iamGetAccessKeyLastUsed(r *query.Reader) query.Invoke {
	id := r.Required("AccessKeyId")
	return func(ctx context.Context, c *iam.Caller) (any, error) {
		k, err := a.svc.GetAccessKeyLastUsed(ctx, c, id)
		if err != nil {
			return nil, err
		}
		res := &accessKeyLastUsedResult{UserName: k.UserName}
		res.AccessKeyLastUsed.ServiceName, res.AccessKeyLastUsed.Region = "N/A", "N/A"
		if k.LastUsed != nil {
			res.AccessKeyLastUsed.LastUsedDate = query.Timestamp(*k.LastUsed)
			res.AccessKeyLastUsed.ServiceName, res.AccessKeyLastUsed.Region = k.LastUsedService, k.LastUsedRegion
		}
		return res, nil
	}
}

func (a *Service) iamCreateLoginProfile(r *query.Reader) query.Invoke {
	name, pw, reset := r.Opt("UserName"), r.Required("Password"), r.Bool("PasswordResetRequired")
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

func (a *Service) iamGetLoginProfile(r *query.Reader) query.Invoke {
	name := r.Opt("UserName")
	return func(ctx context.Context, c *iam.Caller) (any, error) { return a.loginProfile(ctx, c, name) }
}

func (a *Service) loginProfile(ctx context.Context, c *iam.Caller, name string) (any, error) {
	lp, err := a.svc.GetLoginProfile(ctx, c, name)
	if err != nil {
		return nil, err
	}
	res := &loginProfileResult{}
	res.LoginProfile.UserName, res.LoginProfile.CreateDate, res.LoginProfile.PasswordResetRequired = lp.UserName, query.Timestamp(lp.CreateDate), lp.PasswordResetRequired
	return res, nil
}

func (a *Service) iamUpdateLoginProfile(r *query.Reader) query.Invoke {
	name, pw := r.Opt("UserName"), r.OptP("Password")
	var reset *bool
	if r.P.Has("PasswordResetRequired") {
		v := r.Bool("PasswordResetRequired")
		reset = &v
	}
	return query.Done(func(ctx context.Context, c *iam.Caller) error {
		return a.svc.UpdateLoginProfile(ctx, c, name, pw, reset)
	})
}

func (a *Service) iamDeleteLoginProfile(r *query.Reader) query.Invoke {
	name := r.Opt("UserName")
	return query.Done(func(ctx context.Context, c *iam.Caller) error { return a.svc.DeleteLoginProfile(ctx, c, name) })
}

func (a *Service) iamChangePassword(r *query.Reader) query.Invoke {
	old, nw := r.Required("OldPassword"), r.Required("NewPassword")
	return query.Done(func(ctx context.Context, c *iam.Caller) error { return a.svc.ChangePassword(ctx, c, old, nw) })
}
