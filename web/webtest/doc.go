// Package webtest starts a real console server on a temporary database
// (an SQLite file, or a PostgreSQL schema under
// IAMCONSOLE_TEST_DIALECT=postgres; see store/storetest) with the demo
// organization, and more instances of it on the same database, for tests
// of handlers, journeys and API clients. It is imported only by tests.
//
// It imports iam, iam/organizations and resources/demo (the demo), store,
// store/storetest and web.
package webtest
