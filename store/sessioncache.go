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
