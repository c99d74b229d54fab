package identity

import (
	"context"

	"iamconsole/iam"
	"iamconsole/iam/catalog"
	"iamconsole/iam/managed"
)

// SimulationSources returns the text of every identity and boundary policy
// that SimulatePrincipalPolicy reads for the user or role policySourceARN
// names, keyed by "SourcePolicyType/SourcePolicyID" as its
// MatchedStatements name them (for example "user/AllowS3" or
// "aws-managed/arn:aws:iam::aws:policy/ReadOnlyAccess"). The API uses it to
// report where matched statements end and which context keys are missing.
// It needs iam:SimulatePrincipalPolicy, as the simulation does.
func (s *Service) SimulationSources(ctx context.Context, c *iam.Caller, policySourceARN string) (map[string]string, error) {
	if err := s.k.Authorize(ctx, c, catalog.IAMSimulatePrincipalPolicy.String(), policySourceARN); err != nil {
		return nil, err
	}
	typ, name, err := policySource(c, policySourceARN)
	if err != nil {
		return nil, err
	}
	q := s.st.Read(ctx)
	type step struct {
		typ string
		ids []string
	}
	var steps []step
	var boundary *string
	switch typ {
	case "user":
		u, err := q.UserByName(c.AccountID, name)
		if err != nil {
			return nil, iam.StoreErr(err, noSuchEntityOf("user", name))
		}
		groups, err := q.GroupsForUser(u.ID)
		if err != nil {
			return nil, iam.Internal(err)
		}
		gids := make([]string, 0, len(groups))
		for _, g := range groups {
			gids = append(gids, g.ID)
		}
		steps, boundary = []step{{"user", []string{u.ID}}, {"group", gids}}, u.BoundaryARN
	case "role":
		r, err := q.RoleByName(c.AccountID, name)
		if err != nil {
			return nil, iam.StoreErr(err, noSuchRole(name))
		}
		steps, boundary = []step{{"role", []string{r.ID}}}, r.BoundaryARN
	}
	out := map[string]string{}
	put := func(key, doc string) {
		if _, ok := out[key]; !ok {
			out[key] = doc
		}
	}
	var customer []string
	addManaged := func(policyARN string) {
		if mp, ok := managed.ByARN(policyARN); ok {
			put("aws-managed/"+policyARN, string(mp.Document))
			return
		}
		customer = append(customer, policyARN)
	}
	for _, st := range steps {
		if len(st.ids) == 0 {
			continue
		}
		ins, err := q.InlinePolicies(st.typ, st.ids...)
		if err != nil {
			return nil, iam.Internal(err)
		}
		for _, in := range ins {
			put(st.typ+"/"+in.Name, in.Document)
		}
		atts, err := q.AttachedPoliciesMany(st.typ, st.ids)
		if err != nil {
			return nil, iam.Internal(err)
		}
		for _, at := range atts {
			addManaged(at.PolicyARN)
		}
	}
	if boundary != nil && *boundary != "" {
		addManaged(*boundary)
	}
	docs, err := q.DefaultDocuments(customer)
	if err != nil {
		return nil, iam.Internal(err)
	}
	for _, p := range customer {
		if d := docs[p]; d != "" {
			put("user-managed/"+p, d)
		}
	}
	return out, nil
}
