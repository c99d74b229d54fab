package identity

import (
	"context"
	"errors"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"iamconsole/iam"
	"iamconsole/iam/arn"
	"iamconsole/iam/catalog"
	"iamconsole/iam/managed"
	"iamconsole/iam/policy"
	"iamconsole/store"
)

// PolicyInfo is a managed policy as GetPolicy reports it.
type PolicyInfo struct {
	PolicyName, PolicyID, ARN, Path, Description, DefaultVersionID string
	AttachmentCount                                                int
	IsAttachable, AWSManaged                                       bool
	CreateDate, UpdateDate                                         time.Time
	// Tags are the policy's tags (GetPolicy and CreatePolicy fill them in).
	Tags []iam.Tag
}

// PolicyVersionInfo is one version of a managed policy.
type PolicyVersionInfo struct {
	VersionID, Document string
	IsDefaultVersion    bool
	CreateDate          time.Time
}

// CreatePolicyInput are the parameters of CreatePolicy.
type CreatePolicyInput struct {
	PolicyName, Path, Description, PolicyDocument string
	Tags                                          []iam.Tag
}

// ListPoliciesInput selects a page of managed policies.
type ListPoliciesInput struct {
	Scope         string // "All" (default), "AWS" or "Local"
	OnlyAttached  bool
	PathPrefix    string
	Search        string // substring of the name, case-insensitive
	Marker        string
	MaxItems      int  // 0: the default, 100, unless MaxItemsGiven
	MaxItemsGiven bool // a request sent MaxItems: AWS refuses an explicit 0
}

// MaxPolicyVersions is the number of versions a managed policy may keep.
const MaxPolicyVersions = 5

var policyPathPattern = regexp.MustCompile(`^((/[A-Za-z0-9\.,\+@=_-]+)*)/$`)

// NoSuchPolicy is NoSuchEntity for a managed policy that does not exist
// or is not attachable.
func NoSuchPolicy(policyARN string) *iam.Error {
	e := iam.NoSuchEntity("Policy %s does not exist or is not attachable.", policyARN)
	e.Field = "policy_arn"
	return e
}

func managedInfo(mp managed.Policy, counts map[string]int) PolicyInfo {
	return PolicyInfo{PolicyName: mp.Name, PolicyID: mp.PolicyID, ARN: mp.ARN, Path: mp.Path, Description: mp.Description,
		DefaultVersionID: mp.DefaultVersionID, AttachmentCount: counts[mp.ARN], IsAttachable: true, AWSManaged: true,
		CreateDate: mp.CreateDate, UpdateDate: mp.UpdateDate}
}

func customerInfo(p *store.Policy, counts map[string]int) PolicyInfo {
	return PolicyInfo{PolicyName: p.Name, PolicyID: p.ID, ARN: p.ARN, Path: p.Path, Description: p.Description,
		DefaultVersionID: p.DefaultVersionID, AttachmentCount: counts[p.ARN], IsAttachable: true,
		CreateDate: p.CreatedAt, UpdateDate: p.UpdatedAt}
}

// customerPolicy finds a customer managed policy of the account.
func customerPolicy(q *store.Q, account, policyARN string) (*store.Policy, error) {
	p, err := q.PolicyByARN(policyARN)
	if errors.Is(err, store.ErrNotFound) || err == nil && p.AccountID != account {
		return nil, NoSuchPolicy(policyARN)
	}
	if err != nil {
		return nil, iam.Internal(err)
	}
	return p, nil
}

// outsideAccount is IAM's 403 for changing a managed policy that is not the
// caller's own (AWS managed ones): "Cannot delete policies outside your own
// account." and its variants, one per event.
func outsideAccount(event string) *iam.Error {
	what := map[string]string{
		"DeletePolicy":            "delete policies",
		"CreatePolicyVersion":     "create policy versions",
		"DeletePolicyVersion":     "delete policy versions",
		"SetDefaultPolicyVersion": "set default policy versions",
		"TagPolicy":               "tag policies",
		"UntagPolicy":             "untag policies",
	}[event]
	if what == "" {
		what = "modify policies"
	}
	return iam.Denied("Cannot %s outside your own account.", what)
}

// versionIDPattern is IAM's pattern for a policy version ID.
var versionIDPattern = regexp.MustCompile(`^v[1-9][0-9]*(\.[A-Za-z0-9-]*)?$`)

// validateVersionID is AWS's answer to a malformed VersionId.
func validateVersionID(id string) error {
	if !versionIDPattern.MatchString(id) {
		return iam.ValidationError("version", "1 validation error detected: Value '%s' at 'versionId' failed to satisfy constraint: Member must satisfy regular expression pattern: v[1-9][0-9]*(\\.[A-Za-z0-9-]*)?", id)
	}
	return nil
}

// CreatePolicy creates a customer managed policy with version v1 as its
// default (iam:CreatePolicy).
func (s *Service) CreatePolicy(ctx context.Context, c *iam.Caller, in CreatePolicyInput) (*PolicyInfo, error) {
	if in.Path == "" {
		in.Path = "/"
	}
	policyARN := entityARN(c.AccountID, "policy", in.Path, in.PolicyName)
	o, err := s.k.Begin(ctx, c, iam.SourceIAM, "CreatePolicy", catalog.IAMCreatePolicy.String(), policyARN, map[string]any{"policyName": in.PolicyName, "path": in.Path,
		"policyDocument": in.PolicyDocument, "description": in.Description})
	if err != nil {
		return nil, err
	}
	info, err := s.createPolicy(ctx, c, o, policyARN, in)
	if err != nil {
		return nil, err
	}
	return info, nil
}

func (s *Service) createPolicy(ctx context.Context, c *iam.Caller, o *iam.Op, policyARN string, in CreatePolicyInput) (*PolicyInfo, error) {
	if err := iam.ValidateName("policy_name", "policyName", in.PolicyName, 128); err != nil {
		return nil, o.Fail(err)
	}
	if len(in.Path) > 512 || !policyPathPattern.MatchString(in.Path) {
		return nil, o.Fail(iam.ValidationError("path", "1 validation error detected: Value '%s' at 'path' failed to satisfy constraint: Member must satisfy regular expression pattern: ((/[A-Za-z0-9\\.,\\+@=_-]+)*)/", in.Path))
	}
	if err := validateDescription("description", in.Description); err != nil {
		return nil, o.Fail(err)
	}
	if err := iam.ValidatePolicyTags(in.Tags); err != nil {
		return nil, o.Fail(err)
	}
	if _, perr := parsePolicy("document", in.PolicyDocument, policy.KindManaged); perr != nil {
		return nil, o.Fail(perr)
	}
	var info PolicyInfo
	o.AddResource("AWS::IAM::Policy", policyARN)
	err := o.Write(func(q *store.Q) error {
		now := s.k.Now()
		p := &store.Policy{ID: iam.NewUniqueID(iam.PrefixPolicy), AccountID: c.AccountID, Name: in.PolicyName, Path: in.Path, ARN: policyARN,
			Description: in.Description, DefaultVersionID: "v1", NextVersion: 2, CreatedAt: now, UpdatedAt: now}
		if err := q.CreatePolicy(p, &store.PolicyVersion{PolicyID: p.ID, VersionID: "v1", Document: in.PolicyDocument, CreatedAt: now}); err != nil {
			if errors.Is(err, store.ErrDuplicate) {
				return iam.AlreadyExists("policy_name", "A policy called %s already exists. Duplicate names are not allowed.", in.PolicyName)
			}
			return err
		}
		if err := putPolicyTags(q, p.ID, in.Tags); err != nil {
			return err
		}
		info = customerInfo(p, nil)
		info.Tags = append([]iam.Tag{}, in.Tags...)
		return nil
	})
	if err != nil {
		return nil, err
	}
	return &info, nil
}

// GetPolicy returns a managed policy, AWS managed or the account's own
// (iam:GetPolicy).
func (s *Service) GetPolicy(ctx context.Context, c *iam.Caller, policyARN string) (*PolicyInfo, error) {
	o, err := s.k.Begin(ctx, c, iam.SourceIAM, "GetPolicy", catalog.IAMGetPolicy.String(), policyARN, map[string]any{"policyArn": policyARN})
	if err != nil {
		return nil, err
	}
	info, err := s.getPolicy(ctx, c, policyARN)
	return info, o.Read(err)
}

func (s *Service) getPolicy(ctx context.Context, c *iam.Caller, policyARN string) (*PolicyInfo, error) {
	q := s.st.Read(ctx)
	counts, err := q.AttachmentCounts(c.AccountID)
	if err != nil {
		return nil, iam.Internal(err)
	}
	if mp, ok := managed.ByARN(policyARN); ok {
		info := managedInfo(mp, counts)
		info.Tags = []iam.Tag{}
		return &info, nil
	}
	p, err := customerPolicy(q, c.AccountID, policyARN)
	if err != nil {
		return nil, err
	}
	info := customerInfo(p, counts)
	if info.Tags, err = loadPolicyTags(q, p.ID); err != nil {
		return nil, iam.Internal(err)
	}
	return &info, nil
}

// ListPolicies lists managed policies by name: AWS managed ones from the
// catalog and the account's own (iam:ListPolicies). It returns the page,
// the total that match and the next marker ("" on the last page).
func (s *Service) ListPolicies(ctx context.Context, c *iam.Caller, in ListPoliciesInput) ([]PolicyInfo, int, string, error) {
	if c == nil {
		return nil, 0, "", iam.ErrNoSession
	}
	offset, limit, perr := iam.Page(iam.ListInput{Marker: in.Marker, MaxItems: in.MaxItems, MaxItemsGiven: in.MaxItemsGiven})
	if perr == nil {
		in.MaxItems = limit
	}
	o, err := s.k.Begin(ctx, c, iam.SourceIAM, "ListPolicies", catalog.IAMListPolicies.String(), entityARN(c.AccountID, "policy", "/", ""),
		map[string]any{"scope": in.Scope, "onlyAttached": in.OnlyAttached, "marker": in.Marker, "maxItems": in.MaxItems})
	if err != nil {
		return nil, 0, "", err
	}
	if perr != nil {
		return nil, 0, "", o.Read(perr)
	}
	scope := strings.ToLower(in.Scope)
	if scope != "" && scope != "all" && scope != "aws" && scope != "local" {
		return nil, 0, "", o.Read(iam.ValidationError("scope", "1 validation error detected: Value '%s' at 'scope' failed to satisfy constraint: Member must satisfy enum value set: [All, AWS, Local]", in.Scope))
	}
	out, total, next, err := s.listPolicies(ctx, c, in, scope, offset)
	return out, total, next, o.Read(err)
}

// awsCatalog is the AWS managed catalog with each name in lower case, the
// order the policies list sorts by, read once.
var awsCatalog = sync.OnceValue(func() []policyCandidate {
	ps := managed.List()
	out := make([]policyCandidate, len(ps))
	for i := range ps {
		out[i] = policyCandidate{key: strings.ToLower(ps[i].Name), aws: &ps[i]}
	}
	return out
})

// policyCandidate is a policy a listing may show: AWS managed or the
// account's own, with its sort key.
type policyCandidate struct {
	key      string
	aws      *managed.Policy
	customer *store.Policy
}

func (s *Service) listPolicies(ctx context.Context, c *iam.Caller, in ListPoliciesInput, scope string, offset int) ([]PolicyInfo, int, string, error) {
	q := s.st.Read(ctx)
	counts, err := q.AttachmentCounts(c.AccountID)
	if err != nil {
		return nil, 0, "", iam.Internal(err)
	}
	search := strings.ToLower(in.Search)
	keep := func(key, path, arn string) bool {
		return !(in.OnlyAttached && counts[arn] == 0 ||
			in.PathPrefix != "" && !strings.HasPrefix(path, in.PathPrefix) ||
			search != "" && !strings.Contains(key, search))
	}
	var cands []policyCandidate
	if scope != "local" {
		for _, pc := range awsCatalog() {
			if keep(pc.key, pc.aws.Path, pc.aws.ARN) {
				cands = append(cands, pc)
			}
		}
	}
	if scope != "aws" {
		ps, err := q.Policies(c.AccountID)
		if err != nil {
			return nil, 0, "", iam.Internal(err)
		}
		for i := range ps {
			if key := strings.ToLower(ps[i].Name); keep(key, ps[i].Path, ps[i].ARN) {
				cands = append(cands, policyCandidate{key: key, customer: &ps[i]})
			}
		}
	}
	sort.SliceStable(cands, func(i, j int) bool { return cands[i].key < cands[j].key })
	start, end, next := iam.Window{Offset: offset, Limit: in.MaxItems}.Of(len(cands))
	out := make([]PolicyInfo, 0, end-start)
	for _, pc := range cands[start:end] {
		if pc.aws != nil {
			out = append(out, managedInfo(*pc.aws, counts))
		} else {
			out = append(out, customerInfo(pc.customer, counts))
		}
	}
	return out, len(cands), next, nil
}

// DeletePolicy deletes a customer managed policy that is attached to nothing
// and has only its default version (iam:DeletePolicy).
func (s *Service) DeletePolicy(ctx context.Context, c *iam.Caller, policyARN string) error {
	o, err := s.k.Begin(ctx, c, iam.SourceIAM, "DeletePolicy", catalog.IAMDeletePolicy.String(), policyARN, map[string]any{"policyArn": policyARN})
	if err != nil {
		return err
	}
	if managed.IsAWSManaged(policyARN) {
		return o.Fail(outsideAccount("DeletePolicy"))
	}
	o.AddResource("AWS::IAM::Policy", policyARN)
	return o.Write(func(q *store.Q) error {
		p, err := customerPolicy(q, c.AccountID, policyARN)
		if err != nil {
			return err
		}
		if es, err := q.EntitiesForPolicy(c.AccountID, policyARN); err != nil {
			return err
		} else if len(es) > 0 {
			return iam.DeleteConflict("Cannot delete a policy attached to entities.")
		}
		if vs, err := q.PolicyVersions(p.ID); err != nil {
			return err
		} else if len(vs) > 1 {
			return iam.DeleteConflict("This policy has more than one version. Before you delete a policy, you must delete the policy's versions. The default version is deleted with the policy.")
		}
		return q.DeletePolicy(p.ID)
	})
}

func versionInfo(v *store.PolicyVersion, defaultID string) PolicyVersionInfo {
	return PolicyVersionInfo{VersionID: v.VersionID, Document: v.Document, IsDefaultVersion: v.VersionID == defaultID, CreateDate: v.CreatedAt}
}

// CreatePolicyVersion adds a version to a customer managed policy, at most
// five in all, optionally making it the default (iam:CreatePolicyVersion).
func (s *Service) CreatePolicyVersion(ctx context.Context, c *iam.Caller, policyARN, document string, setAsDefault bool) (*PolicyVersionInfo, error) {
	o, err := s.k.Begin(ctx, c, iam.SourceIAM, "CreatePolicyVersion", catalog.IAMCreatePolicyVersion.String(), policyARN, map[string]any{"policyArn": policyARN, "policyDocument": document,
		"setAsDefault": setAsDefault})
	if err != nil {
		return nil, err
	}
	if managed.IsAWSManaged(policyARN) {
		return nil, o.Fail(outsideAccount("CreatePolicyVersion"))
	}
	if _, perr := parsePolicy("document", document, policy.KindManaged); perr != nil {
		return nil, o.Fail(perr)
	}
	var info PolicyVersionInfo
	o.AddResource("AWS::IAM::Policy", policyARN)
	err = o.Write(func(q *store.Q) error {
		p, err := customerPolicy(q, c.AccountID, policyARN)
		if err != nil {
			return err
		}
		vs, err := q.PolicyVersions(p.ID)
		if err != nil {
			return err
		}
		if len(vs) >= MaxPolicyVersions {
			return iam.LimitExceeded("A managed policy can have up to %d versions. Before you create a new version, you must delete an existing version.", MaxPolicyVersions)
		}
		now := s.k.Now()
		v := &store.PolicyVersion{PolicyID: p.ID, VersionID: "v" + strconv.Itoa(p.NextVersion), Document: document, CreatedAt: now}
		if err := q.CreatePolicyVersion(v); err != nil {
			return err
		}
		p.NextVersion++
		p.UpdatedAt = now
		if setAsDefault {
			p.DefaultVersionID = v.VersionID
		}
		if err := q.UpdatePolicy(p); err != nil {
			return err
		}
		info = versionInfo(v, p.DefaultVersionID)
		return nil
	})
	if err != nil {
		return nil, err
	}
	return &info, nil
}

func noSuchVersion(policyARN, versionID string) *iam.Error {
	e := iam.NoSuchEntity("Policy %s version %s does not exist or is not attachable.", policyARN, versionID)
	e.Field = "version"
	return e
}

// GetPolicyVersion returns one version of a managed policy
// (iam:GetPolicyVersion). AWS managed policies show their default version.
func (s *Service) GetPolicyVersion(ctx context.Context, c *iam.Caller, policyARN, versionID string) (*PolicyVersionInfo, error) {
	o, err := s.k.Begin(ctx, c, iam.SourceIAM, "GetPolicyVersion", catalog.IAMGetPolicyVersion.String(), policyARN, map[string]any{"policyArn": policyARN, "versionId": versionID})
	if err != nil {
		return nil, err
	}
	if err := validateVersionID(versionID); err != nil {
		return nil, o.Read(err)
	}
	info, err := s.getPolicyVersion(ctx, c, policyARN, versionID)
	return info, o.Read(err)
}

func (s *Service) getPolicyVersion(ctx context.Context, c *iam.Caller, policyARN, versionID string) (*PolicyVersionInfo, error) {
	if mp, ok := managed.ByARN(policyARN); ok {
		if versionID != mp.DefaultVersionID {
			return nil, noSuchVersion(policyARN, versionID)
		}
		return &PolicyVersionInfo{VersionID: mp.DefaultVersionID, Document: string(mp.Document), IsDefaultVersion: true, CreateDate: mp.UpdateDate}, nil
	}
	q := s.st.Read(ctx)
	p, err := customerPolicy(q, c.AccountID, policyARN)
	if err != nil {
		return nil, err
	}
	v, err := q.PolicyVersion(p.ID, versionID)
	if err != nil {
		return nil, iam.StoreErr(err, noSuchVersion(policyARN, versionID))
	}
	info := versionInfo(v, p.DefaultVersionID)
	return &info, nil
}

// ListPolicyVersions lists a managed policy's versions, newest first
// (iam:ListPolicyVersions).
func (s *Service) ListPolicyVersions(ctx context.Context, c *iam.Caller, policyARN string) ([]PolicyVersionInfo, error) {
	o, err := s.k.Begin(ctx, c, iam.SourceIAM, "ListPolicyVersions", catalog.IAMListPolicyVersions.String(), policyARN, map[string]any{"policyArn": policyARN})
	if err != nil {
		return nil, err
	}
	out, err := s.listPolicyVersions(ctx, c, policyARN)
	return out, o.Read(err)
}

func (s *Service) listPolicyVersions(ctx context.Context, c *iam.Caller, policyARN string) ([]PolicyVersionInfo, error) {
	if mp, ok := managed.ByARN(policyARN); ok {
		return []PolicyVersionInfo{{VersionID: mp.DefaultVersionID, Document: string(mp.Document), IsDefaultVersion: true, CreateDate: mp.UpdateDate}}, nil
	}
	q := s.st.Read(ctx)
	p, err := customerPolicy(q, c.AccountID, policyARN)
	if err != nil {
		return nil, err
	}
	vs, err := q.PolicyVersions(p.ID)
	if err != nil {
		return nil, iam.Internal(err)
	}
	out := make([]PolicyVersionInfo, len(vs))
	for i := range vs {
		out[i] = versionInfo(&vs[i], p.DefaultVersionID)
	}
	return out, nil
}

// SetDefaultPolicyVersion makes a version the one in force
// (iam:SetDefaultPolicyVersion).
func (s *Service) SetDefaultPolicyVersion(ctx context.Context, c *iam.Caller, policyARN, versionID string) error {
	return s.changeVersion(ctx, c, "SetDefaultPolicyVersion", policyARN, versionID, func(q *store.Q, p *store.Policy) error {
		p.DefaultVersionID, p.UpdatedAt = versionID, s.k.Now()
		return q.UpdatePolicy(p)
	})
}

// DeletePolicyVersion deletes a version other than the default
// (iam:DeletePolicyVersion).
func (s *Service) DeletePolicyVersion(ctx context.Context, c *iam.Caller, policyARN, versionID string) error {
	return s.changeVersion(ctx, c, "DeletePolicyVersion", policyARN, versionID, func(q *store.Q, p *store.Policy) error {
		if versionID == p.DefaultVersionID {
			return iam.DeleteConflict("Cannot delete the default version of a policy.")
		}
		return q.DeletePolicyVersion(p.ID, versionID)
	})
}

func (s *Service) changeVersion(ctx context.Context, c *iam.Caller, event, policyARN, versionID string, fn func(q *store.Q, p *store.Policy) error) error {
	o, err := s.k.Begin(ctx, c, iam.SourceIAM, event, "iam:"+event, policyARN, map[string]any{"policyArn": policyARN, "versionId": versionID})
	if err != nil {
		return err
	}
	if err := validateVersionID(versionID); err != nil {
		return o.Fail(err)
	}
	if managed.IsAWSManaged(policyARN) {
		return o.Fail(outsideAccount(event))
	}
	o.AddResource("AWS::IAM::Policy", policyARN)
	return o.Write(func(q *store.Q) error {
		p, err := customerPolicy(q, c.AccountID, policyARN)
		if err != nil {
			return err
		}
		if _, err := q.PolicyVersion(p.ID, versionID); err != nil {
			return iam.StoreErr(err, noSuchVersion(policyARN, versionID))
		}
		return fn(q, p)
	})
}

// isPolicyARN reports whether s looks like a managed policy ARN.
func isPolicyARN(s string) bool {
	a, err := arn.Parse(s)
	return err == nil && a.Service == "iam" && strings.HasPrefix(a.Resource, "policy/")
}

// checkPolicyARN refuses a policy ARN parameter that is not an IAM policy
// ARN, as IAM does before looking anything up.
func checkPolicyARN(s string) error {
	if !isPolicyARN(s) {
		return iam.ValidationError("policy_arn", "ARN %s is not valid.", s)
	}
	return nil
}
