package dynamodb_test

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"

	"iamconsole/iam"
	"iamconsole/iam/organizations"
	"iamconsole/resources/dynamodb"
	"iamconsole/resources/dynamodb/attr"
	"iamconsole/store"
	"iamconsole/web/webtest"
)

// userWith creates a Production user with one inline policy and returns
// its caller.
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

func key(id string) dynamodb.WireItem {
	return dynamodb.WireItem{"ID": &attr.Wire{S: &id}}
}

func TestConditionKeys(t *testing.T) {
	t.Parallel()
	env := webtest.New(t)
	ctx := context.Background()
	d := dynamodb.New(env.Svc)
	leading := userWith(t, env, "leading", `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["dynamodb:GetItem","dynamodb:PutItem","dynamodb:Query"],
		"Resource":"arn:aws:dynamodb:us-east-1:123456789012:table/TestProject",
		"Condition":{"ForAllValues:StringEquals":{"dynamodb:LeadingKeys":["1234567890"]}}}]}`)
	if _, err := d.GetItem(ctx, leading, dynamodb.GetItemInput{TableName: "TestProject", Key: key("1234567890")}); err != nil {
		t.Errorf("own partition: %v", err)
	}
	if _, err := d.GetItem(ctx, leading, dynamodb.GetItemInput{TableName: "TestProject", Key: key("2345678901")}); !iam.IsKind(err, iam.KindDenied) {
		t.Errorf("another partition: %v", err)
	}
	cond := "ID = :id"
	one := "2345678901"
	in := dynamodb.QueryInput{TableName: "TestProject", KeyConditionExpression: &cond,
		Expressions: dynamodb.Expressions{ExpressionAttributeValues: dynamodb.WireItem{":id": &attr.Wire{S: &one}}}}
	if _, err := d.Query(ctx, leading, in); !iam.IsKind(err, iam.KindDenied) {
		t.Errorf("query of another partition: %v", err)
	}

	attrs := userWith(t, env, "attrs", `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"dynamodb:GetItem",
		"Resource":"arn:aws:dynamodb:*:*:table/TestProject",
		"Condition":{"ForAllValues:StringEquals":{"dynamodb:Attributes":["ID","ProjectName"]},"StringEqualsIfExists":{"dynamodb:Select":"SPECIFIC_ATTRIBUTES"}}}]}`)
	for _, tc := range []struct {
		projection string
		allowed    bool
	}{{"ID, ProjectName", true}, {"ProjectName", true}, {"ProjectName, Budget", false}, {"", false}} {
		gi := dynamodb.GetItemInput{TableName: "TestProject", Key: key("1234567890")}
		if tc.projection != "" {
			gi.ProjectionExpression = &tc.projection
		}
		out, err := d.GetItem(ctx, attrs, gi)
		if tc.allowed && (err != nil || out.Item == nil) || !tc.allowed && !iam.IsKind(err, iam.KindDenied) {
			t.Errorf("projection %q: %v", tc.projection, err)
		}
	}

	tagged := userWith(t, env, "tagged", `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"dynamodb:*","Resource":"*"},
		{"Effect":"Deny","Action":"dynamodb:PutItem","Resource":"*","Condition":{"StringEquals":{"aws:ResourceTag/Project":"TestProject"}}}]}`)
	if _, err := d.PutItem(ctx, tagged, dynamodb.PutItemInput{TableName: "TestProject", Item: key("9")}); !iam.IsKind(err, iam.KindDenied) {
		t.Errorf("put into the tagged table: %v", err)
	}
	if _, err := d.GetItem(ctx, tagged, dynamodb.GetItemInput{TableName: "TestProject", Key: key("9")}); err != nil {
		t.Errorf("get from the tagged table: %v", err)
	}
	rv := userWith(t, env, "rv", `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"dynamodb:PutItem","Resource":"*",
		"Condition":{"StringEqualsIfExists":{"dynamodb:ReturnValues":"NONE"}}}]}`)
	if _, err := d.PutItem(ctx, rv, dynamodb.PutItemInput{TableName: "TestProject", Item: key("8")}); err != nil {
		t.Errorf("put without ReturnValues: %v", err)
	}
	if _, err := d.PutItem(ctx, rv, dynamodb.PutItemInput{TableName: "TestProject", Item: key("8"), ReturnValues: "ALL_OLD"}); !iam.IsKind(err, iam.KindDenied) {
		t.Errorf("put with ALL_OLD: %v", err)
	}
}

func TestEvents(t *testing.T) {
	t.Parallel()
	env := webtest.New(t)
	ctx := context.Background()
	d := dynamodb.New(env.Svc)
	admin := &iam.Caller{Type: iam.CallerRoot, AccountID: organizations.DemoProductionID, ARN: "arn:aws:iam::123456789012:root", UniqueID: organizations.DemoProductionID}
	if _, err := d.GetItem(ctx, admin, dynamodb.GetItemInput{TableName: "TestProject", Key: key("1234567890")}); err != nil {
		t.Fatal(err)
	}
	if _, err := d.DescribeTable(ctx, admin, "TestProject"); err != nil {
		t.Fatal(err)
	}
	env.Svc.FlushEvents()
	es, err := env.Store.Read(ctx).Events(store.EventFilter{AccountID: organizations.DemoProductionID, Attribute: "EventSource", Value: dynamodb.Source})
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]iam.Record{}
	for _, e := range es {
		var r iam.Record
		if err := json.Unmarshal([]byte(e.Record), &r); err != nil {
			t.Fatal(err)
		}
		got[r.EventName] = r
	}
	g, ok := got["GetItem"]
	if !ok || g.ManagementEvent || g.EventCategory != "Data" || !g.ReadOnly || len(g.Resources) != 1 || g.Resources[0].Type != "AWS::DynamoDB::Table" ||
		g.Resources[0].ARN != "arn:aws:dynamodb:us-east-1:123456789012:table/TestProject" {
		t.Errorf("GetItem event: %+v", g)
	}
	if k := g.RequestParameters.(map[string]any)["key"].(map[string]any)["ID"]; k != "1234567890" {
		t.Errorf("GetItem requestParameters: %v", g.RequestParameters)
	}
	if dt, ok := got["DescribeTable"]; !ok || !dt.ManagementEvent || dt.EventCategory != "Management" {
		t.Errorf("DescribeTable event: %+v", dt)
	}
}

// TestReadsSeeWrites checks that an eventually consistent GetItem after a
// write ends sees it, however the item cache and the writes interleave.
func TestReadsSeeWrites(t *testing.T) {
	t.Parallel()
	env := webtest.New(t)
	ctx := context.Background()
	d := dynamodb.New(env.Svc)
	root := &iam.Caller{Type: iam.CallerRoot, AccountID: organizations.DemoProductionID, ARN: "arn:aws:iam::123456789012:root", UniqueID: organizations.DemoProductionID}
	done := make(chan error, 8)
	for w := range 8 {
		go func() {
			id := "w" + string(rune('a'+w))
			for i := range 40 {
				v := string(rune('A' + i%26))
				if _, err := d.PutItem(ctx, root, dynamodb.PutItemInput{TableName: "TestProject", Item: dynamodb.WireItem{"ID": {S: &id}, "v": {S: &v}}}); err != nil {
					done <- err
					return
				}
				out, err := d.GetItem(ctx, root, dynamodb.GetItemInput{TableName: "TestProject", Key: key(id)})
				if err != nil {
					done <- err
					return
				}
				if want := `"v":{"S":"` + v + `"}`; !strings.Contains(string(out.Item), want) {
					done <- fmt.Errorf("%s after writing %s: %s", id, v, out.Item)
					return
				}
				if i%5 == 0 {
					if _, err := d.DeleteItem(ctx, root, dynamodb.DeleteItemInput{TableName: "TestProject", Key: key(id)}); err != nil {
						done <- err
						return
					}
					if out, err := d.GetItem(ctx, root, dynamodb.GetItemInput{TableName: "TestProject", Key: key(id)}); err != nil || out.Item != nil {
						done <- fmt.Errorf("%s after its delete: %s %v", id, out.Item, err)
						return
					}
				}
			}
			done <- nil
		}()
	}
	for range 8 {
		if err := <-done; err != nil {
			t.Fatal(err)
		}
	}
}
