package arn

import (
	"errors"
	"testing"
)

func TestParse(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, in string
		want     ARN
		wantErr  bool
	}{
		{"role", "arn:aws:iam::111122223333:role/a/b/R", ARN{"aws", "iam", "", "111122223333", "role/a/b/R"}, false},
		{"resource with colons", "arn:aws:logs:us-east-1:111122223333:log-group:g:*", ARN{"aws", "logs", "us-east-1", "111122223333", "log-group:g:*"}, false},
		{"s3 bucket", "arn:aws:s3:::bucket", ARN{"aws", "s3", "", "", "bucket"}, false},
		{"no prefix", "aws:iam::1:root", ARN{}, true},
		{"too few segments", "arn:aws:iam:1", ARN{}, true},
		{"empty partition", "arn::iam::1:root", ARN{}, true},
		{"empty service", "arn:aws:::1:root", ARN{}, true},
		{"empty", "", ARN{}, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got, err := Parse(tt.in)
			if (err != nil) != tt.wantErr {
				t.Fatalf("Parse(%q) error = %v, want error %v", tt.in, err, tt.wantErr)
			}
			if err != nil {
				if !errors.Is(err, ErrInvalid) {
					t.Errorf("error %v does not wrap ErrInvalid", err)
				}
				return
			}
			if got != tt.want {
				t.Errorf("Parse(%q) = %+v, want %+v", tt.in, got, tt.want)
			}
			if got.String() != tt.in {
				t.Errorf("String() = %q, want %q", got.String(), tt.in)
			}
		})
	}
}

func TestValidate(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, in string
		ok       bool
	}{
		{"user", "arn:aws:iam::111122223333:user/alice", true},
		{"user with path", "arn:aws:iam::111122223333:user/dev/alice", true},
		{"root", "arn:aws:iam::111122223333:root", true},
		{"aws managed policy", "arn:aws:iam::aws:policy/ReadOnlyAccess", true},
		{"aws non-policy", "arn:aws:iam::aws:role/X", false},
		{"aws root", "arn:aws:iam::aws:root", false},
		{"iam region", "arn:aws:iam:us-east-1:111122223333:user/alice", false},
		{"iam short account", "arn:aws:iam::1111:user/alice", false},
		{"iam unknown type", "arn:aws:iam::111122223333:widget/x", false},
		{"iam no name", "arn:aws:iam::111122223333:role/", false},
		{"iam no slash", "arn:aws:iam::111122223333:role", false},
		{"iam double slash", "arn:aws:iam::111122223333:role/a//b", false},
		{"session", "arn:aws:sts::111122223333:assumed-role/R/s", true},
		{"session missing", "arn:aws:sts::111122223333:assumed-role/R", false},
		{"session extra", "arn:aws:sts::111122223333:assumed-role/R/s/x", false},
		{"federated", "arn:aws:sts::111122223333:federated-user/bob", true},
		{"federated empty", "arn:aws:sts::111122223333:federated-user/", false},
		{"sts region", "arn:aws:sts:us-east-1:111122223333:assumed-role/R/s", false},
		{"sts account", "arn:aws:sts::x:assumed-role/R/s", false},
		{"sts type", "arn:aws:sts::111122223333:role/R", false},
		{"other service", "arn:aws:s3:::bucket/key", true},
		{"empty resource", "arn:aws:s3:::", false},
		{"not an arn", "hello", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if err := Validate(tt.in); (err == nil) != tt.ok {
				t.Errorf("Validate(%q) = %v, want ok %v", tt.in, err, tt.ok)
			}
		})
	}
}

func TestMatch(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, pattern, value string
		want                 bool
	}{
		{"star", "*", "anything", true},
		{"exact", "arn:aws:iam::111122223333:role/R", "arn:aws:iam::111122223333:role/R", true},
		{"case-sensitive", "arn:aws:iam::111122223333:role/r", "arn:aws:iam::111122223333:role/R", false},
		{"resource star crosses slash", "arn:aws:iam::111122223333:role/*", "arn:aws:iam::111122223333:role/a/b/R", true},
		{"resource star crosses colon", "arn:aws:logs:*:*:log-group:*", "arn:aws:logs:us-east-1:111122223333:log-group:g:log-stream:s", true},
		{"account star", "arn:aws:iam::*:role/R", "arn:aws:iam::444455556666:role/R", true},
		{"account star stays in segment", "arn:aws:iam::*", "arn:aws:iam::444455556666:role/R", true},
		{"region star does not cross", "arn:aws:s3:*::role/x", "arn:aws:s3:a:b:c:role/x", false},
		{"question", "arn:aws:iam::11112222333?:user/al?ce", "arn:aws:iam::111122223333:user/alice", true},
		{"question too short", "arn:aws:iam::111122223333:user/?", "arn:aws:iam::111122223333:user/", false},
		{"service differs", "arn:aws:s3:::b", "arn:aws:iam:::b", false},
		{"value not an arn", "arn:aws:s3:::*", "*", false},
		{"plain glob", "foo*", "foobar", true},
		{"multiple stars", "arn:aws:s3:::*a*b*c", "arn:aws:s3:::xxaxxbxxc", true},
		{"multiple stars fail", "arn:aws:s3:::*a*b*c", "arn:aws:s3:::xxaxxcxxb", false},
		{"latin1 question", "arn:aws:s3:::caf?", "arn:aws:s3:::café", true},
		{"latin1 star question", "arn:aws:s3:::*?", "arn:aws:s3:::é", true},
		{"trailing stars", "arn:aws:s3:::a**", "arn:aws:s3:::a", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if got := Match(tt.pattern, tt.value); got != tt.want {
				t.Errorf("Match(%q, %q) = %v, want %v", tt.pattern, tt.value, got, tt.want)
			}
		})
	}
}

func TestMatchEscaped(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, pattern, value string
		want                 bool
	}{
		{"escaped star is literal", "arn:aws:s3:::a\x00*", "arn:aws:s3:::a*", true},
		{"escaped star not wildcard", "arn:aws:s3:::a\x00*", "arn:aws:s3:::ab", false},
		{"escaped colon skipped in head", "arn:aws:s3:::x\x00:y", "arn:aws:s3:::x:y", true},
		{"escaped question", "a\x00?", "a?", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if got := MatchEscaped(tt.pattern, tt.value); got != tt.want {
				t.Errorf("MatchEscaped(%q, %q) = %v, want %v", tt.pattern, tt.value, got, tt.want)
			}
		})
	}
}

func TestGlobFold(t *testing.T) {
	t.Parallel()
	if !Glob("iam:*accesskey*", "IAM:CreateAccessKey", false, true) {
		t.Error("fold match failed")
	}
	if Glob("iam:get*", "IAM:CreateRole", false, true) {
		t.Error("unexpected fold match")
	}
}

func TestFormat(t *testing.T) {
	t.Parallel()
	tests := []struct{ name, got, want string }{
		{"IAM root path", IAM("111122223333", "role", "/", "R"), "arn:aws:iam::111122223333:role/R"},
		{"IAM empty path", IAM("111122223333", "user", "", "alice"), "arn:aws:iam::111122223333:user/alice"},
		{"IAM path", IAM("111122223333", "role", "/a/b/", "R"), "arn:aws:iam::111122223333:role/a/b/R"},
		{"Root", Root("111122223333"), "arn:aws:iam::111122223333:root"},
		{"AssumedRole", AssumedRole("111122223333", "R", "s"), "arn:aws:sts::111122223333:assumed-role/R/s"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if tt.got != tt.want {
				t.Errorf("got %q, want %q", tt.got, tt.want)
			}
			if err := Validate(tt.got); err != nil {
				t.Errorf("Validate(%q) = %v", tt.got, err)
			}
		})
	}
}

func FuzzARNParse(f *testing.F) {
	for _, s := range []string{
		"arn:aws:iam::111122223333:role/R", "arn:aws:s3:::b/k", "arn:aws:sts::111122223333:assumed-role/R/s",
		"arn:aws:logs:us-east-1:1:log-group:a:b", "arn:::::", "x", "",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		a, err := Parse(s)
		if err != nil {
			return
		}
		if a.String() != s {
			t.Fatalf("String() = %q, want %q", a.String(), s)
		}
		b, err := Parse(a.String())
		if err != nil || b != a {
			t.Fatalf("round trip: %+v, %v", b, err)
		}
		_ = Validate(s)
		if !Match(s, s) && !containsWildcard(s) {
			t.Fatalf("Match(%q, itself) = false", s)
		}
	})
}

func containsWildcard(s string) bool {
	for i := range len(s) {
		if s[i] == '*' || s[i] == '?' || s[i] == 0 {
			return true
		}
	}
	return false
}
