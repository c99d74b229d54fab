package ec2

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"time"

	"iamconsole/iam"
	"iamconsole/iam/catalog"
	"iamconsole/iam/policy"
	"iamconsole/resources/authzmsg"
	"iamconsole/store"
)

// Source is EC2's CloudTrail event source.
const Source = "ec2.amazonaws.com"

// DefaultRegion is the region of console requests.
const DefaultRegion = "us-east-1"

// Service carries out EC2's operations through the iam kernel.
type Service struct {
	svc   *iam.Service
	msgs  *authzmsg.Codec
	cache instCache
	// shared: other instances write the database too (store.Shared); then
	// no scope is cached, so that their writes are seen at once.
	shared bool
}

// New builds the EC2 service; msgs seals the authorization messages of
// refusals.
func New(svc *iam.Service, msgs *authzmsg.Codec) *Service {
	s := &Service{svc: svc, msgs: msgs, shared: svc.Store().Shared()}
	s.cache.m = map[scope]*instSet{}
	return s
}

// Now is the service's clock.
func (s *Service) Now() time.Time { return s.svc.Now() }

// ec2Error is an EC2 error: a client error unless kind says otherwise.
func ec2Error(kind iam.Kind, code, format string, args ...any) *iam.Error {
	return &iam.Error{Kind: kind, Code: code, Message: fmt.Sprintf(format, args...)}
}

func invalidValue(format string, args ...any) *iam.Error {
	return ec2Error(iam.KindInvalid, "InvalidParameterValue", format, args...)
}

// ErrDryRun is DryRun's answer when the request would have succeeded.
var ErrDryRun = ec2Error(iam.KindInvalid, "DryRunOperation", "Request would have succeeded, but DryRun flag is set.")

// regionOf is the region of c's request.
func regionOf(c *iam.Caller) string {
	if c != nil && c.Region != "" {
		return c.Region
	}
	return DefaultRegion
}

// InstanceARN is an instance's ARN.
func InstanceARN(region, account, id string) string {
	return catalog.EC2Instance.ARN(region, account, id)
}

// begin starts the record of an operation.
func (s *Service) begin(ctx context.Context, c *iam.Caller, event string, params any, readOnly bool) *iam.Op {
	o := s.svc.StartOp(ctx, c, Source, event, params)
	o.Rec.AWSRegion = regionOf(c)
	o.Rec.ReadOnly = readOnly
	return o
}

// fail ends o with err, recorded with CloudTrail's "Client." prefix of
// EC2's client errors, and returns err.
func fail(o *iam.Op, err error) error {
	e := iam.AsError(err)
	if e.Kind != iam.KindInternal && !strings.HasPrefix(e.Code, "Client.") {
		rec := *e
		rec.Code = "Client." + e.Code
		o.Fail(&rec)
		return err
	}
	return o.Fail(err)
}

// done ends o: a read is queued, a write was made.
func done(o *iam.Op, err error) error {
	if err != nil {
		return fail(o, err)
	}
	if o.Rec.ReadOnly {
		return o.Read(nil)
	}
	return o.Done(nil)
}

// check is one authorization of a request: an action on a resource with
// its condition keys.
type check struct {
	action, resource string
	keys             map[string][]string
}

// authorize decides every check of a request in order; the first refusal
// is UnauthorizedOperation with AWS's explanation and, when encode, an
// encoded authorization message.
func (s *Service) authorize(ctx context.Context, o *iam.Op, c *iam.Caller, encode bool, checks ...check) error {
	region := regionOf(c)
	for _, ch := range checks {
		keys := map[string][]string{"ec2:Region": {region}, "aws:RequestedRegion": {region}}
		for k, v := range ch.keys {
			keys[k] = v
		}
		d, err := s.svc.Decide(ctx, c, iam.Check{Action: ch.action, Resource: ch.resource, Context: keys})
		if err == nil {
			continue
		}
		if !iam.IsKind(err, iam.KindDenied) {
			return fail(o, err)
		}
		denied := iam.AsError(err)
		msg := "You are not authorized to perform this operation. " + denied.Message + "."
		if encode && s.msgs != nil {
			msg += " Encoded authorization failure message: " + s.msgs.Encode(c.AccountID, s.message(c, ch, keys, d))
		}
		return fail(o, &iam.Error{Kind: iam.KindDenied, Code: "UnauthorizedOperation", Message: msg, Explanation: denied.Explanation})
	}
	return nil
}

// message is the authorization message of a refused check.
func (s *Service) message(c *iam.Caller, ch check, keys map[string][]string, d policy.Decision) *authzmsg.Message {
	all := map[string][]string{
		"aws:Account": {c.AccountID}, "aws:Service": {"ec2"}, "aws:PrincipalType": {string(c.Type)},
		"aws:userid": {c.UserIDKey()}, "aws:CurrentTime": {s.svc.Now().UTC().Format(time.RFC3339)},
	}
	if c.Type == iam.CallerUser {
		all["aws:username"] = []string{c.UserName}
	}
	if c.Temporary {
		all["aws:MultiFactorAuthPresent"] = []string{fmt.Sprint(c.MFA)}
	}
	if _, res, ok := strings.Cut(ch.resource, ":"+c.AccountID+":"); ok {
		all["aws:Resource"] = []string{res}
		if typ, _, ok := strings.Cut(res, "/"); ok {
			all["aws:Type"] = []string{typ}
		}
	}
	for k, v := range keys {
		all[k] = v
	}
	m := &authzmsg.Message{ExplicitDeny: d.Effect == policy.ExplicitDeny,
		Context: authzmsg.Context{Principal: principalOf(c), Action: ch.action, Resource: ch.resource, Conditions: authzmsg.Conditions(all)}}
	for _, mt := range d.Matched {
		st := authzmsg.Statement{StatementID: mt.Sid, Effect: strings.ToUpper(mt.Effect)}
		st.Principals.Items = []authzmsg.Value{{Value: c.UniqueID}}
		st.Actions.Items = []authzmsg.Value{{Value: ch.action}}
		st.Resources.Items = []authzmsg.Value{{Value: ch.resource}}
		m.MatchedStatements.Items = append(m.MatchedStatements.Items, st)
	}
	return m
}

func principalOf(c *iam.Caller) authzmsg.Principal {
	p := authzmsg.Principal{ID: c.UniqueID, ARN: c.ARN}
	switch c.Type {
	case iam.CallerUser:
		p.Name = c.UserName
	case iam.CallerAssumedRole:
		p.ID = c.UniqueID + ":" + c.SessionName
	}
	return p
}

// scope is an account's region.
type scope struct{ account, region string }

// instSet is a scope's instances with their tags, as read at fetched,
// and their answers but for what depends on the time (see refresh).
type instSet struct {
	fetched   time.Time
	instances []store.EC2Instance
	tags      map[string][]store.EC2Tag // by resource ID
	views     []Instance
}

// instCache keeps each scope's instances for reads; writes drop their
// scope's entry, and entries older than instTTL are read again. Instances
// sharing one database keep none (Service.shared).
type instCache struct {
	mu sync.Mutex
	m  map[scope]*instSet
	// loading serializes the reads of a scope, so that requests arriving
	// together after a write read the store once.
	loading sync.Mutex
}

const instTTL = time.Second

func (s *Service) drop(sc scope) {
	s.cache.mu.Lock()
	delete(s.cache.m, sc)
	s.cache.mu.Unlock()
}

// instances reads a scope's instances (terminated ones included until they
// are gone) with their tags.
func (s *Service) instances(ctx context.Context, sc scope) (*instSet, error) {
	now := time.Now()
	if s.shared {
		return s.load(ctx, sc, now)
	}
	s.cache.mu.Lock()
	set, ok := s.cache.m[sc]
	s.cache.mu.Unlock()
	if ok && now.Sub(set.fetched) < instTTL {
		return set, nil
	}
	s.cache.loading.Lock()
	defer s.cache.loading.Unlock()
	s.cache.mu.Lock()
	set, ok = s.cache.m[sc]
	s.cache.mu.Unlock()
	if ok && now.Sub(set.fetched) < instTTL {
		return set, nil
	}
	set, err := s.load(ctx, sc, now)
	if err != nil {
		return nil, err
	}
	s.cache.mu.Lock()
	if len(s.cache.m) > 10000 {
		s.cache.m = map[scope]*instSet{}
	}
	s.cache.m[sc] = set
	s.cache.mu.Unlock()
	return set, nil
}

// load reads a scope's instances and tags from the store.
func (s *Service) load(ctx context.Context, sc scope, now time.Time) (*instSet, error) {
	q := s.svc.Store().Read(ctx)
	is, err := q.EC2Instances(store.EC2InstanceFilter{AccountID: sc.account, Region: sc.region, Now: time.Time{}})
	if err != nil {
		return nil, iam.Internal(err)
	}
	ts, err := q.EC2Tags(sc.account, sc.region, nil)
	if err != nil {
		return nil, iam.Internal(err)
	}
	set := &instSet{fetched: now, instances: is, tags: map[string][]store.EC2Tag{}}
	for _, t := range ts {
		set.tags[t.ResourceID] = append(set.tags[t.ResourceID], t)
	}
	set.views = make([]Instance, len(is))
	for k := range is {
		set.views[k] = baseView(&is[k], set.tags[is[k].ID])
	}
	return set, nil
}

// write runs fn in a write transaction and drops the scope's cache.
func (s *Service) write(ctx context.Context, sc scope, fn func(q *store.Q) error) error {
	err := s.svc.Store().Tx(ctx, fn)
	s.drop(sc)
	if err != nil {
		if e, ok := err.(*iam.Error); ok {
			return e
		}
		return iam.Internal(err)
	}
	return nil
}
