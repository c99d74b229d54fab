package store

import (
	"bytes"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"strings"
	"testing"

	"iamconsole/migrations"
)

// TestReleasedMigrationsUnchanged checks that the migrations databases in
// the field have applied are still the ones shipped, each against its copy
// in testdata (DIALECT-NAME): goose records only their versions, so an edit
// would never reach those databases and their schemas would drift from new
// ones. A new migration ships with its copy.
func TestReleasedMigrationsUnchanged(t *testing.T) {
	t.Parallel()
	n := 0
	err := fs.WalkDir(migrations.FS, ".", func(p string, e fs.DirEntry, err error) error {
		if err != nil || e.IsDir() {
			return err
		}
		n++
		got, err := migrations.FS.ReadFile(p)
		if err != nil {
			return err
		}
		frozen := strings.ReplaceAll(p, "/", "-")
		want, err := os.ReadFile(filepath.Join("testdata", frozen))
		if err != nil {
			t.Errorf("migration %s has no frozen copy testdata/%s: %v", p, frozen, err)
			return nil
		}
		if !bytes.Equal(got, want) {
			t.Errorf("released migration %s was changed: write a new migration instead", p)
		}
		return nil
	})
	if err != nil || n == 0 {
		t.Fatalf("walk the migrations: %d files, %v", n, err)
	}
}

// TestMigrationsAlike checks that every dialect has the same migration
// versions, as the migrations package promises.
func TestMigrationsAlike(t *testing.T) {
	t.Parallel()
	versions := map[string][]string{}
	for _, d := range dialects {
		es, err := fs.ReadDir(migrations.FS, d.migrationsDir())
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range es {
			versions[d.name()] = append(versions[d.name()], path.Base(e.Name()))
		}
	}
	want := strings.Join(versions["sqlite"], ",")
	for name, vs := range versions {
		if got := strings.Join(vs, ","); got != want {
			t.Errorf("%s migrations %s, sqlite's %s", name, got, want)
		}
	}
}
