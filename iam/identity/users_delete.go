package identity

import (
	"context"

	"iamconsole/iam"
	"iamconsole/iam/arn"
	"iamconsole/iam/catalog"
	"iamconsole/store"
)

// deleteStep is one API call of a console user deletion: the IAM action it
// needs, on which resource, and the call itself.
type deleteStep struct {
	action, resource, what string
	run                    func() error
}

// DeleteUserCompletely deletes a user the way the IAM console's Delete
// button does: it first removes what DeleteUser would refuse over (the
// console password, access keys, MFA devices, group memberships, attached
// and inline policies), each as its own IAM call with its own event, then
// the user. Every call is authorized before any is made, so a caller who
// may not do one of them changes nothing and gets the access-denied error
// of the first it lacks. It returns what was removed, for the console's
// message.
func (s *Service) DeleteUserCompletely(ctx context.Context, c *iam.Caller, userName string) ([]string, error) {
	if c == nil {
		return nil, iam.ErrNoSession
	}
	q := s.st.Read(ctx)
	u, err := q.UserByName(c.AccountID, userName)
	if err != nil {
		// Let DeleteUser answer: authorization first, then NoSuchEntity.
		return nil, s.DeleteUser(ctx, c, userName)
	}
	name, target := u.Name, userARN(c.AccountID, u.Path, u.Name)
	var steps []deleteStep
	add := func(action, resource, what string, run func() error) {
		steps = append(steps, deleteStep{action: action, resource: resource, what: what, run: run})
	}
	if u.PasswordHash != nil {
		add(catalog.IAMDeleteLoginProfile.String(), target, "console password", func() error { return s.DeleteLoginProfile(ctx, c, name) })
	}
	keys, err := q.AccessKeysForUser(u.ID)
	if err != nil {
		return nil, iam.Internal(err)
	}
	for _, k := range keys {
		add(catalog.IAMDeleteAccessKey.String(), target, "access key "+k.ID, func() error { return s.DeleteAccessKey(ctx, c, name, k.ID) })
	}
	devices, err := q.MFADevicesForUser(u.ID)
	if err != nil {
		return nil, iam.Internal(err)
	}
	for _, d := range devices {
		add(catalog.IAMDeactivateMFADevice.String(), target, "MFA device "+d.Serial, func() error { return s.DeactivateMFADevice(ctx, c, name, d.Serial) })
		add(catalog.IAMDeleteVirtualMFADevice.String(), d.Serial, "", func() error { return s.DeleteVirtualMFADevice(ctx, c, d.Serial) })
	}
	groups, err := q.GroupsForUser(u.ID)
	if err != nil {
		return nil, iam.Internal(err)
	}
	for _, g := range groups {
		add(catalog.IAMRemoveUserFromGroup.String(), arn.IAM(c.AccountID, "group", g.Path, g.Name), "membership of "+g.Name,
			func() error { return s.RemoveUserFromGroup(ctx, c, g.Name, name) })
	}
	attached, err := q.AttachedPolicies("user", u.ID)
	if err != nil {
		return nil, iam.Internal(err)
	}
	for _, a := range attached {
		add(catalog.IAMDetachUserPolicy.String(), target, "policy "+a.PolicyARN, func() error { return s.DetachPolicy(ctx, c, "user", name, a.PolicyARN) })
	}
	inline, err := q.InlinePolicies("user", u.ID)
	if err != nil {
		return nil, iam.Internal(err)
	}
	for _, p := range inline {
		add(catalog.IAMDeleteUserPolicy.String(), target, "inline policy "+p.Name, func() error { return s.DeleteInlinePolicy(ctx, c, "user", name, p.Name) })
	}
	add(catalog.IAMDeleteUser.String(), target, "", func() error { return s.DeleteUser(ctx, c, name) })

	for _, st := range steps {
		if err := s.k.Authorize(ctx, c, st.action, st.resource); err != nil {
			// Make the refused call itself: it changes nothing and records
			// the denial in the event history, as AWS would.
			if rerr := st.run(); rerr != nil {
				return nil, rerr
			}
			return nil, err
		}
	}
	var removed []string
	for _, st := range steps {
		if err := st.run(); err != nil {
			return removed, err
		}
		if st.what != "" {
			removed = append(removed, st.what)
		}
	}
	return removed, nil
}

// policiesConflict is AWS's DeleteConflict for an entity (user, group or
// role) that still has inline or attached policies.
func policiesConflict(q *store.Q, entityType, entityID string) error {
	if ps, err := q.InlinePolicies(entityType, entityID); err != nil {
		return err
	} else if len(ps) > 0 {
		return iam.DeleteConflict("Cannot delete entity, must delete policies first.")
	}
	if as, err := q.AttachedPolicies(entityType, entityID); err != nil {
		return err
	} else if len(as) > 0 {
		return iam.DeleteConflict("Cannot delete entity, must detach all policies first.")
	}
	return nil
}
