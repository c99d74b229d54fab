package store

import (
	"context"
	"errors"
	"sync"
	"time"

	"gorm.io/gorm"
)

// maxCachedSessions bounds the console session cache; past it the cache
// starts over.
const maxCachedSessions = 100_000

// cachedSession is a console session row with its role session, if any
// (role sessions never change once written).
type cachedSession struct {
	sess ConsoleSession
	role *RoleSession
}

// sessionCache is a write-through cache of console sessions by ID hash. The
// row stays the source of truth: every write to a session forgets its entry
// (again after commit), and a read that raced with any such write is not
// cached.
type sessionCache struct {
	mu    sync.Mutex
	m     map[string]cachedSession
	epoch uint64 // bumped by every forget
	// pending answers for the IDs of rotations queued but not yet committed
	// (RotateConsoleSessionLater), ahead of m and the store.
	pending map[string]pendingSession
	// off: the database is shared, so that another instance may change
	// any session at any time; m stays empty, and every lookup reads the
	// row (see sharedConsoleSession). roles caches the role sessions, which
	// never change once written, by ID.
	off   bool
	roles map[string]RoleSession
}

// pendingSession is what a queued rotation makes of one session ID: the
// rotated session under the new ID, nothing under the old one.
type pendingSession struct {
	op   *rotation
	gone bool
	e    cachedSession
}

// rotation identifies one queued rotation.
type rotation struct{ oldHash, newHash string }

// hold makes the cache answer for a queued rotation until release.
func (c *sessionCache) hold(op *rotation, e cachedSession) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.pending == nil {
		c.pending = make(map[string]pendingSession)
	}
	c.pending[op.oldHash] = pendingSession{op: op, gone: true}
	c.pending[op.newHash] = pendingSession{op: op, e: e}
	c.epoch++
}

// release drops what op holds under idHash, unless a later rotation of the
// same session holds it now.
func (c *sessionCache) release(op *rotation, idHash string) {
	c.mu.Lock()
	if p, ok := c.pending[idHash]; ok && p.op == op {
		delete(c.pending, idHash)
	}
	c.mu.Unlock()
}

func (c *sessionCache) forget(idHash string) {
	c.mu.Lock()
	c.epoch++
	if idHash == "" {
		clear(c.m)
	} else {
		delete(c.m, idHash)
	}
	c.mu.Unlock()
}

func (c *sessionCache) put(idHash string, e cachedSession, epoch uint64, check bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.off {
		return
	}
	if check && c.epoch != epoch {
		return
	}
	if c.m == nil || len(c.m) >= maxCachedSessions {
		c.m = make(map[string]cachedSession)
	}
	c.m[idHash] = e
}

// CachedConsoleSession finds a console session by ID hash, with its role
// session when it has one, from memory when possible. The caller gets
// copies it may modify.
func (s *Store) CachedConsoleSession(ctx context.Context, idHash string) (*ConsoleSession, *RoleSession, error) {
	c := &s.sessions
	c.mu.Lock()
	if p, ok := c.pending[idHash]; ok {
		c.mu.Unlock()
		if p.gone {
			return nil, nil, mapErr("store: console session", gorm.ErrRecordNotFound)
		}
		return p.e.copies()
	}
	if c.off {
		c.mu.Unlock()
		return s.sharedConsoleSession(ctx, idHash)
	}
	e, ok := c.m[idHash]
	epoch := c.epoch
	c.mu.Unlock()
	if !ok {
		q := s.Read(ctx)
		sess, err := q.ConsoleSession(idHash)
		if err != nil {
			return nil, nil, err
		}
		e.sess = *sess
		if sess.RoleSessionID != nil {
			rs, err := q.RoleSession(*sess.RoleSessionID)
			switch {
			case err == nil:
				e.role = rs
			case !errors.Is(err, ErrNotFound):
				return nil, nil, err
			}
		}
		c.put(idHash, e, epoch, true)
	}
	return e.copies()
}

// sqlSessionAt reads a console session with the configuration generation,
// in one statement: one snapshot, one round trip.
const sqlSessionAt = `SELECT console_sessions.*, (SELECT n FROM generation WHERE id = 1) AS generation
	FROM console_sessions WHERE id_hash = ?`

// sharedConsoleSession is CachedConsoleSession on a shared database: the
// row is read on every call, with the configuration generation, whose
// move runs the OnChange hooks before it returns (see Sync); the role
// session comes from memory once read.
func (s *Store) sharedConsoleSession(ctx context.Context, idHash string) (*ConsoleSession, *RoleSession, error) {
	var rows []struct {
		ConsoleSession
		Generation uint64
	}
	if err := s.r.WithContext(ctx).Raw(sqlSessionAt, idHash).Scan(&rows).Error; err != nil {
		return nil, nil, mapErr("store: console session", err)
	}
	if len(rows) == 0 {
		return nil, nil, mapErr("store: console session", gorm.ErrRecordNotFound)
	}
	s.observe(rows[0].Generation)
	sess := rows[0].ConsoleSession
	if sess.RoleSessionID == nil {
		return &sess, nil, nil
	}
	c := &s.sessions
	c.mu.Lock()
	r, ok := c.roles[*sess.RoleSessionID]
	c.mu.Unlock()
	if ok {
		return &sess, &r, nil
	}
	rs, err := s.Read(ctx).RoleSession(*sess.RoleSessionID)
	switch {
	case errors.Is(err, ErrNotFound):
		return &sess, nil, nil
	case err != nil:
		return nil, nil, err
	}
	c.mu.Lock()
	if c.roles == nil || len(c.roles) >= maxCachedSessions {
		c.roles = make(map[string]RoleSession)
	}
	c.roles[rs.ID] = *rs
	c.mu.Unlock()
	return &sess, rs, nil
}

// copies returns copies of the entry's rows for a caller to keep.
func (e cachedSession) copies() (*ConsoleSession, *RoleSession, error) {
	sess := e.sess
	var rs *RoleSession
	if e.role != nil {
		r := *e.role
		rs = &r
	}
	return &sess, rs, nil
}

// RotateConsoleSession moves the session sess (as the caller last read it)
// to a new ID hash and points it at the role session rs (nil: none), marking
// it seen at now, in one UPDATE; it fails with ErrNotFound when the old ID is
// gone (signed out, or rotated by a concurrent request). sess is updated, and
// once the transaction commits the cache holds it under the new hash.
func (q *Q) RotateConsoleSession(sess *ConsoleSession, newHash string, rs *RoleSession, now time.Time) error {
	var rsID *string
	if rs != nil {
		rsID = &rs.ID
	}
	oldHash := sess.IDHash
	n, err := q.exec(sqlRotateConsoleSession, newHash, rsID, now, oldHash)
	if err != nil {
		return mapErr("store: rotate console session", err)
	}
	if n == 0 {
		return mapErr("store: rotate console session", gorm.ErrRecordNotFound)
	}
	q.forget(oldHash)
	q.forget(newHash)
	sess.IDHash, sess.RoleSessionID, sess.LastSeenAt = newHash, rsID, now
	if q.st != nil {
		e := cachedSession{sess: *sess, role: rs}
		q.afterCommit = append(q.afterCommit, func() { q.st.sessions.put(newHash, e, 0, false) })
	}
	return nil
}

// RotateConsoleSessionLater queues, for the group commit, the writes of one
// rotation: rs's INSERT when rs is not nil, RotateConsoleSession(sess,
// newHash, rs, now), then extra's writes (nil: none), all or none of them.
// It returns without waiting for the commit (it waits only while the queue
// is full): from the call on, the session cache answers newHash with the
// rotated session and sess's old ID as signed out, so the caller may hand
// out newHash at once. Every later write to the session must go through
// Batch, whose queue is in order, so that it lands after the rotation.
//
// settle (nil: none) runs on the group commit's goroutine once the writes
// committed (err nil) or failed; it must be quick and must not wait for the
// group commit. When they failed, the new ID is unknown from then on and the
// old one stays signed out: the session is deleted.
//
// On a shared database (Shared) the caller should wait for settle before
// it hands newHash out: another instance, which knows nothing of what this
// one holds in memory, may be asked for it by the very next request, and a
// switch answered must survive the loss of this instance.
func (s *Store) RotateConsoleSessionLater(ctx context.Context, sess *ConsoleSession, newHash string, rs *RoleSession,
	now time.Time, extra func(q *Q) error, settle func(err error)) {
	row := *sess
	op := &rotation{oldHash: sess.IDHash, newHash: newHash}
	held := cachedSession{sess: row}
	held.sess.IDHash, held.sess.RoleSessionID, held.sess.LastSeenAt = newHash, nil, now
	if rs != nil {
		id, r := rs.ID, *rs
		held.sess.RoleSessionID, held.role = &id, &r
		w := *rs // the write's own copy
		rs = &w
	}
	s.sessions.hold(op, held)
	r := &batchReq{ctx: context.WithoutCancel(ctx), done: make(chan struct{})}
	r.fn = func(q *Q) error {
		if rs != nil {
			if err := q.CreateRoleSession(rs); err != nil {
				return err
			}
		}
		if err := q.RotateConsoleSession(&row, newHash, rs, now); err != nil {
			return err
		}
		if extra != nil {
			return extra(q)
		}
		return nil
	}
	r.settle = func(err error) {
		s.sessions.release(op, op.newHash)
		// On failure, fail closed: the old ID's holder was told to use the
		// new one. This runs after the group commit's transaction, so the
		// writer is free; when the delete fails too, the old ID stays
		// signed out in memory.
		if err == nil || s.Tx(context.Background(), func(q *Q) error { return q.DeleteConsoleSession(op.oldHash) }) == nil {
			s.sessions.release(op, op.oldHash)
		}
		if settle != nil {
			settle(err)
		}
	}
	s.enqueue(r)
}

// sqlRotateConsoleSession is RotateConsoleSession's statement.
const sqlRotateConsoleSession = `UPDATE console_sessions SET id_hash = ?, role_session_id = ?, last_seen_at = ? WHERE id_hash = ?`

// forget drops a session from the cache now and again after the transaction.
func (q *Q) forget(idHash string) {
	if q.st == nil {
		return
	}
	q.st.sessions.forget(idHash)
	q.forgotten = append(q.forgotten, idHash)
}
