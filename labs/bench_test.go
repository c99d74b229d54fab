package labs_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"iamconsole/iam"
	"iamconsole/labs"
)

// largest is the built-in lab with the most entities to create, and
// mostChecks the one with the most checks to run.
func largest(b *testing.B) (size, checks string) {
	ls, err := labs.Builtin()
	if err != nil {
		b.Fatal(err)
	}
	bestSize, bestChecks := -1, -1
	for _, l := range ls {
		n := 0
		for _, a := range l.Accounts {
			n += 1 + len(a.Users) + len(a.Groups) + len(a.Roles) + len(a.Policies)
			for _, u := range a.Users {
				n += len(u.Policies) + len(u.Inline) + len(u.Groups)
			}
			for _, g := range a.Groups {
				n += len(g.Policies) + len(g.Inline)
			}
			for _, r := range a.Roles {
				n += len(r.Policies) + len(r.Inline)
			}
		}
		if n > bestSize {
			bestSize, size = n, l.ID
		}
		c := 0
		for _, t := range l.Tasks {
			c += len(t.Checks)
		}
		if c > bestChecks {
			bestChecks, checks = c, l.ID
		}
	}
	return size, checks
}

// BenchmarkStartLargestLab: one sandbox of the largest built-in lab, its
// whole organization in one transaction. Target: ≤ 100 ms.
func BenchmarkStartLargestLab(b *testing.B) {
	e := newEnv(b)
	lab, _ := largest(b)
	b.Logf("largest lab: %s", lab)
	ctx := context.Background()
	b.ReportAllocs()
	for b.Loop() {
		if _, err := e.Labs.Start(ctx, lab, ""); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkStartClassOf200: a class of 200 learners from a CSV, each with
// a sandbox of the largest built-in lab. Target: ≤ 20 s. Run it with
// -benchtime=1x.
func BenchmarkStartClassOf200(b *testing.B) {
	e := newEnv(b)
	lab, _ := largest(b)
	ctx := context.Background()
	in := e.instructor(b)
	var csv strings.Builder
	for i := range 200 {
		fmt.Fprintf(&csv, "Learner %03d,learner%03d@example.com\n", i, i)
	}
	b.ReportAllocs()
	for b.Loop() {
		cl, err := e.Labs.CreateClass(ctx, in, lab, "Class")
		if err != nil {
			b.Fatal(err)
		}
		ls, err := e.Labs.ImportLearners(ctx, in, cl.ID, strings.NewReader(csv.String()))
		if err != nil || len(ls) != 200 {
			b.Fatalf("%d learners, %v", len(ls), err)
		}
	}
}

// BenchmarkCheckAfterEvent: a learner acts (one audited IAM write in the
// sandbox), then the whole lab with the most checks is checked. The
// timer covers the check only. Target: ≤ 5 ms.
func BenchmarkCheckAfterEvent(b *testing.B) {
	e := newEnv(b)
	_, lab := largest(b)
	b.Logf("lab with the most checks: %s", lab)
	ctx := context.Background()
	sb := e.start(b, lab)
	var acct, user string
	for _, l := range sb.Logins {
		if l.Password != "" {
			acct, user = l.AccountID, l.User
			break
		}
	}
	c := e.User(b, acct, user)
	// A history to count past: a thousand earlier events of the learner.
	for range 1000 {
		e.Identity.ListUsers(ctx, c, iam.ListInput{})
	}
	e.K.FlushEvents()
	if _, err := e.Labs.Check(ctx, sb.ID); err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	b.ResetTimer()
	i := 0
	for b.Loop() {
		b.StopTimer()
		i++
		// A write that fails (an inline policy on a user that does not
		// exist) still records an event; the sandbox stays as it was.
		e.Identity.PutInlinePolicy(ctx, c, "user", fmt.Sprintf("nobody-%d", i), "p", `{"Version":"2012-10-17","Statement":[]}`)
		e.K.FlushEvents()
		b.StartTimer()
		if _, err := e.Labs.Check(ctx, sb.ID); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkCheckUnchanged: the page's poll when nothing happened since the
// last check: one query for the newest event. Target: ≤ 0.2 ms.
func BenchmarkCheckUnchanged(b *testing.B) {
	e := newEnv(b)
	_, lab := largest(b)
	ctx := context.Background()
	sb := e.start(b, lab)
	if _, err := e.Labs.Check(ctx, sb.ID); err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := e.Labs.Check(ctx, sb.ID); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkClassReport200: the instructor's live report (its poll) of a
// class of 200 learners, one of whom just acted. Target: ≤ 100 ms.
func BenchmarkClassReport200(b *testing.B) {
	e := newEnv(b)
	ctx := context.Background()
	in := e.instructor(b)
	cl, err := e.Labs.CreateClass(ctx, in, "explicit-deny", "Class")
	if err != nil {
		b.Fatal(err)
	}
	var csv strings.Builder
	for i := range 200 {
		fmt.Fprintf(&csv, "Learner %03d\n", i)
	}
	ls, err := e.Labs.ImportLearners(ctx, in, cl.ID, strings.NewReader(csv.String()))
	if err != nil {
		b.Fatal(err)
	}
	sb, err := e.Labs.Sandbox(ctx, ls[0].SandboxID)
	if err != nil {
		b.Fatal(err)
	}
	c := e.caller(b, sb, "main", "erin")
	if _, err := e.Labs.Report(ctx, in, cl.ID); err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		b.StopTimer()
		e.Identity.DeleteRole(ctx, c, "Protected-Audit") // refused, recorded
		e.K.FlushEvents()
		b.StartTimer()
		if _, err := e.Labs.Report(ctx, in, cl.ID); err != nil {
			b.Fatal(err)
		}
	}
}
