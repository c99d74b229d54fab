package api

import (
	"iamconsole/iam/cache"
	"iamconsole/iam/sigv4"
)

// maxSigningKeys bounds the signing keys kept: one per long-term access key,
// day, region and service in use. The scope is chosen by the caller, so the
// cache must not grow with it.
const maxSigningKeys = 4096

// signingKeys caches derived SigV4 signing keys of long-term access keys:
// four HMACs saved on every call. An entry remembers the secret it was
// derived from, so a rotated or mistyped secret never reuses it.
type signingKeys struct {
	lru *cache.LRU[string, signingKey]
}

type signingKey struct {
	secret string
	key    []byte
}

func newSigningKeys(n int) *signingKeys {
	return &signingKeys{lru: cache.NewLRU[string, signingKey](n)}
}

// get returns the signing key of secret for p's scope.
func (k *signingKeys) get(secret string, p *sigv4.Parsed) []byte {
	id := p.AccessKeyID + "/" + p.Date + "/" + p.Region + "/" + p.Service
	if e, ok := k.lru.Get(id); ok && e.secret == secret {
		return e.key
	}
	key := sigv4.SigningKey(secret, p.Date, p.Region, p.Service)
	k.lru.Put(id, signingKey{secret: secret, key: key})
	return key
}
