package identity

import (
	"bytes"
	"context"
	"encoding/json"
	"strings"
	"time"

	"iamconsole/iam"
	"iamconsole/iam/catalog"
	"iamconsole/iam/managed"
	"iamconsole/store"
)

// Filters of GetAccountAuthorizationDetails.
var authDetailsFilters = []string{"User", "Role", "Group", "LocalManagedPolicy", "AWSManagedPolicy"}

// GetAccountAuthorizationDetails exports the account's users, groups, roles
// and managed policies with their policies, in AWS's shape. filter selects
// entity kinds (User, Role, Group, LocalManagedPolicy, AWSManagedPolicy);
// empty means all. AWS managed policies are listed when attached.
func (s *Service) GetAccountAuthorizationDetails(ctx context.Context, c *iam.Caller, filter []string) (*AuthorizationDetails, error) {
	return s.authorizationDetails(ctx, c, filter, nil)
}

// GetAccountAuthorizationDetailsPage is one page of
// GetAccountAuthorizationDetails, as the IAM API answers it: the users, then
// the groups, roles and policies that filter selects, taken as one list of
// which in.MaxItems entities (100 by default) make a page. Marker is the
// previous page's, and is refused for another filter.
func (s *Service) GetAccountAuthorizationDetailsPage(ctx context.Context, c *iam.Caller, filter []string, in iam.ListInput) (*AuthorizationDetails, error) {
	return s.authorizationDetails(ctx, c, filter, &in)
}

// authorizationDetails answers the whole export when pg is nil, one page of
// it otherwise.
func (s *Service) authorizationDetails(ctx context.Context, c *iam.Caller, filter []string, pg *iam.ListInput) (*AuthorizationDetails, error) {
	params := map[string]any{"filter": filter}
	if pg != nil {
		params["marker"], params["maxItems"] = pg.Marker, pg.MaxItems
	}
	o, err := s.k.Begin(ctx, c, iam.SourceIAM, "GetAccountAuthorizationDetails", catalog.IAMGetAccountAuthorizationDetails.String(), "*", params)
	if err != nil {
		return nil, err
	}
	want := map[string]bool{}
	for _, f := range filter {
		ok := false
		for _, k := range authDetailsFilters {
			ok = ok || f == k
		}
		if !ok {
			return nil, o.Read(iam.ValidationError("filter", "1 validation error detected: Value '[%s]' at 'filter' failed to satisfy constraint: Member must satisfy constraint: [Member must satisfy enum value set: [%s]]",
				strings.Join(filter, ", "), strings.Join(authDetailsFilters, ", ")))
		}
		want[f] = true
	}
	if len(filter) == 0 {
		for _, k := range authDetailsFilters {
			want[k] = true
		}
	}
	var w iam.Window
	if pg != nil {
		// The scope is the kinds selected, so a marker holds for the same
		// filter in any order and for no other.
		kinds := make([]string, 0, len(want))
		for _, k := range authDetailsFilters {
			if want[k] {
				kinds = append(kinds, k)
			}
		}
		if w, err = iam.PageWindow(*pg, "GetAccountAuthorizationDetails "+strings.Join(kinds, ",")); err != nil {
			return nil, o.Read(err)
		}
	}
	d, err := s.authDetails(s.st.Read(ctx), c.AccountID, want)
	if err != nil {
		return nil, o.Read(iam.Internal(err))
	}
	if pg != nil {
		d.window(w)
	}
	return d, o.Read(nil)
}

// window keeps the page w of the users, groups, roles and policies taken in
// that order as one list.
func (d *AuthorizationDetails) window(w iam.Window) {
	nu, ng, nr := len(d.UserDetailList), len(d.GroupDetailList), len(d.RoleDetailList)
	start, end, next := w.Of(nu + ng + nr + len(d.Policies))
	d.UserDetailList = cut(d.UserDetailList, start, end)
	d.GroupDetailList = cut(d.GroupDetailList, start-nu, end-nu)
	d.RoleDetailList = cut(d.RoleDetailList, start-nu-ng, end-nu-ng)
	d.Policies = cut(d.Policies, start-nu-ng-nr, end-nu-ng-nr)
	d.IsTruncated, d.Marker = next != "", next
}

// cut is s[start:end] with both bounds held within s.
func cut[T any](s []T, start, end int) []T {
	start, end = min(max(start, 0), len(s)), min(max(end, 0), len(s))
	return s[start:end]
}

func (s *Service) authDetails(q *store.Q, acct string, want map[string]bool) (*AuthorizationDetails, error) {
	d := &AuthorizationDetails{UserDetailList: []UserDetail{}, GroupDetailList: []GroupDetail{}, RoleDetailList: []RoleDetail{},
		Policies: []ManagedPolicyDetail{}}
	atts, err := q.AccountAttachments(acct)
	if err != nil {
		return nil, err
	}
	attached := map[string][]AttachedPolicy{} // entity ID → policies
	counts := map[string]int{}
	for _, a := range atts {
		attached[a.EntityID] = append(attached[a.EntityID], AttachedPolicy{PolicyName: policyNameOf(a.PolicyARN), PolicyArn: a.PolicyARN})
		counts[a.PolicyARN]++
	}
	boundaries := map[string]int{}
	users, err := q.AccountUsers(acct)
	if err != nil {
		return nil, err
	}
	groups, err := q.AccountGroups(acct)
	if err != nil {
		return nil, err
	}
	roles, err := q.AccountRoles(acct)
	if err != nil {
		return nil, err
	}
	for _, u := range users {
		if u.BoundaryARN != nil {
			boundaries[*u.BoundaryARN]++
		}
	}
	for _, r := range roles {
		if r.BoundaryARN != nil {
			boundaries[*r.BoundaryARN]++
		}
	}
	inline := func(typ string, ids []string) (map[string][]PolicyDetail, error) {
		ps, err := q.InlinePolicies(typ, ids...)
		out := map[string][]PolicyDetail{}
		for _, p := range ps {
			out[p.EntityID] = append(out[p.EntityID], PolicyDetail{PolicyName: p.Name, PolicyDocument: PolicyDocument(p.Document)})
		}
		return out, err
	}
	tags := func(typ string, ids []string) (map[string][]TagDetail, error) {
		ts, err := q.AccountTags(typ, ids)
		out := map[string][]TagDetail{}
		for _, t := range ts {
			out[t.EntityID] = append(out[t.EntityID], TagDetail{Key: t.Key, Value: t.Value})
		}
		return out, err
	}
	if want["User"] {
		ids := make([]string, 0, len(users))
		for _, u := range users {
			ids = append(ids, u.ID)
		}
		in, err := inline("user", ids)
		if err != nil {
			return nil, err
		}
		tg, err := tags("user", ids)
		if err != nil {
			return nil, err
		}
		members, err := q.AccountGroupMembers(acct)
		if err != nil {
			return nil, err
		}
		gname := map[string]string{}
		for _, g := range groups {
			gname[g.ID] = g.Name
		}
		ugroups := map[string][]string{}
		for _, m := range members {
			ugroups[m.UserID] = append(ugroups[m.UserID], gname[m.GroupID])
		}
		for _, u := range users {
			ud := UserDetail{Path: u.Path, UserName: u.Name, UserID: u.ID, Arn: userARN(acct, u.Path, u.Name), CreateDate: u.CreatedAt,
				UserPolicyList: in[u.ID], GroupList: nonNil(ugroups[u.ID]), AttachedManagedPolicies: nonNilAP(attached[u.ID]), Tags: tg[u.ID]}
			if u.BoundaryARN != nil {
				ud.PermissionsBoundary = &AttachedPermissionsBoundary{PermissionsBoundaryType: "PermissionsBoundaryPolicy", PermissionsBoundaryArn: *u.BoundaryARN}
			}
			d.UserDetailList = append(d.UserDetailList, ud)
		}
	}
	if want["Group"] {
		ids := make([]string, 0, len(groups))
		for _, g := range groups {
			ids = append(ids, g.ID)
		}
		in, err := inline("group", ids)
		if err != nil {
			return nil, err
		}
		for _, g := range groups {
			d.GroupDetailList = append(d.GroupDetailList, GroupDetail{Path: g.Path, GroupName: g.Name, GroupID: g.ID,
				Arn: groupARN(acct, g.Path, g.Name), CreateDate: g.CreatedAt, GroupPolicyList: nonNilPD(in[g.ID]),
				AttachedManagedPolicies: nonNilAP(attached[g.ID])})
		}
	}
	if want["Role"] {
		ids := make([]string, 0, len(roles))
		for _, r := range roles {
			ids = append(ids, r.ID)
		}
		in, err := inline("role", ids)
		if err != nil {
			return nil, err
		}
		tg, err := tags("role", ids)
		if err != nil {
			return nil, err
		}
		profiles, err := s.profilesByRole(q, acct, roles)
		if err != nil {
			return nil, err
		}
		for _, r := range roles {
			rd := RoleDetail{Path: r.Path, RoleName: r.Name, RoleID: r.ID, Arn: roleARNOf(acct, r.Path, r.Name), CreateDate: r.CreatedAt,
				AssumeRolePolicyDocument: PolicyDocument(r.TrustPolicy), InstanceProfileList: profiles[r.ID],
				RolePolicyList: nonNilPD(in[r.ID]), AttachedManagedPolicies: nonNilAP(attached[r.ID]), Tags: nonNilTags(tg[r.ID]),
				RoleLastUsed: RoleLastUsed{LastUsedDate: r.LastUsedAt}}
			if r.LastUsedRegion != nil {
				rd.RoleLastUsed.Region = *r.LastUsedRegion
			}
			if r.BoundaryARN != nil {
				rd.PermissionsBoundary = &AttachedPermissionsBoundary{PermissionsBoundaryType: "PermissionsBoundaryPolicy", PermissionsBoundaryArn: *r.BoundaryARN}
			}
			d.RoleDetailList = append(d.RoleDetailList, rd)
		}
	}
	if want["LocalManagedPolicy"] {
		ps, err := q.AccountPolicies(acct)
		if err != nil {
			return nil, err
		}
		vs, err := q.AccountPolicyVersions(acct)
		if err != nil {
			return nil, err
		}
		byPolicy := map[string][]store.PolicyVersion{}
		for _, v := range vs {
			byPolicy[v.PolicyID] = append(byPolicy[v.PolicyID], v)
		}
		for _, p := range ps {
			pd := ManagedPolicyDetail{PolicyName: p.Name, PolicyID: p.ID, Arn: p.ARN, Path: p.Path, DefaultVersionID: p.DefaultVersionID,
				AttachmentCount: counts[p.ARN], PermissionsBoundaryUsageCount: boundaries[p.ARN], IsAttachable: true,
				Description: p.Description, CreateDate: p.CreatedAt, UpdateDate: p.UpdatedAt, PolicyVersionList: []PolicyVersionDetail{}}
			for _, v := range byPolicy[p.ID] {
				pd.PolicyVersionList = append(pd.PolicyVersionList, PolicyVersionDetail{Document: PolicyDocument(v.Document),
					VersionID: v.VersionID, IsDefaultVersion: v.VersionID == p.DefaultVersionID, CreateDate: v.CreatedAt})
			}
			d.Policies = append(d.Policies, pd)
		}
	}
	if want["AWSManagedPolicy"] {
		for _, mp := range managed.List() {
			if counts[mp.ARN] == 0 && boundaries[mp.ARN] == 0 {
				continue
			}
			mp, _ = managed.ByARN(mp.ARN) // with its document
			d.Policies = append(d.Policies, ManagedPolicyDetail{PolicyName: mp.Name, PolicyID: mp.PolicyID, Arn: mp.ARN, Path: mp.Path,
				DefaultVersionID: mp.DefaultVersionID, AttachmentCount: counts[mp.ARN], PermissionsBoundaryUsageCount: boundaries[mp.ARN],
				IsAttachable: true, Description: mp.Description, CreateDate: mp.CreateDate, UpdateDate: mp.UpdateDate,
				PolicyVersionList: []PolicyVersionDetail{{Document: PolicyDocument(mp.Document), VersionID: mp.DefaultVersionID,
					IsDefaultVersion: true, CreateDate: mp.UpdateDate}}})
		}
	}
	return d, nil
}

func roleARNOf(acct, path, name string) string {
	return catalog.IAMRole.ARN(acct, strings.TrimPrefix(normPath(path), "/")+name)
}

// policyNameOf is the last segment of a managed policy ARN.
func policyNameOf(policyARN string) string {
	return policyARN[strings.LastIndex(policyARN, "/")+1:]
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

func nonNilAP(s []AttachedPolicy) []AttachedPolicy {
	if s == nil {
		return []AttachedPolicy{}
	}
	return s
}

func nonNilPD(s []PolicyDetail) []PolicyDetail {
	if s == nil {
		return []PolicyDetail{}
	}
	return s
}

func nonNilTags(s []TagDetail) []TagDetail {
	if s == nil {
		return []TagDetail{}
	}
	return s
}

// PolicyDocument is a policy document that renders as a JSON object, as the
// AWS CLI prints it, and as text elsewhere.
type PolicyDocument string

// MarshalJSON renders the document as JSON when it is JSON, else as a string.
func (d PolicyDocument) MarshalJSON() ([]byte, error) {
	if json.Valid([]byte(d)) {
		var buf bytes.Buffer
		if err := json.Compact(&buf, []byte(d)); err == nil {
			return buf.Bytes(), nil
		}
	}
	return json.Marshal(string(d))
}

// AuthorizationDetails is GetAccountAuthorizationDetails's answer, with AWS's
// element names.
type AuthorizationDetails struct {
	UserDetailList  []UserDetail          `json:"UserDetailList" xml:"UserDetailList>member"`
	GroupDetailList []GroupDetail         `json:"GroupDetailList" xml:"GroupDetailList>member"`
	RoleDetailList  []RoleDetail          `json:"RoleDetailList" xml:"RoleDetailList>member"`
	Policies        []ManagedPolicyDetail `json:"Policies" xml:"Policies>member"`
	IsTruncated     bool                  `json:"IsTruncated" xml:"IsTruncated"`
	// Marker asks for the next page; set only when IsTruncated.
	Marker string `json:"Marker,omitempty" xml:"Marker,omitempty"`
}

// PolicyDetail is an inline policy.
type PolicyDetail struct {
	PolicyName     string         `json:"PolicyName" xml:"PolicyName"`
	PolicyDocument PolicyDocument `json:"PolicyDocument" xml:"PolicyDocument"`
}

// AttachedPolicy names an attached managed policy.
type AttachedPolicy struct {
	PolicyName string `json:"PolicyName" xml:"PolicyName"`
	PolicyArn  string `json:"PolicyArn" xml:"PolicyArn"`
}

// AttachedPermissionsBoundary is an entity's permissions boundary.
type AttachedPermissionsBoundary struct {
	PermissionsBoundaryType string `json:"PermissionsBoundaryType" xml:"PermissionsBoundaryType"`
	PermissionsBoundaryArn  string `json:"PermissionsBoundaryArn" xml:"PermissionsBoundaryArn"`
}

// TagDetail is a tag in AWS's shape.
type TagDetail struct {
	Key   string `json:"Key" xml:"Key"`
	Value string `json:"Value" xml:"Value"`
}

// UserDetail is one entry of UserDetailList.
type UserDetail struct {
	Path                    string                       `json:"Path" xml:"Path"`
	UserName                string                       `json:"UserName" xml:"UserName"`
	UserID                  string                       `json:"UserId" xml:"UserId"`
	Arn                     string                       `json:"Arn" xml:"Arn"`
	CreateDate              time.Time                    `json:"CreateDate" xml:"CreateDate"`
	UserPolicyList          []PolicyDetail               `json:"UserPolicyList,omitempty" xml:"UserPolicyList>member"`
	GroupList               []string                     `json:"GroupList" xml:"GroupList>member"`
	AttachedManagedPolicies []AttachedPolicy             `json:"AttachedManagedPolicies" xml:"AttachedManagedPolicies>member"`
	PermissionsBoundary     *AttachedPermissionsBoundary `json:"PermissionsBoundary,omitempty" xml:"PermissionsBoundary,omitempty"`
	Tags                    []TagDetail                  `json:"Tags,omitempty" xml:"Tags>member"`
}

// GroupDetail is one entry of GroupDetailList.
type GroupDetail struct {
	Path                    string           `json:"Path" xml:"Path"`
	GroupName               string           `json:"GroupName" xml:"GroupName"`
	GroupID                 string           `json:"GroupId" xml:"GroupId"`
	Arn                     string           `json:"Arn" xml:"Arn"`
	CreateDate              time.Time        `json:"CreateDate" xml:"CreateDate"`
	GroupPolicyList         []PolicyDetail   `json:"GroupPolicyList" xml:"GroupPolicyList>member"`
	AttachedManagedPolicies []AttachedPolicy `json:"AttachedManagedPolicies" xml:"AttachedManagedPolicies>member"`
}

// RoleLastUsed tells when a role was last used.
type RoleLastUsed struct {
	LastUsedDate *time.Time `json:"LastUsedDate,omitempty" xml:"LastUsedDate,omitempty"`
	Region       string     `json:"Region,omitempty" xml:"Region,omitempty"`
}

// InstanceProfileDetail is an instance profile a role is in, with its
// roles, as RoleDetailList shows it.
type InstanceProfileDetail struct {
	Path                string        `json:"Path" xml:"Path"`
	InstanceProfileName string        `json:"InstanceProfileName" xml:"InstanceProfileName"`
	InstanceProfileID   string        `json:"InstanceProfileId" xml:"InstanceProfileId"`
	Arn                 string        `json:"Arn" xml:"Arn"`
	CreateDate          time.Time     `json:"CreateDate" xml:"CreateDate"`
	Roles               []ProfileRole `json:"Roles" xml:"Roles>member"`
	Tags                []TagDetail   `json:"Tags,omitempty" xml:"Tags>member,omitempty"`
}

// ProfileRole is a role inside an InstanceProfileDetail.
type ProfileRole struct {
	Path                     string         `json:"Path" xml:"Path"`
	RoleName                 string         `json:"RoleName" xml:"RoleName"`
	RoleID                   string         `json:"RoleId" xml:"RoleId"`
	Arn                      string         `json:"Arn" xml:"Arn"`
	CreateDate               time.Time      `json:"CreateDate" xml:"CreateDate"`
	AssumeRolePolicyDocument PolicyDocument `json:"AssumeRolePolicyDocument" xml:"AssumeRolePolicyDocument"`
}

// RoleDetail is one entry of RoleDetailList.
type RoleDetail struct {
	Path                     string                       `json:"Path" xml:"Path"`
	RoleName                 string                       `json:"RoleName" xml:"RoleName"`
	RoleID                   string                       `json:"RoleId" xml:"RoleId"`
	Arn                      string                       `json:"Arn" xml:"Arn"`
	CreateDate               time.Time                    `json:"CreateDate" xml:"CreateDate"`
	AssumeRolePolicyDocument PolicyDocument               `json:"AssumeRolePolicyDocument" xml:"AssumeRolePolicyDocument"`
	InstanceProfileList      []InstanceProfileDetail      `json:"InstanceProfileList" xml:"InstanceProfileList>member"`
	RolePolicyList           []PolicyDetail               `json:"RolePolicyList" xml:"RolePolicyList>member"`
	AttachedManagedPolicies  []AttachedPolicy             `json:"AttachedManagedPolicies" xml:"AttachedManagedPolicies>member"`
	PermissionsBoundary      *AttachedPermissionsBoundary `json:"PermissionsBoundary,omitempty" xml:"PermissionsBoundary,omitempty"`
	Tags                     []TagDetail                  `json:"Tags" xml:"Tags>member"`
	RoleLastUsed             RoleLastUsed                 `json:"RoleLastUsed" xml:"RoleLastUsed"`
}

// PolicyVersionDetail is one version of a managed policy.
type PolicyVersionDetail struct {
	Document         PolicyDocument `json:"Document" xml:"Document"`
	VersionID        string         `json:"VersionId" xml:"VersionId"`
	IsDefaultVersion bool           `json:"IsDefaultVersion" xml:"IsDefaultVersion"`
	CreateDate       time.Time      `json:"CreateDate" xml:"CreateDate"`
}

// ManagedPolicyDetail is one entry of Policies.
type ManagedPolicyDetail struct {
	PolicyName                    string                `json:"PolicyName" xml:"PolicyName"`
	PolicyID                      string                `json:"PolicyId" xml:"PolicyId"`
	Arn                           string                `json:"Arn" xml:"Arn"`
	Path                          string                `json:"Path" xml:"Path"`
	DefaultVersionID              string                `json:"DefaultVersionId" xml:"DefaultVersionId"`
	AttachmentCount               int                   `json:"AttachmentCount" xml:"AttachmentCount"`
	PermissionsBoundaryUsageCount int                   `json:"PermissionsBoundaryUsageCount" xml:"PermissionsBoundaryUsageCount"`
	IsAttachable                  bool                  `json:"IsAttachable" xml:"IsAttachable"`
	Description                   string                `json:"Description,omitempty" xml:"Description,omitempty"`
	CreateDate                    time.Time             `json:"CreateDate" xml:"CreateDate"`
	UpdateDate                    time.Time             `json:"UpdateDate" xml:"UpdateDate"`
	PolicyVersionList             []PolicyVersionDetail `json:"PolicyVersionList" xml:"PolicyVersionList>member"`
}

// profilesByRole maps each role ID to the instance profiles it is in.
func (s *Service) profilesByRole(q *store.Q, acct string, roles []store.Role) (map[string][]InstanceProfileDetail, error) {
	ps, err := q.InstanceProfiles(acct)
	if err != nil {
		return nil, err
	}
	members, err := q.InstanceProfileRoles(acct)
	if err != nil {
		return nil, err
	}
	byID := make(map[string]*store.Role, len(roles))
	for i := range roles {
		byID[roles[i].ID] = &roles[i]
	}
	out := make(map[string][]InstanceProfileDetail, len(roles))
	for _, r := range roles {
		out[r.ID] = []InstanceProfileDetail{}
	}
	for _, p := range ps {
		d := InstanceProfileDetail{Path: p.Path, InstanceProfileName: p.Name, InstanceProfileID: p.ID,
			Arn: instanceProfileARN(acct, p.Path, p.Name), CreateDate: p.CreatedAt, Roles: []ProfileRole{}}
		for _, id := range members[p.ID] {
			if r := byID[id]; r != nil {
				d.Roles = append(d.Roles, ProfileRole{Path: r.Path, RoleName: r.Name, RoleID: r.ID, Arn: roleARNOf(acct, r.Path, r.Name),
					CreateDate: r.CreatedAt, AssumeRolePolicyDocument: PolicyDocument(r.TrustPolicy)})
			}
		}
		for _, id := range members[p.ID] {
			if _, ok := out[id]; ok {
				out[id] = append(out[id], d)
			}
		}
	}
	return out, nil
}
