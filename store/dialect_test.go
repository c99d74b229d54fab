package store

import (
	"context"
	"errors"
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
