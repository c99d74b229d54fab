package catalog_test

import (
	"encoding/json"
	"testing"

	"iamconsole/iam/catalog"
	"iamconsole/iam/policy"
)

// MatchActions must expand an Action element entry exactly as the policy
// engine matches it: for every action of the catalog, the engine allows it
// under a policy with that pattern if and only if MatchActions returns it.
func TestMatchActionsAgreesWithPolicyEngine(t *testing.T) {
	t.Parallel()
	var all []*catalog.ActionInfo
	for _, s := range catalog.Services() {
		all = append(all, s.Actions...)
	}
	patterns := []string{
		"s3:Get*", "S3:get*", "*:List*", "iam:*", "iam:?etRole", "iam:*Role", "s3*:GetObject",
		"sts:AssumeRole*", "*:*Object", "*3:*", "ec2:Describe*s", "dynamodb:*Item", "*:*Tag*", "iam:getrole",
		"?3:Put*", "s3:Get*Acl", "organizations:*Account*",
	}
	for _, p := range patterns {
		t.Run(p, func(t *testing.T) {
			t.Parallel()
			doc, _ := json.Marshal(map[string]any{
				"Version":   "2012-10-17",
				"Statement": map[string]any{"Effect": "Allow", "Action": p, "Resource": "*"},
			})
			pol := policy.MustCompile("p", doc, policy.KindIdentity)
			set := &policy.Set{Identity: []*policy.Policy{pol}}
			want := map[string]bool{}
			for _, a := range catalog.MatchActions(p) {
				want[a.String()] = true
			}
			engine := 0
			for _, a := range all {
				req := &policy.Request{
					Principal: policy.Principal{Type: policy.PrincipalUser, ARN: "arn:aws:iam::111122223333:user/u", Account: "111122223333"},
					Action:    a.String(),
					Resource:  "*",
				}
				allowed := policy.Evaluate(req, set).Effect == policy.Allow
				if allowed {
					engine++
				}
				if allowed != want[a.String()] {
					t.Errorf("%s: engine allows=%v, MatchActions has it=%v", a, allowed, want[a.String()])
				}
			}
			if engine == 0 {
				t.Errorf("pattern %q matches nothing; the case tests nothing", p)
			}
		})
	}
}
