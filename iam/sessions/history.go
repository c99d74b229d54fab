package sessions

import (
	"context"
	"slices"
	"sync"
	"sync/atomic"
	"time"

	"iamconsole/iam"
)

// RoleHistory lists the roles base switched to, most recent first (up to
// 50; the identity menu shows the first RoleHistoryShown). Root has none.
func (s *Service) RoleHistory(ctx context.Context, base *iam.Caller) ([]iam.RoleLink, error) {
	if base == nil || base.Type != iam.CallerUser {
		return nil, nil
	}
	// The navigation bar shows the history on every page: it is kept in
	// memory per user, with every switch applied to it in the order the
	// switches are written (see switchHistory).
	h := s.history(base.UserID)
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.failed.Swap(false) {
		h.list = nil
	}
	gen := s.k.Generation() // account aliases are shown as of this generation
	if h.list != nil && h.gen == gen {
		return slices.Clone(*h.list), nil
	}
	if h.queued.Load() > 0 {
		// Read after the user's switches being written. No other can be
		// queued meanwhile (that takes h.mu), and none of theirs waits for
		// h.mu to be written.
		if err := s.st.WaitQueued(ctx); err != nil {
			return nil, iam.Internal(err)
		}
		h.failed.Store(false)
	}
	out, err := s.readHistory(ctx, base.UserID)
	if err != nil {
		return nil, err
	}
	h.list, h.gen = &out, gen
	return slices.Clone(out), nil
}

// readHistory reads a user's role history from the store.
func (s *Service) readHistory(ctx context.Context, userID string) ([]iam.RoleLink, error) {
	hs, err := s.st.Read(ctx).RoleHistoryFor(userID, roleHistoryKept)
	if err != nil {
		return nil, iam.Internal(err)
	}
	// One entry per role: rows written before history kept account IDs
	// may name the account by alias. Accounts show by alias when they have one.
	q := s.st.Read(ctx)
	out := make([]iam.RoleLink, 0, len(hs))
	seen := make(map[string]bool, len(hs))
	for _, h := range hs {
		account, label := h.Account, h.Account
		if a, err := s.cachedAccountByIDOrAlias(q, h.Account); err == nil {
			account, label = a.ID, a.ID
			if a.Alias != nil {
				label = *a.Alias
			}
		}
		key := account + "\x00" + h.RoleName
		if seen[key] {
			continue
		}
		seen[key] = true
		out = append(out, iam.RoleLink{Account: label, RoleName: h.RoleName, DisplayName: h.DisplayName, Color: h.Color, UsedAt: h.UsedAt})
	}
	return out, nil
}

// historyState is a user's role history in memory.
type historyState struct {
	mu   sync.Mutex
	list *[]iam.RoleLink // nil: not known, read it from the store
	gen  uint64          // configuration generation list was read at
	// queued counts the user's switches queued but not yet written; failed
	// says one of them failed, so the list is not the store's.
	queued atomic.Int32
	failed atomic.Bool
	// last is the latest history time handed out: the times of one user's
	// switches rise in the order they are written, so that the store orders
	// them as the list in memory does.
	last time.Time
}

func (s *Service) history(userID string) *historyState {
	if v, ok := s.histories.Load(userID); ok {
		return v.(*historyState)
	}
	v, _ := s.histories.LoadOrStore(userID, new(historyState))
	return v.(*historyState)
}

// switchHistory queues a switch's writes (queue) with its history entry l
// applied to the user's history in memory, in the same order: the list in
// memory stays what the store will read once the queued writes are in.
// queue gets the entry's time, l.UsedAt or just after the user's previous
// switch, and must call settle once its writes committed or failed.
func (s *Service) switchHistory(userID string, l iam.RoleLink, queue func(usedAt time.Time, settle func(ok bool))) {
	h := s.history(userID)
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.failed.Swap(false) {
		h.list = nil
	}
	if !l.UsedAt.After(h.last) {
		l.UsedAt = h.last.Add(time.Nanosecond)
	}
	h.last = l.UsedAt
	if h.list != nil {
		list := touchHistory(*h.list, l)
		h.list = &list
	}
	h.queued.Add(1)
	// settle runs on the group commit's goroutine, which queue may be
	// waiting for when the queue is full: it must not take h.mu.
	queue(l.UsedAt, func(ok bool) {
		if !ok {
			h.failed.Store(true)
		}
		h.queued.Add(-1)
	})
}

// touchHistory returns hs with l first, its older entry for the same role
// removed, at most roleHistoryKept long: what the store's history reads
// after l's upsert.
func touchHistory(hs []iam.RoleLink, l iam.RoleLink) []iam.RoleLink {
	out := make([]iam.RoleLink, 0, min(len(hs)+1, roleHistoryKept))
	out = append(out, l)
	for _, h := range hs {
		if len(out) == roleHistoryKept {
			break
		}
		if h.Account == l.Account && h.RoleName == l.RoleName {
			continue
		}
		out = append(out, h)
	}
	return out
}
