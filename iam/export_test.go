package iam

import (
	"iamconsole/iam/cache"
	"iamconsole/iam/policy"
)

// CompiledLen is the number of compiled policy documents held.
func CompiledLen(s *Service) int { return s.caches.compiled.Len() }

// BoundCaches replaces the caches of compiled policies and of principals'
// policy sets with caches of capacity n.
func BoundCaches(s *Service, n int) {
	s.caches.compiled = cache.NewLRU[string, *policy.Policy](n)
	s.caches.sets = cache.NewLRU[string, *cachedSet](n)
}

// CompiledCache is the cache of compiled policies.
func CompiledCache(s *Service) *cache.LRU[string, *policy.Policy] { return s.caches.compiled }

// SetsCache is the cache of principals' policy sets.
func SetsCache(s *Service) *cache.LRU[string, *cachedSet] { return s.caches.sets }

// The test binary hashes at bcrypt's least cost from its start: the
// fixtures lower it too, and doing so while a test is already hashing
// would race (and make the dummy and real hashes' costs differ).
func init() { UseFastPasswordHashing() }
