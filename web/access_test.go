package web_test

import (
	"context"
	"strings"
	"testing"

	"iamconsole/iam"
	"iamconsole/iam/accessgraph"
	"iamconsole/iam/arn"
	"iamconsole/resources/demo"
	"iamconsole/resources/dynamodb"
	s3 "iamconsole/resources/s3"
	"iamconsole/web/webtest"
)

// TestWhoCanActOnBucketsAsS3Decides: for the demo's buckets (one of them
// shared with Production through its bucket policy), the access graph's
// answer to who can read and write equals S3's own for every user and role
// session of the organization, and the buckets are nodes of the export.
func TestWhoCanActOnBucketsAsS3Decides(t *testing.T) {
	t.Parallel()
	env := webtest.New(t)
	ctx := context.Background()
	g := env.Services.Graph
	all := accessgraph.Scope{All: true}
	callers := orgCallers(t, env)
	for _, c := range []struct{ bucket, key, action string }{
		{s3.DemoAppBucket, "index.html", "s3:GetObject"},
		{s3.DemoAppBucket, "index.html", "s3:PutObject"},
		{s3.DemoSharedBucket, "build.zip", "s3:GetObject"},
		{s3.DemoFinanceBucket, "q1.csv", "s3:GetObject"},
	} {
		res := s3.ObjectARN(c.bucket, c.key)
		got, err := g.WhoCan(ctx, all, c.action, res, nil)
		if err != nil {
			t.Fatal(err)
		}
		direct := map[string]bool{}
		for _, a := range got {
			if len(a.Path) == 0 {
				direct[a.Principal.ID] = true
			}
		}
		for id, caller := range callers {
			if want := env.Services.S3.Allowed(ctx, caller, c.bucket, c.key, c.action); direct[id] != want {
				t.Errorf("%s on %s: graph says %s may %v, S3 says %v", c.action, res, id, direct[id], want)
			}
		}
	}
	shared, _ := g.WhoCan(ctx, all, "s3:GetObject", s3.ObjectARN(s3.DemoSharedBucket, "build.zip"), nil)
	if !hasPrincipal(shared, "arn:aws:iam::123456789012:role/UpdateAPP") {
		t.Error("UpdateAPP may read the shared bucket through its policy, but is not listed")
	}
	snap, err := g.Snapshot(ctx, all, accessgraph.Filter{})
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, n := range snap.Nodes {
		found = found || n.ID == s3.BucketARN(s3.DemoAppBucket) && n.Kind == accessgraph.KindResource && n.ResourceType == "AWS::S3::Bucket"
	}
	if !found {
		t.Error("the export has no node for the productionapp bucket")
	}
}

func hasPrincipal(as []accessgraph.Access, id string) bool {
	for _, a := range as {
		if a.Principal.ID == id && len(a.Path) == 0 {
			return true
		}
	}
	return false
}

// orgCallers are every root user and user of the organization, and a
// session of every role, by ARN.
func orgCallers(t *testing.T, env *webtest.Env) map[string]*iam.Caller {
	t.Helper()
	q := env.Store.Read(context.Background())
	accts, err := q.Accounts()
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]*iam.Caller{}
	for i := range accts {
		a := &accts[i]
		out[arn.Root(a.ID)] = iam.RootCaller(a)
		us, err := q.AccountUsers(a.ID)
		if err != nil {
			t.Fatal(err)
		}
		for j := range us {
			c := iam.UserCaller(a, &us[j])
			out[c.ARN] = c
		}
		rs, err := q.AccountRoles(a.ID)
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range rs {
			roleARN := arn.IAM(a.ID, "role", r.Path, r.Name)
			out[roleARN] = &iam.Caller{Type: iam.CallerAssumedRole, AccountID: a.ID, ARN: arn.AssumedRole(a.ID, r.Name, r.Name),
				UniqueID: r.ID, RoleID: r.ID, RoleName: r.Name, RolePath: r.Path, RoleARN: roleARN, SessionName: r.Name, Temporary: true}
		}
	}
	if len(out) < 5 || !strings.Contains(strings.Join(keys(out), " "), "UpdateAPP") {
		t.Fatalf("callers: %v", keys(out))
	}
	return out
}

func keys(m map[string]*iam.Caller) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	return out
}

// TestTablesAreNodesOfTheGraph: the demo's TestProject table is a node of
// the access graph, and who can read an item of it is the engine's answer:
// DynamoDB-ReadOnly-role may, UpdateAPP (S3 only) may not, and david
// reaches it through the role.
func TestTablesAreNodesOfTheGraph(t *testing.T) {
	t.Parallel()
	env := webtest.New(t)
	ctx := context.Background()
	g := env.Services.Graph
	all := accessgraph.Scope{All: true}
	table := dynamodb.TableARN(dynamodb.DefaultRegion, "123456789012", "TestProject")
	snap, err := g.Snapshot(ctx, all, accessgraph.Filter{})
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, n := range snap.Nodes {
		found = found || n.ID == table && n.Kind == accessgraph.KindResource && n.ResourceType == dynamodb.ResourceType
	}
	if !found {
		t.Errorf("the export has no node for %s", table)
	}
	got, err := g.WhoCan(ctx, all, "dynamodb:GetItem", table, nil)
	if err != nil {
		t.Fatal(err)
	}
	role := "arn:aws:iam::123456789012:role/" + demo.DynamoDBReadOnlyRole
	if !hasPrincipal(got, role) {
		t.Errorf("%s may read the table but is not listed", role)
	}
	if hasPrincipal(got, "arn:aws:iam::123456789012:role/UpdateAPP") {
		t.Error("UpdateAPP, allowed S3 only, is listed as a reader of the table")
	}
	david := false
	for _, a := range got {
		david = david || a.Principal.ID == "arn:aws:iam::111122223333:user/david" && len(a.Path) > 0
	}
	if !david {
		t.Error("david, who may assume the read-only role, does not reach the table through it")
	}
}
