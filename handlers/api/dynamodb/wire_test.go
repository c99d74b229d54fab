package dynamodb_test

import (
	"regexp"
	"strings"
	"testing"

	"iamconsole/handlers/api/apitest"
)

// epochs are the times of a table's description.
var epochs = regexp.MustCompile(`"(CreationDateTime|LastUpdateToPayPerRequestDateTime)":[0-9.]+`)

func TestWireFormats(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	admin := e.prod
	setup := []struct{ op, body string }{
		{"CreateTable", `{"TableName":"Music","AttributeDefinitions":[{"AttributeName":"Artist","AttributeType":"S"},{"AttributeName":"Song","AttributeType":"S"}],"KeySchema":[{"AttributeName":"Artist","KeyType":"HASH"},{"AttributeName":"Song","KeyType":"RANGE"}],"BillingMode":"PAY_PER_REQUEST"}`},
		{"PutItem", `{"TableName":"Music","Item":{"Artist":{"S":"Acme"},"Song":{"S":"One"},"Year":{"N":"2001"},"Tags":{"SS":["rock"]},"Live":{"BOOL":false}}}`},
		{"PutItem", `{"TableName":"Music","Item":{"Artist":{"S":"Acme"},"Song":{"S":"Two"},"Year":{"N":"2003"},"Rating":{"N":"4.50"}}}`},
		{"PutItem", `{"TableName":"Music","Item":{"Artist":{"S":"Acme"},"Song":{"S":"Three"},"Notes":{"L":[{"S":"x"},{"M":{"k":{"NULL":true}}}]},"Data":{"B":"AAEC"}}}`},
	}
	for _, s := range setup {
		if st, body := e.call(t, admin, "", s.op, s.body); st != 200 {
			t.Fatalf("%s: %d %s", s.op, st, body)
		}
	}
	tests := []struct {
		name, golden, op, body string
		key                    [2]string
		status                 int
	}{
		{"describe table", "ddb_describe_table.json", "DescribeTable", `{"TableName":"Music"}`, admin, 200},
		{"get item", "ddb_get_item.json", "GetItem", `{"TableName":"Music","Key":{"Artist":{"S":"Acme"},"Song":{"S":"One"}}}`, admin, 200},
		{"get item with a projection", "ddb_get_item_projection.json", "GetItem", `{"TableName":"Music","Key":{"Artist":{"S":"Acme"},"Song":{"S":"Three"}},"ProjectionExpression":"Notes[1].k, #d","ExpressionAttributeNames":{"#d":"Data"}}`, admin, 200},
		{"get missing item", "ddb_get_item_missing.json", "GetItem", `{"TableName":"Music","Key":{"Artist":{"S":"Acme"},"Song":{"S":"Nope"}}}`, admin, 200},
		{"query", "ddb_query.json", "Query", `{"TableName":"Music","KeyConditionExpression":"Artist = :a AND Song > :s","ExpressionAttributeValues":{":a":{"S":"Acme"},":s":{"S":"Three"}},"ScanIndexForward":false,"ReturnConsumedCapacity":"TOTAL"}`, admin, 200},
		{"query page", "ddb_query_page.json", "Query", `{"TableName":"Music","KeyConditionExpression":"Artist = :a","ExpressionAttributeValues":{":a":{"S":"Acme"}},"Limit":1,"ProjectionExpression":"Song"}`, admin, 200},
		{"update item", "ddb_update_item.json", "UpdateItem", `{"TableName":"Music","Key":{"Artist":{"S":"Acme"},"Song":{"S":"Two"}},"UpdateExpression":"SET Rating = Rating + :d ADD Plays :one","ExpressionAttributeValues":{":d":{"N":"0.25"},":one":{"N":"1"}},"ReturnValues":"UPDATED_NEW"}`, admin, 200},
		{"conditional check failed", "ddb_conditional_check_failed.json", "PutItem", `{"TableName":"Music","Item":{"Artist":{"S":"Acme"},"Song":{"S":"One"}},"ConditionExpression":"attribute_not_exists(Song)"}`, admin, 400},
		{"table not found", "ddb_resource_not_found.json", "GetItem", `{"TableName":"Nope","Key":{"id":{"S":"1"}}}`, admin, 400},
		{"describe missing table", "ddb_describe_missing.json", "DescribeTable", `{"TableName":"Nope"}`, admin, 400},
		{"table exists", "ddb_resource_in_use.json", "CreateTable", `{"TableName":"Music","AttributeDefinitions":[{"AttributeName":"a","AttributeType":"S"}],"KeySchema":[{"AttributeName":"a","KeyType":"HASH"}],"BillingMode":"PAY_PER_REQUEST"}`, admin, 400},
		{"validation", "ddb_validation.json", "PutItem", `{"TableName":"Music","Item":{"Artist":{"S":"Acme"}}}`, admin, 400},
		{"syntax error", "ddb_syntax_error.json", "Query", `{"TableName":"Music","KeyConditionExpression":"Artist = :a AND","ExpressionAttributeValues":{":a":{"S":"Acme"}}}`, admin, 400},
		{"serialization", "ddb_serialization.json", "GetItem", `{"TableName":5}`, admin, 400},
		{"unknown operation", "ddb_unknown_operation.json", "Frobnicate", `{}`, admin, 400},
		{"access denied", "ddb_access_denied.json", "PutItem", `{"TableName":"Nope","Item":{"id":{"S":"1"}}}`, e.Keys["david"], 400},
		{"wrong secret", "ddb_signature.json", "ListTables", `{}`, [2]string{admin[0], "wrong" + admin[1][5:]}, 400},
		{"unknown key", "ddb_unrecognized_client.json", "ListTables", `{}`, [2]string{"AKIAAAAAAAAAAAAAAAAA", "x"}, 400},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			st, body := e.call(t, tc.key, "", tc.op, tc.body)
			if st != tc.status {
				t.Errorf("status %d, want %d: %s", st, tc.status, body)
			}
			apitest.Golden(t, tc.golden, epochs.ReplaceAllString(body, `"$1":0`))
		})
	}
	// david's ReadOnlyAccess allows reading his own account's tables.
	if st, body := e.call(t, e.Keys["david"], "", "ListTables", `{}`); st != 200 || !strings.Contains(body, `"TableNames":[]`) {
		t.Errorf("david's tables: %d %s", st, body)
	}
}
