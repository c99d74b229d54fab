// Command iamconsole runs the console (serve, the default), bootstraps a
// database (init), resets passwords from the operator's shell
// (reset-password), and lists, validates, starts and checks training labs
// (lab, in lab.go). main.go only wires: configuration from flags and
// environment, the store, the service layer (web.Services), the server and graceful
// shutdown.
//
// serve collects garbage at GOGC=400 unless the environment sets GOGC:
// requests allocate much and keep little, and fewer collections keep the
// GC out of the tail latency.
package main
