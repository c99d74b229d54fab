package identity

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"iamconsole/iam"
	"iamconsole/iam/arn"
	"iamconsole/iam/policy"
	"iamconsole/store"
)

// policyError turns the errors of iam/policy into a MalformedPolicyDocument
// *Error carrying every problem with its position. A document whose only
// problem is a size quota is LimitExceeded, as IAM answers.
func policyError(field string, err error) *iam.Error {
	var pes policy.Errors
	if !errors.As(err, &pes) || len(pes) == 0 {
		return &iam.Error{Kind: iam.KindMalformedPolicy, Code: "MalformedPolicyDocument", Message: "Syntax errors in policy.", Field: field, Err: err}
	}
	e := &iam.Error{Kind: iam.KindMalformedPolicy, Code: "MalformedPolicyDocument", Message: pes[0].Message, Field: field}
	quotaOnly := true
	for _, pe := range pes {
		msg := pe.Message
		if pe.Detail != "" {
			msg += " (" + pe.Detail + ")"
		}
		e.Positions = append(e.Positions, iam.Position{Line: pe.Line, Column: pe.Column, Message: msg})
		if !strings.HasPrefix(pe.Message, "Cannot exceed quota for") {
			quotaOnly = false
		}
	}
	if quotaOnly {
		e.Kind, e.Code = iam.KindLimit, "LimitExceeded"
	}
	return e
}

// parsePolicy parses and validates document as a policy of kind k.
func parsePolicy(field, document string, k policy.Kind) (*policy.Document, *iam.Error) {
	if strings.TrimSpace(document) == "" {
		return nil, iam.ValidationError(field, "1 validation error detected: Value at 'policyDocument' failed to satisfy constraint: Member must have length greater than or equal to 1")
	}
	d, err := policy.ParseFor([]byte(document), k)
	if err != nil {
		return nil, policyError(field, err)
	}
	if err := d.Validate(k); err != nil {
		return nil, policyError(field, err)
	}
	return d, nil
}

// ValidatePolicy checks a document as a policy of kind k and returns every
// problem with its position; nil when the document is valid. It needs no
// authorization: the console's editor calls it as the user types.
func (s *Service) ValidatePolicy(k policy.Kind, document string) []iam.Position {
	_, e := parsePolicy("document", document, k)
	if e == nil {
		return nil
	}
	if len(e.Positions) == 0 {
		return []iam.Position{{Message: e.Message}}
	}
	return e.Positions
}

// indentJSON pretty-prints compact JSON as the console shows documents.
func indentJSON(b []byte) string {
	var out bytes.Buffer
	if err := json.Indent(&out, b, "", "  "); err != nil {
		return string(b)
	}
	return out.String()
}

// bindTrust validates a trust policy and returns the form to store: principals
// naming an IAM user or role are replaced by the entity's unique ID, as IAM
// does; a bare account ID is kept as given (IAM stores and returns it so).
// A principal naming a user or role that does not exist makes the document
// malformed.
func bindTrust(q *store.Q, field, document string) (string, *iam.Error) {
	d, perr := parsePolicy(field, document, policy.KindTrust)
	if perr != nil {
		return "", perr
	}
	changed := false
	var bad []iam.Position
	for _, st := range d.Statements {
		for _, p := range []*policy.Principals{st.Principal, st.NotPrincipal} {
			if p == nil || p.Wildcard {
				continue
			}
			for i, v := range p.AWS {
				switch {
				case strings.HasPrefix(v, "arn:"):
					id, ok, err := principalID(q, v)
					if err != nil {
						return "", iam.Internal(err)
					}
					if !ok {
						bad = append(bad, iam.Position{Line: st.Line, Column: st.Column,
							Message: fmt.Sprintf(`Invalid principal in policy: "AWS":"%s"`, v)})
						continue
					}
					if id != "" {
						p.AWS[i], changed = id, true
					}
				}
			}
		}
	}
	if len(bad) > 0 {
		return "", &iam.Error{Kind: iam.KindMalformedPolicy, Code: "MalformedPolicyDocument", Message: bad[0].Message, Field: field, Positions: bad}
	}
	if !changed {
		return document, nil
	}
	b, _ := d.MarshalJSON()
	return indentJSON(b), nil
}

// principalID resolves an IAM user or role ARN to its unique ID. ok is false
// when the ARN names a user or role that does not exist (or is not a valid
// principal ARN); id is "" for ARNs that are kept as written.
func principalID(q *store.Q, principal string) (id string, ok bool, err error) {
	a, perr := arn.Parse(principal)
	if perr != nil {
		return "", false, nil
	}
	if a.Service != "iam" || a.Resource == "root" {
		return "", true, nil
	}
	typ, rest, _ := strings.Cut(a.Resource, "/")
	if typ != "user" && typ != "role" {
		return "", true, nil
	}
	path, name := "/", rest
	if i := strings.LastIndex(rest, "/"); i >= 0 {
		path, name = "/"+rest[:i+1], rest[i+1:]
	}
	if name == "" || !arn.IsAccountID(a.Account) {
		return "", false, nil
	}
	switch typ {
	case "user":
		u, err := q.UserByName(a.Account, name)
		if errors.Is(err, store.ErrNotFound) || err == nil && (u.Name != name || u.Path != path) {
			return "", false, nil
		}
		if err != nil {
			return "", false, err
		}
		return u.ID, true, nil
	default:
		r, err := q.RoleByName(a.Account, name)
		if errors.Is(err, store.ErrNotFound) || err == nil && (r.Name != name || r.Path != path) {
			return "", false, nil
		}
		if err != nil {
			return "", false, err
		}
		return r.ID, true, nil
	}
}

// isBoundID reports whether a principal value is a user's or role's unique ID.
func isBoundID(v string) bool {
	return len(v) == 21 && (strings.HasPrefix(v, iam.PrefixUser) || strings.HasPrefix(v, iam.PrefixRole))
}

// trustIDs lists the unique IDs a stored trust policy is bound to.
func trustIDs(stored string) []string {
	if !strings.Contains(stored, iam.PrefixUser) && !strings.Contains(stored, iam.PrefixRole) {
		return nil
	}
	d, err := policy.Parse([]byte(stored))
	if err != nil {
		return nil
	}
	var ids []string
	for _, st := range d.Statements {
		for _, p := range []*policy.Principals{st.Principal, st.NotPrincipal} {
			if p == nil {
				continue
			}
			for _, v := range p.AWS {
				if isBoundID(v) {
					ids = append(ids, v)
				}
			}
		}
	}
	return ids
}

// displayTrust turns the unique IDs of a stored trust policy back into the
// ARNs of the entities that still exist; IDs of deleted entities stay raw,
// as IAM shows them. arns maps unique IDs to ARNs.
func displayTrust(stored string, arns map[string]string) string {
	if len(arns) == 0 || !strings.Contains(stored, iam.PrefixUser) && !strings.Contains(stored, iam.PrefixRole) {
		return stored
	}
	d, err := policy.Parse([]byte(stored))
	if err != nil {
		return stored
	}
	changed := false
	for _, st := range d.Statements {
		for _, p := range []*policy.Principals{st.Principal, st.NotPrincipal} {
			if p == nil {
				continue
			}
			for i, v := range p.AWS {
				if a, ok := arns[v]; ok && isBoundID(v) {
					p.AWS[i], changed = a, true
				}
			}
		}
	}
	if !changed {
		return stored
	}
	b, _ := d.MarshalJSON()
	return indentJSON(b)
}

// resolveTrustARNs looks up, in one query per entity type, the ARNs of the
// users and roles that stored trust policies are bound to.
func resolveTrustARNs(q *store.Q, docs ...string) (map[string]string, error) {
	var users, roles []string
	for _, d := range docs {
		for _, id := range trustIDs(d) {
			if strings.HasPrefix(id, iam.PrefixUser) {
				users = append(users, id)
			} else {
				roles = append(roles, id)
			}
		}
	}
	out := map[string]string{}
	if len(users)+len(roles) == 0 {
		return out, nil
	}
	ents, err := q.EntityARNParts(users, roles)
	if err != nil {
		return nil, err
	}
	for _, e := range ents {
		out[e.ID] = arn.IAM(e.AccountID, e.Type, e.Path, e.Name)
	}
	return out, nil
}
