// Package query is the codec of AWS's Query protocol (STS, IAM, later EC2's
// variant): parameters from the URL query and a form body, one Reader that
// collects MissingParameter and ValidationError as AWS reports them, the
// XML success and error envelopes, and Service, an api.Service over an
// action table.
//
// It imports the api front door and iam (for Caller and Tag); never store.
package query
