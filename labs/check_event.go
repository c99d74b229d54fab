package labs

import (
	"encoding/json"
	"strconv"
	"strings"

	"iamconsole/iam"
	"iamconsole/iam/arn"
	"iamconsole/store"
)

// eventPage is how many events one read of the history takes.
const eventPage = 2000

// countEvents counts the sandbox's events recorded since its run last
// looked, up to seq, for every event check of the lab: each event is read
// once in a run, whatever the number of evaluations. Events are taken in
// order, and a check of a task that requires others counts only events
// after those that completed the tasks it requires (see gate).
func (s *Service) countEvents(q *store.Q, sb *Sandbox, r *runState, seq int64) error {
	if seq <= r.scanned {
		return nil
	}
	names := map[string]bool{}
	wild, any := false, false
	for _, t := range sb.Lab.Tasks {
		for _, c := range t.Checks {
			if e := c.Event; e != nil {
				any = true
				if strings.ContainsAny(e.Name, "*?") {
					wild = true
				}
				names[e.Name] = true
			}
		}
	}
	r.settle(sb.Lab) // tasks without event checks
	if !any {
		r.scanned = seq
		return nil
	}
	var only []string
	if !wild {
		for n := range names {
			only = append(only, n)
		}
	}
	ids := sb.accountIDs()
	for r.scanned < seq {
		evs, err := q.EventsAfter(ids, r.scanned, only, eventPage)
		if err != nil {
			return iam.Internal(err)
		}
		for i := range evs {
			if evs[i].Seq > seq {
				break
			}
			r.count(sb, &eventView{row: &evs[i]})
			r.scanned = evs[i].Seq
		}
		if len(evs) < eventPage {
			break
		}
	}
	r.scanned = max(r.scanned, seq)
	return nil
}

// count takes one event, task by task in the order of their requires.
func (r *runState) count(sb *Sandbox, ev *eventView) {
	for _, t := range sb.Lab.order {
		gate, open := r.gate(t)
		if !open || ev.row.Seq <= gate {
			continue
		}
		for _, c := range t.Checks {
			if e := c.Event; e != nil && e.matches(ev, sb.Env) {
				r.counts[e]++
			}
		}
		if _, ok := r.reached[t]; !ok && r.eventsHeld(t) {
			r.reached[t] = ev.row.Seq
		}
	}
}

// settle marks reached the tasks without event checks whose required
// tasks are reached: from the event their last requirement was reached at.
func (r *runState) settle(l *Lab) {
	for _, t := range l.order {
		if _, ok := r.reached[t]; ok || hasEventChecks(t) {
			continue
		}
		if gate, open := r.gate(t); open {
			r.reached[t] = gate
		}
	}
}

// gate is the event after which a task's event checks count: the latest
// at which a task it requires had all its events; open is false while one
// of them has not.
func (r *runState) gate(t *Task) (seq int64, open bool) {
	for _, id := range t.Requires {
		rt := r.lab.Task(id)
		if rt == nil {
			continue
		}
		s, ok := r.reached[rt]
		if !ok {
			return 0, false
		}
		seq = max(seq, s)
	}
	return seq, true
}

// eventsHeld reports whether every event check of a task has its events.
func (r *runState) eventsHeld(t *Task) bool {
	for _, c := range t.Checks {
		if e := c.Event; e != nil && r.counts[e] < max(e.Count, 1) {
			return false
		}
	}
	return true
}

func hasEventChecks(t *Task) bool {
	for _, c := range t.Checks {
		if c.Event != nil {
			return true
		}
	}
	return false
}

// eventView is an event row with its record decoded when a check needs it.
type eventView struct {
	row    *store.Event
	rec    *eventRecord
	broken bool
}

// eventRecord is what the checks read of a CloudTrail record.
type eventRecord struct {
	UserIdentity struct {
		Type           string `json:"type"`
		SessionContext *struct {
			SessionIssuer *struct {
				UserName string `json:"userName"`
			} `json:"sessionIssuer"`
		} `json:"sessionContext"`
	} `json:"userIdentity"`
	RequestParameters map[string]any         `json:"requestParameters"`
	ResponseElements  json.RawMessage        `json:"responseElements"`
	Resources         []struct{ ARN string } `json:"resources"`
}

func (v *eventView) record() *eventRecord {
	if v.rec == nil && !v.broken {
		var r eventRecord
		if err := json.Unmarshal([]byte(v.row.Record), &r); err != nil {
			v.broken = true
			return nil
		}
		v.rec = &r
	}
	return v.rec
}

// failed reports a failed event: one with an error code, or a console
// event whose response says Failure (ConsoleLogin, SwitchRole).
func (v *eventView) failed() bool {
	if v.row.ErrorCode != "" {
		return true
	}
	if !strings.HasPrefix(v.row.EventSource, "signin.") {
		return false
	}
	r := v.record()
	if r == nil || len(r.ResponseElements) == 0 {
		return false
	}
	var resp map[string]any
	if json.Unmarshal(r.ResponseElements, &resp) != nil {
		return false
	}
	out, _ := resp[v.row.EventName].(string)
	return out == "Failure"
}

// matches reports whether an event passes every filter of the check.
func (c *EventCheck) matches(v *eventView, e *Env) bool {
	row := v.row
	if !arn.Glob(c.Name, row.EventName, false, false) {
		return false
	}
	if c.Source != "" && !arn.Glob(c.Source, row.EventSource, false, false) {
		return false
	}
	if c.Account != "" && row.AccountID != e.Accounts[c.Account] {
		return false
	}
	if c.User != "" && !arn.Glob(strings.ToLower(e.Expand(c.User)), row.Username, false, true) {
		return false
	}
	if c.ErrorCode != "" && row.ErrorCode != c.ErrorCode {
		return false
	}
	switch c.Outcome {
	case "success":
		if v.failed() {
			return false
		}
	case "failure":
		if !v.failed() {
			return false
		}
	}
	if c.Role == "" && c.Resource == "" && len(c.Request) == 0 {
		return true
	}
	r := v.record()
	if r == nil {
		return false
	}
	if c.Role != "" {
		sc := r.UserIdentity.SessionContext
		if sc == nil || sc.SessionIssuer == nil || !strings.EqualFold(sc.SessionIssuer.UserName, e.Expand(c.Role)) {
			return false
		}
	}
	if c.Resource != "" {
		pattern, found := e.Expand(c.Resource), false
		for _, res := range r.Resources {
			if arn.Glob(pattern, res.ARN, false, false) {
				found = true
				break
			}
		}
		if !found {
			return false
		}
	}
	for field, pattern := range c.Request {
		got, ok := requestField(r.RequestParameters, field)
		if !ok || !arn.Glob(e.Expand(pattern), got, false, false) {
			return false
		}
	}
	return true
}

// requestField reads a top-level requestParameters field as text; its
// name matches regardless of case, as CloudTrail's fields are camelCase
// and authors may write RoleArn.
func requestField(params map[string]any, field string) (string, bool) {
	for k, v := range params {
		if !strings.EqualFold(k, field) {
			continue
		}
		switch x := v.(type) {
		case string:
			return x, true
		case float64:
			return strconv.FormatFloat(x, 'f', -1, 64), true
		case bool:
			return strconv.FormatBool(x), true
		case nil:
			return "", false
		default:
			b, _ := json.Marshal(x)
			return string(b), true
		}
	}
	return "", false
}
