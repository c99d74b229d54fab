package dynamodb

import (
	"encoding/json"

	"iamconsole/resources/dynamodb/attr"
)

// WireItem is an item as a request carries it, before validation.
type WireItem = map[string]*attr.Wire

// KeySchemaElement is one key attribute of a table.
type KeySchemaElement struct {
	AttributeName string `json:"AttributeName"`
	KeyType       string `json:"KeyType"`
}

// AttributeDefinition declares a key attribute's type.
type AttributeDefinition struct {
	AttributeName string `json:"AttributeName"`
	AttributeType string `json:"AttributeType"`
}

// ProvisionedThroughput is a table's provisioned capacity.
type ProvisionedThroughput struct {
	ReadCapacityUnits  *int64 `json:"ReadCapacityUnits,omitempty"`
	WriteCapacityUnits *int64 `json:"WriteCapacityUnits,omitempty"`
}

// Tag is a table's tag.
type Tag struct {
	Key   string `json:"Key"`
	Value string `json:"Value"`
}

// CreateTableInput is CreateTable's request.
type CreateTableInput struct {
	TableName                 string
	KeySchema                 []KeySchemaElement
	AttributeDefinitions      []AttributeDefinition
	BillingMode               string
	ProvisionedThroughput     *ProvisionedThroughput
	Tags                      []Tag
	TableClass                string
	DeletionProtectionEnabled bool
	LocalSecondaryIndexes     json.RawMessage
	GlobalSecondaryIndexes    json.RawMessage
}

// TableDescription describes a table, as DescribeTable answers.
type TableDescription struct {
	AttributeDefinitions      []AttributeDefinition            `json:"AttributeDefinitions"`
	TableName                 string                           `json:"TableName"`
	KeySchema                 []KeySchemaElement               `json:"KeySchema"`
	TableStatus               string                           `json:"TableStatus"`
	CreationDateTime          float64                          `json:"CreationDateTime"`
	ProvisionedThroughput     ProvisionedThroughputDescription `json:"ProvisionedThroughput"`
	TableSizeBytes            int64                            `json:"TableSizeBytes"`
	ItemCount                 int64                            `json:"ItemCount"`
	TableArn                  string                           `json:"TableArn"`
	TableID                   string                           `json:"TableId"`
	BillingModeSummary        *BillingModeSummary              `json:"BillingModeSummary,omitempty"`
	TableClassSummary         *TableClassSummary               `json:"TableClassSummary,omitempty"`
	DeletionProtectionEnabled bool                             `json:"DeletionProtectionEnabled"`
}

// ProvisionedThroughputDescription is a table's capacity as described.
type ProvisionedThroughputDescription struct {
	NumberOfDecreasesToday int64 `json:"NumberOfDecreasesToday"`
	ReadCapacityUnits      int64 `json:"ReadCapacityUnits"`
	WriteCapacityUnits     int64 `json:"WriteCapacityUnits"`
}

// BillingModeSummary is a table's billing mode.
type BillingModeSummary struct {
	BillingMode                       string  `json:"BillingMode"`
	LastUpdateToPayPerRequestDateTime float64 `json:"LastUpdateToPayPerRequestDateTime,omitempty"`
}

// TableClassSummary is a table's class.
type TableClassSummary struct {
	TableClass string `json:"TableClass"`
}

// Expressions are a request's expression attribute names and values.
type Expressions struct {
	ExpressionAttributeNames  map[string]string
	ExpressionAttributeValues WireItem
}

// PutItemInput is PutItem's request.
type PutItemInput struct {
	TableName           string
	Item                WireItem
	ConditionExpression *string
	ReturnValues        string
	Expressions
	Expected               json.RawMessage
	ConditionalOperator    string
	ReturnConsumedCapacity string
}

// GetItemInput is GetItem's request.
type GetItemInput struct {
	TableName                string
	Key                      WireItem
	ProjectionExpression     *string
	ConsistentRead           bool
	ExpressionAttributeNames map[string]string
	AttributesToGet          []string
	ReturnConsumedCapacity   string
}

// UpdateItemInput is UpdateItem's request.
type UpdateItemInput struct {
	TableName           string
	Key                 WireItem
	UpdateExpression    *string
	ConditionExpression *string
	ReturnValues        string
	Expressions
	AttributeUpdates       json.RawMessage
	Expected               json.RawMessage
	ConditionalOperator    string
	ReturnConsumedCapacity string
}

// DeleteItemInput is DeleteItem's request.
type DeleteItemInput struct {
	TableName           string
	Key                 WireItem
	ConditionExpression *string
	ReturnValues        string
	Expressions
	Expected               json.RawMessage
	ConditionalOperator    string
	ReturnConsumedCapacity string
}

// QueryInput is Query's request.
type QueryInput struct {
	TableName              string
	IndexName              *string
	KeyConditionExpression *string
	FilterExpression       *string
	ProjectionExpression   *string
	Select                 string
	Limit                  *int
	ScanIndexForward       *bool
	ExclusiveStartKey      WireItem
	ConsistentRead         bool
	Expressions
	KeyConditions          json.RawMessage
	QueryFilter            json.RawMessage
	AttributesToGet        []string
	ConditionalOperator    string
	ReturnConsumedCapacity string
}

// ScanInput is Scan's request.
type ScanInput struct {
	TableName            string
	IndexName            *string
	FilterExpression     *string
	ProjectionExpression *string
	Select               string
	Limit                *int
	ExclusiveStartKey    WireItem
	Segment              *int
	TotalSegments        *int
	ConsistentRead       bool
	Expressions
	ScanFilter             json.RawMessage
	AttributesToGet        []string
	ConditionalOperator    string
	ReturnConsumedCapacity string
}

// KeysAndAttributes are the keys BatchGetItem reads from one table.
type KeysAndAttributes struct {
	Keys                     []WireItem        `json:"Keys"`
	ProjectionExpression     *string           `json:"ProjectionExpression,omitempty"`
	ExpressionAttributeNames map[string]string `json:"ExpressionAttributeNames,omitempty"`
	ConsistentRead           bool              `json:"ConsistentRead,omitempty"`
	AttributesToGet          []string          `json:"AttributesToGet,omitempty"`
}

// BatchGetItemInput is BatchGetItem's request.
type BatchGetItemInput struct {
	RequestItems           map[string]*KeysAndAttributes
	ReturnConsumedCapacity string
}

// WriteRequest is one write of BatchWriteItem.
type WriteRequest struct {
	PutRequest    *struct{ Item WireItem } `json:"PutRequest,omitempty"`
	DeleteRequest *struct{ Key WireItem }  `json:"DeleteRequest,omitempty"`
}

// BatchWriteItemInput is BatchWriteItem's request.
type BatchWriteItemInput struct {
	RequestItems                map[string][]WriteRequest
	ReturnConsumedCapacity      string
	ReturnItemCollectionMetrics string
}

// ConsumedCapacity is the capacity an operation consumed, when asked for.
type ConsumedCapacity struct {
	TableName     string  `json:"TableName"`
	CapacityUnits float64 `json:"CapacityUnits"`
}
