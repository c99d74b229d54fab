// Command iamconsole runs the console (serve, the default), bootstraps a
// database (init), resets passwords from the operator's shell
// (reset-password), lists, validates, starts and checks training labs
// (lab, in lab.go), migrates the schema apart from serving (migrate), and
// moves a whole store between databases (export, import). main.go only
// wires: configuration from flags and environment, the key and its check
// against the database (key.go), the store, the service layer
// (web.Services), the server, readiness and a graceful shutdown that
// drains the requests in flight. A new database's first start prints the
// demo's sign-in details and an access key for the AWS CLI, with the
// commands that use them, ready to paste into a shell (and written for
// "go run" when started that way).
//
// The database is an SQLite file or a PostgreSQL URL; several instances
// may serve one PostgreSQL database with one key (docs/deploy.md).
//
// serve collects garbage at GOGC=400 unless the environment sets GOGC:
// requests allocate much and keep little, and fewer collections keep the
// GC out of the tail latency.
package main
