package dynamodb_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
	"github.com/aws/aws-sdk-go-v2/service/sts"
	"github.com/aws/smithy-go"

	"iamconsole/handlers/api/apitest"
)

const readOnlyRole = "arn:aws:iam::123456789012:role/DynamoDB-ReadOnly-role"

func TestAWSCLI(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	creds := fmt.Sprintf("[admin]\naws_access_key_id = %s\naws_secret_access_key = %s\n\n[david]\naws_access_key_id = %s\naws_secret_access_key = %s\n",
		e.prod[0], e.prod[1], e.Keys["david"][0], e.Keys["david"][1])
	config := "[profile reader]\nrole_arn = " + readOnlyRole + "\nsource_profile = david\n"
	c := apitest.NewCLI(t, e.Env, config, creds)
	ct := c.OK("", "dynamodb", "create-table", "--profile", "admin", "--table-name", "Music",
		"--attribute-definitions", "AttributeName=Artist,AttributeType=S", "AttributeName=Song,AttributeType=S",
		"--key-schema", "AttributeName=Artist,KeyType=HASH", "AttributeName=Song,KeyType=RANGE", "--billing-mode", "PAY_PER_REQUEST")
	if d := ct["TableDescription"].(map[string]any); d["TableStatus"] != "CREATING" || d["TableArn"] != "arn:aws:dynamodb:us-east-1:123456789012:table/Music" {
		t.Errorf("create-table: %v", ct)
	}
	c.OK("", "dynamodb", "wait", "table-exists", "--profile", "admin", "--table-name", "Music")
	for _, song := range []string{"Alpha", "Beta", "Gamma"} {
		c.OK("", "dynamodb", "put-item", "--profile", "admin", "--table-name", "Music",
			"--item", `{"Artist":{"S":"Acme"},"Song":{"S":"`+song+`"},"Year":{"N":"2020"}}`)
	}
	q := c.OK("", "dynamodb", "query", "--profile", "admin", "--table-name", "Music", "--key-condition-expression", "Artist = :a AND begins_with(Song, :p)",
		"--expression-attribute-values", `{":a":{"S":"Acme"},":p":{"S":"G"}}`, "--no-scan-index-forward")
	if q["Count"] != float64(1) {
		t.Errorf("query: %v", q)
	}
	u := c.OK("", "dynamodb", "update-item", "--profile", "admin", "--table-name", "Music", "--key", `{"Artist":{"S":"Acme"},"Song":{"S":"Beta"}}`,
		"--update-expression", "SET #y = #y + :one", "--expression-attribute-names", `{"#y":"Year"}`,
		"--expression-attribute-values", `{":one":{"N":"1"}}`, "--return-values", "ALL_NEW")
	if y := u["Attributes"].(map[string]any)["Year"].(map[string]any)["N"]; y != "2021" {
		t.Errorf("update-item: %v", u)
	}
	// The CLI pages a scan itself: three items, one a page.
	s := c.OK("", "dynamodb", "scan", "--profile", "admin", "--table-name", "Music", "--page-size", "1")
	if s["Count"] != float64(3) {
		t.Errorf("scan: %v", s)
	}
	c.Fails("An error occurred (ValidationException) when calling the GetItem operation: The provided key element does not match the schema",
		"dynamodb", "get-item", "--profile", "admin", "--table-name", "Music", "--key", `{"Artist":{"S":"Acme"}}`)
	c.Fails("An error occurred (ResourceNotFoundException) when calling the DescribeTable operation: Requested resource not found: Table: Nope not found",
		"dynamodb", "describe-table", "--profile", "admin", "--table-name", "Nope")
	c.OK("", "dynamodb", "tag-resource", "--profile", "admin", "--resource-arn", "arn:aws:dynamodb:us-east-1:123456789012:table/Music", "--tags", "Key=team,Value=blue")
	if tags := c.OK("", "dynamodb", "list-tags-of-resource", "--profile", "admin", "--resource-arn", "arn:aws:dynamodb:us-east-1:123456789012:table/Music"); !reflect.DeepEqual(tags["Tags"], []any{map[string]any{"Key": "team", "Value": "blue"}}) {
		t.Errorf("list-tags-of-resource: %v", tags)
	}

	// The walkthrough with a role profile: david reads TestProject through
	// DynamoDB-ReadOnly-role and may not write it.
	g := c.OK("", "dynamodb", "get-item", "--profile", "reader", "--table-name", "TestProject", "--key", `{"ID":{"S":"1234567890"}}`)
	if name := g["Item"].(map[string]any)["ProjectName"].(map[string]any)["S"]; name != "Test project" {
		t.Errorf("get-item as the role: %v", g)
	}
	c.Fails("An error occurred (AccessDeniedException) when calling the PutItem operation: User: arn:aws:sts::123456789012:assumed-role/DynamoDB-ReadOnly-role/",
		"dynamodb", "put-item", "--profile", "reader", "--table-name", "TestProject", "--item", `{"ID":{"S":"1234567890"}}`)
	c.OK("", "dynamodb", "delete-table", "--profile", "admin", "--table-name", "Music")
	c.OK("", "dynamodb", "wait", "table-not-exists", "--profile", "admin", "--table-name", "Music")
}

func TestBoto3(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	out := apitest.RunBoto3(t, e.Env, "boto3_dynamodb.py", "ADMIN_KEY="+e.prod[0], "ADMIN_SECRET="+e.prod[1],
		"DAVID_KEY="+e.Keys["david"][0], "DAVID_SECRET="+e.Keys["david"][1], "ROLE_ARN="+readOnlyRole)
	var got map[string]any
	if err := json.Unmarshal(out, &got); err != nil {
		t.Fatalf("%v: %s", err, out)
	}
	want := map[string]any{
		"status":             "ACTIVE",
		"get":                map[string]any{"customer": "c2", "order": 1.0, "total": 1.5, "note": map[string]any{"gift": true, "to": "Ann"}},
		"query":              []any{9.0, 8.0, 7.0, 6.0, 5.0},
		"filtered":           []any{22.0, 24.0, 26.0, 28.0, 30.0},
		"filtered_counts":    []any{5.0, 30.0},
		"updated":            map[string]any{"note": map[string]any{"to": "Bob"}, "views": 1.0},
		"conditional":        map[string]any{"code": "ConditionalCheckFailedException", "message": "The conditional request failed", "status": 400.0},
		"pages":              []any{7.0, 7.0, 7.0, 7.0, 2.0},
		"scan_total":         31.0,
		"batch_get":          []any{3.0, 4.0},
		"tables":             []any{"Orders", "TestProject"},
		"count_after_delete": 30.0,
		"walkthrough":        "Test project",
	}
	for k, v := range want {
		if !reflect.DeepEqual(got[k], v) {
			t.Errorf("%s = %v, want %v", k, got[k], v)
		}
	}
	w, _ := got["walkthrough_write"].(map[string]any)
	if w["code"] != "AccessDeniedException" || w["status"] != 400.0 ||
		!strings.Contains(w["message"].(string), "is not authorized to perform: dynamodb:PutItem on resource: arn:aws:dynamodb:us-east-1:123456789012:table/TestProject") {
		t.Errorf("walkthrough write: %v", got["walkthrough_write"])
	}
}

// TestGoSDK is the walkthrough with the SDK for Go v2: an application
// assumes DynamoDB-ReadOnly-role and reads TestProject's item.
func TestGoSDK(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	ctx := context.Background()
	david := e.Keys["david"]
	stsc := sts.New(sts.Options{Region: "us-east-1", BaseEndpoint: aws.String(e.Server.URL),
		Credentials: credentials.NewStaticCredentialsProvider(david[0], david[1], "")})
	ar, err := stsc.AssumeRole(ctx, &sts.AssumeRoleInput{RoleArn: aws.String(readOnlyRole), RoleSessionName: aws.String("gosdk")})
	if err != nil {
		t.Fatal(err)
	}
	cr := ar.Credentials
	db := dynamodb.New(dynamodb.Options{Region: "us-east-1", BaseEndpoint: aws.String(e.Server.URL),
		Credentials: credentials.NewStaticCredentialsProvider(aws.ToString(cr.AccessKeyId), aws.ToString(cr.SecretAccessKey), aws.ToString(cr.SessionToken))})
	got, err := db.GetItem(ctx, &dynamodb.GetItemInput{TableName: aws.String("TestProject"), Key: map[string]types.AttributeValue{"ID": &types.AttributeValueMemberS{Value: "1234567890"}}})
	if err != nil {
		t.Fatal(err)
	}
	if name, ok := got.Item["ProjectName"].(*types.AttributeValueMemberS); !ok || name.Value != "Test project" {
		t.Errorf("GetItem: %v", got.Item)
	}
	if labels, ok := got.Item["Labels"].(*types.AttributeValueMemberSS); !ok || len(labels.Value) != 2 {
		t.Errorf("Labels: %v", got.Item["Labels"])
	}
	p := dynamodb.NewScanPaginator(db, &dynamodb.ScanInput{TableName: aws.String("TestProject"), Limit: aws.Int32(2)})
	n := 0
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			t.Fatal(err)
		}
		n += len(page.Items)
	}
	if n != 3 {
		t.Errorf("scanned %d items", n)
	}
	_, err = db.PutItem(ctx, &dynamodb.PutItemInput{TableName: aws.String("TestProject"), Item: map[string]types.AttributeValue{"ID": &types.AttributeValueMemberS{Value: "x"}}})
	var ae smithy.APIError
	if !errors.As(err, &ae) || ae.ErrorCode() != "AccessDeniedException" {
		t.Errorf("PutItem as the read-only role: %v", err)
	}
	_, err = db.GetItem(ctx, &dynamodb.GetItemInput{TableName: aws.String("Nope"), Key: map[string]types.AttributeValue{"ID": &types.AttributeValueMemberS{Value: "x"}}})
	var rnf *types.ResourceNotFoundException
	if !errors.As(err, &rnf) {
		t.Errorf("GetItem of a missing table: %v", err)
	}
}
