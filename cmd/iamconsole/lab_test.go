package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestLabCommands(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	db := filepath.Join(dir, "labs.db")
	var out, errb bytes.Buffer
	if code := run([]string{"init", "--db", db, "--json"}, &out, &errb); code != 0 {
		t.Fatalf("init: %d %s", code, errb.String())
	}

	out.Reset()
	if code := run([]string{"lab", "list", "--json"}, &out, &errb); code != 0 {
		t.Fatalf("list: %d %s", code, errb.String())
	}
	var list struct {
		Labs []struct{ ID string } `json:"labs"`
	}
	if err := json.Unmarshal(out.Bytes(), &list); err != nil || len(list.Labs) < 8 {
		t.Fatalf("list: %v %s", err, out.String())
	}

	// lab start NAME --json prints the sandbox for scripts.
	out.Reset()
	if code := run([]string{"lab", "start", "session-policies", "--db", db, "--json", "--url", "http://labs.test:8080"}, &out, &errb); code != 0 {
		t.Fatalf("start: %d %s", code, errb.String())
	}
	var sb struct {
		ID       string `json:"sandbox_id"`
		Lab      string `json:"lab"`
		Console  string `json:"console_url"`
		Accounts []struct {
			Key string `json:"key"`
			ID  string `json:"account_id"`
		} `json:"accounts"`
		Learner struct {
			User            string `json:"user"`
			Password        string `json:"password"`
			AccessKeyID     string `json:"access_key_id"`
			SecretAccessKey string `json:"secret_access_key"`
			SignInURL       string `json:"sign_in_url"`
		} `json:"learner"`
	}
	if err := json.Unmarshal(out.Bytes(), &sb); err != nil {
		t.Fatalf("start: %v\n%s", err, out.String())
	}
	if !strings.HasPrefix(sb.ID, "sbx-") || sb.Lab != "session-policies" || len(sb.Accounts) != 1 || len(sb.Accounts[0].ID) != 12 ||
		sb.Learner.User != "sam" || sb.Learner.Password == "" || !strings.HasPrefix(sb.Learner.AccessKeyID, "AKIA") || len(sb.Learner.SecretAccessKey) != 40 ||
		!strings.HasPrefix(sb.Learner.SignInURL, "http://labs.test:8080/signin?account=operations-") {
		t.Errorf("start: %+v", sb)
	}

	// lab check ID --json: every task todo.
	out.Reset()
	if code := run([]string{"lab", "check", sb.ID, "--db", db, "--json"}, &out, &errb); code != 0 {
		t.Fatalf("check: %d %s", code, errb.String())
	}
	var p struct {
		Done, Total int
		Complete    bool
		Tasks       []struct{ ID, Status string }
	}
	if err := json.Unmarshal(out.Bytes(), &p); err != nil || p.Total != 4 || p.Done != 0 || p.Complete || p.Tasks[0].Status != "todo" {
		t.Errorf("check: %v %+v\n%s", err, p, out.String())
	}

	for _, tc := range []struct {
		args []string
		code int
		want string
	}{
		{[]string{"lab", "start", "no-such-lab", "--db", db}, 1, "There is no such lab."},
		{[]string{"lab", "check", "sbx-nothing", "--db", db}, 1, "There is no such lab sandbox"},
		{[]string{"lab", "start", "--db", db}, exitUsage, "name a lab"},
		{[]string{"lab", "start", "explicit-deny", "extra", "--db", db}, exitUsage, `unexpected argument "extra"`},
		{[]string{"lab", "check", "sbx-x", "--db", filepath.Join(dir, "missing.db")}, 1, "no such file"},
		{[]string{"lab", "frobnicate"}, exitUsage, `unknown command "frobnicate"`},
		{[]string{"lab", "validate"}, exitUsage, "name one or more lab files"},
		{[]string{"serve", "--labs", filepath.Join(dir, "nowhere")}, exitUsage, "--labs"},
	} {
		out.Reset()
		errb.Reset()
		if code := run(tc.args, &out, &errb); code != tc.code || !strings.Contains(errb.String(), tc.want) {
			t.Errorf("%v: exit %d (want %d), stderr %q, want %q", tc.args, code, tc.code, errb.String(), tc.want)
		}
	}
}

func TestLabValidate(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	bad := filepath.Join(dir, "bad.yaml")
	os.WriteFile(bad, []byte("id: bad\ntitel: x\n"), 0o644)
	big := filepath.Join(dir, "big.yaml")
	os.WriteFile(big, bytes.Repeat([]byte("#"), 10<<20), 0o644)
	good := filepath.Join("..", "..", "labs", "builtin", "role-chaining.yaml")
	var out, errb bytes.Buffer
	if code := run([]string{"lab", "validate", good}, &out, &errb); code != 0 || !strings.Contains(out.String(), "ok: lab role-chaining, 4 tasks") {
		t.Errorf("good: %d %s %s", code, out.String(), errb.String())
	}
	out.Reset()
	if code := run([]string{"lab", "validate", bad, big, good}, &out, &errb); code != 1 {
		t.Errorf("bad files: exit %d", code)
	}
	for _, want := range []string{bad + `:2:1: titel: unknown key "titel": did you mean "title"?`, bad + `:1:1: missing required key "tasks"`} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("output lacks %q:\n%s", want, out.String())
		}
	}
	if !strings.Contains(errb.String(), big+": 1:1: the file is 10485760 bytes") {
		t.Errorf("big: %s", errb.String())
	}
}
