package dynamodb

import (
	"strings"
	"testing"

	ddb "iamconsole/resources/dynamodb"
)

func TestDecodeMessages(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct{ body, want string }{
		{`{"TableName":5}`, "NUMBER_VALUE cannot be converted to String"},
		{`{"TableName":true}`, "TRUE_VALUE cannot be converted to String"},
		{`{"TableName":["a"]}`, "Unrecognized collection type class java.lang.String"},
		{`{"Item":"x"}`, "Unexpected field type"},
		{`{"Item":{"a":{"S":1}}}`, "NUMBER_VALUE cannot be converted to String"},
		{`{"Item":{"a":{"BOOL":"x"}}}`, "STRING_VALUE cannot be converted to Boolean"},
		{`{`, "Unexpected character found in the request"},
	} {
		var in ddb.PutItemInput
		err := decode([]byte(tt.body), &in)
		if err == nil || !strings.HasSuffix(err.Error(), tt.want) || !strings.HasPrefix(err.Error(), "SerializationException") {
			t.Errorf("%s: %v, want %s", tt.body, err, tt.want)
		}
	}
}

// FuzzDecode feeds bodies to every request type: a body is accepted or
// refused with SerializationException, never a panic.
func FuzzDecode(f *testing.F) {
	for _, s := range []string{`{"TableName":"t","Item":{"a":{"S":"b"}}}`, `{"RequestItems":{"t":[{"PutRequest":{"Item":{}}}]}}`, `{"Limit":"x"}`, `[]`, `{"Key":{"a":{"L":[{"M":{}}]}}}`} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, body string) {
		for _, in := range []any{&ddb.PutItemInput{}, &ddb.GetItemInput{}, &ddb.UpdateItemInput{}, &ddb.QueryInput{}, &ddb.ScanInput{},
			&ddb.BatchGetItemInput{}, &ddb.BatchWriteItemInput{}, &ddb.CreateTableInput{}} {
			if err := decode([]byte(body), in); err != nil && !strings.HasPrefix(err.Error(), "SerializationException: ") {
				t.Fatalf("%T: %v", in, err)
			}
		}
	})
}
