package identity

import (
	"context"
	"errors"
	"strings"

	"iamconsole/iam"
	"iamconsole/iam/policy"
	"iamconsole/store"
)

// InlinePolicyInfo is an inline policy of a user, group or role.
type InlinePolicyInfo struct {
	EntityType, EntityName, PolicyName, PolicyDocument string
}

// Aggregate inline policy size quotas, per entity type.
var inlineQuota = map[string]int{"user": 2048, "group": 5120, "role": 10240}

// entity is a user, group or role resolved by name in the caller's account.
type entity struct {
	typ, id, name, arn string
	exists             bool
}

// actionNoun is the entity type as IAM action names spell it.
func actionNoun(typ string) string { return strings.ToUpper(typ[:1]) + typ[1:] }

func checkEntityType(typ string) error {
	if _, ok := inlineQuota[typ]; !ok {
		return iam.Invalid("entity_type", "Unknown entity type %q: expected user, group or role.", typ)
	}
	return nil
}

func noSuchEntityOf(typ, name string) *iam.Error {
	return iam.NoSuchEntity("The %s with name %s cannot be found.", typ, name)
}

// lookupEntity finds a user, group or role; a missing one yields its
// path-less ARN to authorize against and exists false.
func lookupEntity(q *store.Q, account, typ, name string) (entity, error) {
	e := entity{typ: typ, name: name, arn: entityARN(account, typ, "/", name)}
	var id, path, stored string
	var err error
	switch typ {
	case "user":
		var u *store.User
		if u, err = q.UserByName(account, name); err == nil {
			id, path, stored = u.ID, u.Path, u.Name
		}
	case "group":
		var g *store.Group
		if g, err = q.GroupByName(account, name); err == nil {
			id, path, stored = g.ID, g.Path, g.Name
		}
	case "role":
		var r *store.Role
		if r, err = q.RoleByName(account, name); err == nil {
			id, path, stored = r.ID, r.Path, r.Name
		}
	default:
		return e, checkEntityType(typ)
	}
	if errors.Is(err, store.ErrNotFound) {
		return e, nil
	}
	if err != nil {
		return e, iam.Internal(err)
	}
	e.id, e.name, e.arn, e.exists = id, stored, entityARN(account, typ, path, stored), true
	return e, nil
}

// resolveForAction looks an entity up and begins the IAM operation event
// (action iam:event) on it.
func (s *Service) resolveForAction(ctx context.Context, c *iam.Caller, typ, name, event string, params any) (entity, *iam.Op, error) {
	if err := checkEntityType(typ); err != nil {
		return entity{}, nil, err
	}
	e, err := lookupEntity(s.st.Read(ctx), c.AccountID, typ, name)
	if err != nil {
		return e, nil, err
	}
	o, err := s.k.Begin(ctx, c, iam.SourceIAM, event, "iam:"+event, e.arn, params)
	if err != nil {
		return e, nil, err
	}
	return e, o, nil
}

// entityWrite runs fn in o's write with the user, group or role typ/name of
// account (the caller's), which must exist; the entity is the event's resource.
func entityWrite(o *iam.Op, account, typ, name string, fn func(q *store.Q, e entity) error) error {
	return o.Write(func(q *store.Q) error {
		e, err := lookupEntity(q, account, typ, name)
		if err != nil {
			return err
		}
		if !e.exists {
			return noSuchEntityOf(typ, name)
		}
		if err := fn(q, e); err != nil {
			return err
		}
		o.AddResource("AWS::IAM::"+actionNoun(typ), e.arn)
		return nil
	})
}

// PutInlinePolicy creates or replaces an inline policy of a user, group or
// role (iam:PutUserPolicy, iam:PutGroupPolicy, iam:PutRolePolicy), within
// the entity's aggregate size quota.
func (s *Service) PutInlinePolicy(ctx context.Context, c *iam.Caller, entityType, entityName, policyName, document string) error {
	event := "Put" + actionNounSafe(entityType) + "Policy"
	_, o, err := s.resolveForAction(ctx, c, entityType, entityName, event, map[string]any{entityType + "Name": entityName, "policyName": policyName,
		"policyDocument": document})
	if err != nil {
		return err
	}
	if err := iam.ValidateName("policy_name", "policyName", policyName, 128); err != nil {
		return o.Fail(err)
	}
	if _, perr := parsePolicy("document", document, policy.KindIdentity); perr != nil {
		return o.Fail(perr)
	}
	return entityWrite(o, c.AccountID, entityType, entityName, func(q *store.Q, e entity) error {
		others, err := q.InlinePolicies(entityType, e.id)
		if err != nil {
			return err
		}
		size := policy.Size([]byte(document))
		for _, o := range others {
			if !strings.EqualFold(o.Name, policyName) {
				size += policy.Size([]byte(o.Document))
			}
		}
		if quota := inlineQuota[entityType]; size > quota {
			le := iam.LimitExceeded("Maximum policy size of %d bytes exceeded for %s %s", quota, entityType, e.name)
			le.Field = "document"
			return le
		}
		return q.PutInlinePolicy(&store.InlinePolicy{EntityType: entityType, EntityID: e.id, Name: policyName, Document: document, CreatedAt: s.k.Now()})
	})
}

func actionNounSafe(typ string) string {
	if typ == "" {
		return ""
	}
	return actionNoun(typ)
}

func noSuchInline(typ, name string) *iam.Error {
	return iam.NoSuchEntity("The %s policy with name %s cannot be found.", typ, name)
}

// GetInlinePolicy returns one inline policy (iam:GetUserPolicy, …).
func (s *Service) GetInlinePolicy(ctx context.Context, c *iam.Caller, entityType, entityName, policyName string) (*InlinePolicyInfo, error) {
	event := "Get" + actionNounSafe(entityType) + "Policy"
	e, o, err := s.resolveForAction(ctx, c, entityType, entityName, event, map[string]any{entityType + "Name": entityName, "policyName": policyName})
	if err != nil {
		return nil, err
	}
	if !e.exists {
		return nil, o.Read(noSuchEntityOf(entityType, entityName))
	}
	p, err := s.st.Read(ctx).InlinePolicy(entityType, e.id, policyName)
	if err := o.Read(iam.StoreErr(err, noSuchInline(entityType, policyName))); err != nil {
		return nil, err
	}
	return &InlinePolicyInfo{EntityType: entityType, EntityName: e.name, PolicyName: p.Name, PolicyDocument: p.Document}, nil
}

// ListInlinePolicies lists the names of an entity's inline policies
// (iam:ListUserPolicies, …).
func (s *Service) ListInlinePolicies(ctx context.Context, c *iam.Caller, entityType, entityName string) ([]string, error) {
	event := "List" + actionNounSafe(entityType) + "Policies"
	e, o, err := s.resolveForAction(ctx, c, entityType, entityName, event, map[string]any{entityType + "Name": entityName})
	if err != nil {
		return nil, err
	}
	if !e.exists {
		return nil, o.Read(noSuchEntityOf(entityType, entityName))
	}
	ps, err := s.st.Read(ctx).InlinePolicies(entityType, e.id)
	if err := o.Read(iam.StoreErr(err, nil)); err != nil {
		return nil, err
	}
	names := make([]string, len(ps))
	for i, p := range ps {
		names[i] = p.Name
	}
	return names, nil
}

// DeleteInlinePolicy deletes an inline policy (iam:DeleteUserPolicy, …).
func (s *Service) DeleteInlinePolicy(ctx context.Context, c *iam.Caller, entityType, entityName, policyName string) error {
	event := "Delete" + actionNounSafe(entityType) + "Policy"
	_, o, err := s.resolveForAction(ctx, c, entityType, entityName, event, map[string]any{entityType + "Name": entityName, "policyName": policyName})
	if err != nil {
		return err
	}
	return entityWrite(o, c.AccountID, entityType, entityName, func(q *store.Q, e entity) error {
		ok, err := q.DeleteInlinePolicy(entityType, e.id, policyName)
		if err != nil {
			return err
		}
		if !ok {
			return noSuchInline(entityType, policyName)
		}
		return nil
	})
}
