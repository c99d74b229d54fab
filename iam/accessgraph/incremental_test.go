package accessgraph_test

import (
	"bytes"
	"context"
	"testing"

	"iamconsole/iam"
	"iamconsole/iam/accessgraph"
	"iamconsole/iam/catalog"
	"iamconsole/iam/identity"
	"iamconsole/store"
)

// TestIncrementalUpdateMatchesRebuild: after each change to a policy, a
// trust policy, a membership, a boundary, a user or a role, the graph
// updated in place equals a graph built afresh, and it was updated, not
// rebuilt.
func TestIncrementalUpdateMatchesRebuild(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	ctx := context.Background()
	devAdmin, prodAdmin := f.Admin(t, dev), f.Admin(t, prod)
	id := f.Identity
	newName := "dave"
	steps := []struct {
		name string
		do   func() error
		// check looks at the updated graph.
		check func(t *testing.T, s *accessgraph.Snapshot)
	}{
		{"an inline policy lets erin in", func() error {
			return id.PutInlinePolicy(ctx, devAdmin, "user", "erin", "assume", allowDoc("sts:AssumeRole", updateAPP))
		}, func(t *testing.T, s *accessgraph.Snapshot) {
			if edge(s, erin, updateAPP) == nil {
				t.Error("erin → UpdateAPP missing")
			}
		}},
		{"joining Testers brings its deny", func() error { return id.AddUserToGroup(ctx, devAdmin, "Testers", "erin") },
			func(t *testing.T, s *accessgraph.Snapshot) {
				if edge(s, erin, updateAPP) != nil {
					t.Error("erin → UpdateAPP remains though Testers denies it")
				}
			}},
		{"leaving Testers drops it", func() error { return id.RemoveUserFromGroup(ctx, devAdmin, "Testers", "erin") },
			func(t *testing.T, s *accessgraph.Snapshot) {
				if edge(s, erin, updateAPP) == nil {
					t.Error("erin → UpdateAPP missing again")
				}
			}},
		{"a group policy reaches its members", func() error {
			return id.PutInlinePolicy(ctx, devAdmin, "group", "Testers", "assume-mfa", allowDoc("sts:AssumeRole", needsMFA))
		}, func(t *testing.T, s *accessgraph.Snapshot) {
			if e := edge(s, theresa, needsMFA); e == nil || !e.Needs.MFA {
				t.Errorf("theresa → NeedsMFA = %+v", e)
			}
		}},
		{"a trust policy now wants MFA", func() error {
			return id.UpdateAssumeRolePolicy(ctx, prodAdmin, "UpdateAPP", trustDoc(`{"AWS":"arn:aws:iam::`+dev+`:root"}`,
				`,"Condition":{"Bool":{"aws:MultiFactorAuthPresent":"true"}}`))
		}, func(t *testing.T, s *accessgraph.Snapshot) {
			if e := edge(s, david, updateAPP); e == nil || !e.Needs.MFA {
				t.Errorf("david → UpdateAPP = %+v, want MFA", e)
			}
		}},
		{"a boundary on david", func() error {
			return id.PutUserPermissionsBoundary(ctx, devAdmin, "david", catalog.IAMPolicy.ARN(dev, "S3Only"))
		}, func(t *testing.T, s *accessgraph.Snapshot) {
			if edge(s, david, updateAPP) != nil || edge(s, david, hop1) == nil {
				t.Error("david's boundary: want no edge to UpdateAPP (needs identity), but Hop1 (names david) stays")
			}
		}},
		{"the boundary policy gets a new default version", func() error {
			_, err := id.CreatePolicyVersion(ctx, devAdmin, catalog.IAMPolicy.ARN(dev, "S3Only"),
				`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["s3:*","sts:AssumeRole"],"Resource":"*"}]}`, true)
			return err
		}, func(t *testing.T, s *accessgraph.Snapshot) {
			if edge(s, david, updateAPP) == nil || edge(s, bounded, updateAPP) == nil {
				t.Error("the boundary now allows sts:AssumeRole: david and bounded reach UpdateAPP")
			}
		}},
		{"a new role trusting the account", func() error {
			_, err := id.CreateRole(ctx, prodAdmin, identity.CreateRoleInput{RoleName: "Fresh",
				AssumeRolePolicyDocument: trustDoc(`{"AWS":"`+dev+`"}`, "")})
			return err
		}, func(t *testing.T, s *accessgraph.Snapshot) {
			if edge(s, david, catalog.IAMRole.ARN(prod, "Fresh")) == nil {
				t.Error("david → Fresh missing")
			}
		}},
		{"a role goes", func() error { return id.DeleteRole(ctx, prodAdmin, "Fresh") },
			func(t *testing.T, s *accessgraph.Snapshot) {
				if edge(s, david, catalog.IAMRole.ARN(prod, "Fresh")) != nil {
					t.Error("david → Fresh remains")
				}
			}},
		{"a user is renamed", func() error {
			return id.UpdateUser(ctx, devAdmin, "david", identity.UpdateUserInput{NewUserName: &newName})
		}, func(t *testing.T, s *accessgraph.Snapshot) {
			if edge(s, catalog.IAMUser.ARN(dev, "dave"), hop1) == nil || edge(s, david, hop1) != nil {
				t.Error("the renamed user's edges do not follow it")
			}
		}},
		{"a new user with a policy", func() error {
			if _, err := id.CreateUser(ctx, devAdmin, identity.CreateUserInput{UserName: "frank"}); err != nil {
				return err
			}
			return id.AttachPolicy(ctx, devAdmin, "user", "frank", iam.AdministratorAccessARN)
		}, func(t *testing.T, s *accessgraph.Snapshot) {
			if edge(s, catalog.IAMUser.ARN(dev, "frank"), sameAccount) == nil {
				t.Error("frank → SameAccount missing")
			}
		}},
		{"a role's tags", func() error {
			return id.TagRole(ctx, prodAdmin, "ThirdParty", []iam.Tag{{Key: "team", Value: "x"}})
		}, nil},
		{"the user goes", func() error {
			if err := id.DetachPolicy(ctx, devAdmin, "user", "frank", iam.AdministratorAccessARN); err != nil {
				return err
			}
			return id.DeleteUser(ctx, devAdmin, "frank")
		}, func(t *testing.T, s *accessgraph.Snapshot) {
			for _, n := range s.Nodes {
				if n.ID == catalog.IAMUser.ARN(dev, "frank") {
					t.Error("frank is still a node")
				}
			}
		}},
	}
	if err := f.g.Refresh(ctx); err != nil {
		t.Fatal(err)
	}
	for _, st := range steps {
		before := f.g.Stats()
		if err := st.do(); err != nil {
			t.Fatalf("%s: %v", st.name, err)
		}
		got := f.snapshot(t)
		after := f.g.Stats()
		if after.Builds != before.Builds || after.Updates == before.Updates {
			t.Errorf("%s: builds %d → %d, updates %d → %d: want an update in place", st.name, before.Builds, after.Builds, before.Updates, after.Updates)
		}
		fresh, err := accessgraph.New(f.K).Snapshot(ctx, all, accessgraph.Filter{})
		if err != nil {
			t.Fatal(err)
		}
		a, _ := got.JSON()
		b, _ := fresh.JSON()
		if !bytes.Equal(a, b) {
			t.Errorf("%s: the updated graph differs from a rebuilt one:\nupdated:\n%s\nrebuilt:\n%s", st.name, a, b)
		}
		if st.check != nil {
			t.Run(st.name, func(t *testing.T) { st.check(t, got) })
		}
	}
}

// TestUndescribedChangeRebuilds: a write the change log cannot describe
// (made in a plain transaction) is still seen: the graph rebuilds.
func TestUndescribedChangeRebuilds(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	ctx := context.Background()
	if err := f.g.Refresh(ctx); err != nil {
		t.Fatal(err)
	}
	err := f.K.Tx(ctx, func(q *store.Q) error {
		r, err := q.RoleByName(prod, "UpdateAPP")
		if err != nil {
			return err
		}
		r.TrustPolicy = trustDoc(`{"AWS":"arn:aws:iam::`+mgmt+`:root"}`, "")
		return q.UpdateRole(r)
	})
	if err != nil {
		t.Fatal(err)
	}
	s := f.snapshot(t)
	if edge(s, david, updateAPP) != nil || edge(s, catalog.IAMUser.ARN(mgmt, "admin"), updateAPP) == nil {
		t.Error("the graph did not follow a trust policy changed in a plain transaction")
	}
	if st := f.g.Stats(); st.Builds != 2 {
		t.Errorf("builds = %d, want 2", st.Builds)
	}
}
