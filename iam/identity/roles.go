package identity

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"
	"unicode/utf8"

	"iamconsole/iam"
	"iamconsole/iam/arn"
	"iamconsole/iam/catalog"
	"iamconsole/store"
)

// RoleInfo is an IAM role as GetRole reports it, plus the console's switch
// role link.
type RoleInfo struct {
	RoleName, RoleID, ARN, Path, Description string
	// AssumeRolePolicyDocument is the display form of the trust policy:
	// unique IDs are turned back into ARNs while their entities exist.
	AssumeRolePolicyDocument string
	MaxSessionDuration       int
	CreateDate               time.Time
	PermissionsBoundary      string
	Tags                     []iam.Tag
	LastUsed                 *time.Time
	LastUsedRegion           string
	// SwitchRoleURL is the console link that pre-fills Switch Role.
	SwitchRoleURL string
}

// RoleList is one page of roles.
type RoleList struct {
	Roles       []RoleInfo
	Total       int
	NextMarker  string
	IsTruncated bool
}

// CreateRoleInput are the parameters of CreateRole.
type CreateRoleInput struct {
	RoleName, Path, Description, AssumeRolePolicyDocument string
	MaxSessionDuration                                    int // 0 means 3600
	PermissionsBoundary                                   string
	Tags                                                  []iam.Tag
	// PolicyARNs are managed policies to attach in the same transaction
	// (iam:AttachRolePolicy): the role is created with all of them or not at all.
	PolicyARNs []string
}

// Role limits, as IAM enforces them.
const (
	MinRoleMaxSession = 3600 // the least a role's MaxSessionDuration may be
	// MaxRoleSessionDuration is the most a role's MaxSessionDuration, and
	// so an AssumeRole session, may be.
	MaxRoleSessionDuration = 43200
	maxRoleName            = 64
	maxDescription         = 1000
)

// entityARN formats the ARN of an IAM entity in the caller's account.
func entityARN(account, typ, path, name string) string { return arn.IAM(account, typ, path, name) }

func validateMaxSession(field string, d int) error {
	if d < MinRoleMaxSession {
		return iam.ValidationError(field, "1 validation error detected: Value '%d' at 'maxSessionDuration' failed to satisfy constraint: Member must have value greater than or equal to %d", d, MinRoleMaxSession)
	}
	if d > MaxRoleSessionDuration {
		return iam.ValidationError(field, "1 validation error detected: Value '%d' at 'maxSessionDuration' failed to satisfy constraint: Member must have value less than or equal to %d", d, MaxRoleSessionDuration)
	}
	return nil
}

var descriptionPattern = regexp.MustCompile(`^[\x{0009}\x{000A}\x{000D}\x{0020}-\x{007E}\x{00A1}-\x{00FF}]*$`)

func validateDescription(field, d string) error {
	if utf8.RuneCountInString(d) > maxDescription {
		return iam.ValidationError(field, "1 validation error detected: Value at 'description' failed to satisfy constraint: Member must have length less than or equal to %d", maxDescription)
	}
	if !descriptionPattern.MatchString(d) {
		return iam.ValidationError(field, "1 validation error detected: Value at 'description' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\u0009\\u000A\\u000D\\u0020-\\u007E\\u00A1-\\u00FF]*")
	}
	return nil
}

// SwitchRoleURL is the console link that opens Switch Role pre-filled for a
// role: the role name with its path (without the leading slash) and the
// account's alias or ID.
func (s *Service) SwitchRoleURL(account, path, name string) string {
	roleName := name
	if path != "" && path != "/" {
		roleName = strings.TrimPrefix(path, "/") + name
	}
	esc := func(v string) string { return strings.ReplaceAll(url.QueryEscape(v), "%2F", "/") }
	return strings.TrimRight(s.k.Options().ConsoleURL, "/") + "/switchrole?roleName=" + esc(roleName) + "&account=" + esc(account)
}

func (s *Service) roleInfo(r *store.Role, account string, arns map[string]string) RoleInfo {
	ri := RoleInfo{RoleName: r.Name, RoleID: r.ID, ARN: entityARN(r.AccountID, "role", r.Path, r.Name), Path: r.Path,
		Description: r.Description, AssumeRolePolicyDocument: displayTrust(r.TrustPolicy, arns),
		MaxSessionDuration: r.MaxSessionDuration, CreateDate: r.CreatedAt, LastUsed: r.LastUsedAt,
		SwitchRoleURL: s.SwitchRoleURL(account, r.Path, r.Name)}
	if r.BoundaryARN != nil {
		ri.PermissionsBoundary = *r.BoundaryARN
	}
	if r.LastUsedRegion != nil {
		ri.LastUsedRegion = *r.LastUsedRegion
	}
	// A use not yet written by the event writer is newer than the row.
	if u, ok := s.k.RoleLastUse(r.ID); ok && (ri.LastUsed == nil || ri.LastUsed.Before(u.At)) {
		at := u.At
		ri.LastUsed, ri.LastUsedRegion = &at, u.Region
	}
	return ri
}

// accountLabel is the caller's account as shown in links: alias, else ID.
func accountLabel(q *store.Q, c *iam.Caller) string {
	if a, err := q.Account(c.AccountID); err == nil && a.Alias != nil {
		return *a.Alias
	}
	return c.AccountID
}

func noSuchRole(name string) *iam.Error {
	return iam.NoSuchEntity("The role with name %s cannot be found.", name)
}

// lookupRole finds a role in the caller's account and returns the ARN to
// authorize against: the role's own, or the path-less ARN of a missing one.
func (s *Service) lookupRole(q *store.Q, c *iam.Caller, name string) (*store.Role, string, error) {
	r, err := q.RoleByName(c.AccountID, name)
	if errors.Is(err, store.ErrNotFound) {
		return nil, entityARN(c.AccountID, "role", "/", name), nil
	}
	if err != nil {
		return nil, "", iam.Internal(err)
	}
	return r, entityARN(r.AccountID, "role", r.Path, r.Name), nil
}

// checkBoundary verifies that a permissions boundary names a managed policy
// that exists in the catalog or in the account.
func checkBoundary(q *store.Q, account, boundaryARN string) error {
	err := attachable(q, account, boundaryARN)
	if e, ok := err.(*iam.Error); ok && e.Kind == iam.KindNotFound {
		e.Field = "permissions_boundary"
	}
	return err
}

// CreateRole creates a role with a trust policy (iam:CreateRole).
func (s *Service) CreateRole(ctx context.Context, c *iam.Caller, in CreateRoleInput) (*RoleInfo, error) {
	if in.Path == "" {
		in.Path = "/"
	}
	roleARN := entityARN(c.AccountID, "role", in.Path, in.RoleName)
	if in.MaxSessionDuration == 0 {
		in.MaxSessionDuration = MinRoleMaxSession
	}
	o, err := s.k.Begin(ctx, c, iam.SourceIAM, "CreateRole", catalog.IAMCreateRole.String(), roleARN, map[string]any{"roleName": in.RoleName, "path": in.Path,
		"assumeRolePolicyDocument": in.AssumeRolePolicyDocument, "description": in.Description,
		"maxSessionDuration": in.MaxSessionDuration})
	if err != nil {
		return nil, err
	}
	for _, err := range []error{
		iam.ValidateName("role_name", "roleName", in.RoleName, maxRoleName),
		iam.ValidatePath("path", in.Path),
		validateDescription("description", in.Description),
		validateMaxSession("max_session_duration", in.MaxSessionDuration),
		iam.ValidateTags(in.Tags),
	} {
		if err != nil {
			return nil, o.Fail(err)
		}
	}
	policyARNs, err := s.checkInitialPolicies(ctx, c, roleARN, in.PolicyARNs)
	if err != nil {
		return nil, o.Fail(err)
	}
	var info RoleInfo
	err = o.Write(func(q *store.Q) error {
		if _, err := q.RoleByName(c.AccountID, in.RoleName); err == nil {
			return iam.AlreadyExists("role_name", "Role with name %s already exists.", in.RoleName)
		} else if !errors.Is(err, store.ErrNotFound) {
			return err
		}
		trust, perr := bindTrust(q, "document", in.AssumeRolePolicyDocument)
		if perr != nil {
			return perr
		}
		r := &store.Role{ID: iam.NewUniqueID(iam.PrefixRole), AccountID: c.AccountID, Name: in.RoleName, Path: in.Path,
			Description: in.Description, TrustPolicy: trust, MaxSessionDuration: in.MaxSessionDuration, CreatedAt: s.k.Now()}
		if in.PermissionsBoundary != "" {
			if err := checkBoundary(q, c.AccountID, in.PermissionsBoundary); err != nil {
				return err
			}
			b := in.PermissionsBoundary
			r.BoundaryARN = &b
		}
		if err := q.CreateRole(r); err != nil {
			return err
		}
		if err := putTags(q, "role", r.ID, in.Tags); err != nil {
			return err
		}
		arns, err := resolveTrustARNs(q, r.TrustPolicy)
		if err != nil {
			return err
		}
		info = s.roleInfo(r, accountLabel(q, c), arns)
		info.Tags = in.Tags
		o.AddResource("AWS::IAM::Role", info.ARN)
		for _, p := range policyARNs {
			if err := attachable(q, c.AccountID, p); err != nil {
				var e *iam.Error
				if errors.As(err, &e) {
					e.Field = "policy_arn"
				}
				return err
			}
			if err := q.Attach(&store.Attachment{AccountID: c.AccountID, EntityType: "role", EntityID: r.ID, PolicyARN: p, CreatedAt: s.k.Now()}); err != nil {
				return err
			}
			at := iam.NewEvent(ctx, c, iam.SourceIAM, "AttachRolePolicy", s.k.Now())
			at.RequestParameters = map[string]any{"roleName": in.RoleName, "policyArn": p}
			at.Resources = []iam.Resource{{ARN: info.ARN, AccountID: c.AccountID, Type: "AWS::IAM::Role"}}
			o.Also(at)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return &info, nil
}

// checkInitialPolicies authorizes attaching the policies a new role is created
// with and returns them without duplicates, at most MaxAttachedPolicies.
func (s *Service) checkInitialPolicies(ctx context.Context, c *iam.Caller, roleARN string, arns []string) ([]string, error) {
	if len(arns) == 0 {
		return nil, nil
	}
	seen := map[string]bool{}
	var out []string
	for _, p := range arns {
		if err := checkPolicyARN(p); err != nil {
			return nil, err
		}
		if !seen[p] {
			seen[p] = true
			out = append(out, p)
		}
	}
	if len(out) > MaxAttachedPolicies {
		e := quotaError("PoliciesPerRole", MaxAttachedPolicies)
		e.Field = "policy_arn"
		return nil, e
	}
	if err := s.k.Authorize(ctx, c, catalog.IAMAttachRolePolicy.String(), roleARN); err != nil {
		// Recorded as the AttachRolePolicy it refuses, beside the failed CreateRole.
		r := iam.NewEvent(ctx, c, iam.SourceIAM, "AttachRolePolicy", s.k.Now())
		e := iam.AsError(err)
		r.ErrorCode, r.ErrorMessage = e.Code, e.Message
		s.k.Record(r)
		return nil, err
	}
	return out, nil
}

func putTags(q *store.Q, typ, id string, tags []iam.Tag) error {
	if len(tags) == 0 {
		return nil
	}
	return q.PutTags(storeTags(typ, id, tags))
}

func loadTags(q *store.Q, typ, id string) ([]iam.Tag, error) {
	ts, err := q.Tags(typ, id)
	if err != nil {
		return nil, err
	}
	return tagsOf(ts), nil
}

// GetRole returns a role with its tags (iam:GetRole).
func (s *Service) GetRole(ctx context.Context, c *iam.Caller, name string) (*RoleInfo, error) {
	q := s.st.Read(ctx)
	r, roleARN, err := s.lookupRole(q, c, name)
	if err != nil {
		return nil, err
	}
	o, err := s.k.Begin(ctx, c, iam.SourceIAM, "GetRole", catalog.IAMGetRole.String(), roleARN, map[string]any{"roleName": name})
	if err != nil {
		return nil, err
	}
	if r == nil {
		return nil, o.Read(noSuchRole(name))
	}
	arns, err := resolveTrustARNs(q, r.TrustPolicy)
	if err != nil {
		return nil, o.Read(iam.Internal(err))
	}
	info := s.roleInfo(r, accountLabel(q, c), arns)
	info.Tags, err = loadTags(q, "role", r.ID)
	if err := o.Read(iam.StoreErr(err, nil)); err != nil {
		return nil, err
	}
	return &info, nil
}

// ListRoles lists a page of the account's roles (iam:ListRoles). The default
// page holds 100 roles, as in IAM.
func (s *Service) ListRoles(ctx context.Context, c *iam.Caller, in iam.ListInput) (*RoleList, error) {
	if c == nil {
		return nil, iam.ErrNoSession
	}
	offset, limit, perr := iam.Page(in)
	if perr == nil {
		in.MaxItems = limit
	}
	o, err := s.k.Begin(ctx, c, iam.SourceIAM, "ListRoles", catalog.IAMListRoles.String(), entityARN(c.AccountID, "role", "/", ""),
		map[string]any{"pathPrefix": in.PathPrefix, "marker": in.Marker, "maxItems": in.MaxItems})
	if err != nil {
		return nil, err
	}
	if perr != nil {
		return nil, o.Read(perr)
	}
	out, err := s.listRoles(ctx, c, in, offset)
	return out, o.Read(err)
}

// listRoles reads a page of roles, by name from memory, else from the store.
func (s *Service) listRoles(ctx context.Context, c *iam.Caller, in iam.ListInput, offset int) (*RoleList, error) {
	q := s.st.Read(ctx)
	if in.Sort == "" || in.Sort == "name" {
		return s.listRolesByName(q, c, in, offset)
	}
	f := store.RoleFilter{AccountID: c.AccountID, PathPrefix: in.PathPrefix, Search: in.Search, Sort: in.Sort, Offset: offset, Limit: in.MaxItems}
	gen := s.k.Generation()
	rs, err := q.Roles(f)
	if err != nil {
		return nil, iam.Internal(err)
	}
	key := "roles\x00" + c.AccountID + "\x00" + in.PathPrefix + "\x00" + in.Search
	var total int64
	if n, ok := s.counts.Get(gen, key); ok {
		total = n
	} else if offset == 0 && len(rs) < in.MaxItems {
		total = int64(len(rs))
		s.counts.Put(gen, key, total)
	} else {
		if total, err = q.CountRoles(f); err != nil {
			return nil, iam.Internal(err)
		}
		s.counts.Put(gen, key, total)
	}
	docs := make([]string, len(rs))
	for i := range rs {
		docs[i] = rs[i].TrustPolicy
	}
	arns, err := resolveTrustARNs(q, docs...)
	if err != nil {
		return nil, iam.Internal(err)
	}
	out := &RoleList{Roles: make([]RoleInfo, len(rs)), Total: int(total)}
	account := c.Account()
	for i := range rs {
		out.Roles[i] = s.roleInfo(&rs[i], account, arns)
	}
	if next := offset + len(rs); next < int(total) {
		out.NextMarker, out.IsTruncated = strconv.Itoa(next), true
	}
	return out, nil
}

// listRolesByName pages the account's roles in name order from memory.
func (s *Service) listRolesByName(q *store.Q, c *iam.Caller, in iam.ListInput, offset int) (*RoleList, error) {
	snap, err := s.roleSnapshot(q, c.AccountID)
	if err != nil {
		return nil, iam.Internal(err)
	}
	view := snap.view(in.PathPrefix, in.Search)
	total := len(view)
	start, end, next := iam.Window{Offset: offset, Limit: in.MaxItems}.Of(total)
	page := make([]*store.Role, 0, end-start)
	for _, i := range view[start:end] {
		page = append(page, &snap.roles[i])
	}
	docs, err := snap.displayTrust(q, page)
	if err != nil {
		return nil, iam.Internal(err)
	}
	out := &RoleList{Roles: make([]RoleInfo, len(page)), Total: total}
	account := c.Account()
	for i, r := range page {
		out.Roles[i] = s.roleInfo(r, account, nil)
		out.Roles[i].AssumeRolePolicyDocument = docs[r.ID]
	}
	if next != "" {
		out.NextMarker, out.IsTruncated = next, true
	}
	return out, nil
}

// UpdateRole changes a role's description and maximum session duration
// (iam:UpdateRole); nil leaves a value unchanged.
func (s *Service) UpdateRole(ctx context.Context, c *iam.Caller, name string, description *string, maxSessionDuration *int) error {
	return s.changeRole(ctx, c, "UpdateRole", name, func(q *store.Q, r *store.Role) error {
		if description != nil {
			if err := validateDescription("description", *description); err != nil {
				return err
			}
			r.Description = *description
		}
		if maxSessionDuration != nil {
			if err := validateMaxSession("max_session_duration", *maxSessionDuration); err != nil {
				return err
			}
			r.MaxSessionDuration = *maxSessionDuration
		}
		return q.UpdateRole(r)
	}, map[string]any{"roleName": name, "description": description, "maxSessionDuration": maxSessionDuration})
}

// UpdateAssumeRolePolicy replaces a role's trust policy
// (iam:UpdateAssumeRolePolicy), binding named users and roles to their IDs.
func (s *Service) UpdateAssumeRolePolicy(ctx context.Context, c *iam.Caller, name, document string) error {
	return s.changeRole(ctx, c, "UpdateAssumeRolePolicy", name, func(q *store.Q, r *store.Role) error {
		trust, perr := bindTrust(q, "document", document)
		if perr != nil {
			return perr
		}
		r.TrustPolicy = trust
		return q.UpdateRole(r)
	}, map[string]any{"roleName": name, "policyDocument": document})
}

// changeRole authorizes action on a role, then runs fn on it in a write
// transaction with its event.
func (s *Service) changeRole(ctx context.Context, c *iam.Caller, event, name string, fn func(q *store.Q, r *store.Role) error, params any) error {
	_, o, err := s.resolveForAction(ctx, c, "role", name, event, params)
	if err != nil {
		return err
	}
	return o.Write(func(q *store.Q) error {
		r, err := q.RoleByName(c.AccountID, name)
		if err != nil {
			return iam.StoreErr(err, noSuchRole(name))
		}
		if err := fn(q, r); err != nil {
			return err
		}
		o.AddResource("AWS::IAM::Role", entityARN(r.AccountID, "role", r.Path, r.Name))
		return nil
	})
}

// DeleteRole deletes a role that is in no instance profile and has no
// inline or attached policies (iam:DeleteRole).
func (s *Service) DeleteRole(ctx context.Context, c *iam.Caller, name string) error {
	e, o, err := s.resolveForAction(ctx, c, "role", name, "DeleteRole", map[string]any{"roleName": name})
	if err != nil {
		return err
	}
	return o.Write(func(q *store.Q) error {
		r, err := q.RoleByName(c.AccountID, name)
		if err != nil {
			return iam.StoreErr(err, noSuchRole(name))
		}
		if ps, err := q.InstanceProfilesForRole(r.ID); err != nil {
			return err
		} else if len(ps) > 0 {
			return iam.DeleteConflict("Cannot delete entity, must remove roles from instance profile first.")
		}
		if err := policiesConflict(q, "role", r.ID); err != nil {
			return err
		}
		if err := q.DeleteRole(r.ID); err != nil {
			return err
		}
		o.AddResource("AWS::IAM::Role", e.arn)
		return nil
	})
}

// TagRole adds or replaces tags on a role (iam:TagRole).
func (s *Service) TagRole(ctx context.Context, c *iam.Caller, name string, tags []iam.Tag) error {
	if err := iam.ValidateTags(tags); err != nil {
		return err
	}
	return s.changeRole(ctx, c, "TagRole", name, func(q *store.Q, r *store.Role) error {
		have, err := loadTags(q, "role", r.ID)
		if err != nil {
			return err
		}
		keys := map[string]bool{}
		for _, t := range append(have, tags...) {
			keys[strings.ToLower(t.Key)] = true
		}
		if len(keys) > iam.MaxTagsPerEntity {
			return iam.LimitExceeded("The number of tags has reached the maximum limit.")
		}
		return putTags(q, "role", r.ID, tags)
	}, map[string]any{"roleName": name, "tags": tags})
}

// UntagRole removes tags from a role by key (iam:UntagRole).
func (s *Service) UntagRole(ctx context.Context, c *iam.Caller, name string, keys []string) error {
	if err := iam.ValidateTagKeys(keys); err != nil {
		return err
	}
	return s.changeRole(ctx, c, "UntagRole", name, func(q *store.Q, r *store.Role) error {
		return q.DeleteEntityTags("role", r.ID, keys)
	}, map[string]any{"roleName": name, "tagKeys": keys})
}

// ListRoleTags lists a role's tags (iam:ListRoleTags).
func (s *Service) ListRoleTags(ctx context.Context, c *iam.Caller, name string) ([]iam.Tag, error) {
	q := s.st.Read(ctx)
	r, roleARN, err := s.lookupRole(q, c, name)
	if err != nil {
		return nil, err
	}
	o, err := s.k.Begin(ctx, c, iam.SourceIAM, "ListRoleTags", catalog.IAMListRoleTags.String(), roleARN, map[string]any{"roleName": name})
	if err != nil {
		return nil, err
	}
	if r == nil {
		return nil, o.Read(noSuchRole(name))
	}
	ts, err := loadTags(q, "role", r.ID)
	if err := o.Read(iam.StoreErr(err, nil)); err != nil {
		return nil, err
	}
	return ts, nil
}

// TrustedEntities summarizes a trust policy for the roles list: "AWS account:
// 111122223333", "AWS service: ec2", "Identity provider: …".
func TrustedEntities(document string) []string {
	if v, ok := trustedMemo.Load(document); ok {
		return slices.Clone(v.([]string))
	}
	out := trustedEntities(document)
	if trustedMemoSize.Add(1) > maxTrustedMemo {
		trustedMemo.Clear()
		trustedMemoSize.Store(0)
	}
	trustedMemo.Store(document, out)
	return slices.Clone(out)
}

// trustedMemo remembers TrustedEntities by document, so that the roles list
// parses each trust policy once, not on every page view.
var (
	trustedMemo     sync.Map
	trustedMemoSize atomic.Int64
)

const maxTrustedMemo = 50_000

func trustedEntities(document string) []string {
	var out []string
	seen := map[string]bool{}
	add := func(s string) {
		if !seen[s] {
			seen[s] = true
			out = append(out, s)
		}
	}
	d, err := parseDocumentLoose(document)
	if err != nil {
		return nil
	}
	for _, st := range d.Statements {
		if st.Principal == nil || st.Effect != "Allow" {
			continue
		}
		if st.Principal.Wildcard {
			add("Everyone")
		}
		for _, v := range st.Principal.AWS {
			switch a, err := arn.Parse(v); {
			case v == "*":
				add("Everyone")
			case arn.IsAccountID(v):
				add("AWS account: " + v)
			case err == nil && a.Resource == "root":
				add("AWS account: " + a.Account)
			case err == nil:
				add(fmt.Sprintf("AWS %s", strings.SplitN(a.Resource, "/", 2)[0]) + ": " + v)
			default:
				add("Principal: " + v)
			}
		}
		for _, v := range st.Principal.Service {
			add("AWS service: " + strings.TrimSuffix(v, ".amazonaws.com"))
		}
		for _, v := range st.Principal.Federated {
			add("Identity provider: " + v)
		}
	}
	return out
}
