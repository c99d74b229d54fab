// Package console holds the console's pages: thin adapters between HTTP and
// the service layer, one file per resource (signin.go, users.go, roles.go,
// policies.go, switchrole.go, trail.go, dynamodb.go, ec2.go …). A handler
// parses input, calls one service method and chooses a response; no
// business rules live here, no SQL, no HTML outside views.
//
// Each handler takes the services it calls: the kernel (iam) for
// authorization questions and the event history, the subjects
// (iam/identity, iam/sessions, iam/organizations) for their operations,
// and the resource services (resources/s3: s3.go, s3_objects.go) for
// theirs.
//
// It imports echo, templ, gorilla/sessions (and securecookie), iam,
// iam/identity, iam/sessions, iam/organizations, iam/accessgraph (the
// access graph page), iam/arn, iam/policy, iam/catalog (action names, ARN
// builders and the editor's warnings), labs (the training labs' pages),
// views and the simulated services of resources/ (s3; dynamodb with its
// attr values; ec2); never store or gorm.
package console
