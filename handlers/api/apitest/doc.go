// Package apitest runs a real console server with access keys for the demo
// users, for the tests of the API front door and its services: signed
// calls, golden files, and the real AWS CLI, boto3 and SDK clients. It is
// imported only by tests.
//
// It imports iam, iam/organizations (the demo), iam/sigv4, store and
// web/webtest.
package apitest
