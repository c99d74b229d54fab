package accessgraph

import (
	"context"

	"iamconsole/iam"
	"iamconsole/iam/policy"
)

// Resource is a resource that a Source contributes to the graph (a bucket,
// a table), with its resource-based policy, which the engine weighs when
// asked who can act on it.
type Resource struct {
	ARN     string
	Account string // the owner
	Type    string // CloudFormation's name, e.g. AWS::S3::Bucket
	Name    string
	Policy  *policy.Policy // nil when the resource has none
	// Check, when set, is the service's own authorization question for c
	// performing action on resource (this one, or what it holds: an object
	// of a bucket), so that who can act on it is answered as the service
	// answers; nil asks with Policy and Account alone.
	Check func(c *iam.Caller, action, resource string) (iam.Check, error)
}

// Source lists the resources of one service with their policies. A
// service that holds resources (S3's buckets, DynamoDB's tables) registers
// one with New; the graph asks it afresh whenever it is looked at, since
// resources change without IAM's change log hearing of it.
type Source interface {
	Resources(ctx context.Context) ([]Resource, error)
}
