package labs

import (
	"strings"
	"testing"
)

// FuzzReadLearners: any CSV yields learners or problems with their lines,
// never a panic; every learner read has a valid, unique name.
func FuzzReadLearners(f *testing.F) {
	for _, s := range []string{"name,email\nAnn,ann@example.com\n", "Ann\nann\n", "\"multi\nline\",x@y\n", "a,b,c\n", "\"unterminated\n", ",\n"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, src string) {
		ls, ps := readLearners(strings.NewReader(src), map[string]bool{"taken": true})
		for _, p := range ps {
			if p.Line < 1 || p.Message == "" {
				t.Fatalf("problem %+v", p)
			}
		}
		seen := map[string]bool{}
		for _, l := range ls {
			k := strings.ToLower(l.name)
			if validName("name", l.name) != nil || validEmail("email", l.email) != nil || seen[k] || k == "taken" {
				t.Fatalf("learner %+v", l)
			}
			seen[k] = true
		}
	})
}

func TestReadLearnersLines(t *testing.T) {
	t.Parallel()
	_, ps := readLearners(strings.NewReader("name,email\n\"Ann\nLee\",ann@example.com\nBob,bad\nx,y,z\n"), nil)
	// A quoted field over two lines: the next lines keep their numbers.
	if ps.Error() != `line 2: A name has only printable characters.; line 4: "bad" is not an email address.; line 5: 3 columns: a line is a name and, optionally, an email` {
		t.Errorf("problems: %s", ps.Error())
	}
}
