package iam_test

import (
	"context"
	"testing"

	"iamconsole/iam"
	"iamconsole/iam/iamtest"
	"iamconsole/iam/organizations"
	"iamconsole/iam/policy"
	"iamconsole/store"
)

// TestChangesSinceDescribesAuditedWrites: an audited write is listed with
// its event, account and parameters; a plain Tx or an Invalidate makes the
// list incomplete, so that a reader rebuilds.
func TestChangesSinceDescribesAuditedWrites(t *testing.T) {
	t.Parallel()
	e := iamtest.New(t, iamtest.Options{Quiet: true})
	ctx := context.Background()
	admin := e.User(t, organizations.DemoDevelopmentID, "admin")
	g0 := e.K.Generation()
	if ch, ok := e.K.ChangesSince(g0); !ok || len(ch) != 0 {
		t.Fatalf("ChangesSince(now) = %v, %v; want none, complete", ch, ok)
	}
	doc := `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:ListBucket","Resource":"*"}]}`
	if err := e.Identity.PutInlinePolicy(ctx, admin, "user", "david", "list", doc); err != nil {
		t.Fatal(err)
	}
	if err := e.Identity.AttachPolicy(ctx, admin, "group", "Testers", "arn:aws:iam::aws:policy/ReadOnlyAccess"); err != nil {
		t.Fatal(err)
	}
	ch, ok := e.K.ChangesSince(g0)
	if !ok || len(ch) != 2 {
		t.Fatalf("ChangesSince = %+v, %v; want 2 changes, complete", ch, ok)
	}
	if ch[0].Event != "PutUserPolicy" || ch[0].Source != iam.SourceIAM || ch[0].Account != organizations.DemoDevelopmentID || ch[0].Gen != g0+1 {
		t.Errorf("first change = %+v", ch[0])
	}
	if p, _ := ch[0].Params.(map[string]any); p["userName"] != "david" {
		t.Errorf("first change's parameters = %#v, want userName david", ch[0].Params)
	}
	if ch[1].Event != "AttachGroupPolicy" || ch[1].Gen != g0+2 {
		t.Errorf("second change = %+v", ch[1])
	}
	if got, ok := e.K.ChangesSince(g0 + 1); !ok || len(got) != 1 || got[0].Event != "AttachGroupPolicy" {
		t.Errorf("ChangesSince(g0+1) = %+v, %v", got, ok)
	}

	// A failed write changes nothing.
	g1 := e.K.Generation()
	if err := e.Identity.PutInlinePolicy(ctx, admin, "user", "nobody", "list", doc); err == nil {
		t.Fatal("PutInlinePolicy on a missing user succeeded")
	}
	if got, ok := e.K.ChangesSince(g1); !ok || len(got) != 0 {
		t.Errorf("after a failed write: %+v, %v", got, ok)
	}

	if err := e.K.Tx(ctx, func(q *store.Q) error { return nil }); err != nil {
		t.Fatal(err)
	}
	if got, ok := e.K.ChangesSince(g1); ok || len(got) != 1 || got[0].Described() {
		t.Errorf("after a Tx: %+v, complete %v; want one undescribed change, incomplete", got, ok)
	}
	g2 := e.K.Generation()
	e.K.Invalidate()
	if _, ok := e.K.ChangesSince(g2); ok {
		t.Error("after Invalidate: complete")
	}
}

// TestDecideWithAnswersAsDecide: over the policies Decide gathers, DecideWith
// gives the same decision for the demo's users, allowed and denied alike.
func TestDecideWithAnswersAsDecide(t *testing.T) {
	t.Parallel()
	e := iamtest.New(t, iamtest.Options{Quiet: true})
	ctx := context.Background()
	q := e.Store.Read(ctx)
	target, err := e.K.FindAssumeTarget(q, organizations.DemoProductionID, "/", "UpdateAPP")
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"david", "theresa", "admin"} {
		c := e.User(t, organizations.DemoDevelopmentID, name)
		want, werr := e.K.DecideAssume(ctx, c, target, "sts:AssumeRole", map[string][]string{"sts:RoleSessionName": {name}})
		set, tags := &policy.Set{}, map[string]string{}
		if err := e.K.UserPolicies(q, c.UserID, set, tags); err != nil {
			t.Fatal(err)
		}
		got, gerr := e.K.DecideAssumeWith(c, set, tags, target, "sts:AssumeRole", map[string][]string{"sts:RoleSessionName": {name}})
		if got.Effect != want.Effect || got.Decisive != want.Decisive || (gerr == nil) != (werr == nil) {
			t.Errorf("%s: DecideAssumeWith = %v %+v (%v), DecideAssume = %v %+v (%v)", name, got.Effect, got.Decisive, gerr, want.Effect, want.Decisive, werr)
		}
		for _, check := range []iam.Check{{Action: "iam:ListUsers", Resource: "*"}, {Action: "iam:CreateUser", Resource: "arn:aws:iam::" + organizations.DemoDevelopmentID + ":user/x"}} {
			want, _ := e.K.Decide(ctx, c, check)
			got, _ := e.K.DecideWith(c, set, tags, check)
			if got.Effect != want.Effect {
				t.Errorf("%s %s: DecideWith = %v, Decide = %v", name, check.Action, got.Effect, want.Effect)
			}
		}
	}
}
