package labs

import (
	"fmt"
	"slices"
	"strings"

	"iamconsole/iam"
	"iamconsole/iam/arn"
	"iamconsole/iam/managed"
	"iamconsole/iam/policy"
)

// attachments checks an entity's managed policies, inline policies and
// boundary.
func (v *validator) attachments(p string, a *Account, policies []string, inline []*Inline, boundary string) {
	for j, ref := range policies {
		if msg := v.policyRef(a, ref); msg != "" {
			v.errorf(fmt.Sprintf("%s.policies[%d]", p, j), "%s", msg)
		}
	}
	seen := map[string]bool{}
	for j, in := range inline {
		if in == nil {
			continue
		}
		ip := fmt.Sprintf("%s.inline[%d]", p, j)
		if in.Name != "" {
			if err := iam.ValidateName(ip+".name", "policyName", in.Name, 128); err != nil {
				v.errorf(ip+".name", "%s", iam.AsError(err).Message)
			} else if seen[strings.ToLower(in.Name)] {
				v.errorf(ip+".name", "the inline policy %q is defined twice", in.Name)
			}
			seen[strings.ToLower(in.Name)] = true
		}
		v.document(ip+".document", in.Document, policy.KindIdentity)
	}
	if boundary != "" {
		if msg := v.policyRef(a, boundary); msg != "" {
			v.errorf(p+".boundary", "%s", msg)
		}
	}
}

// policyRef checks a reference to a managed policy: an AWS managed policy
// ARN, the name of a policy of the account, or an ARN of a lab policy.
func (v *validator) policyRef(a *Account, ref string) string {
	if !strings.HasPrefix(ref, "arn:") {
		if findPolicy(a, ref) == nil {
			return fmt.Sprintf("no policy %q in account %s: name one of its policies or give an ARN", ref, a.Key)
		}
		return ""
	}
	x, err := arn.Parse(v.env.Expand(ref))
	if err != nil || x.Service != "iam" || !strings.HasPrefix(x.Resource, "policy/") {
		return fmt.Sprintf("%q is not a policy ARN", ref)
	}
	if x.Account == "aws" {
		if _, ok := managed.ByARN(v.env.Expand(ref)); !ok {
			return fmt.Sprintf("%q is not an AWS managed policy this console knows", ref)
		}
		return ""
	}
	owner := v.accountByID(x.Account)
	if owner == nil {
		return fmt.Sprintf("%q names an account outside the lab: use ${account.KEY}", ref)
	}
	for _, p := range owner.Policies {
		if p != nil && "policy"+normPath(p.Path)+p.Name == x.Resource {
			return ""
		}
	}
	return fmt.Sprintf("no policy %s in account %s", strings.TrimPrefix(x.Resource, "policy"), owner.Key)
}

func (v *validator) accountByID(id string) *Account {
	for k, got := range v.env.Accounts {
		if got == id {
			return v.lab.Account(k)
		}
	}
	return nil
}

// document validates a policy document as IAM would, placeholders filled.
func (v *validator) document(p string, d Doc, k policy.Kind) {
	if d.JSON == "" {
		return
	}
	text := v.env.Expand(d.JSON)
	doc, err := policy.ParseFor([]byte(text), k)
	if err == nil {
		err = doc.Validate(k)
	}
	if err == nil {
		if k == policy.KindTrust {
			v.trustPrincipals(p, d, doc)
		}
		return
	}
	es, ok := err.(policy.Errors)
	if !ok {
		v.errorf(p, "%v", err)
		return
	}
	for _, e := range es {
		msg := e.Message
		if e.Detail != "" {
			msg += " (" + e.Detail + ")"
		}
		switch {
		case e.Line > 0 && d.text:
			// A JSON string: its lines are the file's, placeholders aside.
			off := lineOffset(d.JSON, e.Line, e.Column)
			v.errorAt(p, off, d.JSON, "%s policy: %s", k, msg)
		case e.Line > 0:
			v.errorf(p, "%s policy, line %d, column %d of its JSON: %s", k, e.Line, e.Column, msg)
		default:
			v.errorf(p, "%s policy: %s", k, msg)
		}
	}
}

// trustPrincipals checks whom a lab's trust policy trusts: principals of
// the lab's own accounts (users and roles it defines), never everyone, as
// a sandbox trusting every principal would trust the other sandboxes on
// the server.
func (v *validator) trustPrincipals(p string, d Doc, doc *policy.Document) {
	report := func(st *policy.Statement, format string, args ...any) {
		if d.text {
			v.errorAt(p, lineOffset(d.JSON, st.Line, st.Column), d.JSON, format, args...)
		} else {
			v.errorf(p, format+" (statement at line %d of its JSON)", append(args, st.Line)...)
		}
	}
	for _, st := range doc.Statements {
		if st.Effect != "Allow" || st.Principal == nil {
			continue
		}
		if st.Principal.Wildcard || slices.Contains(st.Principal.AWS, "*") {
			report(st, "a lab's trust policy may not trust every principal (*): every other sandbox on the server would be trusted too")
			continue
		}
		for _, pr := range st.Principal.AWS {
			acct := pr
			var x arn.ARN
			if !arn.IsAccountID(pr) {
				var err error
				if x, err = arn.Parse(pr); err != nil {
					continue // Validate reported it
				}
				acct = x.Account
			}
			owner := v.accountByID(acct)
			if owner == nil {
				report(st, "the trust policy trusts %s, an account outside the lab: write ${account.KEY}", pr)
				continue
			}
			if typ, rest, ok := strings.Cut(x.Resource, "/"); ok && (typ == "user" || typ == "role") {
				path, name := splitPath("/" + rest)
				if !v.defines(owner, typ, path, name) {
					report(st, "the trust policy names %s %s, which account %s of the lab does not define", typ, path+name, owner.Key)
				}
			}
		}
	}
}

// defines reports whether the lab's account a defines the user or role.
func (v *validator) defines(a *Account, typ, path, name string) bool {
	if typ == "user" {
		for _, u := range a.Users {
			if u != nil && u.Name == name && normPath(u.Path) == path {
				return true
			}
		}
		return false
	}
	for _, r := range a.Roles {
		if r != nil && r.Name == name && normPath(r.Path) == path {
			return true
		}
	}
	return false
}

// lineOffset is the byte offset of a 1-based line and column in s.
func lineOffset(s string, line, col int) int {
	off := 0
	for i := 1; i < line; i++ {
		j := strings.IndexByte(s[off:], '\n')
		if j < 0 {
			return len(s)
		}
		off += j + 1
	}
	return min(off+max(col-1, 0), len(s))
}
