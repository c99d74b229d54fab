package sessions

import (
	"context"
	"slices"
	"strings"

	"iamconsole/iam"
	"iamconsole/iam/arn"
	"iamconsole/iam/catalog"
	"iamconsole/store"
)

// FavoriteRoles lists the roles published to base's groups, without
// duplicates (the first group by name wins).
func (s *Service) FavoriteRoles(ctx context.Context, base *iam.Caller) ([]iam.RoleLink, error) {
	if base == nil || base.Type != iam.CallerUser {
		return nil, nil
	}
	out, err := s.favorites.Load("favorites\x00"+base.UserID, func() ([]iam.RoleLink, error) {
		return readFavorites(s.st.Read(ctx), base.UserID)
	})
	return slices.Clone(out), err
}

// readFavorites reads the roles published to a user's groups from the store.
func readFavorites(q *store.Q, userID string) ([]iam.RoleLink, error) {
	gs, err := q.GroupsForUser(userID)
	if err != nil {
		return nil, iam.Internal(err)
	}
	names := make(map[string]string, len(gs))
	ids := make([]string, 0, len(gs))
	for _, g := range gs {
		names[g.ID] = g.Name
		ids = append(ids, g.ID)
	}
	fs, err := q.FavoriteRolesForGroups(ids)
	if err != nil {
		return nil, iam.Internal(err)
	}
	seen := map[string]bool{}
	var out []iam.RoleLink
	for _, f := range fs {
		k := f.Account + "\x00" + f.RoleName
		if seen[k] {
			continue
		}
		seen[k] = true
		out = append(out, iam.RoleLink{Account: f.Account, RoleName: f.RoleName, DisplayName: f.DisplayName, Color: f.Color, Group: names[f.GroupID]})
	}
	return out, nil
}

// groupForUpdate finds a group of c's account and authorizes iam:UpdateGroup on it.
func (s *Service) groupForUpdate(ctx context.Context, c *iam.Caller, groupName string) (*store.Group, error) {
	g, err := s.st.Read(ctx).GroupByName(c.AccountID, groupName)
	resource := arn.IAM(c.AccountID, "group", "/", groupName)
	if err == nil {
		resource = arn.IAM(c.AccountID, "group", g.Path, g.Name)
	}
	if aerr := s.k.Authorize(ctx, c, catalog.IAMUpdateGroup.String(), resource); aerr != nil {
		return nil, aerr
	}
	if err != nil {
		return nil, iam.StoreErr(err, iam.NoSuchEntity("The group with name %s cannot be found.", groupName))
	}
	return g, nil
}

// PublishFavoriteRole offers a role to every member of a group in their
// identity menu. It needs iam:UpdateGroup on the group.
func (s *Service) PublishFavoriteRole(ctx context.Context, c *iam.Caller, groupName string, link iam.RoleLink) error {
	g, err := s.groupForUpdate(ctx, c, groupName)
	if err != nil {
		s.recordFavorite(ctx, c, "PublishFavoriteRole", groupName, link, err)
		return err
	}
	in, err := validateSwitch(SwitchRoleInput{Account: link.Account, RoleName: link.RoleName, DisplayName: link.DisplayName, Color: link.Color})
	if err != nil {
		return err
	}
	// A favourite that points at no account would only ever fail; say so
	// now rather than at every member's click.
	if _, err := iam.ResolveAccount(s.st.Read(ctx), in.Account); err != nil {
		return iam.StoreErr(err, iam.ValidationError("account", "No account with the ID or alias %s exists in this organization.", in.Account))
	}
	r := s.favoriteEvent(ctx, c, "PublishFavoriteRole", g.Name, link, nil)
	// Tx: the favourites shown in navigation bars are cached per generation.
	return iam.StoreErr(s.k.Tx(ctx, func(q *store.Q) error {
		if err := q.PutFavoriteRole(&store.FavoriteRole{GroupID: g.ID, Account: in.Account, RoleName: in.RoleName,
			DisplayName: in.DisplayName, Color: in.Color, CreatedAt: s.k.Now()}); err != nil {
			return err
		}
		return q.InsertEvents([]store.Event{r.Row()})
	}), nil)
}

// UnpublishFavoriteRole withdraws a group's favourite role.
func (s *Service) UnpublishFavoriteRole(ctx context.Context, c *iam.Caller, groupName, account, roleName string) error {
	link := iam.RoleLink{Account: account, RoleName: roleName}
	g, err := s.groupForUpdate(ctx, c, groupName)
	if err != nil {
		s.recordFavorite(ctx, c, "UnpublishFavoriteRole", groupName, link, err)
		return err
	}
	account = strings.TrimSpace(account)
	if !arn.IsAccountID(account) {
		account = strings.ToLower(account)
	}
	r := s.favoriteEvent(ctx, c, "UnpublishFavoriteRole", g.Name, link, nil)
	// Tx: the favourites shown in navigation bars are cached per generation.
	return iam.StoreErr(s.k.Tx(ctx, func(q *store.Q) error {
		if err := q.DeleteFavoriteRole(g.ID, account, strings.Trim(strings.TrimSpace(roleName), "/")); err != nil {
			return err
		}
		return q.InsertEvents([]store.Event{r.Row()})
	}), iam.NoSuchEntity("The group %s has no favorite role %s in account %s.", groupName, roleName, account))
}

func (s *Service) favoriteEvent(ctx context.Context, c *iam.Caller, name, group string, link iam.RoleLink, err error) *iam.Record {
	r := iam.NewEvent(ctx, c, iam.SourceIAM, name, s.k.Now())
	r.RequestParameters = map[string]string{"groupName": group, "account": link.Account, "roleName": link.RoleName}
	if err != nil {
		e := iam.AsError(err)
		r.ErrorCode, r.ErrorMessage = e.Code, e.Message
	}
	r.Resources = []iam.Resource{{ARN: arn.IAM(c.AccountID, "group", "/", group), AccountID: c.AccountID, Type: "AWS::IAM::Group"}}
	return r
}

func (s *Service) recordFavorite(ctx context.Context, c *iam.Caller, name, group string, link iam.RoleLink, err error) {
	if iam.IsKind(err, iam.KindDenied) {
		s.k.Record(s.favoriteEvent(ctx, c, name, group, link, err))
	}
}
