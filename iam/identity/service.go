package identity

import (
	"sync"

	"iamconsole/iam"
	"iamconsole/iam/cache"
	"iamconsole/store"
)

// Bounds of the identity's caches.
const (
	maxCachedCounts    = 1_000  // role counts per list filter
	maxCachedSnapshots = 50_000 // accounts' role snapshots
)

// Service manages the account's identities and what they may do: users,
// groups and roles; managed, inline and session-free policies with their
// attachments and permissions boundaries; access keys, console passwords
// and MFA devices; trust policies; and the tools that read policies (the
// summary, the simulator, the authorization details export).
type Service struct {
	k  *iam.Service
	st *store.Store
	// counts: list filter → number of roles, so that paging costs one
	// query per page.
	counts *iam.Cache[int64]
	// snapshots: account → its roles in name order, for the roles list.
	snapshots *iam.Cache[*roleSnapshot]
	// snapMu lets one reader build a missing snapshot while the others wait.
	snapMu sync.Mutex
	// summaries: effective permissions summaries by the policies they weigh.
	summaries *cache.LRU[string, *summaryEntry]
}

// New builds the identity service over the kernel k.
func New(k *iam.Service) *Service {
	return &Service{k: k, st: k.Store(), counts: iam.NewCache[int64](k, maxCachedCounts),
		snapshots: iam.NewCache[*roleSnapshot](k, maxCachedSnapshots), summaries: newSummaries()}
}
