package dynamodb_test

import (
	"strings"
	"testing"
)

// TestBadInput sends what clients get wrong and checks DynamoDB's error,
// status 400 and that nothing was written.
func TestBadInput(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	admin := e.prod
	for _, s := range []string{
		`{"TableName":"Books","AttributeDefinitions":[{"AttributeName":"id","AttributeType":"S"},{"AttributeName":"n","AttributeType":"N"}],"KeySchema":[{"AttributeName":"id","KeyType":"HASH"},{"AttributeName":"n","KeyType":"RANGE"}],"BillingMode":"PAY_PER_REQUEST"}`,
	} {
		if st, body := e.call(t, admin, "", "CreateTable", s); st != 200 {
			t.Fatalf("CreateTable: %d %s", st, body)
		}
	}
	const good = `{"TableName":"Books","Item":{"id":{"S":"b1"},"n":{"N":"1"},"title":{"S":"Dune"}}}`
	if st, body := e.call(t, admin, "", "PutItem", good); st != 200 {
		t.Fatalf("PutItem: %d %s", st, body)
	}
	big := strings.Repeat("x", 400*1024)
	tests := []struct{ name, op, body, code, message string }{
		{"empty attribute value", "PutItem", `{"TableName":"Books","Item":{"id":{"S":"b2"},"n":{"N":"2"},"x":{}}}`, "ValidationException",
			"Supplied AttributeValue is empty, must contain exactly one of the supported datatypes"},
		{"two data types", "PutItem", `{"TableName":"Books","Item":{"id":{"S":"b2","N":"2"},"n":{"N":"2"}}}`, "ValidationException",
			"Supplied AttributeValue has more than one datatypes set, must contain exactly one of the supported datatypes"},
		{"bad number", "PutItem", `{"TableName":"Books","Item":{"id":{"S":"b2"},"n":{"N":"two"}}}`, "ValidationException",
			"The parameter cannot be converted to a numeric value: two"},
		{"empty string set", "PutItem", `{"TableName":"Books","Item":{"id":{"S":"b2"},"n":{"N":"2"},"t":{"SS":[]}}}`, "ValidationException",
			"One or more parameter values were invalid: An string set  may not be empty"},
		{"duplicate set members", "PutItem", `{"TableName":"Books","Item":{"id":{"S":"b2"},"n":{"N":"2"},"t":{"SS":["a","a"]}}}`, "ValidationException",
			"One or more parameter values were invalid: Input collection [a, a] contains duplicates."},
		{"missing key", "PutItem", `{"TableName":"Books","Item":{"id":{"S":"b2"}}}`, "ValidationException",
			"One or more parameter values were invalid: Missing the key n in the item"},
		{"key of the wrong type", "PutItem", `{"TableName":"Books","Item":{"id":{"S":"b2"},"n":{"S":"2"}}}`, "ValidationException",
			"One or more parameter values were invalid: Type mismatch for key n expected: N actual: S"},
		{"empty key", "PutItem", `{"TableName":"Books","Item":{"id":{"S":""},"n":{"N":"2"}}}`, "ValidationException",
			"One or more parameter values are not valid. The AttributeValue for a key attribute cannot contain an empty string value. Key: id"},
		{"oversize item", "PutItem", `{"TableName":"Books","Item":{"id":{"S":"b2"},"n":{"N":"2"},"t":{"S":"` + big + `"}}}`, "ValidationException",
			"Item size has exceeded the maximum allowed size"},
		{"key not matching the schema", "GetItem", `{"TableName":"Books","Key":{"id":{"S":"b1"}}}`, "ValidationException",
			"The provided key element does not match the schema"},
		{"get item without a key", "GetItem", `{"TableName":"Books"}`, "ValidationException",
			"The parameter 'Key' is required but was not present in the request"},
		{"undefined value", "PutItem", `{"TableName":"Books","Item":{"id":{"S":"b2"},"n":{"N":"2"}},"ConditionExpression":"title = :t"}`, "ValidationException",
			"Invalid ConditionExpression: An expression attribute value used in expression is not defined; attribute value: :t"},
		{"unused value", "PutItem", `{"TableName":"Books","Item":{"id":{"S":"b2"},"n":{"N":"2"}},"ConditionExpression":"attribute_not_exists(id)","ExpressionAttributeValues":{":x":{"S":"1"}}}`, "ValidationException",
			"Value provided in ExpressionAttributeValues unused in expressions: keys: {:x}"},
		{"reserved word", "UpdateItem", `{"TableName":"Books","Key":{"id":{"S":"b1"},"n":{"N":"1"}},"UpdateExpression":"SET name = :v","ExpressionAttributeValues":{":v":{"S":"x"}}}`, "ValidationException",
			"Invalid UpdateExpression: Attribute name is a reserved keyword; reserved keyword: name"},
		{"update a key", "UpdateItem", `{"TableName":"Books","Key":{"id":{"S":"b1"},"n":{"N":"1"}},"UpdateExpression":"SET id = :v","ExpressionAttributeValues":{":v":{"S":"x"}}}`, "ValidationException",
			"One or more parameter values were invalid: Cannot update attribute id. This attribute is part of the key"},
		{"arithmetic on a string", "UpdateItem", `{"TableName":"Books","Key":{"id":{"S":"b1"},"n":{"N":"1"}},"UpdateExpression":"SET title = title + :v","ExpressionAttributeValues":{":v":{"N":"1"}}}`, "ValidationException",
			"An operand in the update expression has an incorrect data type"},
		{"update too big", "UpdateItem", `{"TableName":"Books","Key":{"id":{"S":"b1"},"n":{"N":"1"}},"UpdateExpression":"SET t = :v, u = :v","ExpressionAttributeValues":{":v":{"S":"` + big[:210*1024] + `"}}}`, "ValidationException",
			"Item size to update has exceeded the maximum allowed size"},
		{"put return values", "PutItem", `{"TableName":"Books","Item":{"id":{"S":"b2"},"n":{"N":"2"}},"ReturnValues":"ALL_NEW"}`, "ValidationException",
			"ReturnValues can only be ALL_OLD or NONE"},
		{"query on a non-key", "Query", `{"TableName":"Books","KeyConditionExpression":"title = :t","ExpressionAttributeValues":{":t":{"S":"Dune"}}}`, "ValidationException",
			"Query condition missed key schema element: id"},
		{"query key type", "Query", `{"TableName":"Books","KeyConditionExpression":"id = :t","ExpressionAttributeValues":{":t":{"N":"1"}}}`, "ValidationException",
			"One or more parameter values were invalid: Condition parameter type does not match schema type"},
		{"query with OR", "Query", `{"TableName":"Books","KeyConditionExpression":"id = :t OR n = :n","ExpressionAttributeValues":{":t":{"S":"b1"},":n":{"N":"1"}}}`, "ValidationException",
			"Invalid operator used in KeyConditionExpression: OR"},
		{"filter on a key", "Query", `{"TableName":"Books","KeyConditionExpression":"id = :t","FilterExpression":"n > :n","ExpressionAttributeValues":{":t":{"S":"b1"},":n":{"N":"1"}}}`, "ValidationException",
			"Filter Expression can only contain non-primary key attributes: Primary key attribute: n"},
		{"limit zero", "Scan", `{"TableName":"Books","Limit":0}`, "ValidationException",
			"1 validation error detected: Value '0' at 'limit' failed to satisfy constraint: Member must have value greater than or equal to 1"},
		{"bad table name", "Scan", `{"TableName":"a!"}`, "ValidationException",
			"2 validation errors detected: Value 'a!' at 'tableName' failed to satisfy constraint: Member must satisfy regular expression pattern: [a-zA-Z0-9_.-]+; Value 'a!' at 'tableName' failed to satisfy constraint: Member must have length greater than or equal to 3"},
		{"bad starting key", "Scan", `{"TableName":"Books","ExclusiveStartKey":{"id":{"S":"b1"}}}`, "ValidationException",
			"The provided starting key is invalid: The provided key element does not match the schema"},
		{"missing table", "Scan", `{"TableName":"Nope"}`, "ResourceNotFoundException", "Requested resource not found"},
		{"wrong JSON type", "PutItem", `{"TableName":"Books","Item":{"id":{"S":1}}}`, "SerializationException", "NUMBER_VALUE cannot be converted to String"},
		{"not JSON", "PutItem", `{"TableName":`, "SerializationException", "Unexpected character found in the request"},
		{"legacy parameters", "Query", `{"TableName":"Books","KeyConditions":{},"KeyConditionExpression":"id = :t","ExpressionAttributeValues":{":t":{"S":"b1"}}}`, "ValidationException",
			"Can not use both expression and non-expression parameters in the same request: Non-expression parameters: {KeyConditions} Expression parameters: {KeyConditionExpression}"},
		{"batch with duplicates", "BatchWriteItem", `{"RequestItems":{"Books":[{"PutRequest":{"Item":{"id":{"S":"b3"},"n":{"N":"3"}}}},{"DeleteRequest":{"Key":{"id":{"S":"b3"},"n":{"N":"3"}}}}]}}`, "ValidationException",
			"Provided list of item keys contains duplicates"},
		{"batch get too many", "BatchGetItem", `{"RequestItems":{"Books":{"Keys":[` + strings.TrimSuffix(strings.Repeat(`{"id":{"S":"x"},"n":{"N":"1"}},`, 101), ",") + `]}}}`, "ValidationException",
			"Too many items requested for the BatchGetItem call"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			st, body := e.call(t, admin, "", tc.op, tc.body)
			if st != 400 || !strings.Contains(body, tc.code+`",`) || !strings.Contains(body, jsonQuote(tc.message)) {
				t.Errorf("%d %.600s\nwant %s: %s", st, body, tc.code, tc.message)
			}
		})
	}
	// Nothing of the refused requests was written.
	st, body := e.call(t, admin, "", "Scan", `{"TableName":"Books"}`)
	if want := `{"Count":1,"Items":[{"id":{"S":"b1"},"n":{"N":"1"},"title":{"S":"Dune"}}],"ScannedCount":1}`; st != 200 || body != want {
		t.Errorf("after the refusals: %.300s\nwant %s", body, want)
	}
}

// jsonQuote is s as it appears inside a JSON string.
func jsonQuote(s string) string { return strings.NewReplacer(`"`, `\"`).Replace(s) }
