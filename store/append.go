package store

import (
	"context"
	"database/sql"
	"strings"
	"sync"
	"time"
)

// eventCols are the columns of one events row, in the order of eventArgs.
const eventCols = `event_id, account_id, event_time, event_name, event_source, read_only, username,
	access_key_id, resource_type, resource_name, error_code, shared_event_id, record`

const eventColCount = 13

// maxEventsPerInsert is the rows of one multi-row INSERT. The driver binds
// parameters in time quadratic in their number, and parses each statement
// anew, so a few rows a statement cost least (BenchmarkAppendEvents: 40 µs
// an event at 128 rows, 22 µs at 8).
const maxEventsPerInsert = 8

// RoleUse is a role's last use, as RoleLastUsed reports it.
type RoleUse struct {
	RoleID string
	At     time.Time
	Region string
}

// stmts holds the writer connection's prepared statements.
type stmts struct {
	mu      sync.Mutex
	appends batchStmts // AppendEvents' statements by their text
	batch   batchStmts
}

// prepared returns the writer's prepared statement of text for
// AppendEvents, preparing it (in the dialect's placeholders) the first time.
func (s *Store) prepared(ctx context.Context, db *sql.DB, text string) (*sql.Stmt, error) {
	s.stmts.mu.Lock()
	defer s.stmts.mu.Unlock()
	if st, ok := s.stmts.appends[text]; ok {
		return st, nil
	}
	st, err := db.PrepareContext(ctx, s.d.rebind(text))
	if err != nil {
		return nil, err
	}
	if s.stmts.appends == nil {
		s.stmts.appends = batchStmts{}
	}
	s.stmts.appends[text] = st
	return st, nil
}

// insertEventsSQL[n] is the INSERT of n events, for n from 1 to
// maxEventsPerInsert.
var insertEventsSQL = func() (texts [maxEventsPerInsert + 1]string) {
	row := "(" + strings.TrimSuffix(strings.Repeat("?, ", eventColCount), ", ") + ")"
	for n := 1; n <= maxEventsPerInsert; n++ {
		texts[n] = "INSERT INTO events (" + eventCols + ") VALUES " + strings.TrimSuffix(strings.Repeat(row+", ", n), ", ")
	}
	return texts
}()

// sqlRoleUse records a role's last use unless the stored one is later.
const sqlRoleUse = `UPDATE roles SET last_used_at = ?, last_used_region = ?
	WHERE id = ? AND (last_used_at IS NULL OR last_used_at < ?)`

// eventArgs appends the arguments of e's row. The columns a lookup filters
// on may hold a NUL character (an S3 key in a resource name): they are
// stored escaped as S3 keys are (escKey; Events undoes it). The record is
// JSON, which holds none.
func eventArgs(d dialect, args []any, e *Event) []any {
	return append(args, e.EventID, e.AccountID, e.EventTime, escKey(d, e.EventName), e.EventSource, e.ReadOnly, escKey(d, e.Username),
		e.AccessKeyID, escKey(d, e.ResourceType), escKey(d, e.ResourceName), escKey(d, e.ErrorCode), e.SharedEventID, e.Record)
}

// AppendEvents is the event writer's group commit: it appends es with
// prepared multi-row INSERTs and records the roles' last uses (a use older
// than the stored one is ignored), all in one write transaction.
func (s *Store) AppendEvents(ctx context.Context, es []Event, uses []RoleUse) error {
	if len(es) == 0 && len(uses) == 0 {
		return nil
	}
	db, err := s.w.DB()
	if err != nil {
		return err
	}
	// Prepare before BEGIN: the transaction holds the writer's only connection.
	var inserts []*sql.Stmt
	for rest := len(es); rest > 0; rest -= maxEventsPerInsert {
		st, err := s.prepared(ctx, db, insertEventsSQL[min(rest, maxEventsPerInsert)])
		if err != nil {
			return mapErr("store: prepare events insert", err)
		}
		inserts = append(inserts, st)
	}
	var use *sql.Stmt
	if len(uses) > 0 {
		if use, err = s.prepared(ctx, db, sqlRoleUse); err != nil {
			return mapErr("store: prepare role use", err)
		}
	}
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return mapErr("store: append events", err)
	}
	defer tx.Rollback()
	args := make([]any, 0, eventColCount*min(len(es), maxEventsPerInsert))
	for _, st := range inserts {
		n := min(len(es), maxEventsPerInsert)
		args = args[:0]
		for i := range es[:n] {
			args = eventArgs(s.d, args, &es[i])
		}
		if _, err := tx.StmtContext(ctx, st).ExecContext(ctx, args...); err != nil {
			return mapErr("store: append events", err)
		}
		es = es[n:]
	}
	var notices []string
	if use != nil {
		tst := tx.StmtContext(ctx, use)
		for _, u := range uses {
			if _, err := tst.ExecContext(ctx, u.At, u.Region, u.RoleID, u.At); err != nil {
				return mapErr("store: role last used", err)
			}
			if s.sh.on {
				notices = append(notices, s.roleUsePayload(u))
			}
		}
	}
	// The other instances hear of the uses once they are committed.
	if _, err := s.publish(ctx, tx, false, notices); err != nil {
		return mapErr("store: role last used", err)
	}
	return mapErr("store: commit events", tx.Commit())
}

// closeStmts releases the prepared statements.
func (s *Store) closeStmts() {
	s.stmts.mu.Lock()
	defer s.stmts.mu.Unlock()
	s.stmts.appends.close()
	s.stmts.batch.close()
	s.stmts.appends, s.stmts.batch = nil, nil
}

// insertEvents appends events with multi-row INSERTs inside q's transaction.
func (q *Q) insertEvents(es []Event) error {
	args := make([]any, 0, eventColCount*min(len(es), maxEventsPerInsert))
	for len(es) > 0 {
		n := min(len(es), maxEventsPerInsert)
		args = args[:0]
		for i := range es[:n] {
			args = eventArgs(q.d, args, &es[i])
		}
		if _, err := q.exec(insertEventsSQL[n], args...); err != nil {
			return mapErr("store: insert events", err)
		}
		es = es[n:]
	}
	return nil
}
