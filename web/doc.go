// Package web is the HTTP front: the echo server, its middleware (request
// ID, request logging, panic recovery, body limits, security headers, CSRF,
// console sessions), the one route table of console pages (routes.go), the
// error handler, and the wiring of the AWS API front door with its one
// registry of services (see frontDoor), and the wiring of the service layer:
// the kernel and its subjects, built once (Services). Every request passes
// the request ID, log, recovery and body-limit middleware once, before
// routing; a SigV4-signed request, on any path, is then answered by the
// front door.
//
// Only web and handlers import echo. It imports handlers/api (and its
// service packages), handlers/console, iam and its subjects (iam/identity,
// iam/sts, iam/sessions, iam/organizations, iam/accessgraph), labs, the
// simulated services of resources/ (s3; authzmsg, dynamodb, ec2), static
// and views.
package web
