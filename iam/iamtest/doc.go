// Package iamtest holds the fixtures that the tests of the kernel and of
// its subjects share: the kernel and every subject over a fresh database
// holding the demo organization (an SQLite file, or a PostgreSQL schema
// under IAMCONSOLE_TEST_DIALECT=postgres; see store/storetest), a second
// instance on the same database, the demo's callers, access keys, roles
// made for a test, console sign-ins, and checks of AWS error codes. Only
// tests import it.
//
// It imports iam (the kernel), its subjects, store, store/storetest and
// the standard library.
package iamtest
