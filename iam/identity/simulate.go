package identity

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"iamconsole/iam"
	"iamconsole/iam/arn"
	"iamconsole/iam/catalog"
	"iamconsole/iam/policy"
)

// EvaluationResult is one simulated decision, in the shape of IAM's
// EvaluationResult.
type EvaluationResult struct {
	EvalActionName   string
	EvalResourceName string
	// EvalDecision is "allowed", "explicitDeny" or "implicitDeny".
	EvalDecision      string
	MatchedStatements []MatchedStatement
	// EvalDecisionDetails gives, when a resource policy was simulated, the
	// decision of each side apart: "IAM Policy" (the identity's policies)
	// and "Resource Policy".
	EvalDecisionDetails map[string]string
	// ResourceSpecific is set when the request named its resources: the
	// result then carries IAM's ResourceSpecificResults for its resource.
	ResourceSpecific bool
}

// MatchedStatement identifies a statement that matched a simulated request.
type MatchedStatement struct {
	// SourcePolicyID is the inline policy's name, the managed policy's ARN,
	// or "PolicyInputList.N" for a policy supplied to the simulation.
	SourcePolicyID string
	// SourcePolicyType is "user", "group", "role", "aws-managed",
	// "user-managed", "resource" or "none".
	SourcePolicyType string
	StartPosition    iam.Position
	Sid, Effect      string
}

// SimulatePrincipalInput are the parameters of SimulatePrincipalPolicy.
type SimulatePrincipalInput struct {
	PolicySourceARN string // a user or role of the caller's account
	// PolicyInputList adds identity policies to the principal's own.
	PolicyInputList                    []string
	PermissionsBoundaryPolicyInputList []string
	ActionNames, ResourceARNs          []string
	ResourcePolicy                     string
	ContextEntries                     map[string][]string
}

// SimulateCustomInput are the parameters of SimulateCustomPolicy.
type SimulateCustomInput struct {
	PolicyInputList                    []string
	PermissionsBoundaryPolicyInputList []string
	ActionNames, ResourceARNs          []string
	ResourcePolicy                     string
	// CallerARN is the user the simulation runs as; "" means an anonymous
	// user of the caller's account.
	CallerARN      string
	ContextEntries map[string][]string
}

// SimulatePrincipalPolicy evaluates actions on resources with the policies of
// a user or role, and any policies supplied (iam:SimulatePrincipalPolicy).
func (s *Service) SimulatePrincipalPolicy(ctx context.Context, c *iam.Caller, in SimulatePrincipalInput) ([]EvaluationResult, error) {
	return s.SimulatePrincipalPolicyAs(ctx, c, in, "")
}

// SimulatePrincipalPolicyAs is SimulatePrincipalPolicy with IAM's CallerArn:
// the policies of the user or role in.PolicySourceARN, evaluated for
// requests made by the IAM user callerARN ("as if Bob had David's
// policies"). The caller's name and tags fill the request context and
// resource policies match the caller. An empty callerARN evaluates for the
// policy source itself.
func (s *Service) SimulatePrincipalPolicyAs(ctx context.Context, c *iam.Caller, in SimulatePrincipalInput, callerARN string) ([]EvaluationResult, error) {
	params := map[string]any{"policySourceArn": in.PolicySourceARN, "actionNames": in.ActionNames}
	if callerARN != "" {
		params["callerArn"] = callerARN
	}
	o, err := s.k.Begin(ctx, c, iam.SourceIAM, "SimulatePrincipalPolicy", catalog.IAMSimulatePrincipalPolicy.String(), in.PolicySourceARN, params)
	if err != nil {
		return nil, err
	}
	out, err := s.simulatePrincipal(ctx, c, in, callerARN)
	return out, o.Read(err)
}

func (s *Service) simulatePrincipal(ctx context.Context, c *iam.Caller, in SimulatePrincipalInput, callerARN string) ([]EvaluationResult, error) {
	var ca arn.ARN
	if callerARN != "" {
		var err error
		if ca, err = arn.Parse(callerARN); err != nil || ca.Service != "iam" || !strings.HasPrefix(ca.Resource, "user/") {
			return nil, iam.Invalid("caller_arn", "Invalid caller ARN %s.", callerARN)
		}
	}
	typ, name, err := policySource(c, in.PolicySourceARN)
	if err != nil {
		return nil, err
	}
	q := s.st.Read(ctx)
	set := &policy.Set{}
	tags := map[string]string{}
	var p policy.Principal
	switch typ {
	case "user":
		u, err := q.UserByName(c.AccountID, name)
		if err != nil {
			return nil, iam.StoreErr(err, noSuchEntityOf("user", name))
		}
		if err := s.k.UserPolicies(q, u.ID, set, tags); err != nil {
			return nil, err
		}
		p = policy.Principal{Type: policy.PrincipalUser, ARN: entityARN(c.AccountID, "user", u.Path, u.Name), Account: c.AccountID, UniqueID: u.ID, UserName: u.Name}
	case "role":
		r, err := q.RoleByName(c.AccountID, name)
		if err != nil {
			return nil, iam.StoreErr(err, noSuchRole(name))
		}
		if err := s.k.RolePolicies(q, r.ID, set, tags); err != nil {
			return nil, err
		}
		roleARN := entityARN(c.AccountID, "role", r.Path, r.Name)
		p = policy.Principal{Type: policy.PrincipalAssumedRole, ARN: roleARN, PrincipalARN: roleARN, Account: c.AccountID, UniqueID: r.ID, SessionName: "simulation"}
	}
	p.Tags = tags
	if callerARN != "" {
		// The source's policies, the caller's identity.
		callerName := ca.Resource[strings.LastIndex(ca.Resource, "/")+1:]
		p = policy.Principal{Type: policy.PrincipalUser, ARN: callerARN, Account: ca.Account, UserName: callerName,
			UniqueID: "AIDASIMULATEDUSER0000", Tags: map[string]string{}}
		if ca.Account == c.AccountID {
			if u, err := q.UserByName(c.AccountID, callerName); err == nil {
				p.UniqueID = u.ID
				ts, err := q.Tags("user", u.ID)
				if err != nil {
					return nil, iam.Internal(err)
				}
				for _, t := range ts {
					p.Tags[t.Key] = t.Value
				}
			}
		}
	}
	return s.simulate(c, p, set, in.PolicyInputList, in.PermissionsBoundaryPolicyInputList, in.ResourcePolicy, in.ActionNames, in.ResourceARNs, in.ContextEntries)
}

// policySource reads a simulation's policy source ARN: the type ("user" or
// "role") and name of an entity of c's account.
func policySource(c *iam.Caller, policySourceARN string) (typ, name string, err error) {
	a, perr := arn.Parse(policySourceARN)
	typ, rest, _ := strings.Cut(a.Resource, "/")
	if perr != nil || a.Service != "iam" || a.Account != c.AccountID || typ != "user" && typ != "role" {
		return "", "", iam.Invalid("policy_source_arn", "Invalid policy source ARN %s.", policySourceARN)
	}
	return typ, rest[strings.LastIndex(rest, "/")+1:], nil
}

// SimulateCustomPolicy evaluates actions on resources with the supplied
// policies only (iam:SimulateCustomPolicy).
func (s *Service) SimulateCustomPolicy(ctx context.Context, c *iam.Caller, in SimulateCustomInput) ([]EvaluationResult, error) {
	o, err := s.k.Begin(ctx, c, iam.SourceIAM, "SimulateCustomPolicy", catalog.IAMSimulateCustomPolicy.String(), "*", map[string]any{"actionNames": in.ActionNames})
	if err != nil {
		return nil, err
	}
	out, err := s.simulateCustom(c, in)
	return out, o.Read(err)
}

func (s *Service) simulateCustom(c *iam.Caller, in SimulateCustomInput) ([]EvaluationResult, error) {
	if len(in.PolicyInputList) == 0 {
		return nil, iam.ValidationError("policy_input_list", "1 validation error detected: Value null at 'policyInputList' failed to satisfy constraint: Member must not be null")
	}
	p := policy.Principal{Type: policy.PrincipalUser, ARN: in.CallerARN, Account: c.AccountID, UniqueID: "AIDASIMULATEDUSER0000"}
	if in.CallerARN != "" {
		a, err := arn.Parse(in.CallerARN)
		if err != nil {
			return nil, iam.Invalid("caller_arn", "Invalid caller ARN %s.", in.CallerARN)
		}
		p.Account = a.Account
		if _, rest, ok := strings.Cut(a.Resource, "user/"); ok {
			p.UserName = rest[strings.LastIndex(rest, "/")+1:]
		}
	}
	return s.simulate(c, p, &policy.Set{}, in.PolicyInputList, in.PermissionsBoundaryPolicyInputList, in.ResourcePolicy, in.ActionNames, in.ResourceARNs, in.ContextEntries)
}

// SimulationPage is a page of a simulation's results: one per action and
// resource, actions outermost.
type SimulationPage struct {
	EvaluationResults []EvaluationResult
	IsTruncated       bool
	Marker            string // the next page's; set only when IsTruncated
}

// SimulatePrincipalPolicyPage is a page of SimulatePrincipalPolicyAs's
// results, pg.MaxItems of them (100 by default) from pg.Marker on. A marker
// holds only for the request that returned it.
func (s *Service) SimulatePrincipalPolicyPage(ctx context.Context, c *iam.Caller, in SimulatePrincipalInput, callerARN string, pg iam.ListInput) (*SimulationPage, error) {
	res, err := s.SimulatePrincipalPolicyAs(ctx, c, in, callerARN)
	if err != nil {
		return nil, err
	}
	return simulationPage(res, pg, fmt.Sprintf("SimulatePrincipalPolicy %q %#v", callerARN, in))
}

// SimulateCustomPolicyPage is a page of SimulateCustomPolicy's results, as
// SimulatePrincipalPolicyPage pages.
func (s *Service) SimulateCustomPolicyPage(ctx context.Context, c *iam.Caller, in SimulateCustomInput, pg iam.ListInput) (*SimulationPage, error) {
	res, err := s.SimulateCustomPolicy(ctx, c, in)
	if err != nil {
		return nil, err
	}
	return simulationPage(res, pg, fmt.Sprintf("SimulateCustomPolicy %#v", in))
}

// simulationPage keeps the page pg of res; scope is the request, every
// parameter but the page's (fmt prints maps in key order, so it is stable).
func simulationPage(res []EvaluationResult, pg iam.ListInput, scope string) (*SimulationPage, error) {
	w, err := iam.PageWindow(pg, scope)
	if err != nil {
		return nil, err
	}
	start, end, next := w.Of(len(res))
	return &SimulationPage{EvaluationResults: res[start:end], IsTruncated: next != "", Marker: next}, nil
}

func (s *Service) simulate(c *iam.Caller, p policy.Principal, set *policy.Set, inputs, boundaries []string, resourcePolicy string, actions, resources []string, context map[string][]string) ([]EvaluationResult, error) {
	if len(actions) == 0 {
		return nil, iam.ValidationError("action_names", "1 validation error detected: Value null at 'actionNames' failed to satisfy constraint: Member must not be null")
	}
	docs := map[string]*policy.Document{}
	for i, doc := range inputs {
		id := "PolicyInputList." + strconv.Itoa(i+1)
		cp, err := policy.Compile(id, []byte(doc), policy.KindIdentity)
		if err != nil {
			return nil, policyError("policy_input_list", err)
		}
		set.Identity = append(set.Identity, cp)
		docs[id] = cp.Document()
	}
	for i, doc := range boundaries {
		id := "PermissionsBoundaryPolicyInputList." + strconv.Itoa(i+1)
		cp, err := policy.Compile(id, []byte(doc), policy.KindBoundary)
		if err != nil {
			return nil, policyError("permissions_boundary_policy_input_list", err)
		}
		set.Boundary, set.HasBoundary = []*policy.Policy{cp}, true
		docs[id] = cp.Document()
	}
	if resourcePolicy != "" {
		cp, err := policy.Compile("ResourcePolicy", []byte(resourcePolicy), policy.KindResource)
		if err != nil {
			return nil, policyError("resource_policy", err)
		}
		set.Resource = cp
		docs["ResourcePolicy"] = cp.Document()
	}
	for _, pp := range append(append([]*policy.Policy{}, set.Identity...), set.Boundary...) {
		if _, ok := docs[pp.ID()]; !ok {
			docs[pp.ID()] = pp.Document()
		}
	}
	named := len(resources) > 0
	if !named {
		resources = []string{"*"}
	}
	sim := &iam.Caller{Type: iam.CallerUser, AccountID: p.Account}
	var out []EvaluationResult
	for _, action := range actions {
		for _, res := range resources {
			req := &policy.Request{Principal: p, Action: action, Resource: res, Context: s.k.RequestContext(sim, context)}
			// Without a resource policy the simulator answers for the
			// identity's own policies, as if the resource were its
			// account's (AWS's ResourceOwner default; unconfirmed for ARNs
			// that name another account). With one, both sides count.
			if res == "*" || resourcePolicy == "" {
				req.ResourceAccount = c.AccountID
			}
			d := policy.Explain(req, set)
			r := EvaluationResult{EvalActionName: action, EvalResourceName: res, EvalDecision: decisionName(d.Effect), ResourceSpecific: named}
			if set.Resource != nil {
				// Each side's own say: the identity's policies as if the
				// resource were its account's, and what the resource
				// policy's own statements decide for this principal.
				identityOnly := *set
				identityOnly.Resource = nil
				same := *req
				same.ResourceAccount = p.Account
				resource := policy.ImplicitDeny
				for _, m := range d.Matched {
					if m.Layer == policy.LayerResource || m.Layer == policy.LayerTrust {
						if m.Effect == "Deny" {
							resource = policy.ExplicitDeny
						} else if resource == policy.ImplicitDeny {
							resource = policy.Allow
						}
					}
				}
				r.EvalDecisionDetails = map[string]string{
					"IAM Policy":      decisionName(policy.Explain(&same, &identityOnly).Effect),
					"Resource Policy": decisionName(resource),
				}
			}
			for _, m := range d.Matched {
				ms := MatchedStatement{Sid: m.Sid, Effect: m.Effect}
				ms.SourcePolicyID, ms.SourcePolicyType = sourceOf(m.Policy, m.Layer)
				if doc := docs[m.Policy]; doc != nil && m.Statement < len(doc.Statements) {
					st := doc.Statements[m.Statement]
					ms.StartPosition = iam.Position{Line: st.Line, Column: st.Column}
				}
				r.MatchedStatements = append(r.MatchedStatements, ms)
			}
			out = append(out, r)
		}
	}
	return out, nil
}

// decisionName is IAM's PolicyEvaluationDecisionType for an effect.
func decisionName(e policy.Effect) string {
	switch e {
	case policy.Allow:
		return "allowed"
	case policy.ExplicitDeny:
		return "explicitDeny"
	default:
		return "implicitDeny"
	}
}

// sourceOf names a compiled policy's source as IAM's simulator does.
func sourceOf(id string, layer policy.Layer) (string, string) {
	switch {
	case layer == policy.LayerResource || layer == policy.LayerTrust:
		return id, "resource"
	case strings.HasPrefix(id, "arn:aws:iam::aws:policy/"):
		return id, "aws-managed"
	case strings.HasPrefix(id, "arn:"):
		return id, "user-managed"
	case strings.HasPrefix(id, "user/"), strings.HasPrefix(id, "group/"), strings.HasPrefix(id, "role/"):
		typ, rest, _ := strings.Cut(id, "/")
		return rest[strings.LastIndex(rest, "/")+1:], typ
	default:
		return id, "none"
	}
}
