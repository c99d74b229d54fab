package identity

import (
	"context"
	"sort"
	"strings"

	"iamconsole/iam"
	"iamconsole/iam/arn"
	"iamconsole/iam/catalog"
	"iamconsole/iam/managed"
	"iamconsole/store"
)

// MaxAttachedPolicies is the number of managed policies an entity may have attached.
const MaxAttachedPolicies = 10

// attachable checks that a policy ARN names an AWS managed policy or a
// customer managed policy of the account.
func attachable(q *store.Q, account, policyARN string) error {
	if managed.IsAWSManaged(policyARN) {
		return nil
	}
	_, err := customerPolicy(q, account, policyARN)
	return err
}

// AttachPolicy attaches a managed policy to a user, group or role
// (iam:AttachUserPolicy, iam:AttachGroupPolicy, iam:AttachRolePolicy), at most
// ten per entity. Attaching an attached policy changes nothing.
func (s *Service) AttachPolicy(ctx context.Context, c *iam.Caller, entityType, entityName, policyARN string) error {
	event := "Attach" + actionNounSafe(entityType) + "Policy"
	_, o, err := s.resolveForAction(ctx, c, entityType, entityName, event, map[string]any{entityType + "Name": entityName, "policyArn": policyARN})
	if err != nil {
		return err
	}
	if err := checkPolicyARN(policyARN); err != nil {
		return o.Fail(err)
	}
	return entityWrite(o, c.AccountID, entityType, entityName, func(q *store.Q, e entity) error {
		if err := attachable(q, c.AccountID, policyARN); err != nil {
			return err
		}
		have, err := q.AttachedPolicies(entityType, e.id)
		if err != nil {
			return err
		}
		for _, a := range have {
			if a.PolicyARN == policyARN {
				return nil
			}
		}
		if len(have) >= MaxAttachedPolicies {
			return quotaError("PoliciesPer"+actionNoun(entityType), MaxAttachedPolicies)
		}
		return q.Attach(&store.Attachment{AccountID: c.AccountID, EntityType: entityType, EntityID: e.id, PolicyARN: policyARN, CreatedAt: s.k.Now()})
	})
}

// DetachPolicy detaches a managed policy from a user, group or role
// (iam:DetachUserPolicy, …).
func (s *Service) DetachPolicy(ctx context.Context, c *iam.Caller, entityType, entityName, policyARN string) error {
	event := "Detach" + actionNounSafe(entityType) + "Policy"
	_, o, err := s.resolveForAction(ctx, c, entityType, entityName, event, map[string]any{entityType + "Name": entityName, "policyArn": policyARN})
	if err != nil {
		return err
	}
	if err := checkPolicyARN(policyARN); err != nil {
		return o.Fail(err)
	}
	return entityWrite(o, c.AccountID, entityType, entityName, func(q *store.Q, e entity) error {
		ok, err := q.Detach(entityType, e.id, policyARN)
		if err != nil {
			return err
		}
		if !ok {
			e := iam.NoSuchEntity("Policy %s was not found.", policyARN)
			e.Field = "policy_arn"
			return e
		}
		return nil
	})
}

// ListAttachedPolicies lists the managed policies attached to an entity, by
// name (iam:ListAttachedUserPolicies, …).
func (s *Service) ListAttachedPolicies(ctx context.Context, c *iam.Caller, entityType, entityName string) ([]PolicyInfo, error) {
	event := "ListAttached" + actionNounSafe(entityType) + "Policies"
	e, o, err := s.resolveForAction(ctx, c, entityType, entityName, event, map[string]any{entityType + "Name": entityName})
	if err != nil {
		return nil, err
	}
	if !e.exists {
		return nil, o.Read(noSuchEntityOf(entityType, entityName))
	}
	q := s.st.Read(ctx)
	atts, err := q.AttachedPolicies(entityType, e.id)
	if err := o.Read(iam.StoreErr(err, nil)); err != nil {
		return nil, err
	}
	out := make([]PolicyInfo, 0, len(atts))
	for _, a := range atts {
		if mp, ok := managed.ByARN(a.PolicyARN); ok {
			out = append(out, managedInfo(mp, nil))
			continue
		}
		p, err := q.PolicyByARN(a.PolicyARN)
		if err != nil {
			continue // deleted meanwhile
		}
		out = append(out, customerInfo(p, nil))
	}
	sort.Slice(out, func(i, j int) bool { return strings.ToLower(out[i].PolicyName) < strings.ToLower(out[j].PolicyName) })
	return out, nil
}

// ListEntitiesForPolicy lists the users, groups and roles of the account a
// managed policy is attached to (iam:ListEntitiesForPolicy).
func (s *Service) ListEntitiesForPolicy(ctx context.Context, c *iam.Caller, policyARN string) ([]PolicyEntity, error) {
	o, err := s.k.Begin(ctx, c, iam.SourceIAM, "ListEntitiesForPolicy", catalog.IAMListEntitiesForPolicy.String(), policyARN, map[string]any{"policyArn": policyARN})
	if err != nil {
		return nil, err
	}
	q := s.st.Read(ctx)
	if err := attachable(q, c.AccountID, policyARN); err != nil {
		return nil, o.Read(err)
	}
	es, err := q.EntitiesForPolicy(c.AccountID, policyARN)
	if err := o.Read(iam.StoreErr(err, nil)); err != nil {
		return nil, err
	}
	out := make([]PolicyEntity, 0, len(es))
	for _, e := range es {
		out = append(out, PolicyEntity{Type: e.Type, Name: e.Name, ID: e.ID, ARN: arn.IAM(c.AccountID, e.Type, e.Path, e.Name)})
	}
	return out, nil
}

// EntitiesFilter narrows ListEntitiesForPolicy: EntityFilter one of User,
// Role, Group, LocalManagedPolicy, AWSManagedPolicy ("" for all);
// PathPrefix the entities' path; PolicyUsageFilter PermissionsPolicy
// (attached), PermissionsBoundary (used as a boundary) or "" for both.
type EntitiesFilter struct {
	EntityFilter, PathPrefix, PolicyUsageFilter string
}

// ListEntitiesForPolicyFiltered is ListEntitiesForPolicy with IAM's
// filters: the users, groups and roles a managed policy is attached to or
// bounds, by type, path and use (iam:ListEntitiesForPolicy).
func (s *Service) ListEntitiesForPolicyFiltered(ctx context.Context, c *iam.Caller, policyARN string, f EntitiesFilter) ([]PolicyEntity, error) {
	params := map[string]any{"policyArn": policyARN}
	if f.EntityFilter != "" {
		params["entityFilter"] = f.EntityFilter
	}
	if f.PathPrefix != "" {
		params["pathPrefix"] = f.PathPrefix
	}
	if f.PolicyUsageFilter != "" {
		params["policyUsageFilter"] = f.PolicyUsageFilter
	}
	o, err := s.k.Begin(ctx, c, iam.SourceIAM, "ListEntitiesForPolicy", catalog.IAMListEntitiesForPolicy.String(), policyARN, params)
	if err != nil {
		return nil, err
	}
	switch f.EntityFilter {
	case "", "User", "Role", "Group", "LocalManagedPolicy", "AWSManagedPolicy":
	default:
		return nil, o.Read(iam.ValidationError("entity_filter", "1 validation error detected: Value '%s' at 'entityFilter' failed to satisfy constraint: Member must satisfy enum value set: [User, Role, Group, LocalManagedPolicy, AWSManagedPolicy]", f.EntityFilter))
	}
	switch f.PolicyUsageFilter {
	case "", "PermissionsPolicy", "PermissionsBoundary":
	default:
		return nil, o.Read(iam.ValidationError("policy_usage_filter", "1 validation error detected: Value '%s' at 'policyUsageFilter' failed to satisfy constraint: Member must satisfy enum value set: [PermissionsPolicy, PermissionsBoundary]", f.PolicyUsageFilter))
	}
	q := s.st.Read(ctx)
	if err := attachable(q, c.AccountID, policyARN); err != nil {
		return nil, o.Read(err)
	}
	var out []PolicyEntity
	seen := map[string]bool{}
	add := func(typ, name, id, path string) {
		if seen[id] || !strings.HasPrefix(path, f.PathPrefix) {
			return
		}
		if f.EntityFilter != "" && !strings.EqualFold(f.EntityFilter, typ) {
			return
		}
		seen[id] = true
		out = append(out, PolicyEntity{Type: typ, Name: name, ID: id, ARN: arn.IAM(c.AccountID, typ, path, name)})
	}
	if f.PolicyUsageFilter != "PermissionsBoundary" {
		es, err := q.EntitiesForPolicy(c.AccountID, policyARN)
		if err != nil {
			return nil, o.Read(iam.Internal(err))
		}
		for _, e := range es {
			add(e.Type, e.Name, e.ID, e.Path)
		}
	}
	if f.PolicyUsageFilter != "PermissionsPolicy" {
		us, err := q.AccountUsers(c.AccountID)
		if err != nil {
			return nil, o.Read(iam.Internal(err))
		}
		for _, u := range us {
			if u.BoundaryARN != nil && *u.BoundaryARN == policyARN {
				add("user", u.Name, u.ID, u.Path)
			}
		}
		rs, err := q.AllRoles(c.AccountID)
		if err != nil {
			return nil, o.Read(iam.Internal(err))
		}
		for _, r := range rs {
			if r.BoundaryARN != nil && *r.BoundaryARN == policyARN {
				add("role", r.Name, r.ID, r.Path)
			}
		}
	}
	return out, o.Read(nil)
}

// PolicyEntity is a user, group or role that a managed policy is attached
// to: its type ("user", "group" or "role"), name, unique ID and ARN.
type PolicyEntity struct {
	Type, Name, ID, ARN string
}

// PutRolePermissionsBoundary sets a role's permissions boundary
// (iam:PutRolePermissionsBoundary).
func (s *Service) PutRolePermissionsBoundary(ctx context.Context, c *iam.Caller, roleName, boundaryARN string) error {
	return s.setBoundary(ctx, c, "role", roleName, &boundaryARN)
}

// DeleteRolePermissionsBoundary removes a role's permissions boundary
// (iam:DeleteRolePermissionsBoundary).
func (s *Service) DeleteRolePermissionsBoundary(ctx context.Context, c *iam.Caller, roleName string) error {
	return s.setBoundary(ctx, c, "role", roleName, nil)
}

// PutUserPermissionsBoundary sets a user's permissions boundary
// (iam:PutUserPermissionsBoundary).
func (s *Service) PutUserPermissionsBoundary(ctx context.Context, c *iam.Caller, userName, boundaryARN string) error {
	return s.setBoundary(ctx, c, "user", userName, &boundaryARN)
}

// DeleteUserPermissionsBoundary removes a user's permissions boundary
// (iam:DeleteUserPermissionsBoundary).
func (s *Service) DeleteUserPermissionsBoundary(ctx context.Context, c *iam.Caller, userName string) error {
	return s.setBoundary(ctx, c, "user", userName, nil)
}

func (s *Service) setBoundary(ctx context.Context, c *iam.Caller, typ, name string, boundaryARN *string) error {
	event := "Put" + actionNoun(typ) + "PermissionsBoundary"
	if boundaryARN == nil {
		event = "Delete" + actionNoun(typ) + "PermissionsBoundary"
	}
	params := map[string]any{typ + "Name": name}
	if boundaryARN != nil {
		params["permissionsBoundary"] = *boundaryARN
	}
	_, o, err := s.resolveForAction(ctx, c, typ, name, event, params)
	if err != nil {
		return err
	}
	if boundaryARN != nil && !isPolicyARN(*boundaryARN) {
		return o.Fail(invalidPolicyARN(*boundaryARN))
	}
	return entityWrite(o, c.AccountID, typ, name, func(q *store.Q, e entity) error {
		if boundaryARN != nil {
			if err := checkBoundary(q, c.AccountID, *boundaryARN); err != nil {
				return err
			}
		}
		switch typ {
		case "role":
			r, err := q.RoleByID(e.id)
			if err != nil {
				return err
			}
			if boundaryARN == nil && r.BoundaryARN == nil {
				return iam.NoSuchEntity("The role with name %s does not have a permissions boundary.", name)
			}
			r.BoundaryARN = boundaryARN
			err = q.UpdateRole(r)
			if err != nil {
				return err
			}
		default:
			u, err := q.UserByID(e.id)
			if err != nil {
				return err
			}
			if boundaryARN == nil && u.BoundaryARN == nil {
				return iam.NoSuchEntity("The user with name %s does not have a permissions boundary.", name)
			}
			u.BoundaryARN = boundaryARN
			if err := q.UpdateUser(u); err != nil {
				return err
			}
		}
		return nil
	})
}
