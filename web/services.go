package web

import (
	"iamconsole/iam"
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
}

// NewServices builds every subject over the kernel k. Close k (not the
// subjects, which hold no background work) to flush the event history.
func NewServices(k *iam.Service) *Services {
	id := identity.New(k)
	se := sessions.New(k, id)
	msgs := authzmsg.Over(k.Sealer())
	return &Services{IAM: k, Identity: id, Sessions: se, STS: sts.New(k, id), Orgs: organizations.New(k, id),
		S3: s3.New(k, s3.Options{}), DynamoDB: dynamodb.New(k), EC2: ec2.New(k, msgs), Messages: msgs,
		Labs: labs.New(k, id, se, nil)}
}
