package iam

import (
	"context"
	"strings"

	"iamconsole/iam/catalog"
	"iamconsole/store"
)

// Op is one authorized, audited operation in flight: the one template
// every operation of the service layer (and of the services built on it)
// follows. Begin authorizes the caller and starts the event record; the
// operation fills the record in as it goes and ends it exactly once, with
// Read (a read: the event is queued for the event writer), Write (a write:
// the event is stored in the write's own transaction) or Fail. Every
// outcome is recorded, as CloudTrail records failed calls with their error
// code; a failure of the service itself is recorded without its message.
type Op struct {
	s   *Service
	ctx context.Context
	c   *Caller
	// Rec is the operation's event record.
	Rec *Record
	// also are further records stored with Rec by Write (the attachments
	// of a role created with its policies).
	also []*Record
	// read is set when the operation authorizes a read (an action whose
	// access level is List or Read): its event is read-only even when it
	// is refused, as CloudTrail records a denied read.
	read bool
}

// isRead reports whether action only reads, by its access level.
func isRead(action string) bool {
	a, ok := catalog.LookupAction(action)
	return ok && (a.AccessLevel == catalog.LevelList || a.AccessLevel == catalog.LevelRead)
}

// Begin authorizes c for action on resource and starts the record of event
// (from source, with requestParameters params). A refusal is recorded as a
// failed event and returned. An empty action authorizes nothing: the
// operation checks permissions itself (with Op.Authorize).
func (s *Service) Begin(ctx context.Context, c *Caller, source, event, action, resource string, params any) (*Op, error) {
	if c == nil {
		return nil, ErrNoSession
	}
	o := s.StartOp(ctx, c, source, event, params)
	o.read = isRead(action)
	if action != "" {
		if err := o.Authorize(action, resource); err != nil {
			return nil, err
		}
	}
	return o, nil
}

// StartOp starts the record of an operation without authorizing it, for
// operations that must find their target before they know what to check.
func (s *Service) StartOp(ctx context.Context, c *Caller, source, event string, params any) *Op {
	o := &Op{s: s, ctx: ctx, c: c, Rec: NewEvent(ctx, c, source, event, s.Now())}
	o.Rec.RequestParameters = params
	return o
}

// Authorize checks one more permission of the operation; a refusal ends it
// as failed.
func (o *Op) Authorize(action, resource string) error {
	if !o.read && strings.HasSuffix(action, ":"+o.Rec.EventName) {
		o.read = isRead(action)
	}
	if err := o.s.Authorize(o.ctx, o.c, action, resource); err != nil {
		return o.Fail(err)
	}
	return nil
}

// Decide checks a full authorization question (a resource policy, extra
// context keys); a refusal ends the operation as failed.
func (o *Op) Decide(ch Check) error {
	if _, err := o.s.Decide(o.ctx, o.c, ch); err != nil {
		return o.Fail(err)
	}
	return nil
}

// AddResource adds an entry to the event's resources list, in the caller's
// account.
func (o *Op) AddResource(typ, resARN string) {
	o.Rec.Resources = append(o.Rec.Resources, Resource{ARN: resARN, AccountID: o.c.AccountID, Type: typ})
}

// Also stores r together with the operation's own record when it is
// written.
func (o *Op) Also(r *Record) { o.also = append(o.also, r) }

// Fail records the operation as failed with err's code and message and
// returns err.
func (o *Op) Fail(err error) error {
	e := AsError(err)
	o.Rec.ErrorCode, o.Rec.ErrorMessage = e.Code, e.Message
	if o.read {
		o.Rec.ReadOnly = true
	}
	if e.Kind == KindInternal {
		o.Rec.ErrorMessage = ""
	}
	o.Rec.ResponseElements = nil
	o.s.Record(o.Rec)
	return err
}

// Read ends a read-only operation with its outcome and returns err.
func (o *Op) Read(err error) error {
	o.Rec.ReadOnly = true
	if err != nil {
		return o.Fail(err)
	}
	o.s.Record(o.Rec)
	return nil
}

// Write runs fn in one write transaction together with the operation's
// event rows, and marks the configuration changed; on failure the event is
// recorded as failed instead and the store's error is mapped to a kind.
func (o *Op) Write(fn func(q *store.Q) error) error {
	err := o.s.tx(o.ctx, func(q *store.Q) error {
		if err := fn(q); err != nil {
			return err
		}
		rows := make([]store.Event, 0, 1+len(o.also))
		rows = append(rows, o.Rec.Row())
		for _, r := range o.also {
			rows = append(rows, r.Row())
		}
		return q.InsertEvents(rows)
	}, o.Rec)
	if err != nil {
		return o.Fail(StoreErr(err, nil))
	}
	return nil
}

// Done ends an operation whose writes were made outside Write (or that
// writes nothing) with its outcome: the event is queued for the event
// writer.
func (o *Op) Done(err error) error {
	if err != nil {
		return o.Fail(err)
	}
	o.s.Record(o.Rec)
	return nil
}
