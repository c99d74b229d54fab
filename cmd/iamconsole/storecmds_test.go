package main

import (
	"bytes"
	"encoding/hex"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"iamconsole/store/storetest"
)

// TestSharedDatabaseNeedsKey checks that a PostgreSQL database is refused
// without a key given (each instance would make its own), as bad usage.
func TestSharedDatabaseNeedsKey(t *testing.T) {
	t.Setenv("IAMCONSOLE_KEY", "")
	var out, errb bytes.Buffer
	code := run([]string{"init", "--db", "postgres://iam@127.0.0.1:1/iam", "--json"}, &out, &errb)
	if code != exitUsage || !strings.Contains(errb.String(), "--key-file FILE or IAMCONSOLE_KEY") {
		t.Errorf("exit %d: %s", code, errb.String())
	}
}

// TestKeyMismatchIsRefused starts a database with one key and opens it with
// another: refused, saying what to do, and the database keeps its key.
func TestKeyMismatchIsRefused(t *testing.T) {
	forEachTarget(t, func(t *testing.T, db string) {
		keyA, keyB := strings.Repeat("a1", 32), strings.Repeat("b2", 32)
		var out, errb bytes.Buffer
		t.Setenv("IAMCONSOLE_KEY", keyA)
		if code := run([]string{"init", "--db", db, "--alias", "lab"}, &out, &errb); code != 0 {
			t.Fatalf("init: exit %d: %s", code, errb.String())
		}
		t.Setenv("IAMCONSOLE_KEY", keyB)
		errb.Reset()
		code := run([]string{"reset-password", "--db", db, "--account", "lab", "--user", "admin", "--password", "N3w-Passw0rd!"}, &out, &errb)
		if code != 1 || !strings.Contains(errb.String(), "the encryption key is not this database's") ||
			!strings.Contains(errb.String(), "every instance of a database must use the key it was first started with") {
			t.Errorf("another key: exit %d: %s", code, errb.String())
		}
		a, _ := hex.DecodeString(keyA)
		if strings.Contains(errb.String(), keyA) || strings.Contains(errb.String(), keyB) || bytes.Contains(errb.Bytes(), a) {
			t.Error("the message shows a key")
		}
		t.Setenv("IAMCONSOLE_KEY", keyA)
		if code := run([]string{"reset-password", "--db", db, "--account", "lab", "--user", "admin", "--password", "N3w-Passw0rd!"}, &out, &errb); code != 0 {
			t.Errorf("the right key: exit %d: %s", code, errb.String())
		}
	})
}

// forEachTarget runs f on a new SQLite file and a new PostgreSQL schema,
// one after the other (f may set the environment).
func forEachTarget(t *testing.T, f func(t *testing.T, db string)) {
	for _, d := range storetest.Dialects {
		t.Run(d.Name, func(t *testing.T) { f(t, d.Fresh(t)) })
	}
}

// TestMoveToPostgres is the move of docs/deploy.md: an SQLite database in
// use is exported, imported into PostgreSQL (migrated first), and serves
// there with the same key: the admin's password reset finds the user, and
// an import into a database that has data is refused.
func TestMoveToPostgres(t *testing.T) {
	dir := t.TempDir()
	src := filepath.Join(dir, "console.db")
	var out, errb bytes.Buffer
	if code := run([]string{"init", "--db", src, "--alias", "lab", "--json"}, &out, &errb); code != 0 {
		t.Fatalf("init: %s", errb.String())
	}
	keyFile := filepath.Join(dir, "iamconsole.key")
	dump := filepath.Join(dir, "dump.jsonl")
	errb.Reset()
	if code := run([]string{"export", "--db", src, "--out", dump}, &out, &errb); code != 0 {
		t.Fatalf("export: %s", errb.String())
	}
	if !strings.Contains(errb.String(), "accounts 1") || !strings.Contains(errb.String(), "access_keys 1") {
		t.Errorf("export summary: %s", errb.String())
	}
	if code := run([]string{"export", "--db", src, "--out", dump}, &out, &errb); code != 1 {
		t.Error("export overwrote a file")
	}

	dst := storetest.Postgres(t)
	out.Reset()
	if code := run([]string{"migrate", "--db", dst}, &out, &errb); code != 0 || !strings.Contains(out.String(), "schema migrated from version 0 to") {
		t.Fatalf("migrate: exit %d: %s %s", code, out.String(), errb.String())
	}
	f, err := os.Open(dump)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	out.Reset()
	if code := runWith([]string{"import", "--db", dst}, f, &out, &errb); code != 0 {
		t.Fatalf("import: exit %d: %s", code, errb.String())
	}
	if !strings.Contains(out.String(), "accounts 1") || strings.Contains(out.String(), "password") {
		t.Errorf("import summary: %s", out.String())
	}
	if code := run([]string{"import", "--db", dst, "--in", dump}, &out, &errb); code != 1 || !strings.Contains(errb.String(), "not empty") {
		t.Errorf("second import: exit %d: %s", code, errb.String())
	}
	out.Reset()
	if code := run([]string{"migrate", "--db", dst}, &out, &errb); code != 0 || !strings.Contains(out.String(), "up to date") {
		t.Errorf("migrate again: %s", out.String())
	}
	errb.Reset()
	if code := run([]string{"reset-password", "--db", dst, "--key-file", keyFile, "--account", "lab", "--user", "admin", "--password", "N3w-Passw0rd!"}, &out, &errb); code != 0 {
		t.Errorf("reset-password on PostgreSQL: exit %d: %s", code, errb.String())
	}
	// A key of its own is refused: the database took the SQLite one's check value.
	other := filepath.Join(dir, "other.key")
	if code := run([]string{"reset-password", "--db", dst, "--key-file", other, "--account", "lab", "--user", "admin"}, &out, &errb); code != 1 {
		t.Error("another key was taken")
	}
}
