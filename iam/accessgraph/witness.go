package accessgraph

import (
	"net/netip"
	"strings"

	"iamconsole/iam/policy"
)

// The witness: when the engine refuses a request as it stands, the edge may
// still exist for a request that carries more (an MFA code, an external
// ID …). The conditions of the statements in play say what: an Allow's
// StringEquals sts:ExternalId "x" wants "x", a Deny's BoolIfExists
// aws:MultiFactorAuthPresent false wants MFA. A witness is one such set of
// values; the engine then decides with it, and the needs that survive are
// those without which it refuses.

// suppliable are the condition keys (lower case) a caller of AssumeRole
// controls, each with the need it fills.
var suppliable = map[string]bool{
	"aws:multifactorauthpresent": true, "aws:multifactorauthage": true, "sts:externalid": true,
	"sts:sourceidentity": true, "sts:rolesessionname": true, "aws:tagkeys": true,
	"sts:transitivetagkeys": true, "aws:sourceip": true,
}

// suppliableKey reports whether a caller controls the key k (lower case).
func suppliableKey(k string) bool {
	return suppliable[k] || strings.HasPrefix(k, "aws:requesttag/")
}

// vars resolves the policy variables of a condition value for a principal.
type vars struct{ p *principal }

func (v vars) resolve(name string) (string, bool) {
	switch strings.ToLower(name) {
	case "aws:username":
		if v.p != nil && v.p.user {
			return v.p.name, true
		}
	case "aws:userid":
		if v.p != nil {
			if v.p.user {
				return v.p.id, true
			}
			return v.p.id + ":" + v.p.name, true
		}
	case "aws:principalaccount":
		if v.p != nil {
			return v.p.account, true
		}
	case "aws:principalarn":
		if v.p != nil {
			return v.p.arn, true
		}
	case "*", "?", "$":
		return name, true
	}
	if tag, ok := strings.CutPrefix(strings.ToLower(name), "aws:principaltag/"); ok && v.p != nil {
		for k, val := range v.p.tags {
			if strings.EqualFold(k, tag) {
				return val, true
			}
		}
	}
	return "", false
}

// value turns a condition value into one request value that satisfies it:
// variables resolved (an unknown one stays as written: the engine will
// refuse) and, for the Like operators, wildcards made literal.
func (v vars) value(s string, like bool) string {
	var b strings.Builder
	for {
		i := strings.Index(s, "${")
		if i < 0 {
			break
		}
		j := strings.IndexByte(s[i:], '}')
		if j < 0 {
			break
		}
		// ${name} or ${name, 'default'}.
		name, def, hasDef := strings.Cut(s[i+2:i+j], ",")
		b.WriteString(literal(s[:i], like))
		if val, ok := v.resolve(strings.TrimSpace(name)); ok {
			b.WriteString(val)
		} else if hasDef {
			b.WriteString(strings.Trim(strings.TrimSpace(def), "'"))
		} else {
			b.WriteString(s[i : i+j+1])
		}
		s = s[i+j+1:]
	}
	b.WriteString(literal(s, like))
	return b.String()
}

// literal makes a Like pattern's wildcards literal: "*" matches the empty
// string, "?" any one character.
func literal(s string, like bool) string {
	if !like {
		return s
	}
	return strings.ReplaceAll(strings.ReplaceAll(s, "*", ""), "?", "x")
}

// operator is a condition operator without its set qualifier and IfExists.
func operator(op string) string {
	op = strings.TrimPrefix(strings.TrimPrefix(op, "ForAnyValue:"), "ForAllValues:")
	return strings.TrimSuffix(op, "IfExists")
}

// witness adds to n the values that make the statement's conditions on
// suppliable keys hold (for an Allow) or fail (for a Deny). Keys already in
// n keep their values.
func (v vars) witness(n *Needs, s *policy.Statement) {
	allow := s.Effect == "Allow"
	for _, c := range s.Conditions {
		key := strings.ToLower(c.Key)
		if !suppliableKey(key) || len(c.Values) == 0 {
			continue
		}
		op := operator(c.Operator)
		first := c.Values[0]
		// present: the condition wants the key present (with first);
		// absent ones are left out of the witness.
		want, like := false, strings.HasSuffix(op, "Like")
		switch op {
		case "StringEquals", "StringEqualsIgnoreCase", "StringLike", "ArnEquals", "ArnLike", "IpAddress",
			"NumericLessThan", "NumericLessThanEquals", "NumericEquals":
			want = allow
		case "StringNotEquals", "StringNotEqualsIgnoreCase", "StringNotLike", "ArnNotEquals", "ArnNotLike", "NotIpAddress":
			want = !allow
		case "Bool":
			want = (first == "true") == allow
			if key != "aws:multifactorauthpresent" {
				want = false
			}
		case "Null":
			want = (first == "false") == allow
			first = ""
		}
		if !want {
			continue
		}
		val := v.value(first, like)
		switch {
		case key == "aws:multifactorauthpresent" || key == "aws:multifactorauthage":
			n.MFA = true
		case key == "sts:externalid":
			n.ExternalID = orDefault(n.ExternalID, val, "external-id")
		case key == "sts:sourceidentity":
			n.SourceIdentity = orDefault(n.SourceIdentity, val, "source-identity")
		case key == "sts:rolesessionname":
			n.SessionName = orDefault(n.SessionName, val, "session")
		case key == "aws:sourceip":
			if n.SourceIP == "" {
				n.SourceIP = firstAddress(val)
			}
		case key == "aws:tagkeys" || key == "sts:transitivetagkeys":
			for _, k := range c.Values {
				k = v.value(k, like)
				if k == "" {
					continue
				}
				if n.Tags == nil {
					n.Tags = map[string]string{}
				}
				if _, ok := n.Tags[k]; !ok {
					n.Tags[k] = "value"
				}
				if key == "sts:transitivetagkeys" {
					n.TransitiveTagKeys = appendNew(n.TransitiveTagKeys, k)
				}
			}
		default: // aws:requesttag/K
			tag := c.Key[len("aws:RequestTag/"):]
			if n.Tags == nil {
				n.Tags = map[string]string{}
			}
			if _, ok := n.Tags[tag]; !ok {
				n.Tags[tag] = orDefault("", val, "value")
			}
		}
	}
}

// keysWitness adds to n, for a service or federated principal, the values
// of every positive condition of an Allow statement: the service or the
// identity provider supplies those keys.
func (v vars) keysWitness(n *Needs, s *policy.Statement) {
	if s.Effect != "Allow" {
		return
	}
	for _, c := range s.Conditions {
		if len(c.Values) == 0 {
			continue
		}
		op := operator(c.Operator)
		switch op {
		case "StringEquals", "StringEqualsIgnoreCase", "StringLike", "ArnEquals", "ArnLike", "Bool", "NumericEquals":
		default:
			continue
		}
		if n.Keys == nil {
			n.Keys = map[string]string{}
		}
		if _, ok := n.Keys[c.Key]; !ok {
			n.Keys[c.Key] = v.value(c.Values[0], strings.HasSuffix(op, "Like"))
		}
	}
}

func orDefault(have, val, def string) string {
	switch {
	case have != "":
		return have
	case val != "":
		return val
	}
	return def
}

func appendNew(list []string, v string) []string {
	for _, x := range list {
		if x == v {
			return list
		}
	}
	return append(list, v)
}

// firstAddress is an address inside a CIDR block (or the address itself).
func firstAddress(s string) string {
	if p, err := netip.ParsePrefix(s); err == nil {
		return p.Masked().Addr().String()
	}
	if a, err := netip.ParseAddr(s); err == nil {
		return a.String()
	}
	return s
}

// hasSuppliable reports whether any statement of p conditions on a key a
// caller controls: only then can a witness change the engine's answer.
func hasSuppliable(p *policy.Policy) bool {
	for _, s := range p.Document().Statements {
		for _, c := range s.Conditions {
			if suppliableKey(strings.ToLower(c.Key)) {
				return true
			}
		}
	}
	return false
}
