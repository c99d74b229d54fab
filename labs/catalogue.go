package labs

import (
	"embed"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"time"
)

//go:embed builtin/*.yaml
var builtinFS embed.FS

// Schema is the JSON Schema of the lab file format (schema/lab.schema.json),
// for editors and for authors' tools.
//
//go:embed schema/lab.schema.json
var Schema []byte

var (
	builtinOnce sync.Once
	builtinLabs []*Lab
	builtinErr  error
)

// Builtin returns the labs embedded in the binary, in catalogue order.
func Builtin() ([]*Lab, error) {
	builtinOnce.Do(func() {
		names, err := fs.Glob(builtinFS, "builtin/*.yaml")
		if err != nil {
			builtinErr = err
			return
		}
		var all Problems
		for _, name := range names {
			src, err := builtinFS.ReadFile(name)
			if err != nil {
				builtinErr = err
				return
			}
			l, ps := Parse(path.Base(name), src)
			if len(ps) > 0 {
				all = append(all, ps...)
				continue
			}
			l.Builtin = true
			builtinLabs = append(builtinLabs, l)
		}
		if len(all) > 0 {
			builtinErr = all
		}
		sortLabs(builtinLabs)
	})
	return builtinLabs, builtinErr
}

// sortLabs orders labs as the catalogue shows them: by difficulty, then title.
func sortLabs(ls []*Lab) {
	rank := func(d string) int { return slices.Index(Difficulties, d) }
	slices.SortStableFunc(ls, func(a, b *Lab) int {
		if r := rank(a.Difficulty) - rank(b.Difficulty); r != 0 {
			return r
		}
		return strings.Compare(a.Title, b.Title)
	})
}

// AuthorFile is a lab file of the authors' directory as last read: its lab,
// or its problems.
type AuthorFile struct {
	Path     string
	Lab      *Lab
	Problems Problems
	modTime  time.Time
	size     int64
}

// Catalogue is every lab a server offers: the built-in ones and, when a
// directory is given, the authors' files in it, read again whenever they
// change (see Refresh).
type Catalogue struct {
	builtin []*Lab
	dir     string

	mu    sync.RWMutex
	files map[string]*AuthorFile // path → its last reading
	byID  map[string]*Lab
}

// NewCatalogue builds the catalogue of the built-in labs and, with dir
// set, the lab files (*.yaml, *.yml) of dir.
func NewCatalogue(dir string) (*Catalogue, error) {
	b, err := Builtin()
	if err != nil {
		return nil, fmt.Errorf("labs: the built-in labs: %w", err)
	}
	c := &Catalogue{builtin: b, dir: dir, files: map[string]*AuthorFile{}}
	if dir != "" {
		if st, err := os.Stat(dir); err != nil {
			return nil, fmt.Errorf("labs: --labs %s: %w", dir, err)
		} else if !st.IsDir() {
			return nil, fmt.Errorf("labs: --labs %s is not a directory", dir)
		}
	}
	c.Refresh()
	return c, nil
}

// Dir is the authors' directory, "" without one.
func (c *Catalogue) Dir() string { return c.dir }

// Refresh reads again the authors' files that changed since last read,
// forgets those removed, and reads new ones.
func (c *Catalogue) Refresh() {
	if c.dir == "" {
		c.mu.Lock()
		if c.byID == nil {
			c.index()
		}
		c.mu.Unlock()
		return
	}
	var paths []string
	for _, pat := range []string{"*.yaml", "*.yml"} {
		m, _ := filepath.Glob(filepath.Join(c.dir, pat))
		paths = append(paths, m...)
	}
	slices.Sort(paths)
	c.mu.Lock()
	defer c.mu.Unlock()
	changed := c.byID == nil
	seen := map[string]bool{}
	for _, p := range paths {
		seen[p] = true
		st, err := os.Stat(p)
		if err != nil {
			continue
		}
		if f, ok := c.files[p]; ok && f.modTime.Equal(st.ModTime()) && f.size == st.Size() {
			continue
		}
		c.files[p] = readAuthorFile(p, st)
		changed = true
	}
	for p := range c.files {
		if !seen[p] {
			delete(c.files, p)
			changed = true
		}
	}
	if changed {
		c.index()
	}
}

// readAuthorFile reads and parses one author's file, at most MaxFileBytes
// of it.
func readAuthorFile(p string, st os.FileInfo) *AuthorFile {
	f := &AuthorFile{Path: p, modTime: st.ModTime(), size: st.Size()}
	name := filepath.Base(p)
	if st.Size() > MaxFileBytes {
		f.Problems = Problems{{File: name, Line: 1, Column: 1, Message: fmt.Sprintf("the file is %d bytes; a lab file may have at most %d bytes (1 MiB)", st.Size(), MaxFileBytes)}}
		return f
	}
	r, err := os.Open(p)
	if err != nil {
		f.Problems = Problems{{File: name, Line: 1, Column: 1, Message: err.Error()}}
		return f
	}
	defer r.Close()
	src, err := io.ReadAll(io.LimitReader(r, MaxFileBytes+1))
	if err != nil {
		f.Problems = Problems{{File: name, Line: 1, Column: 1, Message: err.Error()}}
		return f
	}
	f.Lab, f.Problems = Parse(name, src)
	return f
}

// index rebuilds the labs by ID; an author's lab may not take a built-in
// lab's ID nor another file's.
func (c *Catalogue) index() {
	c.byID = map[string]*Lab{}
	for _, l := range c.builtin {
		c.byID[l.ID] = l
	}
	paths := make([]string, 0, len(c.files))
	for p := range c.files {
		paths = append(paths, p)
	}
	slices.Sort(paths)
	for _, p := range paths {
		f := c.files[p]
		if f.Lab == nil {
			continue
		}
		if prev, ok := c.byID[f.Lab.ID]; ok {
			where := "a built-in lab"
			if !prev.Builtin {
				where = prev.File
			}
			pos := f.Lab.Pos("id")
			f.Problems = Problems{{File: filepath.Base(p), Line: pos.Line, Column: pos.Column, Path: "id", Message: fmt.Sprintf("the lab ID %q is taken by %s", f.Lab.ID, where)}}
			f.Lab = nil
			continue
		}
		c.byID[f.Lab.ID] = f.Lab
	}
}

// Labs lists the labs on offer: built-in ones, then the authors' valid
// ones, each in catalogue order.
func (c *Catalogue) Labs() []*Lab {
	c.mu.RLock()
	defer c.mu.RUnlock()
	out := slices.Clone(c.builtin)
	var authors []*Lab
	for _, f := range c.files {
		if f.Lab != nil && c.byID[f.Lab.ID] == f.Lab {
			authors = append(authors, f.Lab)
		}
	}
	sortLabs(authors)
	return append(out, authors...)
}

// Lab finds a lab by ID.
func (c *Catalogue) Lab(id string) (*Lab, bool) {
	c.mu.RLock()
	defer c.mu.RUnlock()
	l, ok := c.byID[id]
	return l, ok
}

// Files lists the authors' files as last read, by path.
func (c *Catalogue) Files() []AuthorFile {
	c.mu.RLock()
	defer c.mu.RUnlock()
	out := make([]AuthorFile, 0, len(c.files))
	for _, f := range c.files {
		out = append(out, *f)
	}
	slices.SortFunc(out, func(a, b AuthorFile) int { return strings.Compare(a.Path, b.Path) })
	return out
}
