package accessgraph_test

import (
	"testing"

	"iamconsole/iam/accessgraph"
	"iamconsole/iam/catalog"
)

var (
	david       = catalog.IAMUser.ARN(dev, "david")
	theresa     = catalog.IAMUser.ARN(dev, "theresa")
	erin        = catalog.IAMUser.ARN(dev, "erin")
	devAdmin    = catalog.IAMUser.ARN(dev, "admin")
	bounded     = catalog.IAMUser.ARN(dev, "bounded")
	hop1        = catalog.IAMRole.ARN(dev, "Hop1")
	hop2        = catalog.IAMRole.ARN(prod, "Hop2")
	updateAPP   = catalog.IAMRole.ARN(prod, "UpdateAPP")
	needsMFA    = catalog.IAMRole.ARN(prod, "NeedsMFA")
	thirdParty  = catalog.IAMRole.ARN(prod, "ThirdParty")
	denyDavid   = catalog.IAMRole.ARN(prod, "DenyDavid")
	sameDirect  = catalog.IAMRole.ARN(dev, "SameDirect")
	sameAccount = catalog.IAMRole.ARN(dev, "SameAccount")
)

// TestEdgesAgreeWithTheEngine: for every principal and every role of the
// organization, the graph has an edge exactly when the kernel's assume
// core allows the request the edge describes, the plain request is
// refused whenever the edge needs something, and each need is needed.
func TestEdgesAgreeWithTheEngine(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	snap := f.snapshot(t)
	principals, roles := f.principals(t)
	edges := 0
	for _, p := range principals {
		for _, r := range roles {
			e := edge(snap, p, r)
			if e == nil {
				// Nothing the graph could have tried opens it either.
				for _, n := range []accessgraph.Needs{{}, {MFA: true}, {ExternalID: "12345"}, {ExternalID: "vendor-7"}} {
					if f.engine(t, p, r, n) {
						t.Errorf("%s → %s: no edge, but the engine allows with %+v", p, r, n)
					}
				}
				continue
			}
			edges++
			if e.Kind != accessgraph.EdgeAssume {
				t.Errorf("%s → %s: kind %q", p, r, e.Kind)
			}
			if !f.engine(t, p, r, e.Needs) {
				t.Errorf("%s → %s: edge needing %q, but the engine refuses that request", p, r, e.Needs)
			}
			if !e.Needs.None() && f.engine(t, p, r, accessgraph.Needs{}) {
				t.Errorf("%s → %s: edge needs %q, but the engine allows the plain request", p, r, e.Needs)
			}
			if e.Needs.MFA {
				n := e.Needs
				n.MFA = false
				if f.engine(t, p, r, n) {
					t.Errorf("%s → %s: MFA marked as needed, but the engine allows without it", p, r)
				}
			}
			if e.Needs.ExternalID != "" {
				n := e.Needs
				n.ExternalID = ""
				if f.engine(t, p, r, n) {
					t.Errorf("%s → %s: external ID marked as needed, but the engine allows without it", p, r)
				}
			}
		}
	}
	if edges < 10 {
		t.Errorf("only %d edges: the fixture is not exercised", edges)
	}
}

// TestGraphCasesPeersGetWrong: each case names the edge and checks it
// against the engine's own answer for the same request.
func TestGraphCasesPeersGetWrong(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	snap := f.snapshot(t)
	t.Run("MFA-conditioned trust keeps the edge and marks it", func(t *testing.T) {
		e := edge(snap, david, needsMFA)
		if e == nil || !e.Needs.MFA {
			t.Fatalf("david → NeedsMFA = %+v, want an edge needing MFA", e)
		}
		if f.engine(t, david, needsMFA, accessgraph.Needs{}) || !f.engine(t, david, needsMFA, accessgraph.Needs{MFA: true}) {
			t.Error("the engine does not refuse without MFA and allow with it")
		}
		if !e.Console {
			t.Error("a console sign-in with MFA can switch to NeedsMFA, but the edge says the console cannot")
		}
	})
	t.Run("a boundary removes the edge", func(t *testing.T) {
		if e := edge(snap, bounded, updateAPP); e != nil {
			t.Errorf("bounded → UpdateAPP = %+v, want none: its boundary allows only S3", e)
		}
		if e := edge(snap, devAdmin, updateAPP); e == nil {
			t.Error("admin → UpdateAPP: no edge, though admin has the same policy without a boundary")
		}
		if f.engine(t, bounded, updateAPP, accessgraph.Needs{}) || !f.engine(t, devAdmin, updateAPP, accessgraph.Needs{}) {
			t.Error("the engine disagrees")
		}
	})
	t.Run("root trust expands only to principals whose policies allow", func(t *testing.T) {
		for _, c := range []struct {
			who  string
			want bool
		}{{david, true}, {devAdmin, true}, {theresa, false}, {erin, false}, {bounded, false}} {
			if got := edge(snap, c.who, updateAPP) != nil; got != c.want {
				t.Errorf("%s → UpdateAPP (trusts Development's root): edge %v, want %v", c.who, got, c.want)
			}
			if got := f.engine(t, c.who, updateAPP, accessgraph.Needs{}); got != c.want {
				t.Errorf("%s → UpdateAPP: engine %v, want %v", c.who, got, c.want)
			}
		}
		// Same account: erin has no policies, so only SameDirect's own
		// naming of david lets anyone in without identity policies.
		if edge(snap, erin, sameAccount) != nil || edge(snap, david, sameDirect) == nil || edge(snap, devAdmin, sameDirect) != nil {
			t.Error("same-account trust: want erin ↛ SameAccount, david → SameDirect, admin ↛ SameDirect")
		}
	})
	t.Run("a chain's second hop is capped at one hour", func(t *testing.T) {
		first, second := edge(snap, david, hop1), edge(snap, hop1, hop2)
		if first == nil || second == nil {
			t.Fatalf("david → Hop1 = %+v, Hop1 → Hop2 = %+v", first, second)
		}
		if first.Chain || !second.Chain || second.MaxSessionSeconds != 3600 {
			t.Errorf("first hop chain %v; second hop chain %v, max %ds: want no chain, then a chain capped at 3600s", first.Chain, second.Chain, second.MaxSessionSeconds)
		}
		if !f.engine(t, hop1, hop2, accessgraph.Needs{}) {
			t.Error("the engine refuses Hop1's session assuming Hop2")
		}
		reach, err := f.g.WhoCanReach(f.ctx, all, hop2)
		if err != nil {
			t.Fatal(err)
		}
		var found *accessgraph.Reach
		for i := range reach {
			if reach[i].Node.ID == david {
				found = &reach[i]
			}
		}
		if found == nil || len(found.Path) != 2 || !found.Chain || found.MaxSessionSeconds != 3600 {
			t.Fatalf("who can reach Hop2: david = %+v", found)
		}
		if found.Path[0].From != david || found.Path[0].To != hop1 || found.Path[1].To != hop2 {
			t.Errorf("path = %+v", found.Path)
		}
	})
	t.Run("an explicit deny on either side removes the edge", func(t *testing.T) {
		if edge(snap, david, denyDavid) != nil || f.engine(t, david, denyDavid, accessgraph.Needs{}) {
			t.Error("the trust policy denies david, yet there is an edge (or the engine allows)")
		}
		if edge(snap, devAdmin, denyDavid) == nil {
			t.Error("admin → DenyDavid: no edge, but only david is denied")
		}
		if edge(snap, theresa, updateAPP) != nil {
			t.Error("theresa's group denies UpdateAPP, yet there is an edge")
		}
	})
	t.Run("an external ID is a need the console cannot supply", func(t *testing.T) {
		e := edge(snap, david, thirdParty)
		if e == nil || e.Needs.ExternalID != "12345" || e.Console {
			t.Errorf("david → ThirdParty = %+v, want an edge needing external ID 12345, not for the console", e)
		}
	})
	t.Run("service principals and outside accounts are shown", func(t *testing.T) {
		if e := edge(snap, "ec2.amazonaws.com", catalog.IAMRole.ARN(prod, "EC2Role")); e == nil || e.Kind != accessgraph.EdgeAssume {
			t.Errorf("ec2.amazonaws.com → EC2Role = %+v", e)
		}
		e := edge(snap, "arn:aws:iam::999988887777:root", catalog.IAMRole.ARN(prod, "Vendor"))
		if e == nil || e.Kind != accessgraph.EdgeTrust || e.Needs.ExternalID != "vendor-7" {
			t.Errorf("outside account → Vendor = %+v, want a trust edge needing external ID vendor-7", e)
		}
	})
}
