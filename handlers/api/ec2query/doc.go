// Package ec2query is the codec of EC2's variant of the Query protocol:
// flattened lists without "member" (InstanceId.1, Filter.1.Name,
// Filter.1.Value.1, TagSpecification.1.Tag.1.Key), responses whose members
// sit directly under <ActionResponse> beside <requestId>, lists as <item>
// elements, and errors as <Response><Errors><Error>…</Errors><RequestID>.
// Service is an api.Service over an action table.
//
// It imports the api front door, its query codec (for parameter parsing)
// and iam; never store.
package ec2query
