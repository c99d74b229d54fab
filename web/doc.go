// Package web is the HTTP front: the echo server, its middleware (request
// logging, security headers, body limits, CSRF, console sessions), the one
// route table (routes.go) and the error handler. Signed AWS API requests are
// dispatched before the console's routes.
//
// Only web and handlers import echo.
package web
