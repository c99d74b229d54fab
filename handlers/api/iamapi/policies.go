package iamapi

import (
	"context"
	"strings"

	"iamconsole/handlers/api/query"
	"iamconsole/iam"
	"iamconsole/iam/identity"
)

// iamPolicyActions adds managed policies and their versions, and each
// entity kind's inline policies and attachments, to the IAM table.
func (a *Service) iamPolicyActions(t map[string]query.Action) {
	t["CreatePolicy"] = a.iamCreatePolicy
	t["GetPolicy"] = a.iamGetPolicy
	t["ListPolicies"] = a.iamListPolicies
	t["DeletePolicy"] = a.iamDeletePolicy
	t["CreatePolicyVersion"] = a.iamCreatePolicyVersion
	t["GetPolicyVersion"] = a.iamGetPolicyVersion
	t["ListPolicyVersions"] = a.iamListPolicyVersions
	t["SetDefaultPolicyVersion"] = a.iamSetDefaultPolicyVersion
	t["DeletePolicyVersion"] = a.iamDeletePolicyVersion
	t["ListEntitiesForPolicy"] = a.iamListEntitiesForPolicy
	t["TagPolicy"] = a.iamTagPolicy
	t["UntagPolicy"] = a.iamUntagPolicy
	t["ListPolicyTags"] = a.iamListPolicyTags
	for _, k := range entityKinds {
		t["Put"+k.word+"Policy"] = a.iamPutInline(k.kind, k.param)
		t["Get"+k.word+"Policy"] = a.iamGetInline(k.kind, k.param)
		t["Delete"+k.word+"Policy"] = a.iamDeleteInline(k.kind, k.param)
		t["List"+k.word+"Policies"] = a.iamListInline(k.kind, k.param)
		t["Attach"+k.word+"Policy"] = a.iamAttach(k.kind, k.param, true)
		t["Detach"+k.word+"Policy"] = a.iamAttach(k.kind, k.param, false)
		t["ListAttached"+k.word+"Policies"] = a.iamListAttached(k.kind, k.param)
	}
}

func (a *Service) iamCreatePolicy(r *query.Reader) query.Invoke {
	in := identity.CreatePolicyInput{PolicyName: r.Required("PolicyName"), PolicyDocument: r.Required("PolicyDocument"),
		Path: r.Opt("Path"), Description: r.Opt("Description"), Tags: r.Tags("Tags")}
	return func(ctx context.Context, c *iam.Caller) (any, error) {
		pi, err := a.svc.CreatePolicy(ctx, c, in)
		if err != nil {
			return nil, err
		}
		x := policyOf(pi)
		x.Tags = optionalTags(pi.Tags)
		return &policyResult{x}, nil
	}
}

func (a *Service) iamGetPolicy(r *query.Reader) query.Invoke {
	arn := r.Required("PolicyArn")
	return func(ctx context.Context, c *iam.Caller) (any, error) {
		pi, err := a.svc.GetPolicy(ctx, c, arn)
		if err != nil {
			return nil, err
		}
		return &policyResult{policyWithTags(pi)}, nil
	}
}

func (a *Service) iamListPolicies(r *query.Reader) query.Invoke {
	pg := r.PageInput()
	in := identity.ListPoliciesInput{Scope: r.Opt("Scope"), OnlyAttached: r.Bool("OnlyAttached"),
		PathPrefix: r.Opt("PathPrefix"), Marker: pg.Marker, MaxItems: pg.MaxItems, MaxItemsGiven: pg.MaxItemsGiven}
	return func(ctx context.Context, c *iam.Caller) (any, error) {
		ps, _, next, err := a.svc.ListPolicies(ctx, c, in)
		if err != nil {
			return nil, err
		}
		res := &listPoliciesResult{Policies: []policyXML{}, IsTruncated: next != "", Marker: next}
		for i := range ps {
			res.Policies = append(res.Policies, policyOf(&ps[i]))
		}
		return res, nil
	}
}

func (a *Service) iamDeletePolicy(r *query.Reader) query.Invoke {
	arn := r.Required("PolicyArn")
	return query.Done(func(ctx context.Context, c *iam.Caller) error { return a.svc.DeletePolicy(ctx, c, arn) })
}

func (a *Service) iamCreatePolicyVersion(r *query.Reader) query.Invoke {
	arn, doc, def := r.Required("PolicyArn"), r.Required("PolicyDocument"), r.Bool("SetAsDefault")
	return func(ctx context.Context, c *iam.Caller) (any, error) {
		pv, err := a.svc.CreatePolicyVersion(ctx, c, arn, doc, def)
		if err != nil {
			return nil, err
		}
		return &policyVersionResult{versionOf(pv, false)}, nil
	}
}

func (a *Service) iamGetPolicyVersion(r *query.Reader) query.Invoke {
	arn, id := r.Required("PolicyArn"), r.Required("VersionId")
	return func(ctx context.Context, c *iam.Caller) (any, error) {
		pv, err := a.svc.GetPolicyVersion(ctx, c, arn, id)
		if err != nil {
			return nil, err
		}
		return &policyVersionResult{versionOf(pv, true)}, nil
	}
}

func (a *Service) iamListPolicyVersions(r *query.Reader) query.Invoke {
	arn := r.Required("PolicyArn")
	pg := newPager(r, "ListPolicyVersions", arn)
	return func(ctx context.Context, c *iam.Caller) (any, error) {
		w, err := pg.window()
		if err != nil {
			return nil, err
		}
		all, err := a.svc.ListPolicyVersions(ctx, c, arn)
		if err != nil {
			return nil, err
		}
		vs, next := pageOf(all, w)
		res := &listPolicyVersionsResult{Versions: []policyVersionXML{}, IsTruncated: next != "", Marker: next}
		for i := range vs {
			res.Versions = append(res.Versions, versionOf(&vs[i], false))
		}
		return res, nil
	}
}

func (a *Service) iamSetDefaultPolicyVersion(r *query.Reader) query.Invoke {
	arn, id := r.Required("PolicyArn"), r.Required("VersionId")
	return query.Done(func(ctx context.Context, c *iam.Caller) error { return a.svc.SetDefaultPolicyVersion(ctx, c, arn, id) })
}

func (a *Service) iamDeletePolicyVersion(r *query.Reader) query.Invoke {
	arn, id := r.Required("PolicyArn"), r.Required("VersionId")
	return query.Done(func(ctx context.Context, c *iam.Caller) error { return a.svc.DeletePolicyVersion(ctx, c, arn, id) })
}

func (a *Service) iamListEntitiesForPolicy(r *query.Reader) query.Invoke {
	arn := r.Required("PolicyArn")
	in := identity.EntitiesFilter{EntityFilter: r.Opt("EntityFilter"), PathPrefix: r.Opt("PathPrefix"), PolicyUsageFilter: r.Opt("PolicyUsageFilter")}
	pg := newPager(r, "ListEntitiesForPolicy", arn, in.EntityFilter, in.PathPrefix, in.PolicyUsageFilter)
	return func(ctx context.Context, c *iam.Caller) (any, error) {
		w, err := pg.window()
		if err != nil {
			return nil, err
		}
		all, err := a.svc.ListEntitiesForPolicyFiltered(ctx, c, arn, in)
		if err != nil {
			return nil, err
		}
		entities, next := pageOf(all, w)
		res := &entitiesForPolicyResult{IsTruncated: next != "", Marker: next}
		res.PolicyGroups.Member = []policyGroup{}
		res.PolicyUsers.Member = []policyUser{}
		res.PolicyRoles.Member = []policyRole{}
		for _, e := range entities {
			switch e.Type {
			case "user":
				res.PolicyUsers.Member = append(res.PolicyUsers.Member, policyUser{e.Name, e.ID})
			case "group":
				res.PolicyGroups.Member = append(res.PolicyGroups.Member, policyGroup{e.Name, e.ID})
			case "role":
				res.PolicyRoles.Member = append(res.PolicyRoles.Member, policyRole{e.Name, e.ID})
			}
		}
		return res, nil
	}
}

func (a *Service) iamPutInline(kind, param string) query.Action {
	return func(r *query.Reader) query.Invoke {
		entity, name, doc := r.Required(param), r.Required("PolicyName"), r.Required("PolicyDocument")
		return query.Done(func(ctx context.Context, c *iam.Caller) error {
			return a.svc.PutInlinePolicy(ctx, c, kind, entity, name, doc)
		})
	}
}

func (a *Service) iamGetInline(kind, param string) query.Action {
	return func(r *query.Reader) query.Invoke {
		entity, name := r.Required(param), r.Required("PolicyName")
		return func(ctx context.Context, c *iam.Caller) (any, error) {
			ip, err := a.svc.GetInlinePolicy(ctx, c, kind, entity, name)
			if err != nil {
				return nil, err
			}
			res := &inlinePolicyResult{PolicyName: ip.PolicyName, PolicyDocument: policyDoc(ip.PolicyDocument)}
			switch kind {
			case "user":
				res.UserName = ip.EntityName
			case "group":
				res.GroupName = ip.EntityName
			default:
				res.RoleName = ip.EntityName
			}
			return res, nil
		}
	}
}

func (a *Service) iamDeleteInline(kind, param string) query.Action {
	return func(r *query.Reader) query.Invoke {
		entity, name := r.Required(param), r.Required("PolicyName")
		return query.Done(func(ctx context.Context, c *iam.Caller) error {
			return a.svc.DeleteInlinePolicy(ctx, c, kind, entity, name)
		})
	}
}

func (a *Service) iamListInline(kind, param string) query.Action {
	return func(r *query.Reader) query.Invoke {
		entity := r.Required(param)
		pg := newPager(r, "List"+actionWord(kind)+"Policies", entity)
		return func(ctx context.Context, c *iam.Caller) (any, error) {
			w, err := pg.window()
			if err != nil {
				return nil, err
			}
			all, err := a.svc.ListInlinePolicies(ctx, c, kind, entity)
			if err != nil {
				return nil, err
			}
			names, next := pageOf(all, w)
			if names == nil {
				names = []string{}
			}
			return &listPolicyNamesResult{PolicyNames: names, IsTruncated: next != "", Marker: next}, nil
		}
	}
}

func (a *Service) iamAttach(kind, param string, attach bool) query.Action {
	return func(r *query.Reader) query.Invoke {
		entity, arn := r.Required(param), r.Required("PolicyArn")
		return query.Done(func(ctx context.Context, c *iam.Caller) error {
			if attach {
				return a.svc.AttachPolicy(ctx, c, kind, entity, arn)
			}
			return a.svc.DetachPolicy(ctx, c, kind, entity, arn)
		})
	}
}

func (a *Service) iamListAttached(kind, param string) query.Action {
	return func(r *query.Reader) query.Invoke {
		entity, prefix := r.Required(param), r.Opt("PathPrefix")
		pg := newPager(r, "ListAttached"+actionWord(kind)+"Policies", entity, prefix)
		return func(ctx context.Context, c *iam.Caller) (any, error) {
			w, err := pg.window()
			if err != nil {
				return nil, err
			}
			all, err := a.svc.ListAttachedPolicies(ctx, c, kind, entity)
			if err != nil {
				return nil, err
			}
			matching := all[:0:0]
			for _, p := range all {
				if strings.HasPrefix(p.Path, prefix) {
					matching = append(matching, p)
				}
			}
			ps, next := pageOf(matching, w)
			res := &listAttachedResult{AttachedPolicies: []attachedPolicyXML{}, IsTruncated: next != "", Marker: next}
			for _, pi := range ps {
				res.AttachedPolicies = append(res.AttachedPolicies, attachedPolicyXML{PolicyName: pi.PolicyName, PolicyArn: pi.ARN})
			}
			return res, nil
		}
	}
}

func (a *Service) iamTagPolicy(r *query.Reader) query.Invoke {
	arn, tags := r.Required("PolicyArn"), r.RequiredTags("Tags")
	return query.Done(func(ctx context.Context, c *iam.Caller) error { return a.svc.TagPolicy(ctx, c, arn, tags) })
}

func (a *Service) iamUntagPolicy(r *query.Reader) query.Invoke {
	arn, keys := r.Required("PolicyArn"), r.List("TagKeys")
	return query.Done(func(ctx context.Context, c *iam.Caller) error { return a.svc.UntagPolicy(ctx, c, arn, keys) })
}

func (a *Service) iamListPolicyTags(r *query.Reader) query.Invoke {
	arn := r.Required("PolicyArn")
	pg := newPager(r, "ListPolicyTags", arn)
	return func(ctx context.Context, c *iam.Caller) (any, error) {
		w, err := pg.window()
		if err != nil {
			return nil, err
		}
		ts, err := a.svc.ListPolicyTags(ctx, c, arn)
		if err != nil {
			return nil, err
		}
		return tagsPage(ts, w), nil
	}
}

// actionWord is an entity kind as IAM's action names spell it.
func actionWord(kind string) string {
	for _, k := range entityKinds {
		if k.kind == kind {
			return k.word
		}
	}
	return kind
}
