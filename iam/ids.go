package iam

import (
	"context"
	"crypto/rand"
	"encoding/base32"
	"encoding/base64"
	"math/big"
	"strings"
)

// Unique-ID and key prefixes as AWS uses them.
const (
	PrefixUser          = "AIDA"
	PrefixRole          = "AROA"
	PrefixGroup         = "AGPA"
	PrefixPolicy        = "ANPA"
	PrefixAccessKey     = "AKIA"
	PrefixTempAccessKey = "ASIA"
)

const idAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"

func randomString(alphabet string, n int) string {
	var b strings.Builder
	b.Grow(n)
	max := big.NewInt(int64(len(alphabet)))
	for range n {
		i, err := rand.Int(rand.Reader, max)
		if err != nil {
			panic("iam: crypto/rand failed: " + err.Error())
		}
		b.WriteByte(alphabet[i.Int64()])
	}
	return b.String()
}

// NewUniqueID returns a 21-character unique ID such as AIDA + 17 of [A-Z2-7].
func NewUniqueID(prefix string) string { return prefix + randomString(idAlphabet, 17) }

// NewAccessKeyID returns a 20-character key ID (AKIA… or ASIA…).
func NewAccessKeyID(prefix string) string { return prefix + randomString(idAlphabet, 16) }

// NewSecretAccessKey returns a 40-character secret in AWS's alphabet.
func NewSecretAccessKey() string {
	b := make([]byte, 30)
	rand.Read(b)
	s := base64.StdEncoding.EncodeToString(b)
	return s[:40]
}

// NewAccountID returns a random 12-digit account ID not starting with 0.
func NewAccountID() string {
	return randomString("123456789", 1) + randomString("0123456789", 11)
}

// NewPassword returns a random console password that satisfies AWS's default
// password policy (upper, lower, digit, symbol).
func NewPassword() string {
	return randomString("ABCDEFGHJKLMNPQRSTUVWXYZ", 3) + randomString("abcdefghijkmnopqrstuvwxyz", 5) +
		randomString("23456789", 3) + randomString("!@#$%^&*+=", 2) + randomString("abcdefghijkmnopqrstuvwxyz23456789", 3)
}

// NewToken returns n random bytes, URL-safe encoded, for session IDs.
func NewToken(n int) string {
	b := make([]byte, n)
	rand.Read(b)
	return base64.RawURLEncoding.EncodeToString(b)
}

// NewMFASeed returns a 40-byte TOTP seed and its base32 form (64 characters, as AWS's).
func NewMFASeed() ([]byte, string) {
	b := make([]byte, 40)
	rand.Read(b)
	return b, base32.StdEncoding.EncodeToString(b)
}

// NewUUID returns a random (version 4) UUID string.
func NewUUID() string {
	var b [16]byte
	rand.Read(b[:])
	return formatUUID(b, 4)
}

// formatUUID sets b's version and variant bits and writes it in the
// 8-4-4-4-12 hex form.
func formatUUID(b [16]byte, version byte) string {
	b[6] = b[6]&0x0f | version<<4
	b[8] = b[8]&0x3f | 0x80
	const hexd = "0123456789abcdef"
	out := make([]byte, 0, 36)
	for i, c := range b {
		if i == 4 || i == 6 || i == 8 || i == 10 {
			out = append(out, '-')
		}
		out = append(out, hexd[c>>4], hexd[c&0xf])
	}
	return string(out)
}

type requestIDKey struct{}

// WithRequestID returns ctx carrying the request's ID, so that the events an
// operation records share the ID the response carries.
func WithRequestID(ctx context.Context, id string) context.Context {
	return context.WithValue(ctx, requestIDKey{}, id)
}

// RequestIDFrom returns the request ID in ctx, or "".
func RequestIDFrom(ctx context.Context) string {
	id, _ := ctx.Value(requestIDKey{}).(string)
	return id
}
