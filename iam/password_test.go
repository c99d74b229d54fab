package iam

import (
	"strings"
	"testing"

	"golang.org/x/crypto/bcrypt"
)

// init lowers the bcrypt cost before any test of the package runs, so that
// no test hashes at the production cost while another lowers it.
func init() { UseFastPasswordHashing() }

func TestHashPasswords(t *testing.T) {
	t.Parallel()
	hashes, err := HashPasswords("First-passw0rd", "", "Second-passw0rd")
	if err != nil {
		t.Fatal(err)
	}
	if len(hashes) != 3 || hashes[1] != "" {
		t.Fatalf("hashes %q: want three, the empty password's empty", hashes)
	}
	if !CheckPassword(hashes[0], "First-passw0rd") || !CheckPassword(hashes[2], "Second-passw0rd") || CheckPassword(hashes[0], "Second-passw0rd") {
		t.Fatal("hashes do not match their passwords in order")
	}
	if CheckPassword(hashes[1], "") {
		t.Fatal("an empty hash matched")
	}
}

// TestDummyHashCostsWhatRealHashesCost checks that the hash a sign-in for an
// unknown user is compared against is made at the cost of real hashes, so
// that its timing does not tell whether the user exists.
func TestDummyHashCostsWhatRealHashesCost(t *testing.T) {
	t.Parallel()
	real, err := HashPassword("Some-passw0rd")
	if err != nil {
		t.Fatal(err)
	}
	want, err := bcrypt.Cost([]byte(strings.TrimPrefix(real, digestPrefix)))
	if err != nil {
		t.Fatal(err)
	}
	if got, err := bcrypt.Cost(dummyHash()); err != nil || got != want {
		t.Errorf("the equalizing hash costs %d (%v), real hashes %d", got, err, want)
	}
}

// TestPasswordsOfEveryLength hashes and checks passwords of every length AWS
// allows, in ASCII and in Latin-1 (two bytes a character in UTF-8): bcrypt
// alone reads 72 bytes and refuses more.
func TestPasswordsOfEveryLength(t *testing.T) {
	t.Parallel()
	for _, ch := range []string{"a", "é"} {
		for n := 1; n <= 128; n++ {
			pw := strings.Repeat(ch, n)
			h, err := HashPassword(pw)
			if err != nil {
				t.Fatalf("%d × %q: %v", n, ch, err)
			}
			if !CheckPassword(h, pw) {
				t.Fatalf("%d × %q: does not match its own hash", n, ch)
			}
			if n > 1 && CheckPassword(h, pw[:len(pw)-len(ch)]) {
				t.Fatalf("%d × %q: a password one character shorter matches", n, ch)
			}
		}
	}
	// Passwords that share their first 72 bytes differ.
	long := strings.Repeat("x", 80)
	h, _ := HashPassword(long + "1")
	if CheckPassword(h, long+"2") {
		t.Error("passwords that differ after byte 72 match")
	}
}

// TestLegacyHashesStillMatch checks hashes written before passwords were
// digested.
func TestLegacyHashesStillMatch(t *testing.T) {
	t.Parallel()
	b, err := bcrypt.GenerateFromPassword([]byte("Legacy-passw0rd"), bcrypt.MinCost)
	if err != nil {
		t.Fatal(err)
	}
	if !CheckPassword(string(b), "Legacy-passw0rd") || CheckPassword(string(b), "Other-passw0rd") {
		t.Error("a legacy hash does not check as it was made")
	}
}
