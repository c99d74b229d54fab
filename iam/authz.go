package iam

import (
	"context"
	"strconv"
	"strings"
	"time"

	"iamconsole/iam/arn"
	"iamconsole/iam/catalog"
	"iamconsole/iam/managed"
	"iamconsole/iam/policy"
	"iamconsole/store"
)

// Check is one authorization question beyond the plain action and resource.
type Check struct {
	Action   string
	Resource string // ARN or "*"
	// ResourceAccount owns the resource; "" means parse it from Resource, or
	// the caller's account for "*".
	ResourceAccount string
	// ResourcePolicy is the target's resource-based policy (a role's trust
	// policy for sts:AssumeRole); Trust marks it as a trust policy.
	ResourcePolicy *policy.Policy
	Trust          bool
	// Context adds request-specific condition keys (sts:ExternalId, …).
	Context map[string][]string
}

// Authorize decides whether c may perform action on resource and returns an
// AccessDenied *Error with AWS's message and an explanation when not.
func (s *Service) Authorize(ctx context.Context, c *Caller, action, resource string) error {
	_, err := s.Decide(ctx, c, Check{Action: action, Resource: resource})
	return err
}

// Allowed answers the same question as Authorize, for graying out what the
// caller may not do.
func (s *Service) Allowed(ctx context.Context, c *Caller, action, resource string) bool {
	return s.Authorize(ctx, c, action, resource) == nil
}

// Decide evaluates a Check for c with AWS's evaluation logic. The root user
// may do anything inside its own account except assume roles.
func (s *Service) Decide(ctx context.Context, c *Caller, ch Check) (policy.Decision, error) {
	if c == nil {
		return policy.Decision{}, ErrNoSession
	}
	resAcct := resourceAccount(c, ch)
	if c.IsRoot() && resAcct == c.AccountID && !strings.EqualFold(ch.Action, catalog.STSAssumeRole.String()) {
		return policy.Decision{Effect: policy.Allow}, nil
	}
	set, tags, err := s.policySet(ctx, c)
	if err != nil {
		return policy.Decision{}, err
	}
	return s.decide(c, set, tags, ch, resAcct)
}

// DecideWith is Decide for c over policies gathered beforehand: set and
// tags as UserPolicies or RolePolicies fill them (plus session policies for
// a role session). It evaluates exactly as Decide does without reading the
// store, for callers that gather many principals' policies in bulk (the
// access graph). set is not modified.
func (s *Service) DecideWith(c *Caller, set *policy.Set, tags map[string]string, ch Check) (policy.Decision, error) {
	if c == nil {
		return policy.Decision{}, ErrNoSession
	}
	resAcct := resourceAccount(c, ch)
	if c.IsRoot() && resAcct == c.AccountID && !strings.EqualFold(ch.Action, catalog.STSAssumeRole.String()) {
		return policy.Decision{Effect: policy.Allow}, nil
	}
	return s.decide(c, set, tags, ch, resAcct)
}

// resourceAccount is the account owning ch's resource: as given, else the
// Resource ARN's, else c's own (for "*").
func resourceAccount(c *Caller, ch Check) string {
	if ch.ResourceAccount != "" {
		return ch.ResourceAccount
	}
	if a, err := arn.Parse(ch.Resource); err == nil && arn.IsAccountID(a.Account) {
		return a.Account
	}
	return c.AccountID
}

// decide evaluates ch for c over c's gathered policies; resAcct owns the
// resource.
func (s *Service) decide(c *Caller, set *policy.Set, tags map[string]string, ch Check, resAcct string) (policy.Decision, error) {
	if ch.ResourcePolicy != nil {
		cp := *set
		cp.Resource, cp.Trust = ch.ResourcePolicy, ch.Trust
		set = &cp
	}
	req := &policy.Request{Principal: principalOf(c, tags), Action: ch.Action, Resource: ch.Resource,
		ResourceAccount: resAcct, Context: s.RequestContext(c, ch.Context)}
	if c.IsRoot() && resAcct == c.AccountID {
		// Root is beyond identity policy in its own account; only the
		// resource-based side (a trust policy) can refuse it.
		set = &policy.Set{Resource: set.Resource, Trust: set.Trust}
	}
	d := policy.Explain(req, set)
	if d.Effect == policy.Allow {
		return d, nil
	}
	return d, deniedError(req, d)
}

func deniedError(req *policy.Request, d policy.Decision) *Error {
	ex := &Explanation{Action: req.Action, Resource: req.Resource, Explicit: d.Effect == policy.ExplicitDeny}
	if d.Effect == policy.ExplicitDeny {
		ex.Layer, ex.Policy, ex.Sid = d.Decisive.Layer.String(), d.Decisive.Policy, d.Decisive.Sid
	} else {
		ex.Layer = d.Missing.String()
	}
	return &Error{Kind: KindDenied, Code: "AccessDenied", Message: d.Message(req), Explanation: ex}
}

// RequestContext builds the aws:* keys AWS supplies for c's request.
func (s *Service) RequestContext(c *Caller, extra map[string][]string) *policy.Context {
	now := s.Now()
	pc := policy.NewContext()
	// Keys are written in lower case, as Context keeps them, so that
	// setting them allocates nothing: every authorization builds one.
	pc.Set("aws:currenttime", now.UTC().Format(time.RFC3339))
	pc.Set("aws:epochtime", strconv.FormatInt(now.Unix(), 10))
	pc.Set("aws:securetransport", "false")
	pc.Set("aws:requestedregion", "us-east-1")
	if c.SourceIP != "" {
		pc.Set("aws:sourceip", c.SourceIP)
	}
	if c.Temporary {
		pc.Set("aws:multifactorauthpresent", boolString(c.MFA))
		if !c.IssuedAt.IsZero() {
			pc.Set("aws:tokenissuetime", c.IssuedAt.UTC().Format(time.RFC3339))
		}
	}
	if c.MFA && !c.MFAAuthTime.IsZero() {
		pc.Set("aws:multifactorauthage", strconv.FormatInt(int64(now.Sub(c.MFAAuthTime).Seconds()), 10))
	}
	if c.SourceIdentity != "" {
		pc.Set("aws:sourceidentity", c.SourceIdentity)
	}
	for k, v := range extra {
		pc.Set(k, v...)
	}
	return pc
}

func principalOf(c *Caller, tags map[string]string) policy.Principal {
	p := policy.Principal{ARN: c.ARN, PrincipalARN: c.PrincipalARN(), Account: c.AccountID, UniqueID: c.UniqueID, Tags: tags}
	switch c.Type {
	case CallerRoot:
		p.Type = policy.PrincipalRoot
	case CallerAssumedRole:
		p.Type, p.SessionName = policy.PrincipalAssumedRole, c.SessionName
	case CallerFederatedUser:
		p.Type, p.SessionName, p.UniqueID = policy.PrincipalFederated, c.SessionName, ""
	default:
		p.Type, p.UserName = policy.PrincipalUser, c.UserName
	}
	return p
}

// PolicySet is every policy that applies to c, as authorization weighs
// them: identity policies, permissions boundary and session policies,
// cached per principal until the configuration changes. The set is shared
// and must not be changed.
func (s *Service) PolicySet(ctx context.Context, c *Caller) (*policy.Set, error) {
	set, _, err := s.policySet(ctx, c)
	return set, err
}

// policySet gathers and compiles every policy that applies to c: identity
// policies, permissions boundary and session policies.
func (s *Service) policySet(ctx context.Context, c *Caller) (*policy.Set, map[string]string, error) {
	key := s.cacheKey(c)
	gen := s.gen.Load()
	if cs, ok := s.caches.sets.Get(key); ok && cs.gen == gen {
		return cs.set, cs.tags, nil
	}
	set := &policy.Set{}
	tags := map[string]string{}
	q := s.st.Read(ctx)
	var err error
	switch c.Type {
	case CallerUser:
		err = s.UserPolicies(q, c.UserID, set, tags)
	case CallerAssumedRole:
		err = s.RolePolicies(q, c.RoleID, set, tags)
		if err == nil {
			err = s.sessionPolicies(q, c, set)
		}
		for k, v := range c.SessionTags {
			tags[k] = v
		}
	case CallerFederatedUser:
		// The asking user's permissions, cut down to the session policies;
		// without any, the federated user may do nothing.
		if c.UserID != "" {
			err = s.UserPolicies(q, c.UserID, set, tags)
		} else {
			var all *policy.Policy
			if all, err = s.Compile("root", `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}`, policy.KindIdentity); err == nil {
				set.Identity = []*policy.Policy{all}
			}
		}
		if err == nil {
			err = s.sessionPolicies(q, c, set)
			set.HasSession = true
		}
		for k, v := range c.SessionTags {
			tags[k] = v
		}
	}
	if err != nil {
		return nil, nil, err
	}
	s.caches.sets.Put(key, &cachedSet{gen: gen, set: set, tags: tags})
	return set, tags, nil
}

func (s *Service) cacheKey(c *Caller) string {
	// A role session without session policies or tags has exactly its
	// role's policies: one entry per role serves every such session (each
	// console switch and AssumeRole opens a new one).
	if c.Type == CallerAssumedRole && c.SessionPolicy == "" && len(c.SessionPolicyARNs) == 0 && len(c.SessionTags) == 0 {
		return string(c.Type) + "\x00" + c.RoleID
	}
	// Session policies and tags differ per session, so other role sessions
	// are cached per session.
	return string(c.Type) + "\x00" + c.UniqueID + "\x00" + c.RoleSessionID + "\x00" + c.AccessKeyID
}

// attachedPolicies compiles the managed policies attached to entities.
func (s *Service) attachedPolicies(q *store.Q, entityType string, ids []string) ([]*policy.Policy, error) {
	atts, err := q.AttachedPoliciesMany(entityType, ids)
	if err != nil {
		return nil, Internal(err)
	}
	var customer []string
	for _, a := range atts {
		if !managed.IsAWSManaged(a.PolicyARN) {
			customer = append(customer, a.PolicyARN)
		}
	}
	docs, err := q.DefaultDocuments(customer)
	if err != nil {
		return nil, Internal(err)
	}
	var out []*policy.Policy
	for _, a := range atts {
		doc := docs[a.PolicyARN]
		if mp, ok := managed.ByARN(a.PolicyARN); ok {
			doc = string(mp.Document)
		}
		if doc == "" {
			continue
		}
		p, err := s.Compile(a.PolicyARN, doc, policy.KindIdentity)
		if err != nil {
			return nil, Internal(err)
		}
		out = append(out, p)
	}
	return out, nil
}

func (s *Service) inlinePolicies(q *store.Q, entityType string, names map[string]string, ids []string) ([]*policy.Policy, error) {
	ins, err := q.InlinePolicies(entityType, ids...)
	if err != nil {
		return nil, Internal(err)
	}
	var out []*policy.Policy
	for _, in := range ins {
		p, err := s.Compile(entityType+"/"+names[in.EntityID]+"/"+in.Name, in.Document, policy.KindIdentity)
		if err != nil {
			return nil, Internal(err)
		}
		out = append(out, p)
	}
	return out, nil
}

// UserPolicies adds to set the compiled identity policies of a user (its
// own and its groups', inline and attached) and its permissions boundary,
// and to tags its tags.
func (s *Service) UserPolicies(q *store.Q, userID string, set *policy.Set, tags map[string]string) error {
	u, err := q.UserByID(userID)
	if err != nil {
		return StoreErr(err, ErrNoSession)
	}
	groups, err := q.GroupsForUser(userID)
	if err != nil {
		return Internal(err)
	}
	names := map[string]string{u.ID: u.Name}
	gids := make([]string, 0, len(groups))
	for _, g := range groups {
		gids = append(gids, g.ID)
		names[g.ID] = g.Name
	}
	for _, step := range []struct {
		typ string
		ids []string
	}{{"user", []string{u.ID}}, {"group", gids}} {
		in, err := s.inlinePolicies(q, step.typ, names, step.ids)
		if err != nil {
			return err
		}
		at, err := s.attachedPolicies(q, step.typ, step.ids)
		if err != nil {
			return err
		}
		set.Identity = append(set.Identity, in...)
		set.Identity = append(set.Identity, at...)
	}
	if err := s.boundary(q, u.BoundaryARN, set); err != nil {
		return err
	}
	ts, err := q.Tags("user", u.ID)
	if err != nil {
		return Internal(err)
	}
	for _, t := range ts {
		tags[t.Key] = t.Value
	}
	return nil
}

// RolePolicies adds to set the compiled identity policies of a role and its
// permissions boundary, and to tags its tags.
func (s *Service) RolePolicies(q *store.Q, roleID string, set *policy.Set, tags map[string]string) error {
	r, err := q.RoleByID(roleID)
	if err != nil {
		return StoreErr(err, &Error{Kind: KindDenied, Code: "AccessDenied", Message: "The role of this session no longer exists."})
	}
	in, err := s.inlinePolicies(q, "role", map[string]string{r.ID: r.Name}, []string{r.ID})
	if err != nil {
		return err
	}
	at, err := s.attachedPolicies(q, "role", []string{r.ID})
	if err != nil {
		return err
	}
	set.Identity = append(append(set.Identity, in...), at...)
	if err := s.boundary(q, r.BoundaryARN, set); err != nil {
		return err
	}
	ts, err := q.Tags("role", r.ID)
	if err != nil {
		return Internal(err)
	}
	for _, t := range ts {
		tags[t.Key] = t.Value
	}
	return nil
}

func (s *Service) boundary(q *store.Q, boundaryARN *string, set *policy.Set) error {
	if boundaryARN == nil || *boundaryARN == "" {
		return nil
	}
	set.HasBoundary = true
	doc, ok, err := ManagedDocument(q, *boundaryARN)
	if err != nil {
		return Internal(err)
	}
	if ok {
		p, err := s.Compile(*boundaryARN, doc, policy.KindBoundary)
		if err != nil {
			return Internal(err)
		}
		set.Boundary = []*policy.Policy{p}
	}
	return nil
}

func (s *Service) sessionPolicies(q *store.Q, c *Caller, set *policy.Set) error {
	if c.SessionPolicy == "" && len(c.SessionPolicyARNs) == 0 {
		return nil
	}
	set.HasSession = true
	if c.SessionPolicy != "" {
		p, err := s.Compile("session policy", c.SessionPolicy, policy.KindSession)
		if err != nil {
			return Internal(err)
		}
		set.Session = append(set.Session, p)
	}
	for _, a := range c.SessionPolicyARNs {
		doc, ok, err := ManagedDocument(q, a)
		if err != nil {
			return Internal(err)
		}
		if !ok {
			continue
		}
		p, err := s.Compile(a, doc, policy.KindSession)
		if err != nil {
			return Internal(err)
		}
		set.Session = append(set.Session, p)
	}
	return nil
}
