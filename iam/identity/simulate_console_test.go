package identity_test

import (
	"context"
	"strings"
	"testing"

	"iamconsole/iam"
	"iamconsole/iam/catalog"
	"iamconsole/iam/identity"
	"iamconsole/iam/organizations"
)

// TestSimulateAgreesWithTheAPI: for a user and a role, the console's
// simulator decides every action and resource as SimulatePrincipalPolicy
// does, and names the statements that decided in the policies' texts.
func TestSimulateAgreesWithTheAPI(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	dev, prod := organizations.DemoDevelopmentID, organizations.DemoProductionID
	actions := []string{string(catalog.STSAssumeRole), string(catalog.S3GetObject), string(catalog.S3PutObject), string(catalog.IAMCreateUser), string(catalog.IAMListUsers)}
	resources := []string{catalog.IAMRole.ARN(prod, "UpdateAPP"), "arn:aws:s3:::productionapp/x", "*"}
	for _, c := range []struct {
		who    *iam.Caller
		source string
	}{
		{f.devAdmin, catalog.IAMUser.ARN(dev, "david")},
		{f.devAdmin, catalog.IAMUser.ARN(dev, "theresa")},
		{f.prodAdmin, catalog.IAMRole.ARN(prod, "UpdateAPP")},
	} {
		api, err := f.s.SimulatePrincipalPolicy(f.ctx, c.who, identity.SimulatePrincipalInput{PolicySourceARN: c.source, ActionNames: actions, ResourceARNs: resources})
		if err != nil {
			t.Fatal(err)
		}
		sim, err := f.s.Simulate(f.ctx, c.who, identity.SimulationInput{SourceARN: c.source, Actions: actions, Resources: resources})
		if err != nil {
			t.Fatal(err)
		}
		if len(api) != len(sim.Results) {
			t.Fatalf("%s: %d API results, %d console results", c.source, len(api), len(sim.Results))
		}
		for i, r := range sim.Results {
			if r.Action != api[i].EvalActionName || r.Resource != api[i].EvalResourceName || r.Decision != api[i].EvalDecision {
				t.Errorf("%s %s on %s: console %s, API %s", c.source, r.Action, r.Resource, r.Decision, api[i].EvalDecision)
			}
			if len(r.Matched) != len(api[i].MatchedStatements) {
				t.Errorf("%s %s: %d matched statements, API %d", c.source, r.Action, len(r.Matched), len(api[i].MatchedStatements))
			}
			if r.Decisive != nil {
				pol := sim.Policies[r.Decisive.Policy]
				sp := pol.Statements[r.Decisive.Statement]
				if sp.EndLine == 0 || sp.StartLine == 0 {
					t.Errorf("%s: deciding statement %d of %s has no place in its text", r.Action, r.Decisive.Statement, pol.ID)
				}
				if !strings.HasPrefix(lineOf(pol.Text, sp.StartLine)[sp.StartCol-1:], "{") {
					t.Errorf("%s: statement of %s does not start at %d:%d", r.Action, pol.ID, sp.StartLine, sp.StartCol)
				}
			}
		}
	}
}

func lineOf(text string, n int) string { return strings.Split(text, "\n")[n-1] }

// callerOf is the user name of account as a caller.
func callerOf(t *testing.T, k *iam.Service, account, name string) *iam.Caller {
	t.Helper()
	q := k.Store().Read(context.Background())
	a, err := q.Account(account)
	if err != nil {
		t.Fatal(err)
	}
	u, err := q.UserByName(account, name)
	if err != nil {
		t.Fatal(err)
	}
	return iam.UserCaller(a, u)
}

// TestSimulateGroupSessionAndMissingKeys: a group's policies, a session
// policy that narrows them, and the condition keys a statement tests that
// the run did not supply.
func TestSimulateGroupSessionAndMissingKeys(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	dev, prod := organizations.DemoDevelopmentID, organizations.DemoProductionID
	updateAPP := catalog.IAMRole.ARN(prod, "UpdateAPP")
	sim, err := f.s.Simulate(f.ctx, f.devAdmin, identity.SimulationInput{SourceARN: "arn:aws:iam::" + dev + ":group/Developers",
		Actions: []string{string(catalog.STSAssumeRole)}, Resources: []string{updateAPP}})
	if err != nil {
		t.Fatal(err)
	}
	if got := sim.Results[0]; got.Decision != "allowed" || got.Decisive == nil || sim.Policies[got.Decisive.Policy].ID != "group/Developers/allow-assume-UpdateAPP" {
		t.Fatalf("Developers may assume UpdateAPP: %+v", got)
	}
	session := `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:*","Resource":"*"}]}`
	sim, err = f.s.Simulate(f.ctx, f.devAdmin, identity.SimulationInput{SourceARN: "arn:aws:iam::" + dev + ":group/Developers", SessionPolicy: session,
		Actions: []string{string(catalog.STSAssumeRole)}, Resources: []string{updateAPP}})
	if err != nil {
		t.Fatal(err)
	}
	if got := sim.Results[0]; got.Decision != "implicitDeny" || got.MissingLayer != "session policy" {
		t.Errorf("with a session policy for S3 only: %+v, want an implicit deny for want of the session policy", got)
	}
	mfa := `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"ec2:TerminateInstances","Resource":"*","Condition":{"Bool":{"aws:MultiFactorAuthPresent":"true"},"StringEquals":{"aws:username":"david"}}}]}`
	sim, err = f.s.Simulate(f.ctx, f.devAdmin, identity.SimulationInput{SourceARN: catalog.IAMUser.ARN(dev, "david"), Policies: []string{mfa},
		Actions: []string{"ec2:TerminateInstances"}})
	if err != nil {
		t.Fatal(err)
	}
	if got := sim.Results[0]; got.Decision != "implicitDeny" || len(got.MissingContext) != 1 || got.MissingContext[0] != "aws:MultiFactorAuthPresent" {
		t.Errorf("MFA-conditioned run: %+v, want implicit deny missing aws:MultiFactorAuthPresent only (aws:username is david's)", got)
	}
	sim, err = f.s.Simulate(f.ctx, f.devAdmin, identity.SimulationInput{SourceARN: catalog.IAMUser.ARN(dev, "david"), Policies: []string{mfa},
		Actions: []string{"ec2:TerminateInstances"}, Context: map[string][]string{"aws:MultiFactorAuthPresent": {"true"}}})
	if err != nil {
		t.Fatal(err)
	}
	if got := sim.Results[0]; got.Decision != "allowed" || len(got.MissingContext) != 0 {
		t.Errorf("with MFA in the context: %+v", got)
	}
	// Without iam:SimulateCustomPolicy, no run.
	if _, err := f.s.CreateUser(f.ctx, f.devAdmin, identity.CreateUserInput{UserName: "nobody"}); err != nil {
		t.Fatal(err)
	}
	nobody := callerOf(t, f.k, dev, "nobody")
	_, err = f.s.Simulate(f.ctx, nobody, identity.SimulationInput{Policies: []string{mfa}, Actions: []string{"ec2:TerminateInstances"}})
	if !iam.IsKind(err, iam.KindDenied) {
		t.Errorf("a user without iam:SimulateCustomPolicy: %v", err)
	}
	_, err = f.s.Simulate(f.ctx, f.devAdmin, identity.SimulationInput{Policies: []string{`{"Version":"2012-10-17","Statement":[`}, Actions: []string{"s3:GetObject"}})
	if e := iam.AsError(err); e.Code != "MalformedPolicyDocument" || e.Field != "policies" {
		t.Errorf("a broken policy: %v (field %q)", err, e.Field)
	}
}

// TestEffectivePermissions: what david may do through his group, what a
// role allows, and what a boundary leaves of AdministratorAccess.
func TestEffectivePermissions(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	dev := organizations.DemoDevelopmentID
	eff, err := f.s.EffectivePermissions(f.ctx, f.devAdmin, "user", "david")
	if err != nil {
		t.Fatal(err)
	}
	sts := service(eff.Services, "sts")
	if sts == nil {
		t.Fatal("david may do nothing in STS")
	}
	var write *identity.EffectiveLevel
	for i := range sts.Levels {
		if sts.Levels[i].Level == "Write" {
			write = &sts.Levels[i]
		}
	}
	// ReadOnlyAccess reads; the group's policy adds one write, on one role.
	if write == nil || write.Actions != 1 || write.Grants[0].Actions[0] != "AssumeRole" ||
		write.Grants[0].Resources[0] != catalog.IAMRole.ARN(organizations.DemoProductionID, "UpdateAPP") {
		t.Errorf("david's STS writes: %+v", write)
	}
	if iam := service(eff.Services, "iam"); iam == nil || iam.Full {
		t.Errorf("david's iam (ReadOnlyAccess and IAMUserChangePassword): %+v", iam)
	}
	// AdministratorAccess is everything.
	admin, err := f.s.EffectivePermissions(f.ctx, f.devAdmin, "user", "admin")
	if err != nil {
		t.Fatal(err)
	}
	if len(admin.Services) != 1 || admin.Services[0].Prefix != "*" || !admin.Services[0].Full {
		t.Errorf("admin: %d services, first %+v; want all services, full access", len(admin.Services), admin.Services[0])
	}
	// A boundary of S3 read leaves only that.
	if _, err := f.s.CreatePolicy(f.ctx, f.devAdmin, identity.CreatePolicyInput{PolicyName: "S3Read",
		PolicyDocument: `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["s3:Get*","s3:List*"],"Resource":"arn:aws:s3:::reports/*"}]}`}); err != nil {
		t.Fatal(err)
	}
	if _, err := f.s.CreateUser(f.ctx, f.devAdmin, identity.CreateUserInput{UserName: "bounded", PermissionsBoundary: catalog.IAMPolicy.ARN(dev, "S3Read")}); err != nil {
		t.Fatal(err)
	}
	if err := f.s.AttachPolicy(f.ctx, f.devAdmin, "user", "bounded", iam.AdministratorAccessARN); err != nil {
		t.Fatal(err)
	}
	bounded, err := f.s.EffectivePermissions(f.ctx, f.devAdmin, "user", "bounded")
	if err != nil {
		t.Fatal(err)
	}
	if len(bounded.Services) != 1 || bounded.Services[0].Prefix != "s3" || bounded.Boundary != catalog.IAMPolicy.ARN(dev, "S3Read") {
		t.Fatalf("bounded admin: %+v", bounded.Services)
	}
	for _, lv := range bounded.Services[0].Levels {
		if lv.Level != "List" && lv.Level != "Read" {
			t.Errorf("bounded admin may %s in S3", lv.Level)
		}
		for _, g := range lv.Grants {
			if len(g.Resources) != 1 || g.Resources[0] != "arn:aws:s3:::reports/*" {
				t.Errorf("bounded admin's S3 resources %v, want the boundary's", g.Resources)
			}
		}
	}
	// Seeing another principal's needs iam:SimulatePrincipalPolicy; one's
	// own needs nothing.
	if _, err := f.s.EffectivePermissions(f.ctx, f.david, "user", "theresa"); err != nil {
		t.Errorf("david has ReadOnlyAccess (which allows iam:SimulatePrincipalPolicy), yet: %v", err)
	}
	own, err := f.s.SessionPermissions(f.ctx, f.david)
	if err != nil || service(own.Services, "sts") == nil {
		t.Errorf("david's own permissions: %+v, %v", own, err)
	}
}

func service(ss []identity.EffectiveService, prefix string) *identity.EffectiveService {
	for i := range ss {
		if ss[i].Prefix == prefix {
			return &ss[i]
		}
	}
	return nil
}
