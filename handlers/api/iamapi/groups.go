package iamapi

import (
	"context"
	"strconv"

	"iamconsole/handlers/api/query"
	"iamconsole/iam"
	"iamconsole/iam/identity"
)

// iamGroupActions adds groups and their members to the IAM table.
func (a *Service) iamGroupActions(t map[string]query.Action) {
	t["CreateGroup"] = a.iamCreateGroup
	t["GetGroup"] = a.iamGetGroup
	t["ListGroups"] = a.iamListGroups
	t["ListGroupsForUser"] = a.iamListGroupsForUser
	t["UpdateGroup"] = a.iamUpdateGroup
	t["DeleteGroup"] = a.iamDeleteGroup
	t["AddUserToGroup"] = a.iamAddUserToGroup
	t["RemoveUserFromGroup"] = a.iamRemoveUserFromGroup
}

func (a *Service) iamCreateGroup(r *query.Reader) query.Invoke {
	name, path := r.Required("GroupName"), r.Opt("Path")
	return func(ctx context.Context, c *iam.Caller) (any, error) {
		g, err := a.svc.CreateGroup(ctx, c, name, path)
		if err != nil {
			return nil, err
		}
		return &groupResult{groupOf(g)}, nil
	}
}

func (a *Service) iamGetGroup(r *query.Reader) query.Invoke {
	name := r.Required("GroupName")
	pg := newPager(r, "GetGroup", name)
	return func(ctx context.Context, c *iam.Caller) (any, error) {
		w, err := pg.window()
		if err != nil {
			return nil, err
		}
		g, err := a.svc.GetGroup(ctx, c, name)
		if err != nil {
			return nil, err
		}
		users, next := pageOf(g.Users, w)
		res := &getGroupResult{Group: groupOf(g), Users: []userXML{}, IsTruncated: next != "", Marker: next}
		for _, un := range users {
			u, err := a.svc.GetUser(ctx, c, un)
			if err != nil {
				continue
			}
			res.Users = append(res.Users, userOf(u, false))
		}
		return res, nil
	}
}

func groupsResult(gs []identity.GroupInfo, next string) *listGroupsResult {
	res := &listGroupsResult{Groups: []groupXML{}, IsTruncated: next != "", Marker: next}
	for i := range gs {
		res.Groups = append(res.Groups, groupOf(&gs[i]))
	}
	return res
}

func (a *Service) iamListGroups(r *query.Reader) query.Invoke {
	in := r.ListInput()
	return func(ctx context.Context, c *iam.Caller) (any, error) {
		gs, total, err := a.svc.ListGroups(ctx, c, in)
		if err != nil {
			return nil, err
		}
		// The service pages by offset; the marker is the next offset.
		offset, _, _ := iam.Page(in)
		next := ""
		if end := offset + len(gs); end < total {
			next = strconv.Itoa(end)
		}
		return groupsResult(gs, next), nil
	}
}

func (a *Service) iamListGroupsForUser(r *query.Reader) query.Invoke {
	name := r.Required("UserName")
	pg := newPager(r, "ListGroupsForUser", name)
	return func(ctx context.Context, c *iam.Caller) (any, error) {
		w, err := pg.window()
		if err != nil {
			return nil, err
		}
		all, err := a.svc.ListGroupsForUser(ctx, c, name)
		if err != nil {
			return nil, err
		}
		gs, next := pageOf(all, w)
		return groupsResult(gs, next), nil
	}
}

func (a *Service) iamUpdateGroup(r *query.Reader) query.Invoke {
	name, newName, newPath := r.Required("GroupName"), r.OptP("NewGroupName"), r.OptP("NewPath")
	return query.Done(func(ctx context.Context, c *iam.Caller) error {
		return a.svc.UpdateGroup(ctx, c, name, newName, newPath)
	})
}

func (a *Service) iamDeleteGroup(r *query.Reader) query.Invoke {
	name := r.Required("GroupName")
	return query.Done(func(ctx context.Context, c *iam.Caller) error { return a.svc.DeleteGroup(ctx, c, name) })
}

func (a *Service) iamAddUserToGroup(r *query.Reader) query.Invoke {
	g, u := r.Required("GroupName"), r.Required("UserName")
	return query.Done(func(ctx context.Context, c *iam.Caller) error { return a.svc.AddUserToGroup(ctx, c, g, u) })
}

func (a *Service) iamRemoveUserFromGroup(r *query.Reader) query.Invoke {
	g, u := r.Required("GroupName"), r.Required("UserName")
	return query.Done(func(ctx context.Context, c *iam.Caller) error { return a.svc.RemoveUserFromGroup(ctx, c, g, u) })
}
