package identity_test

import (
	"testing"

	"iamconsole/iam/identity"
)

// TestEffectiveFollowsPolicyChanges: summaries are kept by the policies
// they weigh, so a changed policy is summarized anew at once, and asking
// twice for the same policies answers alike.
func TestEffectiveFollowsPolicyChanges(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	if _, err := f.s.CreateUser(f.ctx, f.devAdmin, identity.CreateUserInput{UserName: "changing"}); err != nil {
		t.Fatal(err)
	}
	put := func(doc string) {
		t.Helper()
		if err := f.s.PutInlinePolicy(f.ctx, f.devAdmin, "user", "changing", "p", doc); err != nil {
			t.Fatal(err)
		}
	}
	prefixes := func() []string {
		t.Helper()
		eff, err := f.s.EffectivePermissions(f.ctx, f.devAdmin, "user", "changing")
		if err != nil {
			t.Fatal(err)
		}
		var out []string
		for _, s := range eff.Services {
			out = append(out, s.Prefix)
		}
		return out
	}
	put(`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"*"}]}`)
	if got := prefixes(); len(got) != 1 || got[0] != "s3" {
		t.Fatalf("with an S3 policy: %v", got)
	}
	if got := prefixes(); len(got) != 1 || got[0] != "s3" {
		t.Fatalf("asked again: %v", got)
	}
	put(`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"ec2:DescribeInstances","Resource":"*"}]}`)
	if got := prefixes(); len(got) != 1 || got[0] != "ec2" {
		t.Errorf("after the policy changed to EC2: %v", got)
	}
	if err := f.s.DeleteInlinePolicy(f.ctx, f.devAdmin, "user", "changing", "p"); err != nil {
		t.Fatal(err)
	}
	if got := prefixes(); len(got) != 0 {
		t.Errorf("with no policy: %v", got)
	}
}

// BenchmarkSessionPermissionsReadOnly summarizes what david (AWS's
// ReadOnlyAccess, thousands of actions, and two group policies) may do, as
// the console home does on every visit. Target: ≤ 50 µs once summarized.
func BenchmarkSessionPermissionsReadOnly(b *testing.B) {
	f := newFixture(b)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := f.s.SessionPermissions(f.ctx, f.david); err != nil {
			b.Fatal(err)
		}
	}
}
