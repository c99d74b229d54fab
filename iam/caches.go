package iam

import (
	"iamconsole/iam/cache"
	"iamconsole/iam/managed"
	"iamconsole/iam/policy"
	"iamconsole/store"
)

// Bounds of the kernel's caches. Every cache keyed by what a caller
// chooses (a session policy, a session, a search, an alias) is an LRU, so
// that no caller can make one grow without bound; the subjects' caches
// (NewCache) are bounded alike.
const (
	maxCachedSets     = 10_000 // principals' compiled policy sets
	maxCachedPolicies = 10_000 // compiled documents
	maxCachedRoles    = 50_000 // roles to assume
)

// cachedSet is a principal's compiled policies for one configuration generation.
type cachedSet struct {
	gen  uint64
	set  *policy.Set
	tags map[string]string
}

// Cache is a bounded cache of values derived from IAM configuration, for
// the kernel and the subjects built on it: an entry holds for the
// configuration generation it was read at (see Generation), so that every
// IAM write retires it, and Invalidate empties every Cache of the kernel at
// once.
type Cache[T any] struct {
	s *Service
	m *cache.LRU[string, genValue[T]]
}

// genValue is a cached value and the generation it was read at.
type genValue[T any] struct {
	gen uint64
	v   T
}

// NewCache builds a Cache of at most capacity entries, registered with s's
// one invalidation entry point. Subjects build theirs when they are built.
func NewCache[T any](s *Service, capacity int) *Cache[T] {
	c := &Cache[T]{s: s, m: cache.NewLRU[string, genValue[T]](capacity)}
	s.caches.set.Add(c.m)
	return c
}

// Get returns the value held under key if it was read at generation gen.
func (c *Cache[T]) Get(gen uint64, key string) (T, bool) {
	if v, ok := c.m.Get(key); ok && v.gen == gen {
		return v.v, true
	}
	var zero T
	return zero, false
}

// Put stores v, read at generation gen, under key.
func (c *Cache[T]) Put(gen uint64, key string, v T) { c.m.Put(key, genValue[T]{gen: gen, v: v}) }

// Load returns the value held under key for the current generation, else
// what load reads, stored for the generation that was current before the
// read (so that a write during the read retires it).
func (c *Cache[T]) Load(key string, load func() (T, error)) (T, error) {
	gen := c.s.gen.Load()
	if v, ok := c.Get(gen, key); ok {
		return v, nil
	}
	v, err := load()
	if err != nil {
		var zero T
		return zero, err
	}
	c.Put(gen, key, v)
	return v, nil
}

// Len is the number of entries held.
func (c *Cache[T]) Len() int { return c.m.Len() }

// Generation is the configuration generation: it moves with every write
// made through Tx or Op.Write and with every Invalidate. A value derived
// from configuration holds for the generation read before it was.
func (s *Service) Generation() uint64 { return s.gen.Load() }

// Compile compiles a policy document of kind k under id, once per
// document: compiled policies are cached by their text, so they never go
// stale, only out.
func (s *Service) Compile(id, doc string, k policy.Kind) (*policy.Policy, error) {
	return s.caches.compile(id, doc, k)
}

// caches are the kernel's in-memory views of the store, and the set every
// Cache of the kernel and its subjects registers with. Entries derived
// from IAM configuration carry the generation they were read at and are
// stale once it moves (see changed); Invalidate also empties them, for a
// notifier that hears of another instance's write.
type caches struct {
	set cache.Set
	// sets: principal key → *cachedSet.
	sets *cache.LRU[string, *cachedSet]
	// compiled: policy id + "\x00" + document → compiled policy. The key is
	// the document itself, so entries never go stale, only out.
	compiled *cache.LRU[string, *policy.Policy]
	// roles: the roles to assume that Switch Role and AssumeRole looked up.
	roles *Cache[*store.Role]
}

// init builds the caches of s empty.
func (c *caches) init(s *Service) {
	c.sets = cache.NewLRU[string, *cachedSet](maxCachedSets)
	c.compiled = cache.NewLRU[string, *policy.Policy](maxCachedPolicies)
	c.set.Add(c.sets)
	c.roles = NewCache[*store.Role](s, maxCachedRoles)
}

// Invalidate drops every cached view of IAM configuration: the one entry
// point for a write made elsewhere (another instance, a test writing to the
// store directly). Writes through the service call changed, which moves the
// generation every cached entry is checked against.
func (s *Service) Invalidate() {
	s.note(nil)
	s.caches.set.Invalidate()
}

// InvalidateCaches is Invalidate, for tests that write to the store directly.
func (s *Service) InvalidateCaches() { s.Invalidate() }

func (cs *caches) compile(id, doc string, k policy.Kind) (*policy.Policy, error) {
	return cs.compiled.GetOrAdd(id+"\x00"+doc, func() (*policy.Policy, error) {
		return CompileDocument(id, doc, k)
	})
}

// CompileDocument compiles a policy document of kind k under id, as
// Compile does but without its cache, for callers that keep compiled
// policies of their own (the access graph): AWS's own managed documents
// are not held to the customer's rules, everything else is.
func CompileDocument(id, doc string, k policy.Kind) (*policy.Policy, error) {
	if managed.IsAWSManaged(id) {
		return policy.CompileManaged(id, []byte(doc))
	}
	return policy.Compile(id, []byte(doc), k)
}
