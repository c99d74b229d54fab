package identity_test

import "testing"

// BenchmarkEffectivePermissions summarizes david's permissions
// (ReadOnlyAccess and his group's), as the user page does on every view.
// Target: ≤ 50 ms, so that the page stays quick.
func BenchmarkEffectivePermissions(b *testing.B) {
	f := newFixture(b)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := f.s.EffectivePermissions(f.ctx, f.devAdmin, "user", "david"); err != nil {
			b.Fatal(err)
		}
	}
}
