package ec2_test

import (
	"context"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"iamconsole/iam"
	"iamconsole/iam/organizations"
	"iamconsole/resources/authzmsg"
	"iamconsole/resources/ec2"
	"iamconsole/store"
	"iamconsole/web/webtest"
)

func userWith(t *testing.T, env *webtest.Env, name, policy string) *iam.Caller {
	t.Helper()
	u := &store.User{ID: iam.NewUniqueID(iam.PrefixUser), AccountID: organizations.DemoProductionID, Name: name, Path: "/", CreatedAt: time.Now()}
	err := env.Store.Tx(context.Background(), func(q *store.Q) error {
		if err := q.CreateUser(u); err != nil {
			return err
		}
		return q.PutInlinePolicy(&store.InlinePolicy{EntityType: "user", EntityID: u.ID, Name: "p", Document: policy, CreatedAt: time.Now()})
	})
	if err != nil {
		t.Fatal(err)
	}
	env.Svc.Invalidate()
	return &iam.Caller{Type: iam.CallerUser, AccountID: organizations.DemoProductionID, ARN: "arn:aws:iam::123456789012:user/" + name,
		UniqueID: u.ID, UserID: u.ID, UserName: name}
}

var root = &iam.Caller{Type: iam.CallerRoot, AccountID: organizations.DemoProductionID, ARN: "arn:aws:iam::123456789012:root", UniqueID: organizations.DemoProductionID}

func ptr(n int) *int { return &n }

func TestLifecycle(t *testing.T) {
	t.Parallel()
	env := webtest.New(t, webtest.Options{ManualClock: true})
	ctx := context.Background()
	s := ec2.New(env.Svc, nil)
	r, err := s.RunInstances(ctx, root, ec2.RunInput{ImageID: "ami-0c02fb55956c7d316", InstanceType: "t3.micro", MinCount: ptr(2), MaxCount: ptr(2), ClientToken: "tok-1"})
	if err != nil {
		t.Fatal(err)
	}
	again, err := s.RunInstances(ctx, root, ec2.RunInput{ImageID: "ami-0c02fb55956c7d316", InstanceType: "t3.micro", MinCount: ptr(2), MaxCount: ptr(2), ClientToken: "tok-1"})
	if err != nil || again.ID != r.ID || len(again.Instances) != 2 {
		t.Errorf("same client token: %v %v", again, err)
	}
	id := r.Instances[0].ID
	state := func() string {
		out, err := s.DescribeInstances(ctx, root, ec2.DescribeInput{InstanceIDs: []string{id}})
		if err != nil {
			t.Fatal(err)
		}
		return out.Reservations[0].Instances[0].State.Name
	}
	steps := []struct {
		op         string
		now, after string
	}{{"", "pending", "running"}, {"stop", "stopping", "stopped"}, {"start", "pending", "running"}, {"reboot", "running", "running"}, {"terminate", "shutting-down", "terminated"}}
	for _, st := range steps {
		if st.op != "" {
			if _, err := s.Change(ctx, root, st.op, []string{id}, false); err != nil {
				t.Fatalf("%s: %v", st.op, err)
			}
		}
		if got := state(); got != st.now {
			t.Errorf("after %s: %s, want %s", st.op, got, st.now)
		}
		env.Clock.Advance(4 * time.Second)
		if got := state(); got != st.after {
			t.Errorf("4 s after %s: %s, want %s", st.op, got, st.after)
		}
	}
	if _, err := s.Change(ctx, root, "stop", []string{id}, false); err == nil || iam.AsError(err).Code != "IncorrectInstanceState" {
		t.Errorf("stop a terminated instance: %v", err)
	}
	env.Clock.Advance(ec2.TerminatedFor)
	if _, err := s.DescribeInstances(ctx, root, ec2.DescribeInput{InstanceIDs: []string{id}}); err == nil || iam.AsError(err).Code != "InvalidInstanceID.NotFound" {
		t.Errorf("an hour after termination: %v", err)
	}
	out, err := s.DescribeInstances(ctx, root, ec2.DescribeInput{Filters: []ec2.Filter{{Name: "instance-state-name", Values: []string{"running"}}}})
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, rv := range out.Reservations {
		n += len(rv.Instances)
	}
	if n != 3 { // the demo's two web servers and the other instance launched
		t.Errorf("running: %d", n)
	}
	var page []string
	next := ""
	for {
		o, err := s.DescribeInstances(ctx, root, ec2.DescribeInput{MaxResults: ptr(5), NextToken: next})
		if err != nil {
			t.Fatal(err)
		}
		for _, rv := range o.Reservations {
			for _, i := range rv.Instances {
				page = append(page, i.ID)
			}
		}
		if next = o.NextToken; next == "" {
			break
		}
	}
	if len(page) != 4 {
		t.Errorf("paged through %d instances", len(page))
	}
}

func TestAuthorization(t *testing.T) {
	t.Parallel()
	env := webtest.New(t)
	ctx := context.Background()
	codec, _ := authzmsg.New([]byte("0123456789abcdef0123456789abcdef"))
	s := ec2.New(env.Svc, codec)
	ops := userWith(t, env, "ops", `{"Version":"2012-10-17","Statement":[
		{"Effect":"Allow","Action":["ec2:Describe*","ec2:StopInstances"],"Resource":"*"},
		{"Effect":"Allow","Action":"ec2:StartInstances","Resource":"*","Condition":{"StringEquals":{"ec2:ResourceTag/Environment":"staging"}}},
		{"Sid":"NoProd","Effect":"Deny","Action":"ec2:StopInstances","Resource":"*","Condition":{"StringEquals":{"ec2:ResourceTag/Environment":"production"}}},
		{"Effect":"Allow","Action":"ec2:RunInstances","Resource":"arn:aws:ec2:*:*:instance/*","Condition":{"StringEquals":{"ec2:InstanceType":"t3.micro"}}},
		{"Effect":"Allow","Action":"ec2:RunInstances","Resource":["arn:aws:ec2:*::image/*","arn:aws:ec2:*:*:subnet/*"]}]}`)
	out, err := s.DescribeInstances(ctx, ops, ec2.DescribeInput{})
	if err != nil {
		t.Fatal(err)
	}
	ids := map[string]string{}
	for _, rv := range out.Reservations {
		for _, i := range rv.Instances {
			for _, tg := range i.Tags {
				if tg.Key == "Name" {
					ids[tg.Value] = i.ID
				}
			}
		}
	}
	if _, err := s.Change(ctx, ops, "start", []string{ids["batch-1"]}, true); err != ec2.ErrDryRun {
		t.Errorf("start the staging instance, dry run: %v", err)
	}
	_, err = s.Change(ctx, ops, "stop", []string{ids["web-1"]}, false)
	e := iam.AsError(err)
	if e.Code != "UnauthorizedOperation" || !strings.Contains(e.Message, "with an explicit deny in an identity-based policy. Encoded authorization failure message: ") {
		t.Fatalf("stop a production instance: %v", err)
	}
	_, enc, _ := strings.Cut(e.Message, "Encoded authorization failure message: ")
	m, err := codec.Decode(organizations.DemoProductionID, enc)
	if err != nil {
		t.Fatal(err)
	}
	if !m.ExplicitDeny || m.Context.Action != "ec2:StopInstances" || len(m.MatchedStatements.Items) == 0 {
		t.Errorf("decoded: %s", m.JSON())
	}
	var deny bool
	for _, st := range m.MatchedStatements.Items {
		deny = deny || st.StatementID == "NoProd" && st.Effect == "DENY"
	}
	if !deny || !strings.Contains(m.JSON(), `{"key":"ec2:ResourceTag/Environment","values":{"items":[{"value":"production"}]}}`) {
		t.Errorf("decoded: %s", m.JSON())
	}
	if _, err := s.RunInstances(ctx, ops, ec2.RunInput{ImageID: "ami-0c02fb55956c7d316", InstanceType: "m5.large", MinCount: ptr(1), MaxCount: ptr(1)}); iam.AsError(err).Code != "UnauthorizedOperation" {
		t.Errorf("run an m5.large: %v", err)
	}
	if _, err := s.RunInstances(ctx, ops, ec2.RunInput{ImageID: "ami-0c02fb55956c7d316", InstanceType: "t3.micro", MinCount: ptr(1), MaxCount: ptr(1),
		TagSpecifications: []ec2.TagSpec{{ResourceType: "instance", Tags: []ec2.Tag{{Key: "Name", Value: "x"}}}}}); iam.AsError(err).Code != "UnauthorizedOperation" ||
		!strings.Contains(iam.AsError(err).Message, "ec2:CreateTags") {
		t.Errorf("run with tags, without ec2:CreateTags: %v", err)
	}
	if _, err := s.RunInstances(ctx, ops, ec2.RunInput{ImageID: "ami-0c02fb55956c7d316", InstanceType: "t3.micro", MinCount: ptr(1), MaxCount: ptr(1)}); err != nil {
		t.Errorf("run a t3.micro: %v", err)
	}
	env.Svc.FlushEvents()
	es, err := env.Store.Read(ctx).Events(store.EventFilter{AccountID: organizations.DemoProductionID, Attribute: "EventName", Value: "StopInstances"})
	if err != nil || len(es) != 1 {
		t.Fatalf("StopInstances events: %v %v", es, err)
	}
	var r iam.Record
	json.Unmarshal([]byte(es[0].Record), &r)
	if r.ErrorCode != "Client.UnauthorizedOperation" || r.EventSource != "ec2.amazonaws.com" || !r.ManagementEvent || r.AWSRegion != "us-east-1" {
		t.Errorf("event: %+v", r)
	}
}
