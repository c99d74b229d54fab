// Package cache holds the bounded in-memory caches of the service layer
// and the API front door: LRU, a typed least-recently-used map with a fixed
// capacity, so that no cache keyed by what a caller chooses (a session
// policy, a credential scope, a session token) can grow without bound.
//
// Caches that hold configuration register with a Set, the one entry point
// through which a write (and, with several instances, a notifier from
// another instance) invalidates them.
//
// It imports the standard library only.
package cache
