package catalog

import "testing"

// BenchmarkDecode measures the first-use decode of the embedded catalog.
// Target: ≤ 50 ms a decode.
func BenchmarkDecode(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		if _, err := decode(rawCatalog); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkLookupAction looks up an action in the largest service, in mixed
// case. Target: ≤ 200 ns, no allocation.
func BenchmarkLookupAction(b *testing.B) {
	get()
	b.ReportAllocs()
	for b.Loop() {
		if _, ok := LookupAction("EC2:describeInstances"); !ok {
			b.Fatal("not found")
		}
	}
}

// BenchmarkMatchActions expands a service-scoped wildcard, as the policy
// editor and simulator do. Target: ≤ 20 µs (s3 has ~180 actions).
func BenchmarkMatchActions(b *testing.B) {
	get()
	b.ReportAllocs()
	for b.Loop() {
		if len(MatchActions("s3:Get*")) == 0 {
			b.Fatal("no match")
		}
	}
}

// BenchmarkMatchActionsAllServices expands a wildcard over every service.
// Target: ≤ 2 ms (~22,000 actions).
func BenchmarkMatchActionsAllServices(b *testing.B) {
	get()
	b.ReportAllocs()
	for b.Loop() {
		if len(MatchActions("*:List*")) == 0 {
			b.Fatal("no match")
		}
	}
}

// BenchmarkConditionKeyTemplated finds a templated key, the slow path.
// Target: ≤ 5 µs.
func BenchmarkConditionKeyTemplated(b *testing.B) {
	get()
	b.ReportAllocs()
	for b.Loop() {
		if _, ok := ConditionKey("aws:ResourceTag/Team"); !ok {
			b.Fatal("not found")
		}
	}
}

// BenchmarkResourceTypeFor classifies an ARN for an action with many
// resource types. Target: ≤ 20 µs.
func BenchmarkResourceTypeFor(b *testing.B) {
	get()
	b.ReportAllocs()
	for b.Loop() {
		if _, ok := ResourceTypeFor("ec2:RunInstances", "arn:aws:ec2:us-east-1:123456789012:instance/i-0abcd1234"); !ok {
			b.Fatal("no match")
		}
	}
}
