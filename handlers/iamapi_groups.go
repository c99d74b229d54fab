package handlers

import (
	"context"

	"iamconsole/iam"
)

// iamGroupActions adds groups and their members to the IAM table.
func (a *API) iamGroupActions(t map[string]iamAction) {
	t["CreateGroup"] = a.iamCreateGroup
	t["GetGroup"] = a.iamGetGroup
	t["ListGroups"] = a.iamListGroups
	t["ListGroupsForUser"] = a.iamListGroupsForUser
	t["UpdateGroup"] = a.iamUpdateGroup
	t["DeleteGroup"] = a.iamDeleteGroup
	t["AddUserToGroup"] = a.iamAddUserToGroup
	t["RemoveUserFromGroup"] = a.iamRemoveUserFromGroup
}

func (a *API) iamCreateGroup(r *iamReader) iamCall {
	name, path := r.required("GroupName"), r.opt("Path")
	return func(ctx context.Context, c *iam.Caller) (any, error) {
		g, err := a.svc.CreateGroup(ctx, c, name, path)
		if err != nil {
			return nil, err
		}
		return &groupResult{groupOf(g)}, nil
	}
}

func (a *API) iamGetGroup(r *iamReader) iamCall {
	name := r.required("GroupName")
	return func(ctx context.Context, c *iam.Caller) (any, error) {
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
			res.Users = append(res.Users, userOf(u, false))
		}
		return res, nil
	}
}

func groupsResult(gs []iam.GroupInfo) *listGroupsResult {
	res := &listGroupsResult{Groups: []groupXML{}}
	for i := range gs {
		res.Groups = append(res.Groups, groupOf(&gs[i]))
	}
	return res
}

func (a *API) iamListGroups(r *iamReader) iamCall {
	in := r.listInput()
	return func(ctx context.Context, c *iam.Caller) (any, error) {
		gs, _, err := a.svc.ListGroups(ctx, c, in)
		if err != nil {
			return nil, err
		}
		return groupsResult(gs), nil
	}
}

func (a *API) iamListGroupsForUser(r *iamReader) iamCall {
	name := r.required("UserName")
	return func(ctx context.Context, c *iam.Caller) (any, error) {
		gs, err := a.svc.ListGroupsForUser(ctx, c, name)
		if err != nil {
			return nil, err
		}
		return groupsResult(gs), nil
	}
}

func (a *API) iamUpdateGroup(r *iamReader) iamCall {
	name, newName, newPath := r.required("GroupName"), r.optp("NewGroupName"), r.optp("NewPath")
	return done(func(ctx context.Context, c *iam.Caller) error {
		return a.svc.UpdateGroup(ctx, c, name, newName, newPath)
	})
}

func (a *API) iamDeleteGroup(r *iamReader) iamCall {
	name := r.required("GroupName")
	return done(func(ctx context.Context, c *iam.Caller) error { return a.svc.DeleteGroup(ctx, c, name) })
}

func (a *API) iamAddUserToGroup(r *iamReader) iamCall {
	g, u := r.required("GroupName"), r.required("UserName")
	return done(func(ctx context.Context, c *iam.Caller) error { return a.svc.AddUserToGroup(ctx, c, g, u) })
}

func (a *API) iamRemoveUserFromGroup(r *iamReader) iamCall {
	g, u := r.required("GroupName"), r.required("UserName")
	return done(func(ctx context.Context, c *iam.Caller) error { return a.svc.RemoveUserFromGroup(ctx, c, g, u) })
}
