package labs

import (
	"fmt"
	"sort"
	"strings"
)

// Problem is one thing wrong with a lab file, where it is.
type Problem struct {
	File         string
	Line, Column int
	// Path names the value, as accounts[0].users[1].groups[0] ("" for the
	// file as a whole).
	Path    string
	Message string
}

// String formats p as FILE:LINE:COLUMN: PATH: MESSAGE.
func (p Problem) String() string {
	var b strings.Builder
	if p.File != "" {
		b.WriteString(p.File)
		b.WriteByte(':')
	}
	fmt.Fprintf(&b, "%d:%d: ", p.Line, p.Column)
	if p.Path != "" {
		b.WriteString(p.Path)
		b.WriteString(": ")
	}
	b.WriteString(p.Message)
	return b.String()
}

// Problems are every problem found in a lab file, in file order.
type Problems []Problem

// Error lists the problems, one a line.
func (ps Problems) Error() string {
	lines := make([]string, len(ps))
	for i, p := range ps {
		lines[i] = p.String()
	}
	return strings.Join(lines, "\n")
}

// sorted orders problems by position, keeping the order of those at one.
func (ps Problems) sorted() Problems {
	sort.SliceStable(ps, func(i, j int) bool {
		if ps[i].Line != ps[j].Line {
			return ps[i].Line < ps[j].Line
		}
		return ps[i].Column < ps[j].Column
	})
	return ps
}

// withFile sets the file name of every problem.
func (ps Problems) withFile(file string) Problems {
	for i := range ps {
		ps[i].File = file
	}
	return ps
}
