// Package storetest gives tests fresh, empty databases of each dialect the
// store speaks: an SQLite file in the test's temporary directory, or a new
// schema in the PostgreSQL server that IAMCONSOLE_TEST_POSTGRES names
// (postgres://user:password@host:port/database), dropped when the test
// ends. Without that variable PostgreSQL tests skip, saying so; under
// CI=true they fail instead.
//
// Suites that run once per dialect range over Dialects; service suites
// that open one store take Fresh, whose dialect IAMCONSOLE_TEST_DIALECT
// chooses (sqlite by default, or postgres).
//
// It imports pgx (to create and drop schemas) and the standard library,
// never store: store's own tests use it too.
package storetest
