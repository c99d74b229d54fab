package identity

import (
	"context"
	"errors"
	"strconv"
	"strings"
	"time"

	"iamconsole/iam"
	"iamconsole/iam/arn"
	"iamconsole/iam/catalog"
	"iamconsole/store"
)

// UserInfo describes an IAM user as the console and GetUser show it.
type UserInfo struct {
	UserName, UserID, ARN, Path string
	CreateDate                  time.Time
	PasswordLastUsed            *time.Time
	HasPassword                 bool
	PasswordResetRequired       bool
	PermissionsBoundary         string
	Tags                        []iam.Tag
}

// UserList is one page of users.
type UserList struct {
	Users       []UserInfo
	Total       int
	NextMarker  string
	IsTruncated bool
}

// CreateUserInput is CreateUser's input. Password creates a console login
// profile at once, as the console's create-user form does.
type CreateUserInput struct {
	UserName, Path, Password string
	PasswordResetRequired    bool
	Tags                     []iam.Tag
	PermissionsBoundary      string
}

// UpdateUserInput renames or moves a user; nil fields stay as they are.
type UpdateUserInput struct {
	NewUserName, NewPath *string
}

// Quotas of IAM users (AWS-REFERENCE §5.3).
const (
	maxAccessKeysPerUser = 2
	maxGroupsPerUser     = 10
	maxMFAPerUser        = 8
)

// beginUserRead authorizes c to read userName's data with action, recorded
// as event, and finds the user. Whatever fails is recorded and returned, so
// the caller reads, then ends with o.read.
func (s *Service) beginUserRead(ctx context.Context, c *iam.Caller, event, action, userName string) (*iam.Op, *store.Q, *store.User, error) {
	if c == nil {
		return nil, nil, nil, iam.ErrNoSession
	}
	o, err := s.k.Begin(ctx, c, iam.SourceIAM, event, action, s.targetUserARN(ctx, c.AccountID, userName),
		map[string]any{"userName": userName})
	if err != nil {
		return nil, nil, nil, err
	}
	q := s.st.Read(ctx)
	u, err := findUser(q, c.AccountID, userName)
	if err != nil {
		return nil, nil, nil, o.Read(err)
	}
	return o, q, u, nil
}

func userARN(acct, path, name string) string { return arn.IAM(acct, "user", path, name) }

func noSuchUser(name string) *iam.Error {
	return iam.NoSuchEntity("The user with name %s cannot be found.", name)
}

// findUser loads a user of account acct by name with AWS's NoSuchEntity.
func findUser(q *store.Q, acct, name string) (*store.User, error) {
	u, err := q.UserByName(acct, name)
	if err != nil {
		return nil, iam.StoreErr(err, noSuchUser(name))
	}
	return u, nil
}

// targetARN is the ARN to authorize for a named user: the stored path when
// the user exists, else "/".
func (s *Service) targetUserARN(ctx context.Context, acct, name string) string {
	if u, err := s.st.Read(ctx).UserByName(acct, name); err == nil {
		return userARN(acct, u.Path, u.Name)
	}
	return userARN(acct, "/", name)
}

func normPath(p string) string {
	if p == "" {
		return "/"
	}
	return p
}

func storeTags(typ, id string, tags []iam.Tag) []store.Tag {
	out := make([]store.Tag, 0, len(tags))
	for _, t := range tags {
		out = append(out, store.Tag{EntityType: typ, EntityID: id, Key: t.Key, Value: t.Value})
	}
	return out
}

func tagsOf(ts []store.Tag) []iam.Tag {
	out := make([]iam.Tag, 0, len(ts))
	for _, t := range ts {
		out = append(out, iam.Tag{Key: t.Key, Value: t.Value})
	}
	return out
}

// CreateUser creates an IAM user, with a console password, tags and a
// permissions boundary when given. As the console does, a password that must
// be reset at next sign-in comes with IAMUserChangePassword attached.
func (s *Service) CreateUser(ctx context.Context, c *iam.Caller, in CreateUserInput) (*UserInfo, error) {
	if c == nil {
		return nil, iam.ErrNoSession
	}
	path := normPath(in.Path)
	target := userARN(c.AccountID, path, in.UserName)
	o, err := s.k.Begin(ctx, c, iam.SourceIAM, "CreateUser", catalog.IAMCreateUser.String(), target,
		map[string]any{"userName": in.UserName, "path": path})
	if err != nil {
		return nil, err
	}
	if err := iam.ValidateName("user_name", "userName", in.UserName, 64); err != nil {
		return nil, o.Fail(err)
	}
	if err := iam.ValidatePath("path", in.Path); err != nil {
		return nil, o.Fail(err)
	}
	if err := iam.ValidateTags(in.Tags); err != nil {
		return nil, o.Fail(err)
	}
	if in.Password != "" {
		if err := s.CheckNewPassword(s.st.Read(ctx), c.AccountID, "", "password", in.Password); err != nil {
			return nil, o.Fail(err)
		}
		if err := s.k.Authorize(ctx, c, catalog.IAMCreateLoginProfile.String(), target); err != nil {
			return nil, o.Fail(err)
		}
		if in.PasswordResetRequired {
			if err := s.k.Authorize(ctx, c, catalog.IAMAttachUserPolicy.String(), target); err != nil {
				return nil, o.Fail(err)
			}
		}
	}
	if in.PermissionsBoundary != "" {
		if err := s.k.Authorize(ctx, c, catalog.IAMPutUserPermissionsBoundary.String(), target); err != nil {
			return nil, o.Fail(err)
		}
	}
	hashes, err := iam.HashPasswords(in.Password)
	if err != nil {
		return nil, err
	}
	var u *store.User
	err = o.Write(func(q *store.Q) error {
		if _, err := q.UserByName(c.AccountID, in.UserName); err == nil {
			return iam.AlreadyExists("user_name", "User with name %s already exists.", in.UserName)
		} else if !errors.Is(err, store.ErrNotFound) {
			return err
		}
		if in.PermissionsBoundary != "" {
			if _, ok, err := iam.ManagedDocument(q, in.PermissionsBoundary); err != nil {
				return err
			} else if !ok {
				return invalidPolicyARN(in.PermissionsBoundary)
			}
		}
		u, err = s.InsertUser(q, c.AccountID, path, in.UserName, hashes[0], in.Password != "" && in.PasswordResetRequired)
		if err != nil {
			return err
		}
		if hashes[0] != "" {
			if err := q.RememberPassword(u.ID, hashes[0], s.k.Now()); err != nil {
				return err
			}
		}
		if in.PermissionsBoundary != "" {
			b := in.PermissionsBoundary
			u.BoundaryARN = &b
			if err := q.UpdateUser(u); err != nil {
				return err
			}
		}
		if err := q.PutTags(storeTags("user", u.ID, in.Tags)); err != nil {
			return err
		}
		if in.Password != "" && in.PasswordResetRequired {
			if err := q.Attach(&store.Attachment{AccountID: c.AccountID, EntityType: "user", EntityID: u.ID,
				PolicyARN: iam.IAMUserChangePasswordARN, CreatedAt: s.k.Now()}); err != nil {
				return err
			}
		}
		o.Rec.ResponseElements = map[string]any{"user": map[string]any{"userName": u.Name, "userId": u.ID,
			"arn": userARN(u.AccountID, u.Path, u.Name), "path": u.Path, "createDate": u.CreatedAt.Format(time.RFC3339)}}
		o.AddResource("AWS::IAM::User", userARN(u.AccountID, u.Path, u.Name))
		return nil
	})
	if err != nil {
		return nil, err
	}
	return &UserInfo{UserName: u.Name, UserID: u.ID, ARN: userARN(u.AccountID, u.Path, u.Name), Path: u.Path,
		CreateDate: u.CreatedAt, HasPassword: u.PasswordHash != nil, PasswordResetRequired: u.PasswordResetRequired,
		PermissionsBoundary: in.PermissionsBoundary, Tags: in.Tags}, nil
}

func invalidPolicyARN(a string) *iam.Error {
	return iam.ValidationError("permissions_boundary", "ARN %s is not valid.", a)
}

// GetUser describes a user as IAM's GetUser does (with its tags, without
// its groups, keys or devices, which need their own List actions); an empty
// userName means the calling IAM user.
func (s *Service) GetUser(ctx context.Context, c *iam.Caller, userName string) (*UserInfo, error) {
	if c == nil {
		return nil, iam.ErrNoSession
	}
	if userName == "" {
		if c.Type != iam.CallerUser {
			if c.IsRoot() {
				return &UserInfo{UserName: "", UserID: c.AccountID, ARN: c.ARN, Path: ""}, nil
			}
			return nil, iam.ValidationError("user_name", "Must specify userName when calling with non-User credentials")
		}
		userName = c.UserName
	}
	o, q, u, err := s.beginUserRead(ctx, c, "GetUser", catalog.IAMGetUser.String(), userName)
	if err != nil {
		return nil, err
	}
	info, err := s.userInfo(q, u)
	return info, o.Read(err)
}

// userInfo fills in a user's details and tags.
func (s *Service) userInfo(q *store.Q, u *store.User) (*UserInfo, error) {
	info := &UserInfo{UserName: u.Name, UserID: u.ID, ARN: userARN(u.AccountID, u.Path, u.Name), Path: u.Path,
		CreateDate: u.CreatedAt, PasswordLastUsed: u.PasswordLastUsed, HasPassword: u.PasswordHash != nil,
		PasswordResetRequired: u.PasswordResetRequired}
	if u.BoundaryARN != nil {
		info.PermissionsBoundary = *u.BoundaryARN
	}
	ts, err := q.Tags("user", u.ID)
	if err != nil {
		return nil, iam.Internal(err)
	}
	info.Tags = tagsOf(ts)
	return info, nil
}

// ListUsers lists a page of the account's users, filtered by path prefix and
// a case-insensitive name search, sorted by "name", "-name", "created" or
// "-created".
func (s *Service) ListUsers(ctx context.Context, c *iam.Caller, in iam.ListInput) (*UserList, error) {
	if c == nil {
		return nil, iam.ErrNoSession
	}
	o, err := s.k.Begin(ctx, c, iam.SourceIAM, "ListUsers", catalog.IAMListUsers.String(), userARN(c.AccountID, "/", ""),
		map[string]any{"pathPrefix": in.PathPrefix, "marker": in.Marker, "maxItems": in.MaxItems})
	if err != nil {
		return nil, err
	}
	offset, limit, err := iam.Page(in)
	if err != nil {
		return nil, o.Read(err)
	}
	q := s.st.Read(ctx)
	us, total, err := q.Users(store.UserFilter{AccountID: c.AccountID, PathPrefix: in.PathPrefix, Search: in.Search,
		Sort: in.Sort, Offset: offset, Limit: limit})
	if err != nil {
		return nil, o.Read(iam.Internal(err))
	}
	out := &UserList{Total: int(total), Users: make([]UserInfo, 0, len(us))}
	for i := range us {
		info, err := s.userInfo(q, &us[i])
		if err != nil {
			return nil, o.Read(err)
		}
		out.Users = append(out.Users, *info)
	}
	if next := offset + len(us); next < int(total) {
		out.IsTruncated, out.NextMarker = true, strconv.Itoa(next)
	}
	return out, o.Read(nil)
}

// UpdateUser renames a user or changes its path; both need iam:UpdateUser on
// the old and the new ARN, as in AWS.
func (s *Service) UpdateUser(ctx context.Context, c *iam.Caller, userName string, in UpdateUserInput) error {
	if c == nil {
		return iam.ErrNoSession
	}
	params := map[string]any{"userName": userName}
	if in.NewUserName != nil {
		params["newUserName"] = *in.NewUserName
	}
	if in.NewPath != nil {
		params["newPath"] = *in.NewPath
	}
	o, err := s.k.Begin(ctx, c, iam.SourceIAM, "UpdateUser", catalog.IAMUpdateUser.String(), s.targetUserARN(ctx, c.AccountID, userName), params)
	if err != nil {
		return err
	}
	if in.NewUserName != nil {
		if err := iam.ValidateName("new_user_name", "newUserName", *in.NewUserName, 64); err != nil {
			return o.Fail(err)
		}
	}
	if in.NewPath != nil {
		if err := iam.ValidatePath("new_path", *in.NewPath); err != nil {
			return o.Fail(err)
		}
	}
	return o.Write(func(q *store.Q) error {
		u, err := findUser(q, c.AccountID, userName)
		if err != nil {
			return err
		}
		name, path := u.Name, u.Path
		if in.NewUserName != nil {
			name = *in.NewUserName
		}
		if in.NewPath != nil {
			path = normPath(*in.NewPath)
		}
		if err := s.k.Authorize(ctx, c, catalog.IAMUpdateUser.String(), userARN(c.AccountID, path, name)); err != nil {
			return err
		}
		if !strings.EqualFold(name, u.Name) {
			if _, err := q.UserByName(c.AccountID, name); err == nil {
				return iam.AlreadyExists("new_user_name", "User with name %s already exists.", name)
			} else if !errors.Is(err, store.ErrNotFound) {
				return err
			}
		}
		u.Name, u.Path = name, path
		o.AddResource("AWS::IAM::User", userARN(c.AccountID, path, name))
		return iam.StoreErr(q.UpdateUser(u), nil)
	})
}

// DeleteUser deletes a user that has no login profile, access keys, MFA
// devices, policies or group memberships, as AWS requires.
func (s *Service) DeleteUser(ctx context.Context, c *iam.Caller, userName string) error {
	if c == nil {
		return iam.ErrNoSession
	}
	target := s.targetUserARN(ctx, c.AccountID, userName)
	o, err := s.k.Begin(ctx, c, iam.SourceIAM, "DeleteUser", catalog.IAMDeleteUser.String(), target, map[string]any{"userName": userName})
	if err != nil {
		return err
	}
	return o.Write(func(q *store.Q) error {
		u, err := findUser(q, c.AccountID, userName)
		if err != nil {
			return err
		}
		if u.PasswordHash != nil {
			return iam.DeleteConflict("Cannot delete entity, must delete login profile first.")
		}
		if ks, err := q.AccessKeysForUser(u.ID); err != nil {
			return err
		} else if len(ks) > 0 {
			return iam.DeleteConflict("Cannot delete entity, must delete access keys first.")
		}
		if ds, err := q.MFADevicesForUser(u.ID); err != nil {
			return err
		} else if len(ds) > 0 {
			return iam.DeleteConflict("Cannot delete entity, must delete MFA device first.")
		}
		if err := policiesConflict(q, "user", u.ID); err != nil {
			return err
		}
		if gs, err := q.GroupsForUser(u.ID); err != nil {
			return err
		} else if len(gs) > 0 {
			return iam.DeleteConflict("Cannot delete entity, must remove users from group first.")
		}
		if err := q.DeleteUserTags("user", u.ID, tagKeys(q, "user", u.ID)); err != nil {
			return err
		}
		o.AddResource("AWS::IAM::User", target)
		return q.DeleteUser(u.ID)
	})
}

func tagKeys(q *store.Q, typ, id string) []string {
	ts, _ := q.Tags(typ, id)
	keys := make([]string, 0, len(ts))
	for _, t := range ts {
		keys = append(keys, t.Key)
	}
	return keys
}

// TagUser adds or replaces tags on a user (≤ 50 in all).
func (s *Service) TagUser(ctx context.Context, c *iam.Caller, userName string, tags []iam.Tag) error {
	if c == nil {
		return iam.ErrNoSession
	}
	o, err := s.k.Begin(ctx, c, iam.SourceIAM, "TagUser", catalog.IAMTagUser.String(), s.targetUserARN(ctx, c.AccountID, userName),
		map[string]any{"userName": userName, "tags": tags})
	if err != nil {
		return err
	}
	if err := iam.ValidateTags(tags); err != nil {
		return o.Fail(err)
	}
	return o.Write(func(q *store.Q) error {
		u, err := findUser(q, c.AccountID, userName)
		if err != nil {
			return err
		}
		old, err := q.Tags("user", u.ID)
		if err != nil {
			return err
		}
		keys := map[string]bool{}
		for _, t := range old {
			keys[strings.ToLower(t.Key)] = true
		}
		for _, t := range tags {
			keys[strings.ToLower(t.Key)] = true
		}
		if len(keys) > iam.MaxTagsPerEntity {
			return iam.LimitExceeded("The number of tags has reached the maximum limit.")
		}
		return q.PutTags(storeTags("user", u.ID, tags))
	})
}

// UntagUser removes tags from a user by key.
func (s *Service) UntagUser(ctx context.Context, c *iam.Caller, userName string, keys []string) error {
	if c == nil {
		return iam.ErrNoSession
	}
	o, err := s.k.Begin(ctx, c, iam.SourceIAM, "UntagUser", catalog.IAMUntagUser.String(), s.targetUserARN(ctx, c.AccountID, userName),
		map[string]any{"userName": userName, "tagKeys": keys})
	if err != nil {
		return err
	}
	if err := iam.ValidateTagKeys(keys); err != nil {
		return o.Fail(err)
	}
	return o.Write(func(q *store.Q) error {
		u, err := findUser(q, c.AccountID, userName)
		if err != nil {
			return err
		}
		return q.DeleteUserTags("user", u.ID, keys)
	})
}

// ListUserTags lists a user's tags, by key.
func (s *Service) ListUserTags(ctx context.Context, c *iam.Caller, userName string) ([]iam.Tag, error) {
	o, q, u, err := s.beginUserRead(ctx, c, "ListUserTags", catalog.IAMListUserTags.String(), userName)
	if err != nil {
		return nil, err
	}
	ts, err := q.Tags("user", u.ID)
	if err != nil {
		return nil, o.Read(iam.Internal(err))
	}
	return tagsOf(ts), o.Read(nil)
}

// InsertUser creates a user with an optional console password.
func (s *Service) InsertUser(q *store.Q, accountID, path, name, passwordHash string, resetRequired bool) (*store.User, error) {
	now := s.k.Now()
	u := &store.User{ID: iam.NewUniqueID(iam.PrefixUser), AccountID: accountID, Name: name, Path: path, CreatedAt: now,
		PasswordResetRequired: resetRequired}
	if passwordHash != "" {
		u.PasswordHash, u.PasswordCreatedAt = &passwordHash, &now
	}
	return u, q.CreateUser(u)
}

// quotaError is AWS's LimitExceeded text for a quota.
func quotaError(quota string, n int) *iam.Error {
	return iam.LimitExceeded("Cannot exceed quota for %s: %d", quota, n)
}
