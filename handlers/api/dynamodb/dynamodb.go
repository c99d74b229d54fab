package dynamodb

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"strings"

	"iamconsole/handlers/api"
	"iamconsole/handlers/api/awsjson"
	"iamconsole/iam"
	ddb "iamconsole/resources/dynamodb"
)

// TargetPrefix prefixes X-Amz-Target for DynamoDB.
const TargetPrefix = "DynamoDB_20120810."

// API adapts the DynamoDB service to the wire.
type API struct{ ddb *ddb.Service }

// New builds the DynamoDB API over the service.
func New(svc *iam.Service, d *ddb.Service) *awsjson.Service {
	a := &API{ddb: d}
	return awsjson.NewService("dynamodb", "1.0", TargetPrefix, map[string]awsjson.Operation{
		"CreateTable":        a.createTable,
		"DescribeTable":      a.describeTable,
		"ListTables":         a.listTables,
		"DeleteTable":        a.deleteTable,
		"UpdateTable":        a.updateTable,
		"PutItem":            a.putItem,
		"GetItem":            a.getItem,
		"UpdateItem":         a.updateItem,
		"DeleteItem":         a.deleteItem,
		"Query":              a.query,
		"Scan":               a.scan,
		"BatchGetItem":       a.batchGetItem,
		"BatchWriteItem":     a.batchWriteItem,
		"TagResource":        a.tagResource,
		"UntagResource":      a.untagResource,
		"ListTagsOfResource": a.listTagsOfResource,
		"DescribeTimeToLive": a.describeTimeToLive,
		"DescribeEndpoints":  a.describeEndpoints,
	}, Codes, svc.Logger())
}

// Codes are DynamoDB's error envelope: every client error is a 400, and
// each code has its namespace.
var Codes = awsjson.Codes{
	Rename: map[string]string{
		"AccessDenied":          "AccessDeniedException",
		"InvalidClientTokenId":  "UnrecognizedClientException",
		"SignatureDoesNotMatch": "InvalidSignatureException",
		"ExpiredToken":          "ExpiredTokenException",
		"Throttling":            "ThrottlingException",
		"MalformedInput":        "SerializationException",
	},
	InternalCode:    "InternalServerError",
	InternalMessage: "Internal server error",
	ClientStatus:    http.StatusBadRequest,
	Checksum:        true,
	Type:            typeOf,
}

// dynamoCodes are the codes DynamoDB itself defines; the rest are the
// service framework's.
var dynamoCodes = map[string]bool{
	"ResourceNotFoundException": true, "ResourceInUseException": true, "ConditionalCheckFailedException": true,
	"ProvisionedThroughputExceededException": true, "LimitExceededException": true, "InternalServerError": true,
	"ItemCollectionSizeLimitExceededException": true, "TransactionConflictException": true, "RequestLimitExceeded": true,
}

// typeOf qualifies a code as DynamoDB's __type.
func typeOf(code string) (string, bool) {
	switch {
	case code == "ValidationException":
		return "com.amazon.coral.validate#ValidationException", true
	case dynamoCodes[code]:
		return "com.amazonaws.dynamodb.v20120810#" + code, true
	}
	return "com.amazon.coral.service#" + code, false
}

// decode reads a request body into v with DynamoDB's SerializationException
// and its Java deserializer's wording.
func decode(body []byte, v any) error {
	err := json.Unmarshal(body, v)
	if err == nil {
		return nil
	}
	msg := "Start of structure or map found where not expected"
	var te *json.UnmarshalTypeError
	if errors.As(err, &te) {
		msg = typeMessage(te)
	} else {
		var se *json.SyntaxError
		if errors.As(err, &se) {
			msg = "Unexpected character found in the request"
		}
	}
	return &api.Error{Status: http.StatusBadRequest, Code: "SerializationException", Message: msg}
}

// typeMessage words a member of the wrong JSON type.
func typeMessage(te *json.UnmarshalTypeError) string {
	target := te.Type.String()
	javaType := "String"
	switch {
	case strings.Contains(target, "bool"):
		javaType = "Boolean"
	case strings.Contains(target, "int"):
		javaType = "Integer"
	case strings.HasPrefix(target, "[]") || strings.HasPrefix(target, "map") || strings.Contains(target, "struct") || strings.Contains(target, "attr.Wire") || strings.Contains(target, "dynamodb."):
		if te.Value == "array" {
			return "Unrecognized collection type class java.lang.String"
		}
		return "Unexpected field type"
	}
	switch te.Value {
	case "number":
		return "NUMBER_VALUE cannot be converted to " + javaType
	case "bool":
		return "TRUE_VALUE cannot be converted to " + javaType
	case "string":
		return "STRING_VALUE cannot be converted to " + javaType
	case "array":
		return "Unrecognized collection type class java.lang." + javaType
	}
	return "Start of structure or map found where not expected"
}

func (a *API) createTable(ctx context.Context, c *iam.Caller, body []byte) (any, error) {
	var in ddb.CreateTableInput
	if err := decode(body, &in); err != nil {
		return nil, err
	}
	d, err := a.ddb.CreateTable(ctx, c, in)
	if err != nil {
		return nil, err
	}
	return map[string]any{"TableDescription": d}, nil
}

func (a *API) describeTable(ctx context.Context, c *iam.Caller, body []byte) (any, error) {
	var in struct{ TableName *string }
	if err := decode(body, &in); err != nil {
		return nil, err
	}
	if in.TableName == nil {
		return nil, missing("TableName")
	}
	d, err := a.ddb.DescribeTable(ctx, c, *in.TableName)
	if err != nil {
		return nil, err
	}
	return map[string]any{"Table": d}, nil
}

// missing is DynamoDB's error for a required member not sent.
func missing(name string) error {
	return &iam.Error{Kind: iam.KindInvalid, Code: "ValidationException", Message: "The parameter '" + name + "' is required but was not present in the request"}
}

func (a *API) listTables(ctx context.Context, c *iam.Caller, body []byte) (any, error) {
	var in struct {
		ExclusiveStartTableName string
		Limit                   *int
	}
	if err := decode(body, &in); err != nil {
		return nil, err
	}
	return a.ddb.ListTables(ctx, c, in.ExclusiveStartTableName, in.Limit)
}

func (a *API) deleteTable(ctx context.Context, c *iam.Caller, body []byte) (any, error) {
	var in struct{ TableName *string }
	if err := decode(body, &in); err != nil {
		return nil, err
	}
	if in.TableName == nil {
		return nil, missing("TableName")
	}
	d, err := a.ddb.DeleteTable(ctx, c, *in.TableName)
	if err != nil {
		return nil, err
	}
	return map[string]any{"TableDescription": d}, nil
}

func (a *API) updateTable(ctx context.Context, c *iam.Caller, body []byte) (any, error) {
	var in ddb.UpdateTableInput
	if err := decode(body, &in); err != nil {
		return nil, err
	}
	d, err := a.ddb.UpdateTable(ctx, c, in)
	if err != nil {
		return nil, err
	}
	return map[string]any{"TableDescription": d}, nil
}

// members reads which top-level members a body has.
func members(body []byte) map[string]json.RawMessage {
	var m map[string]json.RawMessage
	_ = json.Unmarshal(body, &m)
	return m
}

func (a *API) putItem(ctx context.Context, c *iam.Caller, body []byte) (any, error) {
	var in ddb.PutItemInput
	if err := decode(body, &in); err != nil {
		return nil, err
	}
	if in.TableName == "" || in.Item == nil {
		if err := required(body, "TableName", "Item"); err != nil {
			return nil, err
		}
	}
	return a.ddb.PutItem(ctx, c, in)
}

// required reports the first required member a body lacks.
func required(body []byte, names ...string) error {
	m := members(body)
	for _, n := range names {
		if v, ok := m[n]; !ok || string(v) == "null" {
			return missing(n)
		}
	}
	return nil
}

func (a *API) getItem(ctx context.Context, c *iam.Caller, body []byte) (any, error) {
	var in ddb.GetItemInput
	if err := decode(body, &in); err != nil {
		return nil, err
	}
	if in.TableName == "" || in.Key == nil {
		if err := required(body, "TableName", "Key"); err != nil {
			return nil, err
		}
	}
	out, err := a.ddb.GetItem(ctx, c, in)
	if err != nil {
		return nil, err
	}
	if out.ConsumedCapacity != nil {
		return out, nil
	}
	if out.Item == nil {
		return awsjson.Raw("{}"), nil
	}
	b := make([]byte, 0, len(out.Item)+10)
	b = append(b, `{"Item":`...)
	b = append(b, out.Item...)
	return awsjson.Raw(append(b, '}')), nil
}

func (a *API) updateItem(ctx context.Context, c *iam.Caller, body []byte) (any, error) {
	var in ddb.UpdateItemInput
	if err := decode(body, &in); err != nil {
		return nil, err
	}
	if in.TableName == "" || in.Key == nil {
		if err := required(body, "TableName", "Key"); err != nil {
			return nil, err
		}
	}
	return a.ddb.UpdateItem(ctx, c, in)
}

func (a *API) deleteItem(ctx context.Context, c *iam.Caller, body []byte) (any, error) {
	var in ddb.DeleteItemInput
	if err := decode(body, &in); err != nil {
		return nil, err
	}
	if in.TableName == "" || in.Key == nil {
		if err := required(body, "TableName", "Key"); err != nil {
			return nil, err
		}
	}
	return a.ddb.DeleteItem(ctx, c, in)
}

func (a *API) query(ctx context.Context, c *iam.Caller, body []byte) (any, error) {
	var in ddb.QueryInput
	if err := decode(body, &in); err != nil {
		return nil, err
	}
	if in.TableName == "" {
		if err := required(body, "TableName"); err != nil {
			return nil, err
		}
	}
	out, err := a.ddb.Query(ctx, c, in)
	if err != nil {
		return nil, err
	}
	return awsjson.Raw(out.AppendJSON(nil)), nil
}

func (a *API) scan(ctx context.Context, c *iam.Caller, body []byte) (any, error) {
	var in ddb.ScanInput
	if err := decode(body, &in); err != nil {
		return nil, err
	}
	if in.TableName == "" {
		if err := required(body, "TableName"); err != nil {
			return nil, err
		}
	}
	out, err := a.ddb.Scan(ctx, c, in)
	if err != nil {
		return nil, err
	}
	return awsjson.Raw(out.AppendJSON(nil)), nil
}

func (a *API) batchGetItem(ctx context.Context, c *iam.Caller, body []byte) (any, error) {
	var in ddb.BatchGetItemInput
	if err := decode(body, &in); err != nil {
		return nil, err
	}
	out, err := a.ddb.BatchGetItem(ctx, c, in)
	if err != nil {
		return nil, err
	}
	return awsjson.Raw(out.AppendJSON(nil)), nil
}

func (a *API) batchWriteItem(ctx context.Context, c *iam.Caller, body []byte) (any, error) {
	var in ddb.BatchWriteItemInput
	if err := decode(body, &in); err != nil {
		return nil, err
	}
	return a.ddb.BatchWriteItem(ctx, c, in)
}

func (a *API) tagResource(ctx context.Context, c *iam.Caller, body []byte) (any, error) {
	var in struct {
		ResourceArn string
		Tags        []ddb.Tag
	}
	if err := decode(body, &in); err != nil {
		return nil, err
	}
	if err := required(body, "ResourceArn", "Tags"); err != nil {
		return nil, err
	}
	return awsjson.Raw("{}"), a.ddb.TagResource(ctx, c, in.ResourceArn, in.Tags)
}

func (a *API) untagResource(ctx context.Context, c *iam.Caller, body []byte) (any, error) {
	var in struct {
		ResourceArn string
		TagKeys     []string
	}
	if err := decode(body, &in); err != nil {
		return nil, err
	}
	if err := required(body, "ResourceArn", "TagKeys"); err != nil {
		return nil, err
	}
	return awsjson.Raw("{}"), a.ddb.UntagResource(ctx, c, in.ResourceArn, in.TagKeys)
}

func (a *API) listTagsOfResource(ctx context.Context, c *iam.Caller, body []byte) (any, error) {
	var in struct{ ResourceArn string }
	if err := decode(body, &in); err != nil {
		return nil, err
	}
	if err := required(body, "ResourceArn"); err != nil {
		return nil, err
	}
	tags, err := a.ddb.ListTagsOfResource(ctx, c, in.ResourceArn)
	if err != nil {
		return nil, err
	}
	return map[string]any{"Tags": tags}, nil
}

// describeTimeToLive answers that time to live is off, after checking the
// table as DescribeTable does.
func (a *API) describeTimeToLive(ctx context.Context, c *iam.Caller, body []byte) (any, error) {
	var in struct{ TableName *string }
	if err := decode(body, &in); err != nil {
		return nil, err
	}
	if in.TableName == nil {
		return nil, missing("TableName")
	}
	if _, err := a.ddb.DescribeTable(ctx, c, *in.TableName); err != nil {
		return nil, err
	}
	return map[string]any{"TimeToLiveDescription": map[string]string{"TimeToLiveStatus": "DISABLED"}}, nil
}

// describeEndpoints names this server as the one endpoint, for clients
// that discover endpoints.
func (a *API) describeEndpoints(ctx context.Context, c *iam.Caller, _ []byte) (any, error) {
	return map[string]any{"Endpoints": []map[string]any{{"Address": "dynamodb." + ddb.DefaultRegion + ".amazonaws.com", "CachePeriodInMinutes": 1440}}}, nil
}
