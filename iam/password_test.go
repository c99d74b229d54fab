package iam

import "testing"

func TestHashPasswords(t *testing.T) {
	t.Parallel()
	hashes, err := hashPasswords("First-passw0rd", "", "Second-passw0rd")
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
