package labs

import (
	"context"
	"strings"
	"sync"
	"time"

	"iamconsole/iam"
	"iamconsole/store"
)

// Progress is a sandbox's state of its lab's tasks, as the checks found it.
type Progress struct {
	SandboxID string         `json:"sandbox_id"`
	LabID     string         `json:"lab"`
	Tasks     []TaskProgress `json:"tasks"`
	Done      int            `json:"done"`
	Total     int            `json:"total"`
	Complete  bool           `json:"complete"`
	CheckedAt time.Time      `json:"checked_at"`
}

// TaskProgress is one task's state.
type TaskProgress struct {
	ID    string `json:"id"`
	Title string `json:"title"`
	// Status is "done" or "todo".
	Status string     `json:"status"`
	DoneAt *time.Time `json:"done_at,omitempty"`
	// Hints is how many of the task's hints the learner revealed.
	Hints int `json:"hints_revealed"`
	// Answer is the learner's last answer to the task's question.
	Answer string        `json:"answer,omitempty"`
	Checks []CheckResult `json:"checks"`
}

// CheckResult is one check's outcome at the last evaluation.
type CheckResult struct {
	Kind  string `json:"kind"`
	Label string `json:"label,omitempty"`
	OK    bool   `json:"ok"`
}

// Task statuses, as the lab page's data-testid="task-status" shows them.
const (
	StatusDone = "done"
	StatusTodo = "todo"
)

// Done reports whether a task is done.
func (t TaskProgress) Done() bool { return t.Status == StatusDone }

// Task finds a task's progress by ID.
func (p *Progress) Task(id string) *TaskProgress {
	for i := range p.Tasks {
		if p.Tasks[i].ID == id {
			return &p.Tasks[i]
		}
	}
	return nil
}

// runState is what the checks of one sandbox saw last: the event counts so
// far (events are append-only, so each is counted once, as it arrives), and
// the last progress with the newest event it saw, which holds until another
// event is recorded in the sandbox's accounts (every write is one) or the
// learner answers or reveals a hint.
type runState struct {
	mu       sync.Mutex
	startSeq int64
	lab      *Lab
	scanned  int64               // events up to this one are counted
	counts   map[*EventCheck]int // matching events seen
	// reached holds, for each task whose event checks have their events
	// (and whose required tasks are reached), the event that completed them.
	reached map[*Task]int64
	lastSeq int64
	last    *Progress
	fresh   bool // last is still valid but for new events
}

func (s *Service) run(sb *Sandbox) *runState {
	s.mu.Lock()
	defer s.mu.Unlock()
	r, ok := s.runs.Get(sb.ID)
	if !ok || r.startSeq != sb.StartSeq || r.lab != sb.Lab {
		r = &runState{startSeq: sb.StartSeq, lab: sb.Lab, scanned: sb.StartSeq, counts: map[*EventCheck]int{}, reached: map[*Task]int64{}}
		s.runs.Put(sb.ID, r)
	}
	return r
}

// Check evaluates the checks of a sandbox's tasks over its state now and
// records the tasks that became done. A task once done stays done until the
// sandbox is reset. The commands call it; the console calls CheckAs.
func (s *Service) Check(ctx context.Context, id string) (*Progress, error) {
	sb, err := s.Sandbox(ctx, id)
	if err != nil {
		return nil, err
	}
	return s.check(ctx, sb)
}

// CheckAs is Check for c: one of the sandbox's principals, or an instructor.
func (s *Service) CheckAs(ctx context.Context, c *iam.Caller, id string) (*Sandbox, *Progress, error) {
	sb, err := s.SandboxAs(ctx, c, id)
	if err != nil {
		return nil, nil, err
	}
	p, err := s.check(ctx, sb)
	return sb, p, err
}

func (s *Service) check(ctx context.Context, sb *Sandbox) (*Progress, error) {
	r := s.run(sb)
	r.mu.Lock()
	defer r.mu.Unlock()
	q := s.st.Read(ctx)
	ids := sb.accountIDs()
	seq, err := q.LatestEventSeq(ids)
	if err != nil {
		return nil, iam.Internal(err)
	}
	if r.last != nil && r.fresh && seq == r.lastSeq {
		return r.last, nil
	}
	rows, err := q.LabProgressOf(sb.ID)
	if err != nil {
		return nil, iam.Internal(err)
	}
	byTask := map[string]store.LabProgress{}
	for _, row := range rows {
		byTask[row.TaskID] = row
	}
	if err := s.countEvents(q, sb, r, seq); err != nil {
		return nil, err
	}
	ev := &evaluation{s: s, ctx: ctx, q: q, sb: sb, run: r, snapshots: map[string]*snapshot{}}
	now := s.k.Now()
	p := &Progress{SandboxID: sb.ID, LabID: sb.LabID, Total: len(sb.Lab.Tasks), CheckedAt: now}
	var became []store.LabProgress
	status := map[string]*TaskProgress{}
	tasks := make([]TaskProgress, len(sb.Lab.Tasks))
	index := map[*Task]int{}
	for i, t := range sb.Lab.Tasks {
		index[t] = i
	}
	// Tasks in the order of their requires: a task is done only after the
	// tasks it requires.
	for _, t := range sb.Lab.order {
		row := byTask[t.ID]
		tp := &tasks[index[t]]
		*tp = TaskProgress{ID: t.ID, Title: t.Title, Status: StatusTodo, Hints: row.Hints, Answer: row.Answer}
		status[t.ID] = tp
		if row.DoneAt != nil {
			tp.Status, tp.DoneAt = StatusDone, row.DoneAt
		}
		ready := true
		for _, req := range t.Requires {
			if rp := status[req]; rp == nil || !rp.Done() {
				ready = false
			}
		}
		all := ready
		for _, c := range t.Checks {
			cr := CheckResult{Kind: c.kind(), Label: c.Label}
			switch {
			case tp.Done():
				cr.OK = true // done stays done: its checks are not run again
			case ready:
				ok, err := ev.holds(c, row)
				if err != nil {
					return nil, err
				}
				cr.OK = ok
			}
			all = all && cr.OK
			tp.Checks = append(tp.Checks, cr)
		}
		if !tp.Done() && all && len(t.Checks) > 0 {
			at := now
			tp.Status, tp.DoneAt = StatusDone, &at
			row.SandboxID, row.TaskID, row.DoneAt = sb.ID, t.ID, &at
			became = append(became, row)
		}
		if tp.Done() {
			p.Done++
		}
	}
	p.Tasks = tasks
	p.Complete = p.Done == p.Total
	if len(became) > 0 {
		err := s.st.Tx(ctx, func(q *store.Q) error {
			for i := range became {
				if err := q.PutLabProgress(&became[i]); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			return nil, iam.Internal(err)
		}
	}
	r.last, r.lastSeq, r.fresh = p, seq, true
	return p, nil
}

func (sb *Sandbox) accountIDs() []string {
	ids := make([]string, len(sb.Accounts))
	for i, a := range sb.Accounts {
		ids[i] = a.ID
	}
	return ids
}

// kind names a check's kind.
func (c *Check) kind() string {
	switch {
	case c.Event != nil:
		return "event"
	case c.Entity != nil:
		return "entity"
	case c.Decision != nil:
		return "decision"
	case c.Resource != nil:
		return "resource"
	case c.Answer != nil:
		return "answer"
	}
	return ""
}

// Submit records the learner's answer to a task's question and checks the
// sandbox again.
func (s *Service) Submit(ctx context.Context, c *iam.Caller, id, taskID, answer string) (*Progress, error) {
	sb, err := s.SandboxAs(ctx, c, id)
	if err != nil {
		return nil, err
	}
	t := sb.Lab.Task(taskID)
	if t == nil || t.Answer() == nil {
		return nil, errNoTask
	}
	answer = strings.TrimSpace(answer)
	if len(answer) > 1000 {
		return nil, iam.Invalid("answer", "An answer has at most 1000 characters.")
	}
	if err := s.updateProgress(ctx, sb, taskID, func(p *store.LabProgress) { p.Answer = answer }); err != nil {
		return nil, err
	}
	return s.check(ctx, sb)
}

// RevealHint reveals the next hint of a task and returns how many are
// revealed.
func (s *Service) RevealHint(ctx context.Context, c *iam.Caller, id, taskID string) (int, error) {
	sb, err := s.SandboxAs(ctx, c, id)
	if err != nil {
		return 0, err
	}
	t := sb.Lab.Task(taskID)
	if t == nil {
		return 0, errNoTask
	}
	n := 0
	err = s.updateProgress(ctx, sb, taskID, func(p *store.LabProgress) {
		p.Hints = min(p.Hints+1, len(t.Hints))
		n = p.Hints
	})
	return n, err
}

// updateProgress changes one task's progress row; the next check reads it.
func (s *Service) updateProgress(ctx context.Context, sb *Sandbox, taskID string, fn func(p *store.LabProgress)) error {
	r := s.run(sb)
	r.mu.Lock()
	defer r.mu.Unlock()
	err := s.st.Tx(ctx, func(q *store.Q) error {
		rows, err := q.LabProgressOf(sb.ID)
		if err != nil {
			return err
		}
		p := store.LabProgress{SandboxID: sb.ID, TaskID: taskID}
		for _, row := range rows {
			if row.TaskID == taskID {
				p = row
			}
		}
		fn(&p)
		return q.PutLabProgress(&p)
	})
	if err != nil {
		return iam.StoreErr(err, errNoSandbox)
	}
	r.fresh = false
	return nil
}
