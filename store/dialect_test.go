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

// TestOpenPicksDialect checks that Open takes a path for an SQLite file, a
// postgres:// URL for PostgreSQL, and refuses the database URLs this build
// cannot open; its errors tell which database without repeating the URL's
// password, and nothing is created.
func TestOpenPicksDialect(t *testing.T) {
	dir := t.TempDir()
	t.Chdir(dir)
	tests := []struct {
		target string
		want   string // the error's text; "" to open
	}{
		// Port 1 of the loopback address: nothing listens there.
		{"postgres://iam:s3cret@127.0.0.1:1/iam?sslmode=disable&connect_timeout=5", "store: connect to PostgreSQL (host 127.0.0.1 port 1 database iam user iam)"},
		{"postgresql://iam:s3cret@127.0.0.1:1/iam?connect_timeout=5", "store: connect to PostgreSQL (host 127.0.0.1 port 1 database iam user iam)"},
		{"POSTGRES://iam:s3cret@127.0.0.1:1/iam?connect_timeout=5", "store: connect to PostgreSQL (host 127.0.0.1 port 1 database iam user iam)"},
		{"postgres://iam:s3cret@127.0.0.1:1/iam?sslmode=sometimes", "store: the PostgreSQL URL is not valid"},
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
		case strings.HasPrefix(tc.target, "mysql:") && !errors.Is(err, ErrUnsupported):
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

// FuzzDialectFor checks that any Open target is an SQLite path, a
// PostgreSQL URL, or refused with ErrUnsupported in a fixed message that
// tells at most the URL's scheme.
func FuzzDialectFor(f *testing.F) {
	for _, s := range []string{"console.db", "/var/lib/iamconsole/console.db", "postgres://u:p@h/db", "PostgreSQL://h",
		"mysql://u:p@h/db", "://x", "a b://c", "c:\\data\\console.db", "file:console.db?mode=ro", "s3+x.y-z://k"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, target string) {
		d, err := dialectFor(target)
		scheme, _, isURL := strings.Cut(target, "://")
		switch {
		case err == nil && isURL && isScheme(scheme):
			pg := strings.EqualFold(scheme, "postgres") || strings.EqualFold(scheme, "postgresql")
			if d == nil || d.name() != "postgres" || !pg {
				t.Fatalf("%q: dialect %v", target, d)
			}
		case err == nil:
			if d == nil || d.name() != "sqlite" {
				t.Fatalf("%q: dialect %v", target, d)
			}
		case !errors.Is(err, ErrUnsupported) || !isURL || !isScheme(scheme):
			t.Fatalf("%q: %v", target, err)
		case err.Error() != fmt.Sprintf("store: database URL scheme %q is not supported by this build", scheme):
			t.Fatalf("%q: %v", target, err)
		}
	})
}
