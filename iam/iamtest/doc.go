// Package iamtest holds the fixtures that the tests of the kernel and of
// its subjects share: the kernel and every subject over a fresh SQLite file
// holding the demo organization, the demo's callers, access keys, roles
// made for a test, console sign-ins, and checks of AWS error codes. Only
// tests import it.
//
// It imports iam (the kernel), its subjects, store and the standard
// library.
package iamtest
