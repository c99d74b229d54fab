package s3

import (
	"context"
	"errors"
	"net"
	"strconv"
	"strings"

	"iamconsole/iam"
	"iamconsole/iam/arn"
	"iamconsole/iam/catalog"
	"iamconsole/iam/policy"
	"iamconsole/store"
)

func isNotFound(err error) bool { return errors.Is(err, store.ErrNotFound) }

// PublicAccessBlock is a bucket's Block Public Access configuration.
type PublicAccessBlock struct {
	BlockPublicAcls, IgnorePublicAcls, BlockPublicPolicy, RestrictPublicBuckets bool
}

// AllBlocked is the configuration S3 gives every new bucket.
var AllBlocked = PublicAccessBlock{true, true, true, true}

func (p PublicAccessBlock) encode() string {
	b := []byte("0000")
	for i, on := range []bool{p.BlockPublicAcls, p.IgnorePublicAcls, p.BlockPublicPolicy, p.RestrictPublicBuckets} {
		if on {
			b[i] = '1'
		}
	}
	return string(b)
}

func parsePublicAccessBlock(s string) PublicAccessBlock {
	at := func(i int) bool { return len(s) > i && s[i] == '1' }
	return PublicAccessBlock{at(0), at(1), at(2), at(3)}
}

// check builds the authorization question for an S3 request on a bucket
// (or an object in it): the bucket policy as the resource-based policy, the
// bucket owner as the resource account, and the condition keys S3 fills.
func (s *Service) check(ctx context.Context, c *iam.Caller, b *bucket, action, resource string, keys map[string][]string) iam.Check {
	ck := make(map[string][]string, len(keys)+len(b.tags)+6)
	for k, v := range keys {
		ck[k] = v
	}
	ck["s3:ResourceAccount"] = []string{b.owner}
	ck["aws:ResourceAccount"] = []string{b.owner}
	for _, t := range b.tags {
		ck["aws:ResourceTag/"+t.Key] = []string{t.Value}
	}
	r := requestOf(ctx)
	if r.AuthType != "" {
		ck["s3:authType"] = []string{r.AuthType}
		ck["s3:signatureversion"] = []string{r.SignatureVersion}
		if r.ContentSHA256 != "" {
			ck["s3:x-amz-content-sha256"] = []string{r.ContentSHA256}
		}
	}
	ck["aws:SecureTransport"] = []string{strconv.FormatBool(r.Secure)}
	pol := b.policy
	if pol != nil && b.public && b.bpa != nil && b.bpa.RestrictPublicBuckets && c.AccountID != b.owner {
		// RestrictPublicBuckets: a public policy grants nothing outside the
		// bucket owner's account.
		pol = nil
	}
	return iam.Check{Action: action, Resource: resource, ResourceAccount: b.owner, ResourcePolicy: pol, Context: ck}
}

// decide answers an authorization question with S3's AccessDenied.
func (s *Service) decide(ctx context.Context, c *iam.Caller, b *bucket, action, resource string, keys map[string][]string) error {
	if _, err := s.iam.Decide(ctx, c, s.check(ctx, c, b, action, resource, keys)); err != nil {
		return s.denied(err, c, b)
	}
	return nil
}

// authorize is decide for an operation in flight: a refusal ends it.
func (s *Service) authorize(ctx context.Context, op *iam.Op, c *iam.Caller, b *bucket, action, resource string, keys map[string][]string) error {
	if err := s.decide(ctx, c, b, action, resource, keys); err != nil {
		return op.Fail(err)
	}
	return nil
}

// denied turns the kernel's denial into S3's: S3 quotes the resource ARN,
// and answers a principal of another account with a bare "Access Denied".
func (s *Service) denied(err error, c *iam.Caller, b *bucket) error {
	e := iam.AsError(err)
	if e.Kind != iam.KindDenied {
		return err
	}
	out := *e
	if c.AccountID != b.owner {
		out.Message = "Access Denied"
	} else if ex := e.Explanation; ex != nil {
		out.Message = strings.Replace(e.Message, " on resource: "+ex.Resource+" ", ` on resource: "`+ex.Resource+`" `, 1)
	}
	return &Error{IAM: &out, Status: 403}
}

// Allowed reports whether c may perform action on the bucket (key "") or
// one of its objects, as S3 would decide it: for the console's buttons.
func (s *Service) Allowed(ctx context.Context, c *iam.Caller, bucketName, key, action string) bool {
	b, err := s.bucket(ctx, bucketName)
	if err != nil {
		return false
	}
	res := b.arn
	if key != "" {
		res = ObjectARN(bucketName, key)
	}
	return s.decide(ctx, c, b, action, res, nil) == nil
}

// restrictingKeys are the condition keys that, with fixed values, keep a
// statement granting to "*" from being public (AWS's definition for Block
// Public Access).
var restrictingKeys = map[string]bool{
	"aws:sourcearn": true, "aws:sourcevpc": true, "aws:sourcevpce": true, "aws:sourceaccount": true,
	"aws:sourceowner": true, "aws:principalaccount": true, "aws:principalorgid": true, "aws:principalarn": true,
	"aws:userid": true, "aws:principalorgpaths": true, "s3:dataaccesspointarn": true, "s3:dataaccesspointaccount": true,
	"aws:sourceip": true,
}

// isPublicPolicy reports whether a bucket policy grants public access: an
// Allow to every principal ("*") with no condition that fixes who may call,
// as AWS defines it for Block Public Access and GetBucketPolicyStatus.
func isPublicPolicy(d *policy.Document) bool {
	for _, st := range d.Statements {
		if st.Effect != "Allow" {
			continue
		}
		everyone := st.NotPrincipal != nil
		if p := st.Principal; p != nil {
			everyone = everyone || p.Wildcard
			for _, a := range p.AWS {
				everyone = everyone || a == "*"
			}
		}
		if everyone && !restricted(st.Conditions) {
			return true
		}
	}
	return false
}

func restricted(conds []policy.Condition) bool {
	for _, c := range conds {
		key := strings.ToLower(c.Key)
		if !restrictingKeys[key] || strings.Contains(c.Operator, "Not") || strings.HasPrefix(c.Operator, "ForAnyValue:") {
			continue
		}
		fixed := len(c.Values) > 0
		for _, v := range c.Values {
			if strings.ContainsAny(v, "*?") {
				fixed = false
			}
			if key == "aws:sourceip" && !narrowCIDR(v) {
				fixed = false
			}
		}
		if fixed {
			return true
		}
	}
	return false
}

// narrowCIDR reports whether an address range is narrow enough not to
// count as public: S3 treats an IPv4 range wider than /8 (an IPv6 one wider
// than /32) as everyone.
func narrowCIDR(v string) bool {
	if !strings.Contains(v, "/") {
		return net.ParseIP(v) != nil
	}
	_, n, err := net.ParseCIDR(v)
	if err != nil {
		return false
	}
	ones, bits := n.Mask.Size()
	return bits == 32 && ones >= 8 || bits == 128 && ones >= 32
}

// compilePolicy validates a bucket policy as S3 does and compiles it. Its
// errors are MalformedPolicy with S3's message, and positions for the
// console's editor.
func (s *Service) compilePolicy(ctx context.Context, bucket, text string) (*policy.Policy, error) {
	if len(text) > MaxPolicyBytes {
		return nil, errMalformedPolicy("Policies must be at most 20 KB in size.")
	}
	d, err := policy.ParseFor([]byte(text), policy.KindResource)
	if err == nil {
		err = d.Validate(policy.KindResource)
	}
	if err != nil {
		var es policy.Errors
		if !errors.As(err, &es) || len(es) == 0 {
			return nil, errMalformedPolicy("This policy contains invalid Json")
		}
		e := errMalformedPolicy(es[0].Message)
		for _, pe := range es {
			e.IAM.Positions = append(e.IAM.Positions, iam.Position{Line: pe.Line, Column: pe.Column, Message: pe.Message})
		}
		return nil, e
	}
	for _, st := range d.Statements {
		if msg := s.statementProblem(ctx, bucket, st); msg != "" {
			e := errMalformedPolicy(msg)
			e.IAM.Positions = []iam.Position{{Line: st.Line, Column: st.Column, Message: msg}}
			return nil, e
		}
	}
	return policy.Compile(BucketARN(bucket), []byte(text), policy.KindResource)
}

// statementProblem returns S3's message for what is wrong with one
// statement of a bucket policy, "" if nothing is.
func (s *Service) statementProblem(ctx context.Context, bucket string, st *policy.Statement) string {
	resources := st.Resource
	if resources == nil {
		resources = st.NotResource
	}
	for _, r := range resources {
		if r != BucketARN(bucket) && !strings.HasPrefix(r, BucketARN(bucket)+"/") {
			return "Policy has invalid resource"
		}
	}
	actions := st.Action
	if actions == nil {
		actions = st.NotAction
	}
	var matched []*catalog.ActionInfo
	for _, a := range actions {
		if a != "*" && !strings.HasPrefix(strings.ToLower(a), "s3:") {
			return "Policy has invalid action"
		}
		m := catalog.MatchActions(a)
		if a == "*" {
			m = catalog.MatchActions("s3:*")
		}
		if len(m) == 0 {
			return "Policy has invalid action"
		}
		matched = append(matched, m...)
	}
	if st.Action != nil && st.Resource != nil && !appliesToAny(matched, st.Resource) {
		return "Action does not apply to any resource(s) in statement"
	}
	for _, c := range st.Conditions {
		if _, ok := catalog.ConditionKey(c.Key); !ok {
			return "Policy has an invalid condition key"
		}
	}
	for _, p := range []*policy.Principals{st.Principal, st.NotPrincipal} {
		if p != nil && !s.validPrincipals(ctx, p) {
			return "Invalid principal in policy"
		}
	}
	return ""
}

// appliesToAny reports whether some action applies to some resource.
func appliesToAny(actions []*catalog.ActionInfo, resources []string) bool {
	for _, r := range resources {
		for _, a := range actions {
			if _, ok := catalog.ResourceTypeFor(a.String(), r); ok {
				return true
			}
		}
	}
	return false
}

// validPrincipals checks the AWS principals of a bucket policy: "*", an
// account (ID or root ARN), or a user, role or assumed-role session of an
// account, each of which must exist, as S3 requires.
func (s *Service) validPrincipals(ctx context.Context, p *policy.Principals) bool {
	q := s.st.Read(ctx)
	for _, v := range p.AWS {
		if v == "*" {
			continue
		}
		if arn.IsAccountID(v) {
			if _, err := q.Account(v); err != nil {
				return false
			}
			continue
		}
		a, err := arn.Parse(v)
		if err != nil || !arn.IsAccountID(a.Account) {
			return false
		}
		if _, err := q.Account(a.Account); err != nil {
			return false
		}
		kind, rest, _ := strings.Cut(a.Resource, "/")
		name := rest[strings.LastIndex(rest, "/")+1:]
		switch {
		case a.Service == "iam" && kind == "root" && rest == "":
		case a.Service == "iam" && kind == "user":
			if _, err := q.UserByName(a.Account, name); err != nil {
				return false
			}
		case a.Service == "iam" && kind == "role":
			if _, err := q.RoleByName(a.Account, name); err != nil {
				return false
			}
		case a.Service == "sts" && kind == "assumed-role":
			role, _, _ := strings.Cut(rest, "/")
			if _, err := q.RoleByName(a.Account, role); err != nil {
				return false
			}
		default:
			return false
		}
	}
	return true
}
