package sessions

import (
	"log/slog"
	"sync"

	"iamconsole/iam"
	"iamconsole/iam/identity"
	"iamconsole/store"
)

// maxCachedRows bounds each cache of rows: accounts (by ID and by alias),
// users, favourites.
const maxCachedRows = 50_000

// Service signs people in to the console, resolves their sessions on
// every request and switches them into roles and back.
type Service struct {
	k    *iam.Service
	id   *identity.Service // checks MFA codes
	st   *store.Store
	log  *slog.Logger
	opts iam.Options

	throttle *throttle
	// accounts and users are the rows every request resolves its session
	// with; favorites the roles published to a user's groups.
	accounts  *iam.Cache[*store.Account]
	users     *iam.Cache[*store.User]
	favorites *iam.Cache[[]iam.RoleLink]
	// history: user ID → *historyState. One entry per user who switched
	// roles since the start, not per request: it holds the user's queued
	// switches, which must never be dropped while they are written.
	histories sync.Map
}

// New builds the console's sessions over the kernel k, checking MFA codes
// with id.
func New(k *iam.Service, id *identity.Service) *Service {
	return &Service{k: k, id: id, st: k.Store(), log: k.Logger(), opts: k.Options(), throttle: &throttle{st: NewMemoryFailures()},
		accounts: iam.NewCache[*store.Account](k, maxCachedRows), users: iam.NewCache[*store.User](k, maxCachedRows),
		favorites: iam.NewCache[[]iam.RoleLink](k, maxCachedRows)}
}

// UseFailureStore keeps sign-in failures in fs instead of this process's
// memory (a database that several instances share). Call it before the
// service answers requests.
func (s *Service) UseFailureStore(fs FailureStore) { s.throttle.st = fs }
