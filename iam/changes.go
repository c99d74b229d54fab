package iam

import "sync"

// changeLogSize is how many configuration changes the kernel remembers for
// ChangesSince; a reader further behind rebuilds what it derived.
const changeLogSize = 4096

// Change is one change of configuration, as the audited write that made it
// describes it, so that a view derived from configuration (the access
// graph) can update the part it touched instead of rebuilding.
type Change struct {
	// Gen is the generation the change moved to.
	Gen uint64
	// Source and Event name the event of the write (iam.amazonaws.com,
	// PutUserPolicy); both are "" for a change no event describes (a Tx,
	// an Invalidate).
	Source, Event string
	// Account is the account whose configuration changed: the event's
	// recipient.
	Account string
	// Params are the event's requestParameters (a map of the request's
	// parameters for IAM's writes); Resources its resources.
	Params    any
	Resources []Resource
}

// Described reports whether the change says what it changed.
func (c Change) Described() bool { return c.Event != "" }

// changeLog is a ring of the latest changes, in generation order.
type changeLog struct {
	mu   sync.Mutex
	ring [changeLogSize]Change
	n    int // changes recorded, ever (the ring holds the last changeLogSize)
}

// note moves the generation and records what moved it (nil: a change no
// event describes), under one lock so that the log's order is the
// generations' order.
func (s *Service) note(rec *Record) {
	l := &s.changes
	l.mu.Lock()
	defer l.mu.Unlock()
	ch := Change{Gen: s.gen.Add(1)}
	if rec != nil {
		ch.Source, ch.Event, ch.Account = rec.EventSource, rec.EventName, rec.RecipientAccountID
		ch.Params, ch.Resources = rec.RequestParameters, append([]Resource(nil), rec.Resources...)
	}
	l.ring[l.n%changeLogSize] = ch
	l.n++
}

// ChangesSince lists the changes that moved the generation past gen, oldest
// first. complete is false when the list cannot account for every change
// since gen: one of them is not described (see Change.Described), or the
// log no longer reaches back to gen; the caller then rebuilds what it
// derived from configuration.
func (s *Service) ChangesSince(gen uint64) (changes []Change, complete bool) {
	l := &s.changes
	l.mu.Lock()
	defer l.mu.Unlock()
	cur := s.gen.Load()
	if gen >= cur {
		return nil, gen == cur
	}
	kept := min(l.n, changeLogSize)
	// Entries are consecutive generations ending at cur.
	if cur-gen > uint64(kept) {
		return nil, false
	}
	complete = true
	for i := l.n - int(cur-gen); i < l.n; i++ {
		ch := l.ring[i%changeLogSize]
		complete = complete && ch.Described()
		changes = append(changes, ch)
	}
	return changes, complete
}
