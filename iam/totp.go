package iam

import (
	"crypto/hmac"
	"crypto/sha1"
	"encoding/binary"
	"fmt"
	"time"
)

// totpStep is the RFC 6238 time step AWS's virtual MFA uses.
const totpStep = 30

// TOTP returns the 6-digit code of seed for time step n (HMAC-SHA1, RFC 6238).
func TOTP(seed []byte, n int64) string {
	var msg [8]byte
	binary.BigEndian.PutUint64(msg[:], uint64(n))
	m := hmac.New(sha1.New, seed)
	m.Write(msg[:])
	sum := m.Sum(nil)
	off := sum[len(sum)-1] & 0x0f
	v := binary.BigEndian.Uint32(sum[off:off+4]) & 0x7fffffff
	return fmt.Sprintf("%06d", v%1_000_000)
}

// TOTPStep is the time step containing t.
func TOTPStep(t time.Time) int64 { return t.Unix() / totpStep }

// MatchTOTP finds the step within ±1 of now whose code is code, or 0.
func MatchTOTP(seed []byte, code string, now time.Time) int64 {
	if len(code) != 6 {
		return 0
	}
	cur := TOTPStep(now)
	for _, n := range []int64{cur, cur - 1, cur + 1} {
		if hmac.Equal([]byte(TOTP(seed, n)), []byte(code)) {
			return n
		}
	}
	return 0
}
