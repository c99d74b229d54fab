package web

import (
	"context"

	"iamconsole/iam"
	"iamconsole/iam/accessgraph"
	"iamconsole/iam/identity"
	"iamconsole/iam/organizations"
	"iamconsole/iam/sessions"
	"iamconsole/iam/sts"
	"iamconsole/labs"
	"iamconsole/resources/authzmsg"
	"iamconsole/resources/dynamodb"
	"iamconsole/resources/ec2"
	s3 "iamconsole/resources/s3"
)

// Services are the service layer the server runs over: the kernel and the
// subjects built on it, each wired once here.
type Services struct {
	// IAM is the kernel: authorization, audited operations, events, caches.
	IAM *iam.Service
	// Identity manages users, groups, roles, policies and credentials.
	Identity *identity.Service
	// Sessions signs people in to the console and switches their roles.
	Sessions *sessions.Service
	// STS issues and authenticates credentials.
	STS *sts.Service
	// Orgs runs the organization: accounts, aliases, the demo.
	Orgs *organizations.Service
	// Labs runs training labs: sandboxes, their checks, classes.
	Labs *labs.Service
	// DynamoDB is simulated Amazon DynamoDB: tables and items.
	DynamoDB *dynamodb.Service
	// EC2 is simulated Amazon EC2: instances, images, tags.
	EC2 *ec2.Service
	// Messages seals EC2's authorization failure messages with the
	// kernel's sealer, for STS DecodeAuthorizationMessage to open.
	Messages *authzmsg.Codec
	// S3 is simulated Amazon S3; its garbage collector runs only when the
	// server starts it (S3.RunCollector).
	S3 *s3.Service
	// Graph answers who can assume what across the organization.
	Graph *accessgraph.Service
}

// NewServices builds every subject over the kernel k. Close k (not the
// subjects, which hold no background work) to flush the event history.
func NewServices(k *iam.Service) *Services {
	id := identity.New(k)
	se := sessions.New(k, id)
	msgs := authzmsg.Over(k.Sealer())
	buckets, tables := s3.New(k, s3.Options{}), dynamodb.New(k)
	return &Services{IAM: k, Identity: id, Sessions: se, STS: sts.New(k, id), Orgs: organizations.New(k, id),
		S3: buckets, DynamoDB: tables, EC2: ec2.New(k, msgs), Messages: msgs,
		Graph: accessgraph.New(k, s3Source{buckets}, ddbSource{tables}), Labs: labs.New(k, id, se, nil)}
}

// s3Source lends the access graph S3's buckets, each with S3's own
// authorization question.
type s3Source struct{ s3 *s3.Service }

// Resources implements accessgraph.Source.
func (x s3Source) Resources(ctx context.Context) ([]accessgraph.Resource, error) {
	bs, err := x.s3.GraphBuckets(ctx)
	if err != nil {
		return nil, err
	}
	out := make([]accessgraph.Resource, 0, len(bs))
	for _, b := range bs {
		name := b.Name
		out = append(out, accessgraph.Resource{ARN: b.ARN, Account: b.Owner, Type: "AWS::S3::Bucket", Name: name,
			Check: func(c *iam.Caller, action, resource string) (iam.Check, error) {
				return x.s3.GraphCheck(context.Background(), c, name, action, resource)
			}})
	}
	return out, nil
}

// ddbSource lends the access graph DynamoDB's tables. They have no
// resource-based policy, so the kernel's question with the owner account
// alone is DynamoDB's.
type ddbSource struct{ ddb *dynamodb.Service }

// Resources implements accessgraph.Source.
func (x ddbSource) Resources(ctx context.Context) ([]accessgraph.Resource, error) {
	ts, err := x.ddb.GraphTables(ctx)
	if err != nil {
		return nil, err
	}
	out := make([]accessgraph.Resource, 0, len(ts))
	for _, t := range ts {
		out = append(out, accessgraph.Resource{ARN: t.ARN, Account: t.Owner, Type: dynamodb.ResourceType, Name: t.Name})
	}
	return out, nil
}
