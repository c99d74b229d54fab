// Package dynamodb answers Amazon DynamoDB's API (JSON 1.0, X-Amz-Target
// DynamoDB_20120810.*, signing name dynamodb) over resources/dynamodb: it
// decodes each request into the service's input, with DynamoDB's
// SerializationException for a body of the wrong shape, and encodes the
// answer, items passed through as stored. Errors carry DynamoDB's
// envelope: status 400 for every client error, __type qualified by the
// namespace of the code (com.amazonaws.dynamodb.v20120810#…,
// com.amazon.coral.validate#ValidationException,
// com.amazon.coral.service#AccessDeniedException) and the X-Amz-Crc32
// checksum clients verify.
//
// It imports the api front door, its awsjson codec, iam and
// resources/dynamodb; never store.
package dynamodb
