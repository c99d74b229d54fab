package store

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// What several instances sharing one database (PostgreSQL) must know of
// each other's writes, and how they learn it:
//
//   - IAM configuration (principals, policies, credentials, accounts): a
//     transaction that changes it (Q.ConfigChanged) moves the generation
//     row in the same transaction. Sync reads the row, and the console
//     session read carries it (CachedConsoleSession); when it moved, the
//     OnChange hooks run, and drop what the instance cached, before the
//     read returns. So a request never authorizes with data older than a
//     write acknowledged before it began: the write's commit moved the
//     row, and the request reads the row before it uses its caches.
//   - Notifications (PostgreSQL's NOTIFY, sent with the commit) tell the
//     other instances at once of a configuration change, so that idle
//     caches drop within milliseconds, and of the roles' last uses
//     (OnRoleUse), which are not configuration.
//
// On an unshared database (SQLite: one process) none of this runs: the
// process's own memory is the truth, and each of these calls returns at
// once.

// sharedState is the store's side of several instances.
type sharedState struct {
	on       bool
	instance string // this instance's random ID, to skip its own notices
	channel  string // the notification channel of the database's schema

	// seen is the generation this instance has caught up with: every
	// OnChange hook has run since the row reached it.
	seen atomic.Uint64
	mu   sync.Mutex // held while the hooks of a newer generation run

	hookMu  sync.RWMutex
	changes []func()
	uses    []func(RoleUse)

	heard atomic.Uint64 // notifications heard from other instances

	// Sync's reads of the generation row, shared: see Sync.
	syncMu  sync.Mutex
	reading bool       // a read is under way
	next    *syncRound // the read the callers that came meanwhile wait for
	reads   atomic.Uint64

	stop context.CancelFunc
	done chan struct{}
}

// notice topics.
const (
	topicConfig  = "config"
	topicRoleUse = "roleuse"
)

// Shared reports whether other instances may share the database
// (PostgreSQL), so that the service layer keeps in the database, not in
// memory, what every instance must see alike (sign-in throttling, the
// role history) and waits for writes to commit before it answers.
func (s *Store) Shared() bool { return s.sh.on }

// OnChange registers fn to run whenever this instance learns that the IAM
// configuration changed elsewhere: another instance's write, seen in the
// generation row (Sync, CachedConsoleSession) or heard as a notification.
// fn runs before the read that learnt it returns; it must be quick and
// must not call the store.
func (s *Store) OnChange(fn func()) {
	s.sh.hookMu.Lock()
	s.sh.changes = append(s.sh.changes, fn)
	s.sh.hookMu.Unlock()
}

// OnRoleUse registers fn to run for each last use of a role that another
// instance recorded (AppendEvents), once it is committed.
func (s *Store) OnRoleUse(fn func(RoleUse)) {
	s.sh.hookMu.Lock()
	s.sh.uses = append(s.sh.uses, fn)
	s.sh.hookMu.Unlock()
}

// Generation is the configuration generation this instance has caught up
// with (always 0 on an unshared database).
func (s *Store) Generation() uint64 { return s.sh.seen.Load() }

// Sync catches this instance up with the configuration generation in the
// database: when another instance changed the configuration since, the
// OnChange hooks have run when it returns. A request calls it before it
// authorizes with anything cached. On an unshared database it returns at
// once.
//
// Callers at the same moment share reads: a caller that finds no read
// under way makes one at once; one that finds a read under way waits for
// the next, which starts when that one ends, so that the read it is
// answered by began after it called, and saw every write committed before.
// Under load there is a read per round trip to the database rather than
// one per request.
func (s *Store) Sync(ctx context.Context) error {
	if !s.sh.on {
		return nil
	}
	s.sh.syncMu.Lock()
	if !s.sh.reading {
		s.sh.reading = true
		s.sh.syncMu.Unlock()
		r := &syncRound{done: make(chan struct{})}
		s.syncRead(r)
		return r.err
	}
	r := s.sh.next
	if r == nil {
		r = &syncRound{done: make(chan struct{})}
		s.sh.next = r
	}
	s.sh.syncMu.Unlock()
	select {
	case <-r.done:
		return r.err
	case <-ctx.Done():
		return ctx.Err()
	}
}

// syncRound is one read of the generation row and the callers it answers.
type syncRound struct {
	done chan struct{}
	err  error
}

// syncRead reads the generation row for r, then starts the round that
// waited for it, if any.
func (s *Store) syncRead(r *syncRound) {
	s.sh.reads.Add(1)
	var n uint64
	// Not the caller's context: the callers who joined the round must not
	// fail with the one that started it.
	ctx, cancel := context.WithTimeout(context.Background(), syncTimeout)
	err := s.r.WithContext(ctx).Raw(sqlGeneration).Scan(&n).Error
	cancel()
	if err != nil {
		r.err = mapErr("store: read the generation", err)
	} else {
		s.observe(n)
	}
	close(r.done)
	s.sh.syncMu.Lock()
	next := s.sh.next
	s.sh.next = nil
	if next == nil {
		s.sh.reading = false
	}
	s.sh.syncMu.Unlock()
	if next != nil {
		go s.syncRead(next)
	}
}

// syncTimeout bounds one read of the generation row.
const syncTimeout = 10 * time.Second

const sqlGeneration = `SELECT n FROM generation WHERE id = 1`

// observe runs the OnChange hooks once the database's generation n is
// newer than the one this instance caught up with. Callers that find n
// already seen return at once; the others wait until the hooks ran.
func (s *Store) observe(n uint64) {
	if s.sh.seen.Load() >= n {
		return
	}
	s.sh.mu.Lock()
	defer s.sh.mu.Unlock()
	if s.sh.seen.Load() >= n {
		return
	}
	s.runChangeHooks()
	s.sh.seen.Store(n)
}

func (s *Store) runChangeHooks() {
	s.sh.hookMu.RLock()
	hooks := s.sh.changes
	s.sh.hookMu.RUnlock()
	for _, h := range hooks {
		h()
	}
}

// ConfigChanged marks q's transaction as changing IAM configuration: on a
// shared database the generation row moves in the same transaction and
// the other instances are notified when it commits.
func (q *Q) ConfigChanged() { q.changed = true }

// published is what a transaction sent to the other instances.
type published struct {
	gen uint64 // the generation it moved the row to (0: it did not)
}

// publish moves the generation row when changed, and sends the payloads,
// inside tx; PostgreSQL delivers the notifications when tx commits and
// drops them when it rolls back.
func (s *Store) publish(ctx context.Context, tx *sql.Tx, changed bool, payloads []string) (published, error) {
	var p published
	if !s.sh.on || (!changed && len(payloads) == 0) {
		return p, nil
	}
	if changed {
		if err := tx.QueryRowContext(ctx, `UPDATE generation SET n = n + 1 WHERE id = 1 RETURNING n`).Scan(&p.gen); err != nil {
			return p, fmt.Errorf("store: move the generation: %w", err)
		}
		payloads = append(payloads, s.payload(topicConfig, strconv.FormatUint(p.gen, 10)))
	}
	notify := s.d.rebind(s.d.notifySQL())
	for _, pl := range payloads {
		if _, err := tx.ExecContext(ctx, notify, s.sh.channel, pl); err != nil {
			return p, fmt.Errorf("store: notify: %w", err)
		}
	}
	return p, nil
}

// committed notes a committed publish: a generation this instance moved
// the row to from the one it had caught up with needs no hooks of its own
// (its writer drops its own caches).
func (s *Store) committed(p published) {
	if p.gen > 0 {
		s.sh.seen.CompareAndSwap(p.gen-1, p.gen)
	}
}

// payload is a notification: the sender, the topic and its words.
func (s *Store) payload(topic, rest string) string {
	return s.sh.instance + " " + topic + " " + rest
}

// roleUsePayload is the notice of one role's last use.
func (s *Store) roleUsePayload(u RoleUse) string {
	return s.payload(topicRoleUse, u.RoleID+" "+strconv.FormatInt(u.At.UnixNano(), 10)+" "+u.Region)
}

// hear handles one notification of another instance.
func (s *Store) hear(payload string) {
	from, rest, _ := strings.Cut(payload, " ")
	if from == s.sh.instance {
		return
	}
	topic, rest, _ := strings.Cut(rest, " ")
	s.sh.heard.Add(1)
	switch topic {
	case topicConfig:
		if n, err := strconv.ParseUint(rest, 10, 64); err == nil {
			s.observe(n)
		}
	case topicRoleUse:
		f := strings.SplitN(rest, " ", 3)
		if len(f) != 3 {
			return
		}
		ns, err := strconv.ParseInt(f[1], 10, 64)
		if err != nil {
			return
		}
		u := RoleUse{RoleID: f[0], At: time.Unix(0, ns).UTC(), Region: f[2]}
		s.sh.hookMu.RLock()
		hooks := s.sh.uses
		s.sh.hookMu.RUnlock()
		for _, h := range hooks {
			h(u)
		}
	}
}

// startShared prepares a shared database's side: this instance's ID, the
// channel, the generation it starts from, and the listener, which is
// listening when it returns.
func (s *Store) startShared(ctx context.Context) error {
	if !s.d.shared() {
		return nil
	}
	s.sh.on = true
	id := make([]byte, 8)
	rand.Read(id)
	s.sh.instance = hex.EncodeToString(id)
	var schema string
	if err := s.r.WithContext(ctx).Raw(`SELECT current_schema()`).Scan(&schema).Error; err != nil {
		return mapErr("store: read the schema", err)
	}
	s.sh.channel = channelOf(schema)
	var n uint64
	if err := s.r.WithContext(ctx).Raw(sqlGeneration).Scan(&n).Error; err != nil {
		return mapErr("store: read the generation", err)
	}
	s.sh.seen.Store(n)

	lctx, cancel := context.WithCancel(context.Background())
	s.sh.stop, s.sh.done = cancel, make(chan struct{})
	ready := make(chan error, 1)
	go s.runListener(lctx, ready)
	select {
	case err := <-ready:
		if err != nil {
			s.stopShared()
			return err
		}
	case <-ctx.Done():
		s.stopShared()
		return ctx.Err()
	}
	return nil
}

// channelOf is the notification channel of a schema: one per schema, as
// the schemas of one database are separate stores. A channel name has at
// most 63 bytes; a long schema name is stood for by its digest.
func channelOf(schema string) string {
	const prefix = "iamconsole."
	if len(prefix)+len(schema) <= 63 {
		return prefix + schema
	}
	sum := sha256.Sum256([]byte(schema))
	return prefix + hex.EncodeToString(sum[:16])
}

// listenRetry bounds the wait before the listener connects again.
const listenRetry = 2 * time.Second

// runListener hears notifications until stopped, connecting again when the
// connection fails. Whatever was said while it was away is lost, so after
// reconnecting it runs the OnChange hooks once: caches start over.
func (s *Store) runListener(ctx context.Context, ready chan<- error) {
	defer close(s.sh.done)
	first := true
	wait := 50 * time.Millisecond
	for {
		err := s.d.listen(ctx, s.target, s.sh.channel, func() {
			if first {
				first = false
				ready <- nil
				return
			}
			wait = 50 * time.Millisecond
			s.sh.mu.Lock()
			s.runChangeHooks()
			s.sh.mu.Unlock()
		}, s.hear)
		if ctx.Err() != nil {
			return
		}
		if first {
			ready <- err
			return
		}
		select {
		case <-ctx.Done():
			return
		case <-time.After(wait):
		}
		wait = min(2*wait, listenRetry)
	}
}

func (s *Store) stopShared() {
	if s.sh.stop == nil {
		return
	}
	s.sh.stop()
	<-s.sh.done
	s.sh.stop = nil
}

// Ready reports whether the store can serve: the database answers and its
// schema is the one this version migrated it to (an instance of a newer
// version may have moved it on).
func (s *Store) Ready(ctx context.Context) error {
	v, err := s.SchemaVersion(ctx)
	if err != nil {
		return mapErr("store: the database does not answer", err)
	}
	if v != s.latest {
		return fmt.Errorf("store: the database schema is at version %d, this version of iamconsole serves version %d", v, s.latest)
	}
	return nil
}

// errTxNotSQL is a gorm transaction not over database/sql.
var errTxNotSQL = errors.New("store: transaction is not a database/sql transaction")
