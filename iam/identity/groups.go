package identity

import (
	"context"
	"errors"
	"strings"
	"time"

	"iamconsole/iam"
	"iamconsole/iam/arn"
	"iamconsole/iam/catalog"
	"iamconsole/store"
)

// GroupInfo describes an IAM group; Users is filled in by GetGroup.
type GroupInfo struct {
	GroupName, GroupID, ARN, Path string
	CreateDate                    time.Time
	Users                         []string
	// Favorites are the roles published to the members (GetGroup only;
	// beyond AWS).
	Favorites []iam.RoleLink
}

func groupARN(acct, path, name string) string { return arn.IAM(acct, "group", path, name) }

func noSuchGroup(name string) *iam.Error {
	return iam.NoSuchEntity("The group with name %s cannot be found.", name)
}

func findGroup(q *store.Q, acct, name string) (*store.Group, error) {
	g, err := q.GroupByName(acct, name)
	if err != nil {
		return nil, iam.StoreErr(err, noSuchGroup(name))
	}
	return g, nil
}

func groupInfo(g *store.Group) GroupInfo {
	return GroupInfo{GroupName: g.Name, GroupID: g.ID, ARN: groupARN(g.AccountID, g.Path, g.Name), Path: g.Path, CreateDate: g.CreatedAt}
}

func (s *Service) targetGroupARN(ctx context.Context, acct, name string) string {
	if g, err := s.st.Read(ctx).GroupByName(acct, name); err == nil {
		return groupARN(acct, g.Path, g.Name)
	}
	return groupARN(acct, "/", name)
}

// CreateGroup creates an IAM group.
func (s *Service) CreateGroup(ctx context.Context, c *iam.Caller, name, path string) (*GroupInfo, error) {
	if c == nil {
		return nil, iam.ErrNoSession
	}
	path = normPath(path)
	o, err := s.k.Begin(ctx, c, iam.SourceIAM, "CreateGroup", catalog.IAMCreateGroup.String(), groupARN(c.AccountID, path, name),
		map[string]any{"groupName": name, "path": path})
	if err != nil {
		return nil, err
	}
	if err := iam.ValidateName("group_name", "groupName", name, 128); err != nil {
		return nil, o.Fail(err)
	}
	if err := iam.ValidatePath("path", path); err != nil {
		return nil, o.Fail(err)
	}
	g := &store.Group{ID: iam.NewUniqueID(iam.PrefixGroup), AccountID: c.AccountID, Name: name, Path: path, CreatedAt: s.k.Now()}
	err = o.Write(func(q *store.Q) error {
		if _, err := q.GroupByName(c.AccountID, name); err == nil {
			return iam.AlreadyExists("group_name", "Group with name %s already exists.", name)
		} else if !errors.Is(err, store.ErrNotFound) {
			return err
		}
		a := groupARN(c.AccountID, path, name)
		o.Rec.ResponseElements = map[string]any{"group": map[string]any{"groupName": name, "groupId": g.ID, "arn": a,
			"path": path, "createDate": g.CreatedAt.Format(time.RFC3339)}}
		o.AddResource("AWS::IAM::Group", a)
		return q.CreateGroup(g)
	})
	if err != nil {
		return nil, err
	}
	info := groupInfo(g)
	return &info, nil
}

// GetGroup describes a group and lists its users.
func (s *Service) GetGroup(ctx context.Context, c *iam.Caller, name string) (*GroupInfo, error) {
	if c == nil {
		return nil, iam.ErrNoSession
	}
	o, err := s.k.Begin(ctx, c, iam.SourceIAM, "GetGroup", catalog.IAMGetGroup.String(), s.targetGroupARN(ctx, c.AccountID, name),
		map[string]any{"groupName": name})
	if err != nil {
		return nil, err
	}
	q := s.st.Read(ctx)
	g, err := findGroup(q, c.AccountID, name)
	if err != nil {
		return nil, o.Read(err)
	}
	us, err := q.GroupMembers(g.ID)
	if err != nil {
		return nil, o.Read(iam.Internal(err))
	}
	fs, err := q.FavoriteRolesForGroups([]string{g.ID})
	if err != nil {
		return nil, o.Read(iam.Internal(err))
	}
	info := groupInfo(g)
	info.Users = make([]string, 0, len(us))
	for _, u := range us {
		info.Users = append(info.Users, u.Name)
	}
	info.Favorites = make([]iam.RoleLink, 0, len(fs))
	for _, f := range fs {
		info.Favorites = append(info.Favorites, iam.RoleLink{Account: f.Account, RoleName: f.RoleName, DisplayName: f.DisplayName,
			Color: f.Color, Group: g.Name})
	}
	return &info, o.Read(nil)
}

// ListGroups lists a page of the account's groups and the total that match.
func (s *Service) ListGroups(ctx context.Context, c *iam.Caller, in iam.ListInput) ([]GroupInfo, int, error) {
	if c == nil {
		return nil, 0, iam.ErrNoSession
	}
	o, err := s.k.Begin(ctx, c, iam.SourceIAM, "ListGroups", catalog.IAMListGroups.String(), groupARN(c.AccountID, "/", ""),
		map[string]any{"pathPrefix": in.PathPrefix, "marker": in.Marker, "maxItems": in.MaxItems})
	if err != nil {
		return nil, 0, err
	}
	offset, limit, err := iam.Page(in)
	if err != nil {
		return nil, 0, o.Read(err)
	}
	gs, total, err := s.st.Read(ctx).Groups(store.GroupFilter{AccountID: c.AccountID, PathPrefix: in.PathPrefix,
		Search: in.Search, Sort: in.Sort, Offset: offset, Limit: limit})
	if err != nil {
		return nil, 0, o.Read(iam.Internal(err))
	}
	out := make([]GroupInfo, 0, len(gs))
	for i := range gs {
		out = append(out, groupInfo(&gs[i]))
	}
	return out, int(total), o.Read(nil)
}

// ListGroupsForUser lists the groups a user belongs to.
func (s *Service) ListGroupsForUser(ctx context.Context, c *iam.Caller, userName string) ([]GroupInfo, error) {
	o, q, u, err := s.beginUserRead(ctx, c, "ListGroupsForUser", catalog.IAMListGroupsForUser.String(), userName)
	if err != nil {
		return nil, err
	}
	gs, err := q.GroupsForUser(u.ID)
	if err != nil {
		return nil, o.Read(iam.Internal(err))
	}
	out := make([]GroupInfo, 0, len(gs))
	for i := range gs {
		out = append(out, groupInfo(&gs[i]))
	}
	return out, o.Read(nil)
}

// UpdateGroup renames a group or changes its path.
func (s *Service) UpdateGroup(ctx context.Context, c *iam.Caller, name string, newName, newPath *string) error {
	if c == nil {
		return iam.ErrNoSession
	}
	params := map[string]any{"groupName": name}
	if newName != nil {
		params["newGroupName"] = *newName
	}
	if newPath != nil {
		params["newPath"] = *newPath
	}
	o, err := s.k.Begin(ctx, c, iam.SourceIAM, "UpdateGroup", catalog.IAMUpdateGroup.String(), s.targetGroupARN(ctx, c.AccountID, name), params)
	if err != nil {
		return err
	}
	if newName != nil {
		if err := iam.ValidateName("new_group_name", "newGroupName", *newName, 128); err != nil {
			return o.Fail(err)
		}
	}
	if newPath != nil {
		if err := iam.ValidatePath("new_path", *newPath); err != nil {
			return o.Fail(err)
		}
	}
	return o.Write(func(q *store.Q) error {
		g, err := findGroup(q, c.AccountID, name)
		if err != nil {
			return err
		}
		n, p := g.Name, g.Path
		if newName != nil {
			n = *newName
		}
		if newPath != nil {
			p = normPath(*newPath)
		}
		if err := s.k.Authorize(ctx, c, catalog.IAMUpdateGroup.String(), groupARN(c.AccountID, p, n)); err != nil {
			return err
		}
		if !strings.EqualFold(n, g.Name) {
			if _, err := q.GroupByName(c.AccountID, n); err == nil {
				return iam.AlreadyExists("new_group_name", "Group with name %s already exists.", n)
			} else if !errors.Is(err, store.ErrNotFound) {
				return err
			}
		}
		g.Name, g.Path = n, p
		return q.UpdateGroup(g)
	})
}

// DeleteGroup deletes a group that has no members and no policies.
func (s *Service) DeleteGroup(ctx context.Context, c *iam.Caller, name string) error {
	if c == nil {
		return iam.ErrNoSession
	}
	target := s.targetGroupARN(ctx, c.AccountID, name)
	o, err := s.k.Begin(ctx, c, iam.SourceIAM, "DeleteGroup", catalog.IAMDeleteGroup.String(), target, map[string]any{"groupName": name})
	if err != nil {
		return err
	}
	return o.Write(func(q *store.Q) error {
		g, err := findGroup(q, c.AccountID, name)
		if err != nil {
			return err
		}
		if us, err := q.GroupMembers(g.ID); err != nil {
			return err
		} else if len(us) > 0 {
			return iam.DeleteConflict("Cannot delete entity, must remove users from group first.")
		}
		if err := policiesConflict(q, "group", g.ID); err != nil {
			return err
		}
		o.AddResource("AWS::IAM::Group", target)
		return q.DeleteGroup(g.ID)
	})
}

// AddUserToGroup adds a user to a group (≤ 10 groups per user).
func (s *Service) AddUserToGroup(ctx context.Context, c *iam.Caller, group, user string) error {
	return s.membershipWrite(ctx, c, "AddUserToGroup", group, user, func(q *store.Q, g *store.Group, u *store.User) error {
		gs, err := q.GroupsForUser(u.ID)
		if err != nil {
			return err
		}
		for _, x := range gs {
			if x.ID == g.ID {
				return nil // AWS: adding a member again succeeds
			}
		}
		if len(gs) >= maxGroupsPerUser {
			return quotaError("GroupsPerUser", maxGroupsPerUser)
		}
		return q.AddGroupMember(g.ID, u.ID, s.k.Now())
	})
}

// RemoveUserFromGroup removes a user from a group.
func (s *Service) RemoveUserFromGroup(ctx context.Context, c *iam.Caller, group, user string) error {
	return s.membershipWrite(ctx, c, "RemoveUserFromGroup", group, user, func(q *store.Q, g *store.Group, u *store.User) error {
		return iam.StoreErr(q.RemoveGroupMember(g.ID, u.ID), iam.NoSuchEntity("The user with name %s cannot be found.", user))
	})
}

// membershipWrite authorizes iam:event on the group, then runs fn with the
// group and the user in one audited write.
func (s *Service) membershipWrite(ctx context.Context, c *iam.Caller, event, group, user string, fn func(q *store.Q, g *store.Group, u *store.User) error) error {
	if c == nil {
		return iam.ErrNoSession
	}
	o, err := s.k.Begin(ctx, c, iam.SourceIAM, event, "iam:"+event, s.targetGroupARN(ctx, c.AccountID, group),
		map[string]any{"groupName": group, "userName": user})
	if err != nil {
		return err
	}
	return o.Write(func(q *store.Q) error {
		g, err := findGroup(q, c.AccountID, group)
		if err != nil {
			return err
		}
		u, err := findUser(q, c.AccountID, user)
		if err != nil {
			return err
		}
		return fn(q, g, u)
	})
}
