package iam

import (
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"strings"
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

// digestPrefix marks a hash of the password's SHA-256 digest: bcrypt reads
// at most 72 bytes and refuses more, and AWS allows passwords of 128
// characters (up to 256 bytes in UTF-8).
const digestPrefix = "sha256$"

// digest is what bcrypt hashes: the password's SHA-256 in base64, 44 bytes
// whatever the password's length, every byte of it counted.
func digest(pw string) []byte {
	sum := sha256.Sum256([]byte(pw))
	out := make([]byte, base64.StdEncoding.EncodedLen(len(sum)))
	base64.StdEncoding.Encode(out, sum[:])
	return out
}

// HashPassword hashes a console password with bcrypt over its digest.
func HashPassword(pw string) (string, error) {
	b, err := bcrypt.GenerateFromPassword(digest(pw), bcryptCost)
	return digestPrefix + string(b), err
}

// HashPasswords hashes several passwords at once, one goroutine each, so
// that building an organization costs one bcrypt round of wall time rather
// than one per password. Callers hash before opening a write transaction:
// a bcrypt round inside one would hold SQLite's single writer for its
// whole ~100 ms. An empty password hashes to "" (no console password).
func HashPasswords(pws ...string) ([]string, error) {
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

// HashGeneratedPasswords is HashPasswords for passwords iamconsole made
// itself with NewPassword, at bcrypt's lowest cost: stretching slows the
// guessing of passwords people choose, and a random password of about 68
// bits is beyond guessing at any cost, so that a training sandbox of many
// users starts in milliseconds rather than a bcrypt round per user. It
// refuses a password shorter than NewPassword's, so that nothing a person
// typed is hashed this way by mistake.
func HashGeneratedPasswords(pws ...string) ([]string, error) {
	out := make([]string, len(pws))
	errs := make([]error, len(pws))
	min := len(NewPassword())
	var wg sync.WaitGroup
	for i, pw := range pws {
		if pw == "" {
			continue
		}
		if len(pw) < min {
			return nil, Internal(errors.New("iam: a generated password is too short to hash at low cost"))
		}
		wg.Go(func() {
			b, err := bcrypt.GenerateFromPassword(digest(pw), bcrypt.MinCost)
			out[i], errs[i] = digestPrefix+string(b), err
		})
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return nil, Internal(err)
		}
	}
	return out, nil
}

// dummy is compared against when a user does not exist or has no password,
// so that a wrong user name costs what a wrong password costs: a hash made
// at the cost real hashes are made at, the first time one is needed.
var dummy struct {
	once sync.Once
	hash []byte
}

func dummyHash() []byte {
	dummy.once.Do(func() {
		dummy.hash, _ = bcrypt.GenerateFromPassword(digest("iamconsole-timing-equalizer"), bcryptCost)
	})
	return dummy.hash
}

// CheckPassword reports whether pw matches hash; an empty hash never matches
// (and costs what a mismatch costs). Hashes written before passwords were
// digested are checked as they were made.
func CheckPassword(hash, pw string) bool {
	if hash == "" {
		bcrypt.CompareHashAndPassword(dummyHash(), digest(pw))
		return false
	}
	if h, ok := strings.CutPrefix(hash, digestPrefix); ok {
		return bcrypt.CompareHashAndPassword([]byte(h), digest(pw)) == nil
	}
	return bcrypt.CompareHashAndPassword([]byte(hash), []byte(pw)) == nil
}

// ValidatePassword applies AWS's parameter rules for a password (1–128
// characters of \t \n \r and U+0020–U+00FF) and a minimum length of 8, as
// AWS's default password policy requires.
func ValidatePassword(field, pw string) error {
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
