package sts

import (
	"log/slog"

	"iamconsole/iam"
	"iamconsole/iam/cache"
	"iamconsole/iam/identity"
	"iamconsole/store"
)

// maxCachedKeys bounds the long-term access keys held authenticated, and
// the keys whose last use was written recently.
const maxCachedKeys = 50_000

// Service issues and authenticates AWS credentials: STS's AssumeRole,
// GetSessionToken and GetCallerIdentity, the sealed session tokens of
// temporary credentials, and the access keys that sign API requests.
type Service struct {
	k   *iam.Service
	id  *identity.Service // checks MFA codes
	st  *store.Store
	log *slog.Logger
	// keys: authenticated long-term access keys, for one configuration
	// generation (every IAM write retires them).
	keys *iam.Cache[keyEntry]
	// keyUses: when each key's last use was written. Not configuration:
	// IAM writes leave it.
	keyUses *cache.LRU[string, keyUse]
}

// New builds STS over the kernel k, checking MFA codes with id.
func New(k *iam.Service, id *identity.Service) *Service {
	return &Service{k: k, id: id, st: k.Store(), log: k.Logger(), keys: iam.NewCache[keyEntry](k, maxCachedKeys),
		keyUses: cache.NewLRU[string, keyUse](maxCachedKeys)}
}
