package accessgraph

import (
	"context"

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
}

// Source lists the resources of one service with their policies. A
// service that holds resources (S3's buckets, DynamoDB's tables) registers
// one with New.
type Source interface {
	Resources(ctx context.Context) ([]Resource, error)
}
