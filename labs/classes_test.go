package labs_test

import (
	"bytes"
	"context"
	"encoding/csv"
	"strings"
	"testing"

	"iamconsole/iam"
	"iamconsole/iam/organizations"
	"iamconsole/iam/sessions"
	"iamconsole/labs"
)

// instructor is the management account's admin: AdministratorAccess, so
// organizations:CreateAccount.
func (e *env) instructor(t testing.TB) *iam.Caller {
	return e.User(t, organizations.DemoManagementID, "admin")
}

func TestInstructorIsManagementPrincipalThatMayCreateAccounts(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	ctx := context.Background()
	for _, tc := range []struct {
		name string
		c    *iam.Caller
		want bool
	}{
		{"management admin", e.instructor(t), true},
		{"management root", e.Root(t, organizations.DemoManagementID), true},
		{"member account admin", e.User(t, organizations.DemoDevelopmentID, "admin"), false},
		{"read-only user", e.User(t, organizations.DemoDevelopmentID, "david"), false},
		{"nobody", nil, false},
	} {
		if got := e.Labs.Instructor(ctx, tc.c); got != tc.want {
			t.Errorf("%s: Instructor = %v, want %v", tc.name, got, tc.want)
		}
	}
	_, err := e.Labs.CreateClass(ctx, e.User(t, organizations.DemoDevelopmentID, "admin"), "explicit-deny", "Tuesday")
	iamtestWantCode(t, err, "AccessDenied")
	_, err = e.Labs.StartAs(ctx, e.User(t, organizations.DemoDevelopmentID, "david"), "explicit-deny")
	iamtestWantCode(t, err, "AccessDenied")
}

func TestClassJoinReportResetExport(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	ctx := context.Background()
	in := e.instructor(t)
	cl, err := e.Labs.CreateClass(ctx, in, "developers-vs-testers", "Cloud security 101")
	must(t, err)
	if len(cl.Code) != 9 || cl.Code[4] != '-' {
		t.Errorf("join code %q, want xxxx-xxxx", cl.Code)
	}

	// A learner joins with the class's code and their name; the code is
	// typed in any case and without its hyphen.
	ann, sbAnn, err := e.Labs.Join(ctx, strings.ToUpper(strings.ReplaceAll(cl.Code, "-", "")), "Ann")
	must(t, err)
	if ann.SandboxID != sbAnn.ID || ann.Code == "" {
		t.Fatalf("learner %+v sandbox %s", ann, sbAnn.ID)
	}
	// The same name cannot take Ann's place; her own code enters her sandbox again.
	_, _, err = e.Labs.Join(ctx, cl.Code, "ann")
	iamtestWantCode(t, err, "InvalidInput")
	again, sb2, err := e.Labs.Join(ctx, ann.Code, "")
	must(t, err)
	if again.ID != ann.ID || sb2.ID != sbAnn.ID {
		t.Errorf("re-entry: learner %s sandbox %s, want %s %s", again.ID, sb2.ID, ann.ID, sbAnn.ID)
	}
	_, _, err = e.Labs.Join(ctx, "nope-nope", "Bob")
	iamtestWantCode(t, err, "InvalidCode")

	// A CSV of learners: every problem reported with its line, nothing imported.
	_, err = e.Labs.ImportLearners(ctx, in, cl.ID, strings.NewReader("name,email\nBen,ben@example.com\n,x@example.com\nCleo,not-an-email\nann\n"))
	ie := iam.AsError(err)
	if ie.Kind != iam.KindInvalid || !strings.Contains(ie.Message, "line 3: Enter a name.") ||
		!strings.Contains(ie.Message, `line 4: "not-an-email" is not an email address.`) ||
		!strings.Contains(ie.Message, "line 5: the class has a learner named ann already") {
		t.Fatalf("import problems: %v", err)
	}
	if ls, _ := e.Labs.Learners(ctx, in, cl.ID); len(ls) != 1 {
		t.Fatalf("a refused import added learners: %d", len(ls))
	}
	added, err := e.Labs.ImportLearners(ctx, in, cl.ID, strings.NewReader("Ben,ben@example.com\n=cmd(),\n"))
	must(t, err)
	if len(added) != 2 || added[0].SandboxID == "" {
		t.Fatalf("imported %+v", added)
	}

	// Ann does the first task; the report shows it, live.
	sess := e.signIn(t, sbAnn, "dev", "david")
	_, _, err = e.Sessions.SwitchRole(ctx, sess, sessions.SwitchRoleInput{Account: sbAnn.Env.Accounts["prod"], RoleName: "UpdateAPP"})
	must(t, err)
	e.K.FlushEvents()
	rep, err := e.Labs.Report(ctx, in, cl.ID)
	must(t, err)
	done := map[string]int{}
	for _, r := range rep.Rows {
		done[r.Learner.Name] = r.Progress.Done
	}
	if done["Ann"] != 1 || done["Ben"] != 0 || len(rep.Rows) != 3 {
		t.Errorf("report: %v", done)
	}

	var buf bytes.Buffer
	must(t, e.Labs.ExportCSV(ctx, in, cl.ID, &buf))
	recs, err := csv.NewReader(&buf).ReadAll()
	must(t, err)
	if got := strings.Join(recs[0], ","); got != "learner,email,code,sandbox,done,total,switch-as-developer,refused-as-tester,find-the-deny" {
		t.Errorf("header %s", got)
	}
	for _, r := range recs[1:] {
		switch r[0] {
		case "Ann":
			if r[4] != "1" || r[6] == "" || r[7] != "" {
				t.Errorf("Ann's row %v", r)
			}
		case "'=cmd()":
		case "Ben":
			if r[1] != "ben@example.com" || r[4] != "0" {
				t.Errorf("Ben's row %v", r)
			}
		default:
			t.Errorf("unexpected row %v (a formula must be quoted)", r)
		}
	}

	// Resetting Ann puts her task back to todo, with her accounts kept.
	sb, err := e.Labs.ResetLearner(ctx, in, cl.ID, ann.ID)
	must(t, err)
	if sb.Env.Accounts["prod"] != sbAnn.Env.Accounts["prod"] {
		t.Error("reset changed the account IDs")
	}
	e.want(t, sb)

	// Removing the class ends every sandbox.
	must(t, e.Labs.DeleteClass(ctx, in, cl.ID))
	if _, err := e.Labs.Sandbox(ctx, sbAnn.ID); !iam.IsKind(err, iam.KindNotFound) {
		t.Errorf("Ann's sandbox after the class went: %v", err)
	}
	if _, err := e.Store.Read(ctx).Account(sbAnn.Env.Accounts["dev"]); err == nil {
		t.Error("Ann's account outlived her sandbox")
	}
}

// TestLearnersNeverSeeEachOther: two learners of one lab, in parallel,
// each in their own accounts: neither may read, switch into, check or
// complete the other's sandbox.
func TestLearnersNeverSeeEachOther(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	ctx := context.Background()
	var a, b *labs.Sandbox
	done := make(chan struct{})
	go func() { defer close(done); a, _ = e.Labs.Start(ctx, "developers-vs-testers", "") }()
	b = e.start(t, "developers-vs-testers")
	<-done
	if a == nil {
		t.Fatal("the parallel start failed")
	}
	for k, id := range a.Env.Accounts {
		if id == b.Env.Accounts[k] || len(id) != 12 {
			t.Fatalf("account %s: %s and %s", k, id, b.Env.Accounts[k])
		}
	}
	if login(t, a, "dev", "david").Password == login(t, b, "dev", "david").Password {
		t.Error("two sandboxes share a password")
	}

	// A's david cannot switch into B's production, nor list B's users.
	sess := e.signIn(t, a, "dev", "david")
	_, _, err := e.Sessions.SwitchRole(ctx, sess, sessions.SwitchRoleInput{Account: b.Env.Accounts["prod"], RoleName: "UpdateAPP"})
	iamtestWantCode(t, err, "AccessDenied")
	davidA := e.caller(t, a, "dev", "david")
	users, err := e.Identity.ListUsers(ctx, davidA, iam.ListInput{})
	must(t, err)
	for _, u := range users.Users {
		if strings.Contains(u.ARN, b.Env.Accounts["dev"]) {
			t.Errorf("A sees B's user %s", u.ARN)
		}
	}
	// Nor read B's sandbox, answer for B, or see B's credentials.
	_, err = e.Labs.SandboxAs(ctx, davidA, b.ID)
	iamtestWantCode(t, err, "AccessDenied")
	_, err = e.Labs.Submit(ctx, davidA, b.ID, "find-the-deny", "deny-assume-UpdateAPP")
	iamtestWantCode(t, err, "AccessDenied")
	// A's refused switch into B's production counts for neither.
	e.want(t, a)
	e.want(t, b)
	// A does the first task: B's stays todo.
	_, _, err = e.Sessions.SwitchRole(ctx, sess, sessions.SwitchRoleInput{Account: a.Env.Accounts["prod"], RoleName: "UpdateAPP"})
	must(t, err)
	e.want(t, a, "switch-as-developer")
	e.want(t, b)
}

func TestEndRemovesEverythingItCreated(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	ctx := context.Background()
	sb := e.start(t, "explicit-deny")
	main := sb.Env.Accounts["main"]
	sess := e.signIn(t, sb, "main", "erin")
	erin := e.caller(t, sb, "main", "erin")
	_, _, err := e.Identity.CreateAccessKey(ctx, erin, "erin")
	must(t, err)
	must(t, e.Labs.End(ctx, sb.ID))
	q := e.Store.Read(ctx)
	if _, err := q.Account(main); err == nil {
		t.Error("the account remains")
	}
	if us, _ := q.AccountUsers(main); len(us) != 0 {
		t.Errorf("users remain: %d", len(us))
	}
	if rs, _ := q.AccountRoles(main); len(rs) != 0 {
		t.Errorf("roles remain: %d", len(rs))
	}
	if _, err := e.Sessions.ResolveConsole(ctx, sess); err == nil {
		t.Error("the learner's console session outlived the sandbox")
	}
	if _, _, err := e.STS.AuthenticateAccessKey(ctx, login(t, sb, "main", "erin").AccessKeyID, ""); err == nil {
		t.Error("the sandbox's access key still works")
	}
	// The event history keeps what happened, as it is append-only.
	if evs := e.Events(t, main, "CreateAccessKey"); len(evs) != 1 {
		t.Errorf("events of the ended sandbox: %d", len(evs))
	}
	if _, err := e.Labs.Sandbox(ctx, sb.ID); !iam.IsKind(err, iam.KindNotFound) {
		t.Errorf("sandbox after end: %v", err)
	}
}

func TestResetStartsOverWithFreshCredentials(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	ctx := context.Background()
	sb := e.start(t, "explicit-deny")
	erin := e.caller(t, sb, "main", "erin")
	must(t, e.Identity.DeleteRole(ctx, erin, "Scratch-Build"))
	mustFail(t, e.Identity.DeleteRole(ctx, erin, "Protected-Audit"))
	e.want(t, sb, "meet-the-deny", "delete-scratch")

	sb2, err := e.Labs.Reset(ctx, sb.ID)
	must(t, err)
	if sb2.Env.Accounts["main"] != sb.Env.Accounts["main"] || sb2.ID != sb.ID {
		t.Error("reset changed the sandbox's identity")
	}
	if login(t, sb2, "main", "erin").AccessKeyID == login(t, sb, "main", "erin").AccessKeyID {
		t.Error("reset kept the old access key")
	}
	// The role is back, and events before the reset count no more.
	e.want(t, sb2)
	if _, err := e.Store.Read(ctx).RoleByName(sb.Env.Accounts["main"], "Scratch-Build"); err != nil {
		t.Errorf("Scratch-Build after reset: %v", err)
	}
	erin = e.caller(t, sb2, "main", "erin")
	mustFail(t, e.Identity.DeleteRole(ctx, erin, "Protected-Audit"))
	e.want(t, sb2, "meet-the-deny")
}
