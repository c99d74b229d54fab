package store

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestOpenPicksDialect checks that Open takes a path for an SQLite file and
// refuses the database URLs this build cannot open, telling which database
// without repeating the URL (it may hold a password), and touching nothing.
func TestOpenPicksDialect(t *testing.T) {
	dir := t.TempDir()
	t.Chdir(dir)
	tests := []struct {
		target string
		want   string // the error's text; "" to open
	}{
		{"postgres://iam:s3cret@db.example.com:5432/iam?sslmode=disable", "store: PostgreSQL is not supported by this build"},
		{"postgresql://iam:s3cret@db.example.com/iam", "store: PostgreSQL is not supported by this build"},
		{"POSTGRES://iam:s3cret@db.example.com/iam", "store: PostgreSQL is not supported by this build"},
		{"mysql://iam:s3cret@db.example.com/iam", `store: database URL scheme "mysql" is not supported by this build`},
		{"plain.db", ""},
		{filepath.Join(dir, "absolute.db"), ""},
		{"odd name://not a scheme.db", "data directory"},
	}
	for _, tc := range tests {
		st, err := Open(context.Background(), tc.target)
		switch {
		case tc.want == "" && err != nil:
			t.Errorf("%s: %v", tc.target, err)
		case tc.want == "":
			if _, err := os.Stat(st.Path()); err != nil {
				t.Errorf("%s: no database file: %v", tc.target, err)
			}
			st.Close()
		case err == nil:
			st.Close()
			t.Errorf("%s: opened, want %q", tc.target, tc.want)
		case !strings.Contains(err.Error(), tc.want) || strings.Contains(err.Error(), "s3cret"):
			t.Errorf("%s: %v, want %q", tc.target, err, tc.want)
		case strings.Contains(tc.target, "://") && tc.want != "data directory" && !errors.Is(err, ErrUnsupported):
			t.Errorf("%s: %v is not ErrUnsupported", tc.target, err)
		}
	}
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		if name := e.Name(); !strings.HasPrefix(name, "plain.db") && !strings.HasPrefix(name, "absolute.db") {
			t.Errorf("%s was created", name)
		}
	}
}

// FuzzDialectFor checks that any Open target is either an SQLite path or
// refused with ErrUnsupported in one of two fixed messages, which tell at
// most the URL's scheme.
func FuzzDialectFor(f *testing.F) {
	for _, s := range []string{"console.db", "/var/lib/iamconsole/console.db", "postgres://u:p@h/db", "PostgreSQL://h",
		"mysql://u:p@h/db", "://x", "a b://c", "c:\\data\\console.db", "file:console.db?mode=ro", "s3+x.y-z://k"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, target string) {
		d, err := dialectFor(target)
		scheme, _, isURL := strings.Cut(target, "://")
		switch {
		case err == nil:
			if d == nil || d.name() != "sqlite" {
				t.Fatalf("%q: dialect %v", target, d)
			}
			if isURL && isScheme(scheme) {
				t.Fatalf("%q: a URL was taken for a path", target)
			}
		case !errors.Is(err, ErrUnsupported) || !isURL || !isScheme(scheme):
			t.Fatalf("%q: %v", target, err)
		case strings.EqualFold(scheme, "postgres") || strings.EqualFold(scheme, "postgresql"):
			if err.Error() != "store: PostgreSQL is not supported by this build" {
				t.Fatalf("%q: %v", target, err)
			}
		case err.Error() != fmt.Sprintf("store: database URL scheme %q is not supported by this build", scheme):
			t.Fatalf("%q: %v", target, err)
		}
	})
}
