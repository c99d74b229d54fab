// Command iamconsole runs the console (serve, the default), bootstraps a
// database (init), resets passwords from the operator's shell
// (reset-password), and lists, validates, starts and checks training labs
// (lab, in lab.go). main.go only wires: configuration from flags and
// environment, the store, the service layer (web.Services), the server and graceful
// shutdown. A new database's first start prints the demo's sign-in details
// and an access key for the AWS CLI, with the commands that use them, ready
// to paste into a shell (and written for "go run" when started that way).
//
// serve collects garbage at GOGC=400 unless the environment sets GOGC:
// requests allocate much and keep little, and fewer collections keep the
// GC out of the tail latency.
package main
