package iamapi

import (
	"strings"
	"testing"
)

func TestGlobMatch(t *testing.T) {
	t.Parallel()
	tests := []struct {
		pattern, s string
		want       bool
	}{
		{"s3:*", "s3:getobject", true},
		{"*", "iam:listusers", true},
		{"s3:get*", "s3:putobject", false},
		{"iam:?etuser", "iam:getuser", true},
		{"iam:*user*", "iam:listusertags", true},
		{"sts:assumerole", "sts:assumerolewithsaml", false},
		{"", "", true},
	}
	for _, tc := range tests {
		t.Run(tc.pattern+" "+tc.s, func(t *testing.T) {
			t.Parallel()
			if got := globMatch(tc.pattern, tc.s); got != tc.want {
				t.Errorf("got %v, want %v", got, tc.want)
			}
		})
	}
}

// FuzzGlobMatch: a pattern always matches itself with its wildcards
// removed when they stand for nothing.
func FuzzGlobMatch(f *testing.F) {
	f.Add("s3:Get*", "s3:GetObject")
	f.Fuzz(func(t *testing.T, pattern, s string) {
		_ = globMatch(pattern, s) // must not panic on any input
		plain := strings.NewReplacer("*", "", "?", "").Replace(pattern)
		if !strings.Contains(pattern, "?") && !globMatch(pattern, plain) {
			t.Errorf("%q does not match %q", pattern, plain)
		}
	})
}
