package accessgraph_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"iamconsole/iam"
	"iamconsole/iam/accessgraph"
	"iamconsole/iam/arn"
	"iamconsole/iam/catalog"
	"iamconsole/iam/iamtest"
	"iamconsole/iam/identity"
	"iamconsole/iam/organizations"
	"iamconsole/store"
)

const (
	dev  = organizations.DemoDevelopmentID
	prod = organizations.DemoProductionID
	mgmt = organizations.DemoManagementID
)

// fixture is the Switch fixture (the demo organization with a role for
// every Switch Role rule) plus the cases the graph must get right:
//
//   - bounded (Development): AdministratorAccess, but a boundary that
//     allows only S3, so it reaches no role;
//   - david may assume every Production role; Hop1 (Development) trusts
//     david and may assume Hop2 (Production, 12-hour sessions), which
//     trusts Hop1: a chain;
//   - DenyDavid trusts Development but denies david;
//   - EC2Role trusts ec2.amazonaws.com, Vendor an outside account with an
//     external ID.
type fixture struct {
	*iamtest.Switch
	g   *accessgraph.Service
	ctx context.Context
}

func trustDoc(principal, extra string) string {
	return fmt.Sprintf(`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":%s,"Action":"sts:AssumeRole"%s}]}`, principal, extra)
}

func allowDoc(action, resource string) string {
	return fmt.Sprintf(`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":%q,"Resource":%q}]}`, action, resource)
}

func newFixture(t testing.TB) *fixture {
	t.Helper()
	f := &fixture{Switch: iamtest.NewSwitch(t), ctx: context.Background()}
	devAdmin, prodAdmin := f.Admin(t, dev), f.Admin(t, prod)
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	id := f.Identity
	_, err := id.CreatePolicy(f.ctx, devAdmin, identity.CreatePolicyInput{PolicyName: "S3Only", PolicyDocument: allowDoc("s3:*", "*")})
	must(err)
	_, err = id.CreateUser(f.ctx, devAdmin, identity.CreateUserInput{UserName: "bounded", PermissionsBoundary: catalog.IAMPolicy.ARN(dev, "S3Only")})
	must(err)
	must(id.AttachPolicy(f.ctx, devAdmin, "user", "bounded", iam.AdministratorAccessARN))
	must(id.PutInlinePolicy(f.ctx, devAdmin, "user", "david", "assume-production", allowDoc(string(catalog.STSAssumeRole), catalog.IAMRole.ARN(prod, "*"))))
	_, err = id.CreateRole(f.ctx, devAdmin, identity.CreateRoleInput{RoleName: "Hop1",
		AssumeRolePolicyDocument: trustDoc(`{"AWS":"`+catalog.IAMUser.ARN(dev, "david")+`"}`, "")})
	must(err)
	must(id.PutInlinePolicy(f.ctx, devAdmin, "role", "Hop1", "next", allowDoc(string(catalog.STSAssumeRole), catalog.IAMRole.ARN(prod, "Hop2"))))
	for _, r := range []identity.CreateRoleInput{
		{RoleName: "Hop2", MaxSessionDuration: 43200, AssumeRolePolicyDocument: trustDoc(`{"AWS":"`+catalog.IAMRole.ARN(dev, "Hop1")+`"}`, "")},
		{RoleName: "DenyDavid", AssumeRolePolicyDocument: `{"Version":"2012-10-17","Statement":[
			{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::` + dev + `:root"},"Action":"sts:AssumeRole"},
			{"Effect":"Deny","Principal":{"AWS":"` + catalog.IAMUser.ARN(dev, "david") + `"},"Action":"sts:AssumeRole"}]}`},
		{RoleName: "EC2Role", AssumeRolePolicyDocument: trustDoc(`{"Service":"ec2.amazonaws.com"}`, "")},
		{RoleName: "Vendor", AssumeRolePolicyDocument: trustDoc(`{"AWS":"arn:aws:iam::999988887777:root"}`, `,"Condition":{"StringEquals":{"sts:ExternalId":"vendor-7"}}`)},
	} {
		_, err := id.CreateRole(f.ctx, prodAdmin, r)
		must(err)
	}
	f.g = accessgraph.New(f.K)
	return f
}

// all is the whole organization's scope.
var all = accessgraph.Scope{All: true}

// snapshot is the whole graph.
func (f *fixture) snapshot(t testing.TB) *accessgraph.Snapshot {
	t.Helper()
	s, err := f.g.Snapshot(f.ctx, all, accessgraph.Filter{})
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// edge finds the edge between two node IDs, nil if none.
func edge(s *accessgraph.Snapshot, from, to string) *accessgraph.Edge {
	for i := range s.Edges {
		if s.Edges[i].From == from && s.Edges[i].To == to {
			return &s.Edges[i]
		}
	}
	return nil
}

// engine asks the kernel itself, through the assume core STS and Switch
// Role use, whether the principal (a user, or a session of a role) may
// assume roleARN with the request carrying needs. It builds the request
// on its own, as sts.AssumeRole does, not as the graph does.
func (f *fixture) engine(t testing.TB, principalARN, roleARN string, n accessgraph.Needs) bool {
	t.Helper()
	q := f.Store.Read(f.ctx)
	c := f.caller(t, q, principalARN)
	name := n.SessionName
	if name == "" {
		name = c.UserName
		if c.Type == iam.CallerAssumedRole {
			name = c.RoleName
		}
	}
	cx := map[string][]string{"sts:RoleSessionName": {name}}
	if n.ExternalID != "" {
		cx["sts:ExternalId"] = []string{n.ExternalID}
	}
	if n.MFA {
		if c.Type == iam.CallerUser {
			cx["aws:MultiFactorAuthPresent"], cx["aws:MultiFactorAuthAge"] = []string{"true"}, []string{"0"}
		} else {
			c.MFA, c.MFAAuthTime = true, f.Clock.Now()
		}
	}
	a, _ := arn.Parse(roleARN)
	rest := strings.TrimPrefix(a.Resource, "role")
	i := strings.LastIndexByte(rest, '/')
	target, err := f.K.FindAssumeTarget(q, a.Account, rest[:i+1], rest[i+1:])
	if err != nil {
		t.Fatalf("FindAssumeTarget(%s): %v", roleARN, err)
	}
	_, err = f.K.DecideAssume(f.ctx, c, target, string(catalog.STSAssumeRole), cx)
	return err == nil
}

// caller is the principal of an ARN as the engine sees it: the user, or a
// session of the role named after it.
func (f *fixture) caller(t testing.TB, q *store.Q, principalARN string) *iam.Caller {
	t.Helper()
	a, err := arn.Parse(principalARN)
	if err != nil {
		t.Fatal(err)
	}
	name := a.Resource[strings.LastIndexByte(a.Resource, '/')+1:]
	if strings.HasPrefix(a.Resource, "user/") {
		return f.User(t, a.Account, name)
	}
	r, err := q.RoleByName(a.Account, name)
	if err != nil {
		t.Fatal(err)
	}
	acct := f.Account(t, a.Account)
	c := &iam.Caller{Type: iam.CallerAssumedRole, AccountID: a.Account, ARN: arn.AssumedRole(a.Account, r.Name, r.Name),
		UniqueID: r.ID, RoleID: r.ID, RoleName: r.Name, RolePath: r.Path, RoleARN: principalARN, SessionName: r.Name,
		Temporary: true, Chained: true}
	if acct.Alias != nil {
		c.AccountAlias = *acct.Alias
	}
	return c
}

// principals lists every user and role of the organization by ARN, and
// the roles apart.
func (f *fixture) principals(t testing.TB) (all, roles []string) {
	t.Helper()
	q := f.Store.Read(f.ctx)
	for _, acct := range []string{mgmt, dev, prod} {
		us, err := q.AccountUsers(acct)
		if err != nil {
			t.Fatal(err)
		}
		for _, u := range us {
			all = append(all, arn.IAM(acct, "user", u.Path, u.Name))
		}
		rs, err := q.AccountRoles(acct)
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range rs {
			all = append(all, arn.IAM(acct, "role", r.Path, r.Name))
			roles = append(roles, arn.IAM(acct, "role", r.Path, r.Name))
		}
	}
	return all, roles
}
