package iam

import (
	"context"
	"log/slog"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"iamconsole/store"
)

// Clock tells the time; tests substitute one they control.
type Clock interface{ Now() time.Time }

type systemClock struct{}

func (systemClock) Now() time.Time { return time.Now().UTC() }

// ManualClock is a Clock that moves only when told to, for tests.
type ManualClock struct {
	mu sync.Mutex
	t  time.Time
}

// NewManualClock starts a clock at t.
func NewManualClock(t time.Time) *ManualClock { return &ManualClock{t: t.UTC()} }

// Now implements Clock.
func (c *ManualClock) Now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.t }

// Advance moves the clock forward by d.
func (c *ManualClock) Advance(d time.Duration) { c.mu.Lock(); c.t = c.t.Add(d); c.mu.Unlock() }

// Options configure a Service.
type Options struct {
	Store  *store.Store
	Sealer *Sealer
	Logger *slog.Logger
	Clock  Clock // nil: the system clock
	// SessionTTL is a console session's absolute lifetime (AWS: 12 hours).
	SessionTTL time.Duration
	// IdleTTL ends a console session after this long without a request.
	IdleTTL time.Duration
	// ConsoleURL is the console's base URL, for sign-in URLs and events.
	ConsoleURL string
}

// Service carries out every operation, authorized, validated and audited.
type Service struct {
	st     *store.Store
	sealer *Sealer
	log    *slog.Logger
	clock  Clock
	audit  *auditor
	opts   Options
	// gen counts IAM writes; caches of compiled policies are keyed by it.
	gen    atomic.Uint64
	caches caches
	// changes remembers what moved gen, for ChangesSince.
	changes changeLog
}

// New builds a Service; Close it to flush the event history.
func New(o Options) *Service {
	if o.Clock == nil {
		o.Clock = systemClock{}
	}
	if o.Logger == nil {
		o.Logger = slog.Default()
	}
	if o.SessionTTL == 0 {
		o.SessionTTL = 12 * time.Hour
	}
	if o.IdleTTL == 0 {
		o.IdleTTL = 2 * time.Hour
	}
	if o.ConsoleURL == "" {
		o.ConsoleURL = "http://127.0.0.1:8080"
	}
	s := &Service{st: o.Store, sealer: o.Sealer, log: o.Logger, clock: o.Clock, opts: o,
		audit: newAuditor(o.Store, o.Logger)}
	s.caches.init(s)
	return s
}

// Close flushes queued events and stops background work.
func (s *Service) Close() {
	s.waitQueued() // switches still being written, with their events
	s.audit.Close()
}

// FlushEvents waits until every event recorded so far, and every event of
// a switch still being written, is stored.
func (s *Service) FlushEvents() {
	s.waitQueued()
	s.audit.Flush()
}

// waitQueued waits for the store's queued writes (switches still being written).
func (s *Service) waitQueued() {
	if s.st != nil {
		_ = s.st.WaitQueued(context.Background())
	}
}

// Now is the service's clock.
func (s *Service) Now() time.Time { return s.clock.Now() }

// Store exposes the store to sibling adapters that need raw reads (tests).
func (s *Service) Store() *store.Store { return s.st }

// Record queues an event for the batched writer.
func (s *Service) Record(r *Record) { s.audit.add(r) }

// Tx runs fn in a write transaction and marks configuration changed.
func (s *Service) Tx(ctx context.Context, fn func(q *store.Q) error) error {
	return s.tx(ctx, fn, nil)
}

// tx is Tx for a write that the event rec describes (nil: none does):
// once it commits, the generation moves and the change is noted.
func (s *Service) tx(ctx context.Context, fn func(q *store.Q) error, rec *Record) error {
	err := s.st.Tx(ctx, fn)
	if err == nil {
		s.note(rec)
	}
	return err
}

// Options are the options the service was built with, defaults filled in.
func (s *Service) Options() Options { return s.opts }

// Sealer encrypts and decrypts the secrets the service stores.
func (s *Service) Sealer() *Sealer { return s.sealer }

// NoteRoleUse notes that a role was used at t in region (RoleLastUsed): the
// event writer's next batch stores it, and RoleLastUse reports it until then.
func (s *Service) NoteRoleUse(roleID string, t time.Time, region string) {
	s.audit.roleUsed(roleID, t, region)
}

// RoleLastUse is the latest use of a role noted by this process, if any.
func (s *Service) RoleLastUse(roleID string) (store.RoleUse, bool) { return s.audit.lastUse(roleID) }

// ConsoleSignInURL is an account's IAM-user sign-in URL.
func (s *Service) ConsoleSignInURL(accountIDOrAlias string) string {
	return strings.TrimRight(s.opts.ConsoleURL, "/") + "/signin?account=" + accountIDOrAlias
}
