package identity

import (
	"context"
	"errors"
	"strings"
	"time"

	"iamconsole/iam"
	"iamconsole/iam/catalog"
	"iamconsole/store"
)

// InstanceProfileInfo is an instance profile as IAM reports it, with its
// role (at most one) and tags.
type InstanceProfileInfo struct {
	InstanceProfileName, InstanceProfileID, ARN, Path string
	CreateDate                                        time.Time
	Roles                                             []RoleInfo
	Tags                                              []iam.Tag
}

// prefixInstanceProfile begins an instance profile's unique ID.
const prefixInstanceProfile = "AIPA"

// maxRolesPerInstanceProfile is IAM's quota InstanceSessionsPerInstanceProfile.
const maxRolesPerInstanceProfile = 1

func instanceProfileARN(account, path, name string) string {
	return catalog.IAMInstanceProfile.ARN(account, strings.TrimPrefix(path, "/")+name)
}

func noSuchInstanceProfile(name string) *iam.Error {
	return iam.NoSuchEntity("Instance Profile %s cannot be found.", name)
}

func findInstanceProfile(q *store.Q, account, name string) (*store.InstanceProfile, error) {
	p, err := q.InstanceProfileByName(account, name)
	if err != nil {
		return nil, iam.StoreErr(err, noSuchInstanceProfile(name))
	}
	return p, nil
}

// targetInstanceProfileARN is the ARN to authorize for a named profile: its
// stored path when it exists, else "/".
func (s *Service) targetInstanceProfileARN(ctx context.Context, account, name string) string {
	if p, err := s.st.Read(ctx).InstanceProfileByName(account, name); err == nil {
		return instanceProfileARN(account, p.Path, p.Name)
	}
	return instanceProfileARN(account, "/", name)
}

// instanceProfileInfo fills in a profile's roles and tags.
func (s *Service) instanceProfileInfo(q *store.Q, c *iam.Caller, p *store.InstanceProfile, roleIDs []string, withTags bool) (InstanceProfileInfo, error) {
	info := InstanceProfileInfo{InstanceProfileName: p.Name, InstanceProfileID: p.ID, ARN: instanceProfileARN(p.AccountID, p.Path, p.Name),
		Path: p.Path, CreateDate: p.CreatedAt, Roles: []RoleInfo{}}
	for _, id := range roleIDs {
		r, err := q.RoleByID(id)
		if err != nil {
			continue // deleted meanwhile
		}
		arns, err := resolveTrustARNs(q, r.TrustPolicy)
		if err != nil {
			return info, iam.Internal(err)
		}
		info.Roles = append(info.Roles, s.roleInfo(r, c.Account(), arns))
	}
	if withTags {
		ts, err := loadTags(q, "instance-profile", p.ID)
		if err != nil {
			return info, iam.Internal(err)
		}
		info.Tags = ts
	}
	return info, nil
}

// CreateInstanceProfile creates an empty instance profile
// (iam:CreateInstanceProfile).
func (s *Service) CreateInstanceProfile(ctx context.Context, c *iam.Caller, name, path string, tags []iam.Tag) (*InstanceProfileInfo, error) {
	if c == nil {
		return nil, iam.ErrNoSession
	}
	path = normPath(path)
	target := instanceProfileARN(c.AccountID, path, name)
	o, err := s.k.Begin(ctx, c, iam.SourceIAM, "CreateInstanceProfile", catalog.IAMCreateInstanceProfile.String(), target,
		map[string]any{"instanceProfileName": name, "path": path})
	if err != nil {
		return nil, err
	}
	for _, err := range []error{iam.ValidateName("name", "instanceProfileName", name, 128), iam.ValidatePath("path", path), iam.ValidateTags(tags)} {
		if err != nil {
			return nil, o.Fail(err)
		}
	}
	p := &store.InstanceProfile{ID: iam.NewUniqueID(prefixInstanceProfile), AccountID: c.AccountID, Name: name, Path: path, CreatedAt: s.k.Now()}
	o.AddResource("AWS::IAM::InstanceProfile", target)
	err = o.Write(func(q *store.Q) error {
		if err := q.CreateInstanceProfile(p); err != nil {
			if errors.Is(err, store.ErrDuplicate) {
				return iam.AlreadyExists("name", "Instance Profile %s already exists.", name)
			}
			return err
		}
		o.Rec.ResponseElements = map[string]any{"instanceProfile": map[string]any{"instanceProfileName": name,
			"instanceProfileId": p.ID, "arn": target, "path": path, "createDate": p.CreatedAt.Format(time.RFC3339), "roles": []any{}}}
		return putTags(q, "instance-profile", p.ID, tags)
	})
	if err != nil {
		return nil, err
	}
	return &InstanceProfileInfo{InstanceProfileName: name, InstanceProfileID: p.ID, ARN: target, Path: path, CreateDate: p.CreatedAt,
		Roles: []RoleInfo{}, Tags: tags}, nil
}

// GetInstanceProfile describes an instance profile with its role
// (iam:GetInstanceProfile).
func (s *Service) GetInstanceProfile(ctx context.Context, c *iam.Caller, name string) (*InstanceProfileInfo, error) {
	if c == nil {
		return nil, iam.ErrNoSession
	}
	o, err := s.k.Begin(ctx, c, iam.SourceIAM, "GetInstanceProfile", catalog.IAMGetInstanceProfile.String(),
		s.targetInstanceProfileARN(ctx, c.AccountID, name), map[string]any{"instanceProfileName": name})
	if err != nil {
		return nil, err
	}
	q := s.st.Read(ctx)
	p, err := findInstanceProfile(q, c.AccountID, name)
	if err != nil {
		return nil, o.Read(err)
	}
	roles, err := q.InstanceProfileRoles(c.AccountID)
	if err != nil {
		return nil, o.Read(iam.Internal(err))
	}
	info, err := s.instanceProfileInfo(q, c, p, roles[p.ID], true)
	return &info, o.Read(err)
}

// InstanceProfileList is one page of instance profiles.
type InstanceProfileList struct {
	InstanceProfiles []InstanceProfileInfo
	NextMarker       string
}

// ListInstanceProfiles lists the account's instance profiles by name,
// filtered by path prefix, a page at a time (iam:ListInstanceProfiles).
func (s *Service) ListInstanceProfiles(ctx context.Context, c *iam.Caller, in iam.ListInput) (*InstanceProfileList, error) {
	if c == nil {
		return nil, iam.ErrNoSession
	}
	o, err := s.k.Begin(ctx, c, iam.SourceIAM, "ListInstanceProfiles", catalog.IAMListInstanceProfiles.String(),
		instanceProfileARN(c.AccountID, "/", ""), map[string]any{"pathPrefix": in.PathPrefix, "marker": in.Marker, "maxItems": in.MaxItems})
	if err != nil {
		return nil, err
	}
	w, err := iam.PageWindow(in, "ListInstanceProfiles\x00"+in.PathPrefix)
	if err != nil {
		return nil, o.Read(err)
	}
	q := s.st.Read(ctx)
	ps, err := q.InstanceProfiles(c.AccountID)
	if err != nil {
		return nil, o.Read(iam.Internal(err))
	}
	roles, err := q.InstanceProfileRoles(c.AccountID)
	if err != nil {
		return nil, o.Read(iam.Internal(err))
	}
	var match []store.InstanceProfile
	for _, p := range ps {
		if strings.HasPrefix(p.Path, in.PathPrefix) {
			match = append(match, p)
		}
	}
	start, end, next := w.Of(len(match))
	out := &InstanceProfileList{InstanceProfiles: []InstanceProfileInfo{}, NextMarker: next}
	for i := start; i < end; i++ {
		info, err := s.instanceProfileInfo(q, c, &match[i], roles[match[i].ID], false)
		if err != nil {
			return nil, o.Read(err)
		}
		out.InstanceProfiles = append(out.InstanceProfiles, info)
	}
	return out, o.Read(nil)
}

// ListInstanceProfilesForRole lists the instance profiles a role is in
// (iam:ListInstanceProfilesForRole).
func (s *Service) ListInstanceProfilesForRole(ctx context.Context, c *iam.Caller, roleName string, in iam.ListInput) (*InstanceProfileList, error) {
	e, o, err := s.resolveForAction(ctx, c, "role", roleName, "ListInstanceProfilesForRole", map[string]any{"roleName": roleName})
	if err != nil {
		return nil, err
	}
	if !e.exists {
		return nil, o.Read(noSuchRole(roleName))
	}
	w, err := iam.PageWindow(in, "ListInstanceProfilesForRole\x00"+roleName)
	if err != nil {
		return nil, o.Read(err)
	}
	q := s.st.Read(ctx)
	ps, err := q.InstanceProfilesForRole(e.id)
	if err != nil {
		return nil, o.Read(iam.Internal(err))
	}
	start, end, next := w.Of(len(ps))
	out := &InstanceProfileList{InstanceProfiles: []InstanceProfileInfo{}, NextMarker: next}
	for i := start; i < end; i++ {
		info, err := s.instanceProfileInfo(q, c, &ps[i], []string{e.id}, false)
		if err != nil {
			return nil, o.Read(err)
		}
		out.InstanceProfiles = append(out.InstanceProfiles, info)
	}
	return out, o.Read(nil)
}

// DeleteInstanceProfile deletes an instance profile that holds no role
// (iam:DeleteInstanceProfile).
func (s *Service) DeleteInstanceProfile(ctx context.Context, c *iam.Caller, name string) error {
	if c == nil {
		return iam.ErrNoSession
	}
	target := s.targetInstanceProfileARN(ctx, c.AccountID, name)
	o, err := s.k.Begin(ctx, c, iam.SourceIAM, "DeleteInstanceProfile", catalog.IAMDeleteInstanceProfile.String(), target,
		map[string]any{"instanceProfileName": name})
	if err != nil {
		return err
	}
	o.AddResource("AWS::IAM::InstanceProfile", target)
	return o.Write(func(q *store.Q) error {
		p, err := findInstanceProfile(q, c.AccountID, name)
		if err != nil {
			return err
		}
		roles, err := q.InstanceProfileRoles(c.AccountID)
		if err != nil {
			return err
		}
		if len(roles[p.ID]) > 0 {
			return iam.DeleteConflict("Cannot delete entity, must remove roles from instance profile first.")
		}
		return q.DeleteInstanceProfile(p.ID)
	})
}

// AddRoleToInstanceProfile puts a role in an instance profile, which holds
// at most one (iam:AddRoleToInstanceProfile).
func (s *Service) AddRoleToInstanceProfile(ctx context.Context, c *iam.Caller, profile, roleName string) error {
	return s.profileRole(ctx, c, "AddRoleToInstanceProfile", catalog.IAMAddRoleToInstanceProfile, profile, roleName,
		func(q *store.Q, p *store.InstanceProfile, r *store.Role, have []string) error {
			for _, id := range have {
				if id == r.ID {
					return iam.LimitExceeded("Cannot exceed quota for InstanceSessionsPerInstanceProfile: %d", maxRolesPerInstanceProfile)
				}
			}
			if len(have) >= maxRolesPerInstanceProfile {
				return iam.LimitExceeded("Cannot exceed quota for InstanceSessionsPerInstanceProfile: %d", maxRolesPerInstanceProfile)
			}
			return q.AddRoleToInstanceProfile(p.ID, r.ID)
		})
}

// RemoveRoleFromInstanceProfile takes a role out of an instance profile
// (iam:RemoveRoleFromInstanceProfile).
func (s *Service) RemoveRoleFromInstanceProfile(ctx context.Context, c *iam.Caller, profile, roleName string) error {
	return s.profileRole(ctx, c, "RemoveRoleFromInstanceProfile", catalog.IAMRemoveRoleFromInstanceProfile, profile, roleName,
		func(q *store.Q, p *store.InstanceProfile, r *store.Role, _ []string) error {
			ok, err := q.RemoveRoleFromInstanceProfile(p.ID, r.ID)
			if err == nil && !ok {
				return iam.NoSuchEntity("The role with name %s cannot be found.", roleName)
			}
			return err
		})
}

func (s *Service) profileRole(ctx context.Context, c *iam.Caller, event string, action catalog.Action, profile, roleName string,
	fn func(q *store.Q, p *store.InstanceProfile, r *store.Role, have []string) error) error {
	if c == nil {
		return iam.ErrNoSession
	}
	target := s.targetInstanceProfileARN(ctx, c.AccountID, profile)
	o, err := s.k.Begin(ctx, c, iam.SourceIAM, event, action.String(), target,
		map[string]any{"instanceProfileName": profile, "roleName": roleName})
	if err != nil {
		return err
	}
	o.AddResource("AWS::IAM::InstanceProfile", target)
	return o.Write(func(q *store.Q) error {
		p, err := findInstanceProfile(q, c.AccountID, profile)
		if err != nil {
			return err
		}
		r, err := q.RoleByName(c.AccountID, roleName)
		if err != nil {
			return iam.StoreErr(err, noSuchRole(roleName))
		}
		roles, err := q.InstanceProfileRoles(c.AccountID)
		if err != nil {
			return err
		}
		return fn(q, p, r, roles[p.ID])
	})
}
