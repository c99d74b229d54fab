package identity

import (
	"testing"
	"time"

	"iamconsole/iam"
)

func TestMFAURI(t *testing.T) {
	t.Parallel()
	got := mfaURI("BobsMFADevice", "development", "ABC")
	want := "otpauth://totp/BobsMFADevice@development?secret=ABC&issuer=Amazon%20Web%20Services"
	if got != want {
		t.Errorf("uri = %s, want %s", got, want)
	}
}

func TestConsecutiveStep(t *testing.T) {
	t.Parallel()
	seed := []byte("12345678901234567890")
	now := time.Unix(59, 0) // RFC 6238 test vector time: step 1
	tests := []struct {
		name   string
		c1, c2 string
		want   int64
	}{
		{"current and previous", iam.TOTP(seed, 0), iam.TOTP(seed, 1), 0}, // step 0 means none: it is reserved
		{"next pair", iam.TOTP(seed, 1), iam.TOTP(seed, 2), 1},
		{"reversed", iam.TOTP(seed, 2), iam.TOTP(seed, 1), 0},
		{"too far ahead", iam.TOTP(seed, 3), iam.TOTP(seed, 4), 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if got := consecutiveStep(seed, tt.c1, tt.c2, now); got != tt.want {
				t.Errorf("step = %d, want %d", got, tt.want)
			}
		})
	}
	if iam.TOTP(seed, 1) != "287082" {
		t.Errorf("RFC 6238 vector: %s", iam.TOTP(seed, 1))
	}
}
