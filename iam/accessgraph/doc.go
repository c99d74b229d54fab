// Package accessgraph answers who can assume what across the organization:
// a graph whose nodes are the accounts, IAM users and roles (and the AWS
// service and federated principals that role trust policies name, and the
// resources a registered Source contributes), and whose "can assume" edges
// exist exactly where the kernel's engine allows the request: the caller's
// identity policies and permissions boundary and the role's trust policy,
// each weighed as STS AssumeRole weighs them (DecideAssumeWith, the assume
// core of the kernel). Trust in an account's root expands to exactly the
// principals of that account whose own policies allow; trust in a service
// principal is an edge from the service.
//
// An edge carries what the request needs besides the caller's credentials
// (MFA, an external ID, a source identity, a session name, session tags, a
// source address), found by asking the engine, and whether it is a chain
// hop (a role session assuming a role: capped at one hour). Queries answer
// who can reach a role and what a principal can reach, with paths, and who
// can perform an action on a resource, directly or through a chain. The
// graph exports as JSON and Graphviz DOT.
//
// The graph is built once in bulk and then kept up to date from the
// kernel's change log (ChangesSince): a change to a user, group, role,
// policy or trust recomputes only the edges it can touch; a change the log
// does not describe rebuilds.
//
// It imports iam (the kernel), iam/policy, iam/arn, iam/catalog (action
// names), iam/managed, store and the standard library; never echo, gorm or views.
package accessgraph
