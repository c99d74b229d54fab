package labs

import (
	"context"
	"encoding/csv"
	"fmt"
	"io"
	"strings"
	"time"

	"iamconsole/iam"
)

// ClassReport is every learner's progress in a class, task by task.
type ClassReport struct {
	Class *Class
	Rows  []LearnerProgress
}

// LearnerProgress is one learner's row of a report; Progress is nil for a
// learner without a sandbox.
type LearnerProgress struct {
	Learner  *Learner
	Progress *Progress
}

// Report checks every learner's sandbox and reports their progress.
func (s *Service) Report(ctx context.Context, c *iam.Caller, classID string) (*ClassReport, error) {
	cl, err := s.Class(ctx, c, classID)
	if err != nil {
		return nil, err
	}
	ls, err := s.learners(ctx, classID)
	if err != nil {
		return nil, err
	}
	rep := &ClassReport{Class: cl}
	for _, l := range ls {
		row := LearnerProgress{Learner: l}
		if l.SandboxID != "" && cl.Lab != nil {
			p, err := s.Check(ctx, l.SandboxID)
			if err != nil && !iam.IsKind(err, iam.KindNotFound) {
				return nil, err
			}
			row.Progress = p
		}
		rep.Rows = append(rep.Rows, row)
	}
	return rep, nil
}

// ExportCSV writes a class's results as CSV: a row per learner with their
// email, code, sandbox, tasks done and, per task, when it was done.
func (s *Service) ExportCSV(ctx context.Context, c *iam.Caller, classID string, w io.Writer) error {
	rep, err := s.Report(ctx, c, classID)
	if err != nil {
		return err
	}
	cw := csv.NewWriter(w)
	head := []string{"learner", "email", "code", "sandbox", "done", "total"}
	var tasks []*Task
	if rep.Class.Lab != nil {
		tasks = rep.Class.Lab.Tasks
	}
	for _, t := range tasks {
		head = append(head, t.ID)
	}
	cw.Write(head)
	for _, r := range rep.Rows {
		rec := []string{csvSafe(r.Learner.Name), csvSafe(r.Learner.Email), r.Learner.Code, r.Learner.SandboxID, "0", fmt.Sprint(len(tasks))}
		if p := r.Progress; p != nil {
			rec[4] = fmt.Sprint(p.Done)
		}
		for _, t := range tasks {
			cell := ""
			if r.Progress != nil {
				if tp := r.Progress.Task(t.ID); tp != nil && tp.DoneAt != nil {
					cell = tp.DoneAt.UTC().Format(time.RFC3339)
				}
			}
			rec = append(rec, cell)
		}
		cw.Write(rec)
	}
	cw.Flush()
	return cw.Error()
}

// csvSafe keeps a spreadsheet from reading a learner's name as a formula.
func csvSafe(s string) string {
	if s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		return "'" + s
	}
	return s
}
