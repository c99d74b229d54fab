package store

import (
	"context"
	"database/sql"
	"errors"
	"sync"

	"gorm.io/gorm"
)

// maxBatchWrites bounds the writes that share one transaction.
const maxBatchWrites = 64

// batchReq is one write waiting for the group commit.
type batchReq struct {
	ctx  context.Context
	fn   func(q *Q) error
	err  error
	q    *Q
	done chan struct{}
	// settle, when set, runs once the write committed (err nil) or failed,
	// after the session cache took its changes and before done closes.
	settle func(err error)
}

// batcher runs small writes from many requests in shared transactions.
type batcher struct {
	mu     sync.RWMutex
	closed bool
	ch     chan *batchReq
	done   chan struct{}
}

func (s *Store) startBatcher() {
	s.batch.ch = make(chan *batchReq, 1024)
	s.batch.done = make(chan struct{})
	go s.runBatches()
}

// Batch runs fn like Tx, but in a transaction it may share with other
// writes queued at the same time (group commit): each fn runs inside its own
// savepoint, so its error undoes only its own changes, and Batch returns once
// the shared transaction has committed. fn must do only its own writes and
// must be quick; it sees the writes of the fns that ran before it.
func (s *Store) Batch(ctx context.Context, fn func(q *Q) error) error {
	r := &batchReq{ctx: ctx, fn: fn, done: make(chan struct{})}
	s.enqueue(r)
	<-r.done
	return r.err
}

// enqueue hands r to the group commit, or runs it at once in its own
// transaction when the group commit has stopped. It blocks while the queue
// is full.
func (s *Store) enqueue(r *batchReq) {
	s.batch.mu.RLock()
	if s.batch.closed || s.batch.ch == nil {
		s.batch.mu.RUnlock()
		r.err = s.Tx(r.ctx, r.fn)
		s.finish(r, r.err)
		return
	}
	s.batch.ch <- r
	s.batch.mu.RUnlock()
}

// WaitQueued returns once every write queued for the group commit before
// the call has committed or failed, and has settled.
func (s *Store) WaitQueued(ctx context.Context) error {
	return s.Batch(ctx, func(*Q) error { return nil })
}

func (s *Store) runBatches() {
	defer close(s.batch.done)
	reqs := make([]*batchReq, 0, maxBatchWrites)
	for r := range s.batch.ch {
		reqs = append(reqs[:0], r)
	more:
		for len(reqs) < maxBatchWrites {
			select {
			case r, ok := <-s.batch.ch:
				if !ok {
					break more
				}
				reqs = append(reqs, r)
			default:
				break more
			}
		}
		s.commitBatch(reqs)
	}
}

// batchStmts are the group commit's statements by their text, prepared
// once on the writer connection: each would otherwise be parsed anew for
// every write.
type batchStmts map[string]*sql.Stmt

// Statements of the group commit besides those of its writes.
const (
	sqlSavepoint  = "SAVEPOINT batch_write"
	sqlRelease    = "RELEASE batch_write"
	sqlRollbackTo = "ROLLBACK TO batch_write"
)

// batchSQL lists the statements prepared for the group commit: its own and
// those of the writes that go through it (Switch Role and its events,
// session updates).
var batchSQL = append([]string{sqlSavepoint, sqlRelease, sqlRollbackTo, sqlInsertRoleSession, sqlRotateConsoleSession, sqlTouchRoleHistory,
	insertEventsSQL[1], insertEventsSQL[2], sqlGetItem, sqlPutItem, sqlDeleteItem}, s3BatchSQL...)

// batchStatements prepares the group commit's statements the first time,
// in the dialect's placeholders, keyed by their portable text. It runs
// before BEGIN: the transaction holds the writer's only connection.
func (s *Store) batchStatements(ctx context.Context) (batchStmts, error) {
	s.stmts.mu.Lock()
	defer s.stmts.mu.Unlock()
	if s.stmts.batch != nil {
		return s.stmts.batch, nil
	}
	db, err := s.w.DB()
	if err != nil {
		return nil, err
	}
	b := make(batchStmts, len(batchSQL))
	for _, text := range batchSQL {
		st, err := db.PrepareContext(ctx, s.d.rebind(text))
		if err != nil {
			b.close()
			return nil, err
		}
		b[text] = st
	}
	s.stmts.batch = b
	return b, nil
}

func (b batchStmts) close() {
	for _, st := range b {
		st.Close()
	}
}

// exec runs a write statement: prepared in the group commit, through gorm
// otherwise. It returns the rows affected.
func (q *Q) exec(text string, args ...any) (int64, error) {
	if st := q.stmts[text]; q.tx != nil && st != nil {
		ctx := q.db.Statement.Context
		res, err := q.tx.StmtContext(ctx, st).ExecContext(ctx, args...)
		if err != nil {
			return 0, err
		}
		return res.RowsAffected()
	}
	res := q.db.Exec(text, args...)
	return res.RowsAffected, res.Error
}

func (s *Store) commitBatch(reqs []*batchReq) {
	ctx := context.Background()
	stmts, err := s.batchStatements(ctx)
	if err == nil {
		err = s.w.Transaction(func(db *gorm.DB) error {
			tx, ok := db.Statement.ConnPool.(*sql.Tx)
			if !ok {
				return errors.New("store: batch transaction is not a database/sql transaction")
			}
			exec := func(text string) error {
				_, err := tx.StmtContext(ctx, stmts[text]).ExecContext(ctx)
				return err
			}
			for _, r := range reqs {
				if r.err = r.ctx.Err(); r.err != nil {
					continue
				}
				if err := exec(sqlSavepoint); err != nil {
					return err
				}
				r.q = &Q{db: db.WithContext(r.ctx), d: s.d, st: s, tx: tx, stmts: stmts}
				r.err = r.fn(r.q)
				if r.err != nil {
					if err := exec(sqlRollbackTo); err != nil {
						return err
					}
				}
				if err := exec(sqlRelease); err != nil {
					return err
				}
			}
			return nil
		})
	}
	for _, r := range reqs {
		if err != nil && r.err == nil {
			r.err = mapErr("store: batch commit", err)
		}
		s.finish(r, err)
	}
}

// finish applies a write's cache changes once its transaction ended with
// txErr (r.err is its own error), settles it and wakes its caller.
func (s *Store) finish(r *batchReq, txErr error) {
	if r.q != nil {
		s.ended(r.q, txErr == nil && r.err == nil)
	}
	if r.settle != nil {
		r.settle(r.err)
	}
	close(r.done)
}

// stopBatcher commits what is queued and stops the group commit; later
// Batch calls run their own transactions.
func (s *Store) stopBatcher() {
	s.batch.mu.Lock()
	if s.batch.closed || s.batch.ch == nil {
		s.batch.closed = true
		s.batch.mu.Unlock()
		return
	}
	s.batch.closed = true
	close(s.batch.ch)
	s.batch.mu.Unlock()
	<-s.batch.done
}
