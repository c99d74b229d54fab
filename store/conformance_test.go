package store

import (
	"context"
	"path/filepath"
	"testing"
)

// testDialect is a dialect the conformance tests run on: fresh gives the
// Open target of a new, empty database of that dialect.
type testDialect struct {
	name  string
	fresh func(t testing.TB) string
}

// testDialects are the dialects of this build.
var testDialects = []testDialect{
	{"sqlite", func(t testing.TB) string { return filepath.Join(t.TempDir(), "test.db") }},
}

// forEachDialect runs f once per dialect, in parallel subtests, each on a
// fresh store that is closed when the subtest ends. Tests of what every
// dialect must do alike go through it; tests of one dialect's specifics
// (files, pragmas, the WAL) open their store themselves.
func forEachDialect(t *testing.T, f func(t *testing.T, st *Store)) {
	t.Helper()
	for _, d := range testDialects {
		t.Run(d.name, func(t *testing.T) {
			t.Parallel()
			f(t, openTarget(t, d.fresh(t)))
		})
	}
}

// openTarget opens target, closing the store when the test ends.
func openTarget(t testing.TB, target string) *Store {
	t.Helper()
	st, err := Open(context.Background(), target)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return st
}

// forEachTarget runs f once per dialect, in parallel subtests, with the
// Open target of a fresh database, for tests that open and close stores
// themselves.
func forEachTarget(t *testing.T, f func(t *testing.T, target string)) {
	t.Helper()
	for _, d := range testDialects {
		t.Run(d.name, func(t *testing.T) {
			t.Parallel()
			f(t, d.fresh(t))
		})
	}
}
