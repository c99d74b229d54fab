// Package console holds the console's pages: thin adapters between HTTP and
// the service layer, one file per resource (signin.go, users.go, roles.go,
// policies.go, switchrole.go, trail.go …). A handler parses input, calls
// one service method and chooses a response; no business rules live here,
// no SQL, no HTML outside views.
//
// Each handler takes the services it calls: the kernel (iam) for
// authorization questions and the event history, and the subjects
// (iam/identity, iam/sessions, iam/organizations) for their operations.
//
// It imports echo, templ, gorilla/sessions (and securecookie), iam,
// iam/identity, iam/sessions, iam/organizations, iam/policy, iam/catalog
// (the editor's warnings), labs (the training labs' pages) and views;
// never store or gorm.
package console
