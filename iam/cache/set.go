package cache

import "sync"

// Clearer is a cache that can be emptied.
type Clearer interface{ Clear() }

// Set is the one entry point that invalidates a group of caches: each
// cache holding data derived from the store registers with it, and a write
// (or a notifier that hears another instance's write) calls Invalidate.
type Set struct {
	mu     sync.Mutex
	caches []Clearer
	hooks  []func()
}

// Add registers caches to be cleared by Invalidate.
func (s *Set) Add(cs ...Clearer) {
	s.mu.Lock()
	s.caches = append(s.caches, cs...)
	s.mu.Unlock()
}

// OnInvalidate registers fn to run at every Invalidate, after the caches
// are cleared (a generation counter, a derived index).
func (s *Set) OnInvalidate(fn func()) {
	s.mu.Lock()
	s.hooks = append(s.hooks, fn)
	s.mu.Unlock()
}

// Invalidate clears every registered cache and runs the hooks.
func (s *Set) Invalidate() {
	s.mu.Lock()
	cs, hs := s.caches, s.hooks
	s.mu.Unlock()
	for _, c := range cs {
		c.Clear()
	}
	for _, h := range hs {
		h()
	}
}
