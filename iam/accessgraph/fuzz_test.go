package accessgraph

import (
	"strings"
	"testing"

	"iamconsole/iam/arn"
	"iamconsole/iam/policy"
)

// FuzzGrantIndexIsASuperset: the index that lets a role meet only the
// principals whose policies may grant assuming it never leaves out one
// whose pattern matches the role's ARN (it may offer more: each is checked).
func FuzzGrantIndexIsASuperset(f *testing.F) {
	for _, seed := range [][2]string{
		{"arn:aws:iam::*:role/team-05-*", "arn:aws:iam::111122223333:role/team-05-role-0005"},
		{"arn:aws:iam::111122223333:role/UpdateAPP", "arn:aws:iam::111122223333:role/UpdateAPP"},
		{"arn:aws:iam::*:role/*", "arn:aws:iam::123456789012:role/division/team/PathRole"},
		{"*", "arn:aws:iam::123456789012:role/x"},
		{"arn:aws:iam::1234?6789012:role/?pp", "arn:aws:iam::123456789012:role/app"},
		{"not an arn", "arn:aws:iam::123456789012:role/x"},
		{"arn:aws:iam::*:*", "arn:aws:iam::123456789012:role/x"},
	} {
		f.Add(seed[0], seed[1])
	}
	f.Fuzz(func(t *testing.T, pattern, roleARN string) {
		st := newState()
		g := &policyGrants{id: 1}
		if pattern == "*" || strings.Contains(pattern, "${") {
			g.any = true
		} else {
			g.patterns = []string{pattern}
		}
		x := &sigIndex{groups: map[string]*sigGroup{}, prefixes: map[string]map[*sigGroup]int{}, general: map[*sigGroup]bool{}}
		sg := &sigGroup{grants: []*policyGrants{g}, members: map[string]*principal{}}
		x.add(sg)
		_ = st
		offered := false
		x.candidates(roleARN, func(c *sigGroup) { offered = offered || c == sg })
		if g.matches(roleARN) && !offered {
			t.Fatalf("pattern %q matches %q, but the index does not offer it", pattern, roleARN)
		}
		if g.matches(roleARN) != (g.any || arn.Match(pattern, roleARN)) {
			t.Fatalf("matches disagrees with arn.Match for %q, %q", pattern, roleARN)
		}
		x.remove(sg)
		if len(x.prefixes) != 0 || len(x.general) != 0 {
			t.Fatalf("removing the group left %v %v", x.prefixes, x.general)
		}
	})
}

// FuzzTrustAndWitness: any trust policy the policy package accepts reads
// into principals without panicking, and any condition yields a witness
// without panicking (values made literal for Like operators).
func FuzzTrustAndWitness(f *testing.F) {
	f.Add(`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":["arn:aws:iam::111122223333:root","AIDAAAAAAAAAAAAAAAAAA","arn:aws:sts::111122223333:assumed-role/R/s"],"Service":"ec2.amazonaws.com"},"Action":"sts:AssumeRole","Condition":{"StringLike":{"sts:ExternalId":"a*b?${aws:username}"},"Bool":{"aws:MultiFactorAuthPresent":"true"},"IpAddress":{"aws:SourceIp":"192.0.2.0/24"}}}]}`)
	f.Add(`{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Principal":{"AWS":"*"},"Action":"sts:*","Condition":{"StringNotEquals":{"aws:RequestTag/team":"${aws:PrincipalTag/team, 'x'}"},"Null":{"sts:SourceIdentity":"true"}}}]}`)
	f.Fuzz(func(t *testing.T, doc string) {
		p, err := policy.Compile("fuzz", []byte(doc), policy.KindTrust)
		if err != nil {
			return
		}
		_ = trustRefs(p)
		v := vars{p: &principal{user: true, name: "u", id: "AIDAAAAAAAAAAAAAAAAAA", account: "111122223333", arn: "arn:aws:iam::111122223333:user/u",
			tags: map[string]string{"team": "t"}}}
		for _, s := range p.Document().Statements {
			var n Needs
			v.witness(&n, s)
			v.keysWitness(&n, s)
			_ = n.String()
			for _, c := range s.Conditions {
				if strings.HasSuffix(operator(c.Operator), "Like") && len(c.Values) > 0 && !strings.Contains(c.Values[0], "${") {
					if got := v.value(c.Values[0], true); strings.ContainsAny(got, "*?") {
						t.Fatalf("Like value %q made literal as %q", c.Values[0], got)
					}
				}
			}
		}
	})
}
