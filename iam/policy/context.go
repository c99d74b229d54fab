package policy

import "strings"

// PrincipalType is the value of aws:PrincipalType for a kind of caller.
type PrincipalType string

// Principal types.
const (
	PrincipalRoot        PrincipalType = "Account"
	PrincipalUser        PrincipalType = "User"
	PrincipalAssumedRole PrincipalType = "AssumedRole"
	PrincipalFederated   PrincipalType = "FederatedUser"
	PrincipalAnonymous   PrincipalType = "Anonymous"
	PrincipalService     PrincipalType = "Service" // an AWS service principal such as ec2.amazonaws.com
)

// Principal is the caller making a request.
type Principal struct {
	Type         PrincipalType
	ARN          string            // caller ARN: user ARN, assumed-role session ARN, root ARN
	PrincipalARN string            // aws:PrincipalArn: the role ARN for role sessions; "" means ARN
	Account      string            // the caller's account ID
	UniqueID     string            // AIDA… for users, the role's AROA… for role sessions, account ID for root
	UserName     string            // IAM users only (aws:username)
	SessionName  string            // role sessions
	Service      string            // PrincipalService only
	Tags         map[string]string // aws:PrincipalTag/*; keys match case-insensitively
}

// Context holds a request's condition keys and their values. Keys are
// case-insensitive. The zero value is not usable; call NewContext.
type Context struct {
	m map[string][]string
}

// NewContext returns an empty Context.
func NewContext() *Context {
	return &Context{m: make(map[string][]string)}
}

// Set sets key to one value or, for multivalued keys such as aws:TagKeys,
// several. Setting no values records a present but empty key, which
// conditions treat as absent.
func (c *Context) Set(key string, values ...string) {
	c.m[strings.ToLower(key)] = values
}

// Get returns the values of key and whether it was set.
func (c *Context) Get(key string) ([]string, bool) {
	if c == nil {
		return nil, false
	}
	v, ok := c.m[strings.ToLower(key)]
	return v, ok
}

// vals is a list of request values without allocation: either one derived
// value or a slice from the Context.
type vals struct {
	one  string
	many []string
	n    int
}

func (v vals) at(i int) string {
	if v.many != nil {
		return v.many[i]
	}
	return v.one
}

func single(s string) vals {
	if s == "" {
		return vals{}
	}
	return vals{one: s, n: 1}
}

// evalCtx is the per-request evaluation state.
type evalCtx struct {
	req    *Request
	ctx    map[string][]string
	userid string // derived aws:userid, computed on first use
	hasUID bool
	svc    string // lower-case service prefix of the action
	// boundary: the principal has a permissions boundary (Set.HasBoundary).
	boundary bool
}

// lookup returns the values of a lower-case key: from the Context, else
// derived from the principal.
func (e *evalCtx) lookup(key string) vals {
	if v, ok := e.ctx[key]; ok {
		return vals{many: v, n: len(v)}
	}
	p := &e.req.Principal
	switch key {
	case "aws:principalarn":
		if p.Type == PrincipalAnonymous {
			return vals{}
		}
		if p.PrincipalARN != "" {
			return single(p.PrincipalARN)
		}
		return single(p.ARN)
	case "aws:principalaccount":
		if p.Account == "" && p.Type == PrincipalAnonymous {
			return single("anonymous")
		}
		return single(p.Account)
	case "aws:principaltype":
		return single(string(p.Type))
	case "aws:userid":
		if !e.hasUID {
			e.userid, e.hasUID = userID(p), true
		}
		return single(e.userid)
	case "aws:username":
		if p.Type == PrincipalUser {
			return single(p.UserName)
		}
		return vals{}
	case "aws:principalservicename":
		if p.Type == PrincipalService {
			return single(p.Service)
		}
		return vals{}
	}
	if tag, ok := strings.CutPrefix(key, "aws:principaltag/"); ok {
		for k, v := range p.Tags {
			if strings.EqualFold(k, tag) {
				return vals{one: v, n: 1}
			}
		}
	}
	return vals{}
}

// userID derives aws:userid as AWS reports it for each kind of principal.
func userID(p *Principal) string {
	switch p.Type {
	case PrincipalRoot:
		if p.UniqueID != "" {
			return p.UniqueID
		}
		return p.Account
	case PrincipalAssumedRole:
		if p.SessionName == "" {
			return p.UniqueID
		}
		return p.UniqueID + ":" + p.SessionName
	case PrincipalFederated:
		if p.UniqueID != "" {
			return p.UniqueID
		}
		return p.Account + ":" + p.SessionName
	case PrincipalAnonymous:
		return "anonymous"
	}
	return p.UniqueID
}
