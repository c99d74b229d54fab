// Command iamconsole runs the console (serve, the default), bootstraps a
// database (init), and resets passwords from the operator's shell
// (reset-password). main.go only wires: configuration from flags and
// environment, the store, the service, the server and graceful shutdown.
package main
