package iam

import (
	"sync"

	"golang.org/x/crypto/bcrypt"
)

// bcryptCost balances sign-in latency against brute force.
var bcryptCost = 11

// UseFastPasswordHashing lowers the bcrypt cost to its minimum. Test
// binaries call it once before any hashing; a server never does. It writes
// only when the cost differs, so that a test binary whose init already
// lowered the cost has no write racing with hashing in parallel tests.
func UseFastPasswordHashing() {
	if bcryptCost != bcrypt.MinCost {
		bcryptCost = bcrypt.MinCost
	}
}

// HashPassword hashes a console password with bcrypt.
func HashPassword(pw string) (string, error) {
	b, err := bcrypt.GenerateFromPassword([]byte(pw), bcryptCost)
	return string(b), err
}

// hashPasswords hashes several passwords at once, one goroutine each, so
// that building an organization costs one bcrypt round of wall time rather
// than one per password. Callers hash before opening a write transaction:
// a bcrypt round inside one would hold SQLite's single writer for its
// whole ~100 ms. An empty password hashes to "" (no console password).
func hashPasswords(pws ...string) ([]string, error) {
	out := make([]string, len(pws))
	errs := make([]error, len(pws))
	var wg sync.WaitGroup
	for i, pw := range pws {
		if pw == "" {
			continue
		}
		wg.Go(func() { out[i], errs[i] = HashPassword(pw) })
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return nil, Internal(err)
		}
	}
	return out, nil
}

// dummyHash is compared against when a user does not exist, so that a wrong
// user name takes as long as a wrong password.
var dummyHash, _ = bcrypt.GenerateFromPassword([]byte("iamconsole-timing-equalizer"), bcrypt.MinCost)

// CheckPassword reports whether pw matches hash; an empty hash never matches.
func CheckPassword(hash, pw string) bool {
	if hash == "" {
		bcrypt.CompareHashAndPassword(dummyHash, []byte(pw))
		return false
	}
	return bcrypt.CompareHashAndPassword([]byte(hash), []byte(pw)) == nil
}

// validatePassword applies AWS's parameter rules for a password (1–128
// characters of \t \n \r and U+0020–U+00FF) and a minimum length of 8, as
// AWS's default password policy requires.
func validatePassword(field, pw string) error {
	if len([]rune(pw)) < 8 {
		return &Error{Kind: KindInvalid, Code: "PasswordPolicyViolation", Field: field,
			Message: "Password should have a minimum length of 8"}
	}
	if len([]rune(pw)) > 128 {
		return ValidationError(field, "1 validation error detected: Value at 'password' failed to satisfy constraint: Member must have length less than or equal to 128")
	}
	for _, r := range pw {
		if !(r == '\t' || r == '\n' || r == '\r' || (r >= 0x20 && r <= 0xff)) {
			return ValidationError(field, "1 validation error detected: Value at 'password' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\u0009\\u000A\\u000D\\u0020-\\u00FF]+")
		}
	}
	return nil
}
