package identity

import (
	"context"
	"strconv"
	"strings"

	"iamconsole/iam"
	"iamconsole/iam/arn"
	"iamconsole/iam/catalog"
	"iamconsole/iam/managed"
	"iamconsole/iam/policy"
	"iamconsole/store"
)

// SimulationInput is one run of the console's policy simulator: the
// policies of a user, group or role of the caller's account (or none), and
// any policies supplied with the run, weighed for each action on each
// resource.
type SimulationInput struct {
	// SourceARN is a user, group or role of the caller's account whose
	// policies take part; "" simulates the supplied policies alone.
	SourceARN string
	// Policies are identity policies added to the source's.
	Policies []string
	// Boundary replaces the source's permissions boundary when set.
	Boundary string
	// SessionPolicy limits the run as a session policy does.
	SessionPolicy string
	// ResourcePolicy is the resource's resource-based policy.
	ResourcePolicy string
	Actions        []string
	Resources      []string // "*" when empty
	Context        map[string][]string
}

// Simulation is what a run found: every policy that took part, with its
// text and where its statements are, and a result per action and resource
// naming the statements that matched.
type Simulation struct {
	// Principal is the ARN the run evaluated as.
	Principal string
	Policies  []SimulatedPolicy
	Results   []SimulatedResult
}

// SimulatedPolicy is one policy of a run.
type SimulatedPolicy struct {
	// ID names the policy as decisions do (an ARN, "user/alice/Inline",
	// "PolicyInputList.1", "SessionPolicy", "ResourcePolicy").
	ID string
	// Label says what it is for people ("Inline policy S3 of group
	// Developers").
	Label string
	// Layer is the layer it takes part in ("identity-based policy",
	// "permissions boundary", "session policy", "resource-based policy").
	Layer string
	// Text is the document as stored or supplied; Statements give each
	// statement's place in it.
	Text       string
	Statements []StatementSpan
}

// StatementSpan is where one statement of a document is: from its opening
// brace to just past its closing one, lines and columns from 1.
type StatementSpan struct {
	Index               int
	Sid, Effect         string
	StartLine, StartCol int
	EndLine, EndCol     int
}

// SimulatedResult is the decision on one action and resource.
type SimulatedResult struct {
	Action, Resource string
	// Decision is "allowed", "explicitDeny" or "implicitDeny", as IAM's
	// simulator words it.
	Decision string
	// Message is AWS's AccessDenied text for a denial.
	Message string
	// Decisive is the statement that decided (the granting Allow, the
	// first Deny); nil for an implicit deny, whose MissingLayer names
	// the layer that allowed nothing.
	Decisive     *StatementRef
	MissingLayer string
	// Matched are every statement that matched, in evaluation order.
	Matched []StatementRef
	// MissingContext lists the condition keys that statements about the
	// action test and the request did not carry.
	MissingContext []string
}

// StatementRef names a statement of a run: Policy indexes
// Simulation.Policies.
type StatementRef struct {
	Policy, Statement int
	Sid, Effect       string
}

// maxSimulatedRequests bounds the actions × resources of one run.
const maxSimulatedRequests = 1000

// Simulate runs the console's policy simulator. With a source it needs
// iam:SimulatePrincipalPolicy on the source, else iam:SimulateCustomPolicy,
// as the API's simulator actions do; it decides as they do (see
// SimulatePrincipalPolicy), with session policies besides and a group as a
// source, evaluated for a member of the group.
func (s *Service) Simulate(ctx context.Context, c *iam.Caller, in SimulationInput) (*Simulation, error) {
	event, action, target := "SimulateCustomPolicy", catalog.IAMSimulateCustomPolicy.String(), "*"
	if in.SourceARN != "" {
		event, action, target = "SimulatePrincipalPolicy", catalog.IAMSimulatePrincipalPolicy.String(), in.SourceARN
	}
	o, err := s.k.Begin(ctx, c, iam.SourceIAM, event, action, target, map[string]any{"policySourceArn": in.SourceARN, "actionNames": in.Actions})
	if err != nil {
		return nil, err
	}
	out, err := s.simulateConsole(ctx, c, in)
	return out, o.Read(err)
}

func (s *Service) simulateConsole(ctx context.Context, c *iam.Caller, in SimulationInput) (*Simulation, error) {
	if len(in.Actions) == 0 {
		return nil, iam.Invalid("actions", "Choose at least one action.")
	}
	resources := in.Resources
	if len(resources) == 0 {
		resources = []string{"*"}
	}
	if len(in.Actions)*len(resources) > maxSimulatedRequests {
		return nil, iam.Invalid("actions", "A simulation weighs at most %d actions × resources; this one has %d.", maxSimulatedRequests, len(in.Actions)*len(resources))
	}
	sim := &Simulation{}
	set := &policy.Set{}
	idx := map[string]int{} // policy ID → index in sim.Policies
	add := func(p *policy.Policy, label, layer, text string) {
		if _, ok := idx[p.ID()]; ok {
			return
		}
		idx[p.ID()] = len(sim.Policies)
		sim.Policies = append(sim.Policies, SimulatedPolicy{ID: p.ID(), Label: label, Layer: layer, Text: text, Statements: statementSpans(p.Document(), text)})
	}
	p := policy.Principal{Type: policy.PrincipalUser, Account: c.AccountID, UniqueID: "AIDASIMULATEDUSER0000", Tags: map[string]string{}}
	if in.SourceARN != "" {
		var err error
		if p, err = s.simulationSource(s.st.Read(ctx), c, in.SourceARN, set, add); err != nil {
			return nil, err
		}
	}
	compile := func(field, id, doc string, k policy.Kind) (*policy.Policy, error) {
		cp, err := policy.Compile(id, []byte(doc), k)
		if err != nil {
			return nil, policyError(field, err)
		}
		return cp, nil
	}
	for i, doc := range in.Policies {
		cp, err := compile("policies", "PolicyInputList."+strconv.Itoa(i+1), doc, policy.KindIdentity)
		if err != nil {
			return nil, err
		}
		set.Identity = append(set.Identity, cp)
		add(cp, "Supplied identity policy "+strconv.Itoa(i+1), policy.LayerIdentity.String(), doc)
	}
	if in.Boundary != "" {
		cp, err := compile("boundary", "PermissionsBoundaryPolicyInputList.1", in.Boundary, policy.KindBoundary)
		if err != nil {
			return nil, err
		}
		set.Boundary, set.HasBoundary = []*policy.Policy{cp}, true
		add(cp, "Supplied permissions boundary", policy.LayerBoundary.String(), in.Boundary)
	}
	if in.SessionPolicy != "" {
		cp, err := compile("session_policy", "SessionPolicy", in.SessionPolicy, policy.KindSession)
		if err != nil {
			return nil, err
		}
		set.Session, set.HasSession = []*policy.Policy{cp}, true
		add(cp, "Session policy", policy.LayerSession.String(), in.SessionPolicy)
	}
	if in.ResourcePolicy != "" {
		cp, err := compile("resource_policy", "ResourcePolicy", in.ResourcePolicy, policy.KindResource)
		if err != nil {
			return nil, err
		}
		set.Resource = cp
		add(cp, "Resource-based policy", policy.LayerResource.String(), in.ResourcePolicy)
	}
	if p.ARN == "" {
		p.ARN = catalog.IAMUser.ARN(c.AccountID, "simulated")
	}
	sim.Principal = p.ARN
	caller := &iam.Caller{Type: iam.CallerUser, AccountID: p.Account}
	for _, action := range in.Actions {
		for _, res := range resources {
			pc := s.k.RequestContext(caller, in.Context)
			req := &policy.Request{Principal: p, Action: action, Resource: res, Context: pc}
			// As SimulatePrincipalPolicy: without a resource policy the
			// resource counts as the caller's account's.
			if res == "*" || in.ResourcePolicy == "" {
				req.ResourceAccount = c.AccountID
			}
			d := policy.Explain(req, set)
			r := SimulatedResult{Action: action, Resource: res, Message: d.Message(req)}
			switch d.Effect {
			case policy.Allow:
				r.Decision = "allowed"
			case policy.ExplicitDeny:
				r.Decision = "explicitDeny"
			default:
				r.Decision, r.MissingLayer = "implicitDeny", d.Missing.String()
				if d.Missing == policy.LayerNone {
					r.MissingLayer = policy.LayerIdentity.String()
				}
			}
			ref := func(m policy.Match) StatementRef {
				return StatementRef{Policy: idx[m.Policy], Statement: m.Statement, Sid: m.Sid, Effect: m.Effect}
			}
			for _, m := range d.Matched {
				r.Matched = append(r.Matched, ref(m))
			}
			if d.Effect != policy.ImplicitDeny {
				dr := ref(d.Decisive)
				r.Decisive = &dr
			}
			r.MissingContext = missingContext(set, p, pc, action, res)
			sim.Results = append(sim.Results, r)
		}
	}
	return sim, nil
}

// simulationSource adds the policies of the user, group or role
// sourceARN names to set (compiled under the kernel's IDs, through add
// with their texts) and returns the principal the run evaluates as: the
// user, a session of the role, or a member of the group.
func (s *Service) simulationSource(q *store.Q, c *iam.Caller, sourceARN string, set *policy.Set, add func(*policy.Policy, string, string, string)) (policy.Principal, error) {
	a, perr := arn.Parse(sourceARN)
	typ, rest, _ := strings.Cut(a.Resource, "/")
	if perr != nil || a.Service != "iam" || a.Account != c.AccountID || typ != "user" && typ != "role" && typ != "group" {
		return policy.Principal{}, iam.Invalid("source", "Invalid policy source ARN %s.", sourceARN)
	}
	name := rest[strings.LastIndex(rest, "/")+1:]
	p := policy.Principal{Account: c.AccountID, Tags: map[string]string{}}
	type step struct{ typ, id, name string }
	var steps []step
	var boundary *string
	switch typ {
	case "user":
		u, err := q.UserByName(c.AccountID, name)
		if err != nil {
			return p, iam.StoreErr(err, noSuchEntityOf("user", name))
		}
		p.Type, p.ARN, p.UniqueID, p.UserName = policy.PrincipalUser, userARN(c.AccountID, u.Path, u.Name), u.ID, u.Name
		steps, boundary = []step{{"user", u.ID, u.Name}}, u.BoundaryARN
		groups, err := q.GroupsForUser(u.ID)
		if err != nil {
			return p, iam.Internal(err)
		}
		for _, g := range groups {
			steps = append(steps, step{"group", g.ID, g.Name})
		}
		if err := s.tagsOf(q, "user", u.ID, p.Tags); err != nil {
			return p, err
		}
	case "group":
		g, err := q.GroupByName(c.AccountID, name)
		if err != nil {
			return p, iam.StoreErr(err, noSuchEntityOf("group", name))
		}
		// A member of the group, named by the group's ARN.
		p.Type, p.ARN, p.UniqueID = policy.PrincipalUser, groupARN(c.AccountID, g.Path, g.Name), "AIDASIMULATEDUSER0000"
		steps = []step{{"group", g.ID, g.Name}}
	case "role":
		r, err := q.RoleByName(c.AccountID, name)
		if err != nil {
			return p, iam.StoreErr(err, noSuchRole(name))
		}
		roleARN := entityARN(c.AccountID, "role", r.Path, r.Name)
		p.Type, p.ARN, p.PrincipalARN, p.UniqueID, p.SessionName = policy.PrincipalAssumedRole, roleARN, roleARN, r.ID, "simulation"
		steps, boundary = []step{{"role", r.ID, r.Name}}, r.BoundaryARN
		if err := s.tagsOf(q, "role", r.ID, p.Tags); err != nil {
			return p, err
		}
	}
	// The kernel's order: the entity's inline and attached policies, then
	// its groups' inline policies, then theirs attached.
	type part struct {
		step
		inline bool
	}
	parts := []part{{steps[0], true}, {steps[0], false}}
	for _, inline := range []bool{true, false} {
		for _, st := range steps[1:] {
			parts = append(parts, part{st, inline})
		}
	}
	for _, st := range parts {
		if st.inline {
			ins, err := q.InlinePolicies(st.typ, st.id)
			if err != nil {
				return p, iam.Internal(err)
			}
			for _, in := range ins {
				cp, err := s.k.Compile(st.typ+"/"+st.name+"/"+in.Name, in.Document, policy.KindIdentity)
				if err != nil {
					return p, iam.Internal(err)
				}
				set.Identity = append(set.Identity, cp)
				add(cp, "Inline policy "+in.Name+" of "+st.typ+" "+st.name, policy.LayerIdentity.String(), in.Document)
			}
			continue
		}
		atts, err := q.AttachedPolicies(st.typ, st.id)
		if err != nil {
			return p, iam.Internal(err)
		}
		for _, at := range atts {
			cp, doc, err := s.managedPolicy(q, at.PolicyARN, policy.KindIdentity)
			if err != nil {
				return p, err
			}
			if cp == nil {
				continue
			}
			set.Identity = append(set.Identity, cp)
			add(cp, managedLabel(at.PolicyARN)+" attached to "+st.typ+" "+st.name, policy.LayerIdentity.String(), doc)
		}
	}
	if boundary != nil && *boundary != "" {
		set.HasBoundary = true
		cp, doc, err := s.managedPolicy(q, *boundary, policy.KindBoundary)
		if err != nil {
			return p, err
		}
		if cp != nil {
			set.Boundary = []*policy.Policy{cp}
			add(cp, "Permissions boundary "+policyNameOf(*boundary), policy.LayerBoundary.String(), doc)
		}
	}
	return p, nil
}

// managedPolicy compiles a managed policy's default version as the kernel
// does; nil when it has none.
func (s *Service) managedPolicy(q *store.Q, policyARN string, k policy.Kind) (*policy.Policy, string, error) {
	doc, ok, err := iam.ManagedDocument(q, policyARN)
	if err != nil {
		return nil, "", iam.Internal(err)
	}
	if !ok || doc == "" {
		return nil, "", nil
	}
	cp, err := s.k.Compile(policyARN, doc, k)
	if err != nil {
		return nil, "", iam.Internal(err)
	}
	return cp, doc, nil
}

// managedLabel names a managed policy for people.
func managedLabel(policyARN string) string {
	if _, ok := managed.ByARN(policyARN); ok {
		return "AWS managed policy " + policyNameOf(policyARN)
	}
	return "Customer managed policy " + policyNameOf(policyARN)
}

func (s *Service) tagsOf(q *store.Q, typ, id string, into map[string]string) error {
	ts, err := q.Tags(typ, id)
	if err != nil {
		return iam.Internal(err)
	}
	for _, t := range ts {
		into[t.Key] = t.Value
	}
	return nil
}

// statementSpans finds each statement of d in its text.
func statementSpans(d *policy.Document, text string) []StatementSpan {
	out := make([]StatementSpan, 0, len(d.Statements))
	for i, st := range d.Statements {
		sp := StatementSpan{Index: i, Sid: st.Sid, Effect: st.Effect, StartLine: st.Line, StartCol: st.Column}
		sp.EndLine, sp.EndCol, _ = policy.StatementEnd(text, st.Line, st.Column)
		out = append(out, sp)
	}
	return out
}

// derivedKeys are the condition keys the engine derives from the principal
// when the request does not carry them.
var derivedKeys = map[string]bool{"aws:principalarn": true, "aws:principalaccount": true, "aws:principaltype": true,
	"aws:userid": true, "aws:username": true}

// missingContext lists, once each and in policy order, the condition keys
// that the statements about action and resource test and that neither the
// request nor the principal supplies.
func missingContext(set *policy.Set, p policy.Principal, pc *policy.Context, action, resource string) []string {
	var out []string
	seen := map[string]bool{}
	ps := append(append(append([]*policy.Policy{}, set.Identity...), set.Boundary...), set.Session...)
	if set.Resource != nil {
		ps = append(ps, set.Resource)
	}
	for _, pol := range ps {
		for _, st := range pol.Document().Statements {
			if !statementCovers(st, action, resource) {
				continue
			}
			for _, c := range st.Conditions {
				k := strings.ToLower(c.Key)
				if seen[k] {
					continue
				}
				seen[k] = true
				if _, ok := pc.Get(k); ok || derivedKeys[k] && (k != "aws:username" || p.Type == policy.PrincipalUser) {
					continue
				}
				if tag, ok := strings.CutPrefix(k, "aws:principaltag/"); ok && hasTag(p.Tags, tag) {
					continue
				}
				out = append(out, c.Key)
			}
		}
	}
	return out
}

func hasTag(tags map[string]string, key string) bool {
	for k := range tags {
		if strings.EqualFold(k, key) {
			return true
		}
	}
	return false
}

// statementCovers reports whether a statement's Action and Resource (or
// their Not forms) cover action on resource, as the engine matches them.
func statementCovers(st *policy.Statement, action, resource string) bool {
	glob := func(patterns []string, v string, fold bool) bool {
		for _, p := range patterns {
			if fold && arn.Glob(strings.ToLower(p), v, false, true) || !fold && (strings.Contains(p, "${") || arn.Match(p, v)) {
				return true
			}
		}
		return false
	}
	if st.NotAction != nil {
		if glob(st.NotAction, action, true) {
			return false
		}
	} else if !glob(st.Action, action, true) {
		return false
	}
	switch {
	case st.NotResource != nil:
		return !glob(st.NotResource, resource, false)
	case st.Resource != nil:
		return resource == "*" || glob(st.Resource, resource, false)
	}
	return true
}
