package sessions

import (
	"context"

	"iamconsole/iam"
)

// HashID is how a session ID is stored.
var HashID = hashID

// ReadHistory reads a user's role history from the store.
func (s *Service) ReadHistory(ctx context.Context, userID string) ([]iam.RoleLink, error) {
	return s.readHistory(ctx, userID)
}

// HistoryHeld reports whether the user's role history is held in memory.
func (s *Service) HistoryHeld(userID string) bool {
	h := s.history(userID)
	h.mu.Lock()
	defer h.mu.Unlock()
	return h.list != nil
}
