package accessgraph

import (
	"maps"
	"slices"
	"strconv"
	"strings"
)

// Kinds of node.
const (
	KindAccount   = "account"  // an account of the organization
	KindExternal  = "external" // an account outside the organization, or any account ("*")
	KindUser      = "user"
	KindRole      = "role"
	KindService   = "service"   // an AWS service principal, e.g. ec2.amazonaws.com
	KindFederated = "federated" // a SAML or OIDC provider
	KindResource  = "resource"  // a bucket, a table … (see Source)
)

// Kinds of edge.
const (
	// EdgeAssume: the source can assume the role; the engine allows both
	// sides of the request.
	EdgeAssume = "assume"
	// EdgeTrust: the role trusts an account outside the organization (or
	// every account); whether a principal there may ask is decided by that
	// account's policies, which the organization does not hold.
	EdgeTrust = "trust"
)

// ChainedSessionSeconds is the longest session of a role assumed with a
// role session's credentials (role chaining), whatever the role allows.
const ChainedSessionSeconds = 3600

// Node is one node of the graph.
type Node struct {
	// ID is the node's ARN (a user, role, account root or resource), the
	// service principal (ec2.amazonaws.com), the identity provider's ARN,
	// or "*" for every AWS account.
	ID      string `json:"id"`
	Kind    string `json:"kind"`
	Label   string `json:"label"`
	Account string `json:"account,omitempty"`
	// ResourceType is a resource's CloudFormation type (AWS::S3::Bucket).
	ResourceType string `json:"resourceType,omitempty"`
}

// Needs is what a request must carry, besides the caller's credentials,
// for the engine to allow it. The zero Needs asks for nothing.
type Needs struct {
	MFA            bool   `json:"mfa,omitempty"`
	ExternalID     string `json:"externalId,omitempty"`
	SourceIdentity string `json:"sourceIdentity,omitempty"`
	// SessionName is a role session name the trust policy insists on
	// (otherwise any name will do; the console uses the user name).
	SessionName       string            `json:"sessionName,omitempty"`
	Tags              map[string]string `json:"tags,omitempty"`
	TransitiveTagKeys []string          `json:"transitiveTagKeys,omitempty"`
	SourceIP          string            `json:"sourceIp,omitempty"`
	// Keys are context keys a service or an identity provider supplies
	// (aws:SourceAccount, SAML:aud …), for service and federated edges.
	Keys map[string]string `json:"keys,omitempty"`
}

// None reports whether n asks for nothing.
func (n Needs) None() bool {
	return !n.MFA && n.ExternalID == "" && n.SourceIdentity == "" && n.SessionName == "" && len(n.Tags) == 0 &&
		len(n.TransitiveTagKeys) == 0 && n.SourceIP == "" && len(n.Keys) == 0
}

// ConsoleCapable reports whether the console's Switch Role can supply n:
// it sends no external ID, source identity or session tags and names the
// session after the user.
func (n Needs) ConsoleCapable() bool {
	return n.ExternalID == "" && n.SourceIdentity == "" && n.SessionName == "" && len(n.Tags) == 0 &&
		len(n.TransitiveTagKeys) == 0 && len(n.Keys) == 0
}

// Union is what a path needs when its hops need n and m: a chained session
// inherits MFA and source identity, so one hop's need is the path's.
func (n Needs) Union(m Needs) Needs {
	out := n
	out.MFA = n.MFA || m.MFA
	for _, f := range []struct {
		dst *string
		v   string
	}{{&out.ExternalID, m.ExternalID}, {&out.SourceIdentity, m.SourceIdentity},
		{&out.SessionName, m.SessionName}, {&out.SourceIP, m.SourceIP}} {
		if *f.dst == "" {
			*f.dst = f.v
		}
	}
	if len(m.Tags) > 0 {
		out.Tags = maps.Clone(n.Tags)
		if out.Tags == nil {
			out.Tags = map[string]string{}
		}
		for k, v := range m.Tags {
			if _, ok := out.Tags[k]; !ok {
				out.Tags[k] = v
			}
		}
	}
	if len(m.Keys) > 0 {
		out.Keys = maps.Clone(n.Keys)
		if out.Keys == nil {
			out.Keys = map[string]string{}
		}
		maps.Copy(out.Keys, m.Keys)
	}
	out.TransitiveTagKeys = append(slices.Clone(n.TransitiveTagKeys), m.TransitiveTagKeys...)
	slices.Sort(out.TransitiveTagKeys)
	out.TransitiveTagKeys = slices.Compact(out.TransitiveTagKeys)
	if len(out.TransitiveTagKeys) == 0 {
		out.TransitiveTagKeys = nil
	}
	return out
}

// String lists the needs for people: "MFA, external ID "x"".
func (n Needs) String() string {
	var parts []string
	if n.MFA {
		parts = append(parts, "MFA")
	}
	if n.ExternalID != "" {
		parts = append(parts, "external ID "+strconv.Quote(n.ExternalID))
	}
	if n.SourceIdentity != "" {
		parts = append(parts, "source identity "+strconv.Quote(n.SourceIdentity))
	}
	if n.SessionName != "" {
		parts = append(parts, "session name "+strconv.Quote(n.SessionName))
	}
	for _, k := range slices.Sorted(maps.Keys(n.Tags)) {
		parts = append(parts, "tag "+k+"="+n.Tags[k])
	}
	if len(n.TransitiveTagKeys) > 0 {
		parts = append(parts, "transitive tags "+strings.Join(n.TransitiveTagKeys, ","))
	}
	if n.SourceIP != "" {
		parts = append(parts, "source IP "+n.SourceIP)
	}
	for _, k := range slices.Sorted(maps.Keys(n.Keys)) {
		parts = append(parts, k+"="+n.Keys[k])
	}
	return strings.Join(parts, ", ")
}

// Grant names a statement that allowed an edge's request.
type Grant struct {
	Layer     string `json:"layer"` // "identity-based policy", "permissions boundary", "role trust policy"
	Policy    string `json:"policy"`
	Statement int    `json:"statement"` // 0-based
	Sid       string `json:"sid,omitempty"`
}

// Edge is one edge of the graph: From can assume To (EdgeAssume), or To
// trusts the account From (EdgeTrust).
type Edge struct {
	From string `json:"from"`
	To   string `json:"to"`
	Kind string `json:"kind"`
	// Chain: the source is a role, so the edge is role chaining, and the
	// session lasts at most an hour.
	Chain bool `json:"chain,omitempty"`
	// MaxSessionSeconds is the longest session the edge gives: the role's
	// MaxSessionDuration, or an hour for a chain.
	MaxSessionSeconds int   `json:"maxSessionSeconds,omitempty"`
	Needs             Needs `json:"needs"`
	// Console: the console's Switch Role can take the edge (a user's first
	// hop whose needs the console can supply, to a role whose path and
	// name fit the console's 64 characters).
	Console bool    `json:"console,omitempty"`
	Grants  []Grant `json:"grants,omitempty"`

	// from and to are the ends' keys in the graph (see state).
	from, to string
}
