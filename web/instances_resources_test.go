package web_test

import (
	"context"
	"io"
	"strings"
	"testing"

	"iamconsole/iam"
	"iamconsole/iam/organizations"
	"iamconsole/resources/dynamodb"
	"iamconsole/resources/dynamodb/attr"
	"iamconsole/resources/ec2"
	"iamconsole/resources/s3"
	"iamconsole/store/storetest"
	"iamconsole/web/webtest"
)

// Two instances on one PostgreSQL database, each with the resource
// services of its own: what one writes, the other answers with at once,
// though it read (and, on its own, would have cached) the older state.

func prodRoot() *iam.Caller {
	return &iam.Caller{Type: iam.CallerRoot, AccountID: organizations.DemoProductionID,
		ARN: "arn:aws:iam::" + organizations.DemoProductionID + ":root", UniqueID: organizations.DemoProductionID}
}

func getObject(t *testing.T, e *webtest.Env, c *iam.Caller, bucket, key string) (string, error) {
	t.Helper()
	out, err := e.Services.S3.GetObject(context.Background(), c, s3.GetObjectInput{Bucket: bucket, Key: key})
	if err != nil {
		return "", err
	}
	defer out.Body.Close()
	b, err := io.ReadAll(out.Body)
	return string(b), err
}

func putObject(t *testing.T, e *webtest.Env, c *iam.Caller, bucket, key, body string) {
	t.Helper()
	_, err := e.Services.S3.PutObject(context.Background(), c, s3.PutObjectInput{Bucket: bucket, Key: key, Body: strings.NewReader(body), Size: int64(len(body))})
	if err != nil {
		t.Fatalf("put %s on an instance: %v", key, err)
	}
}

func listKeys(t *testing.T, e *webtest.Env, c *iam.Caller, bucket string) string {
	t.Helper()
	out, err := e.Services.S3.ListObjects(context.Background(), c, s3.ListObjectsInput{Bucket: bucket, V2: true, MaxKeys: -1})
	if err != nil {
		t.Fatal(err)
	}
	var ks []string
	for _, o := range out.Objects {
		ks = append(ks, o.Key)
	}
	return strings.Join(ks, ",")
}

// TestInstancesShareS3 writes objects and a bucket policy on A and reads on
// B, which had read the bucket, the object and its listing before: B
// answers with A's writes at once.
func TestInstancesShareS3(t *testing.T) {
	t.Parallel()
	a := webtest.New(t, webtest.Options{Target: storetest.Postgres(t)})
	b := a.Instance(t)
	ctx := context.Background()
	root := prodRoot()
	if _, err := a.Services.S3.CreateBucket(ctx, root, s3.CreateBucketInput{Bucket: "instances-shared"}); err != nil {
		t.Fatal(err)
	}
	putObject(t, a, root, "instances-shared", "one", "first")
	// B reads everything once, so that caches, had it any, would hold it.
	for range 2 {
		if got, err := getObject(t, b, root, "instances-shared", "one"); err != nil || got != "first" {
			t.Fatalf("B reads one: %q %v", got, err)
		}
		if got := listKeys(t, b, root, "instances-shared"); got != "one" {
			t.Fatalf("B lists %q", got)
		}
	}
	putObject(t, a, root, "instances-shared", "one", "second")
	putObject(t, a, root, "instances-shared", "two", "new")
	if got, err := getObject(t, b, root, "instances-shared", "one"); err != nil || got != "second" {
		t.Errorf("B reads one after A overwrote it: %q %v", got, err)
	}
	if got, err := getObject(t, b, root, "instances-shared", "two"); err != nil || got != "new" {
		t.Errorf("B reads two after A put it: %q %v", got, err)
	}
	if got := listKeys(t, b, root, "instances-shared"); got != "one,two" {
		t.Errorf("B lists %q after A's put, want one,two", got)
	}
	if err := a.Services.S3.DeleteObject(ctx, root, "instances-shared", "two"); err != nil {
		t.Fatal(err)
	}
	if _, err := getObject(t, b, root, "instances-shared", "two"); !iam.IsKind(err, iam.KindNotFound) {
		t.Errorf("B reads two after A deleted it: %v, want NoSuchKey", err)
	}

	// A bucket policy put on A denies the administrator on B at once;
	// deleted on A, it denies nothing on B.
	u, err := a.Store.Read(ctx).UserByName(organizations.DemoProductionID, "admin")
	if err != nil {
		t.Fatal(err)
	}
	admin := &iam.Caller{Type: iam.CallerUser, AccountID: organizations.DemoProductionID, ARN: "arn:aws:iam::" + organizations.DemoProductionID + ":user/admin",
		UniqueID: u.ID, UserID: u.ID, UserName: "admin"}
	if got, err := getObject(t, b, admin, "instances-shared", "one"); err != nil || got != "second" {
		t.Fatalf("B, the administrator reads one: %q %v", got, err)
	}
	deny := `{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Principal":{"AWS":"` + admin.ARN + `"},"Action":"s3:GetObject","Resource":"arn:aws:s3:::instances-shared/*"}]}`
	if err := a.Services.S3.PutBucketPolicy(ctx, root, "instances-shared", deny); err != nil {
		t.Fatal(err)
	}
	if _, err := getObject(t, b, admin, "instances-shared", "one"); !iam.IsKind(err, iam.KindDenied) {
		t.Errorf("B after A's deny policy: %v, want AccessDenied", err)
	}
	if err := a.Services.S3.DeleteBucketPolicy(ctx, root, "instances-shared"); err != nil {
		t.Fatal(err)
	}
	if got, err := getObject(t, b, admin, "instances-shared", "one"); err != nil || got != "second" {
		t.Errorf("B after A deleted the policy: %q %v", got, err)
	}
}

// TestInstancesShareDynamoDB puts items on A and reads them on B, with
// ConsistentRead and without, after B had read the older items.
func TestInstancesShareDynamoDB(t *testing.T) {
	t.Parallel()
	a := webtest.New(t, webtest.Options{Target: storetest.Postgres(t)})
	b := a.Instance(t)
	ctx := context.Background()
	root := prodRoot()
	id := "instances-1"
	put := func(v string) {
		t.Helper()
		_, err := a.Services.DynamoDB.PutItem(ctx, root, dynamodb.PutItemInput{TableName: "TestProject", Item: dynamodb.WireItem{"ID": {S: &id}, "v": {S: &v}}})
		if err != nil {
			t.Fatal(err)
		}
	}
	get := func(consistent bool) string {
		t.Helper()
		out, err := b.Services.DynamoDB.GetItem(ctx, root, dynamodb.GetItemInput{TableName: "TestProject", Key: dynamodb.WireItem{"ID": &attr.Wire{S: &id}}, ConsistentRead: consistent})
		if err != nil {
			t.Fatal(err)
		}
		return string(out.Item)
	}
	for _, consistent := range []bool{false, true} {
		if got := get(consistent); got != "" {
			t.Fatalf("B reads an item before it was put: %s", got)
		}
	}
	for _, v := range []string{"one", "two", "three"} {
		put(v)
		for _, consistent := range []bool{false, true, false} {
			if got := get(consistent); !strings.Contains(got, `"v":{"S":"`+v+`"}`) {
				t.Errorf("B reads %s after A put %s (ConsistentRead %v)", got, v, consistent)
			}
		}
	}
	if _, err := a.Services.DynamoDB.DeleteItem(ctx, root, dynamodb.DeleteItemInput{TableName: "TestProject", Key: dynamodb.WireItem{"ID": &attr.Wire{S: &id}}}); err != nil {
		t.Fatal(err)
	}
	if got := get(false); got != "" {
		t.Errorf("B reads %s after A deleted it", got)
	}
}

// TestInstancesShareEC2 launches and stops an instance on A and describes
// it on B, which had described it before.
func TestInstancesShareEC2(t *testing.T) {
	t.Parallel()
	a := webtest.New(t, webtest.Options{Target: storetest.Postgres(t)})
	b := a.Instance(t)
	ctx := context.Background()
	root := prodRoot()
	one := 1
	r, err := a.Services.EC2.RunInstances(ctx, root, ec2.RunInput{ImageID: "ami-0c02fb55956c7d316", InstanceType: "t3.micro", MinCount: &one, MaxCount: &one})
	if err != nil {
		t.Fatal(err)
	}
	id := r.Instances[0].ID
	describe := func() (state, name string) {
		t.Helper()
		out, err := b.Services.EC2.DescribeInstances(ctx, root, ec2.DescribeInput{InstanceIDs: []string{id}})
		if err != nil {
			t.Fatalf("B describes %s: %v", id, err)
		}
		i := out.Reservations[0].Instances[0]
		for _, tg := range i.Tags {
			if tg.Key == "Name" {
				name = tg.Value
			}
		}
		return i.State.Name, name
	}
	if st, _ := describe(); st != "pending" && st != "running" {
		t.Fatalf("B sees the new instance %s", st)
	}
	if _, err := a.Services.EC2.Change(ctx, root, "stop", []string{id}, false); err != nil {
		t.Fatal(err)
	}
	if err := a.Services.EC2.CreateTags(ctx, root, []string{id}, []ec2.Tag{{Key: "Name", Value: "shared"}}, false); err != nil {
		t.Fatal(err)
	}
	if st, name := describe(); st != "stopping" && st != "stopped" || name != "shared" {
		t.Errorf("B after A stopped and tagged it: %s, Name %q", st, name)
	}
}
