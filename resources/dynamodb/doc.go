// Package dynamodb is the simulated Amazon DynamoDB: tables with a
// partition key and an optional sort key, items of every AttributeValue
// type up to 400 KB, reads and writes with expressions, queries and scans
// in pages, batches, and tags. Every operation is authorized through the
// iam kernel with the table's ARN and DynamoDB's condition keys
// (dynamodb:LeadingKeys, dynamodb:Attributes, dynamodb:Select,
// dynamodb:ReturnValues, aws:ResourceTag/…) and recorded in the event
// history: table operations as management events, item operations as data
// events, as CloudTrail records them.
//
// The request and response types carry DynamoDB's JSON member names, so
// the wire adapter decodes into them and encodes them as they are; every
// check, with DynamoDB's ValidationException messages, is made here, for
// the API and the console alike. An eventually consistent GetItem may
// answer from the process's item cache, at most a second behind the
// process's writes that raced it, as DynamoDB's replicas may;
// ConsistentRead reads the store. Instances that share one database
// (PostgreSQL) keep no item or table cache: every read sees every
// instance's acknowledged writes.
//
// It imports iam, iam/arn, iam/catalog (action names, ARN builders),
// iam/cache (the item cache's LRU), store,
// resources/dynamodb/attr, resources/dynamodb/expr and the standard library.
package dynamodb
