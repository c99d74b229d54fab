package labs

import (
	"context"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strings"

	"iamconsole/iam"
	"iamconsole/store"
)

// ImportProblem is one line of a learners CSV that could not be read.
type ImportProblem struct {
	Line    int
	Message string
}

// ImportError lists every problem of a learners CSV; nothing was imported.
type ImportError []ImportProblem

func (e ImportError) Error() string {
	var b strings.Builder
	for i, p := range e {
		if i > 0 {
			b.WriteString("; ")
		}
		fmt.Fprintf(&b, "line %d: %s", p.Line, p.Message)
	}
	return b.String()
}

// learnerLine is one learner read from a CSV.
type learnerLine struct{ name, email string }

// readLearners reads a learners CSV: a name and optionally an email a
// line, a header row naming them skipped, blank lines ignored. taken are
// the names (lower case) the class has already; names are unique
// regardless of case. Every problem is returned with its line.
func readLearners(r io.Reader, taken map[string]bool) ([]learnerLine, ImportError) {
	cr := csv.NewReader(io.LimitReader(r, 1<<20))
	cr.FieldsPerRecord = -1
	cr.TrimLeadingSpace = true
	var problems ImportError
	var out []learnerLine
	seen := map[string]bool{}
	for line := 1; ; line++ {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				problems = append(problems, ImportProblem{Line: max(pe.Line, 1), Message: pe.Err.Error()})
			} else {
				problems = append(problems, ImportProblem{Line: line, Message: err.Error()})
			}
			break
		}
		line, _ = cr.FieldPos(0)
		if len(out) == 0 && len(problems) == 0 && len(rec) > 0 && strings.EqualFold(strings.TrimSpace(rec[0]), "name") {
			continue // the header
		}
		if len(rec) == 1 && strings.TrimSpace(rec[0]) == "" {
			continue // a blank line
		}
		if len(rec) > 2 {
			problems = append(problems, ImportProblem{Line: line, Message: fmt.Sprintf("%d columns: a line is a name and, optionally, an email", len(rec))})
			continue
		}
		name, email := strings.TrimSpace(rec[0]), ""
		if len(rec) == 2 {
			email = strings.TrimSpace(rec[1])
		}
		if err := validName("name", name); err != nil {
			problems = append(problems, ImportProblem{Line: line, Message: iam.AsError(err).Message})
			continue
		}
		if err := validEmail("email", email); err != nil {
			problems = append(problems, ImportProblem{Line: line, Message: iam.AsError(err).Message})
			continue
		}
		key := strings.ToLower(name)
		if taken[key] || seen[key] {
			problems = append(problems, ImportProblem{Line: line, Message: fmt.Sprintf("the class has a learner named %s already", name)})
			continue
		}
		seen[key] = true
		out = append(out, learnerLine{name: name, email: email})
		if len(out) > maxLearnersPerImport {
			problems = append(problems, ImportProblem{Line: line, Message: fmt.Sprintf("at most %d learners at once", maxLearnersPerImport)})
			break
		}
	}
	return out, problems
}

// ImportLearners adds the learners of a CSV (name, and optionally email;
// a header row naming them is skipped) to a class and starts a sandbox for
// each. A CSV with any problem imports nothing and returns an ImportError
// in an *iam.Error of kind invalid.
func (s *Service) ImportLearners(ctx context.Context, c *iam.Caller, classID string, r io.Reader) ([]*Learner, error) {
	cl, err := s.Class(ctx, c, classID)
	if err != nil {
		return nil, err
	}
	if cl.Lab == nil {
		return nil, errNoLab
	}
	existing, err := s.learners(ctx, classID)
	if err != nil {
		return nil, err
	}
	taken := map[string]bool{}
	for _, l := range existing {
		taken[strings.ToLower(l.Name)] = true
	}
	lines, problems := readLearners(r, taken)
	var rows []store.LabLearner
	for _, l := range lines {
		row, _ := s.newLearner(classID, l.name, l.email)
		rows = append(rows, row)
	}
	if len(problems) > 0 {
		return nil, &iam.Error{Kind: iam.KindInvalid, Code: "InvalidLearners", Field: "csv", Message: problems.Error(), Err: problems}
	}
	if len(rows) == 0 {
		return nil, iam.Invalid("csv", "The file lists no learners.")
	}
	if err := s.st.Tx(ctx, func(q *store.Q) error { return q.CreateLabLearners(rows) }); err != nil {
		return nil, iam.StoreErr(err, nil)
	}
	out := make([]*Learner, 0, len(rows))
	for _, row := range rows {
		sb, err := s.Start(ctx, cl.LabID, row.ID)
		if err != nil {
			return out, err
		}
		out = append(out, &Learner{ID: row.ID, ClassID: classID, Name: row.Name, Email: row.Email,
			Code: s.openCode(row.CodeSealed, row.ID), SandboxID: sb.ID, CreatedAt: row.CreatedAt})
	}
	return out, nil
}
