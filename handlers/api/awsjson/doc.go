// Package awsjson is the codec of AWS's JSON protocols (1.0 for DynamoDB,
// 1.1 for Organizations): the operation from X-Amz-Target, the JSON body,
// the success and error envelopes ({"__type": …, "Message": …}), and
// Service, an api.Service over an operation table.
//
// It imports the api front door and iam (for Caller); never store.
package awsjson
