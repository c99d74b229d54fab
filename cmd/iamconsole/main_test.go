package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestInitJSON(t *testing.T) {
	t.Parallel()
	db := filepath.Join(t.TempDir(), "init.db")
	var out, errb bytes.Buffer
	code := run([]string{"init", "--db", db, "--json", "--alias", "acme-labs", "--account-id", "210987654321"}, &out, &errb)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errb.String())
	}
	var res struct {
		AccountID    string `json:"account_id"`
		Alias        string `json:"alias"`
		RootEmail    string `json:"root_email"`
		RootPassword string `json:"root_password"`
		Admin        struct {
			UserName        string `json:"user_name"`
			Password        string `json:"password"`
			AccessKeyID     string `json:"access_key_id"`
			SecretAccessKey string `json:"secret_access_key"`
		} `json:"admin"`
	}
	if err := json.Unmarshal(out.Bytes(), &res); err != nil {
		t.Fatalf("output is not one JSON object: %v\n%s", err, out.String())
	}
	if res.AccountID != "210987654321" || res.Alias != "acme-labs" || res.RootEmail == "" || res.RootPassword == "" {
		t.Errorf("account fields: %+v", res)
	}
	if res.Admin.UserName != "admin" || len(res.Admin.AccessKeyID) != 20 || !strings.HasPrefix(res.Admin.AccessKeyID, "AKIA") || len(res.Admin.SecretAccessKey) != 40 {
		t.Errorf("admin fields: %+v", res.Admin)
	}
	// A second init on the same database is refused.
	if code := run([]string{"init", "--db", db, "--json"}, &out, &errb); code == 0 {
		t.Error("init ran twice on one database")
	}
	// The key file holds the encryption key beside the database, private.
	if fi, err := os.Stat(filepath.Join(filepath.Dir(db), "iamconsole.key")); err != nil || fi.Mode().Perm() != 0o600 {
		t.Errorf("key file: %v %v", fi, err)
	}
}

func TestBadInputExitsWithUsageCode(t *testing.T) {
	tests := []struct {
		name string
		args []string
		env  map[string]string
		want string
	}{
		{"unknown flag", []string{"serve", "--bogus"}, nil, "flag provided but not defined"},
		{"unknown command", []string{"frobnicate"}, nil, "unknown command"},
		{"bad env boolean", []string{"serve"}, map[string]string{"IAMCONSOLE_NO_DEMO": "maybe"}, "not a boolean"},
		{"bad address", []string{"serve", "--addr", "nowhere"}, nil, "not host:port"},
		{"tls half", []string{"serve", "--tls-cert", "x.pem"}, nil, "go together"},
		{"bad log level", []string{"serve", "--log-level", "loud"}, nil, "log level"},
		{"reset without user", []string{"reset-password", "--account", "x"}, nil, "required"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			for k, v := range tc.env {
				t.Setenv(k, v)
			}
			var out, errb bytes.Buffer
			if code := run(tc.args, &out, &errb); code != exitUsage {
				t.Errorf("exit %d, want %d", code, exitUsage)
			}
			if !strings.Contains(errb.String(), tc.want) {
				t.Errorf("stderr %q lacks %q", errb.String(), tc.want)
			}
		})
	}
}

func TestRefusesNonSQLiteDatabase(t *testing.T) {
	t.Parallel()
	db := filepath.Join(t.TempDir(), "notes.txt")
	os.WriteFile(db, []byte("hello"), 0o600)
	var out, errb bytes.Buffer
	if code := run([]string{"init", "--db", db, "--json"}, &out, &errb); code != 1 {
		t.Fatalf("exit %d", code)
	}
	if !strings.Contains(errb.String(), "not an SQLite database") {
		t.Errorf("stderr: %s", errb.String())
	}
	if b, _ := os.ReadFile(db); string(b) != "hello" {
		t.Error("the file was changed")
	}
}

func TestResetPassword(t *testing.T) {
	t.Parallel()
	db := filepath.Join(t.TempDir(), "r.db")
	var out, errb bytes.Buffer
	if code := run([]string{"init", "--db", db, "--alias", "lab"}, &out, &errb); code != 0 {
		t.Fatal(errb.String())
	}
	out.Reset()
	if code := run([]string{"reset-password", "--db", db, "--account", "lab", "--user", "admin", "--password", "N3w-Passw0rd!"}, &out, &errb); code != 0 {
		t.Fatalf("exit %d: %s", code, errb.String())
	}
	if !strings.Contains(out.String(), "N3w-Passw0rd!") {
		t.Errorf("output: %s", out.String())
	}
	errb.Reset()
	if code := run([]string{"reset-password", "--db", db, "--account", "lab", "--user", "ghost", "--password", "N3w-Passw0rd!"}, &out, &errb); code != 1 {
		t.Errorf("unknown user: exit %d", code)
	}
}
