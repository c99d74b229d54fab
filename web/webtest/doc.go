// Package webtest starts a real console server on a temporary SQLite file
// with the demo organization, for tests of handlers, journeys and API
// clients. It is imported only by tests.
//
// It imports iam, iam/organizations and resources/demo (the demo), store
// and web.
package webtest
