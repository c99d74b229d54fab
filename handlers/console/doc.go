// Package console holds the console's pages: thin adapters between HTTP and
// the service layer, one file per resource (signin.go, users.go, roles.go,
// policies.go, switchrole.go, trail.go, dynamodb.go, ec2.go …). A handler
// parses input, calls one service method and chooses a response; no
// business rules live here, no SQL, no HTML outside views.
//
// It imports echo, templ, gorilla/sessions (and securecookie), iam,
// iam/policy, views and the simulated services of resources/ (dynamodb,
// ec2); never store or gorm.
package console
