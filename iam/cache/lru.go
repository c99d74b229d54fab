package cache

import "sync"

// LRU is a map of at most Cap entries that evicts the least recently used
// one to make room. It is safe for concurrent use; the zero value is not
// usable, build one with NewLRU.
type LRU[K comparable, V any] struct {
	mu    sync.Mutex
	cap   int
	items map[K]*node[K, V]
	// head.next is the most recently used entry, head.prev the least: a
	// ring through a sentinel, so that no link is ever nil.
	head node[K, V]
	// evictions counts entries dropped to make room, for tests and metrics.
	evictions uint64
}

type node[K comparable, V any] struct {
	key        K
	val        V
	prev, next *node[K, V]
}

// NewLRU builds an LRU holding at most capacity entries (at least 1).
func NewLRU[K comparable, V any](capacity int) *LRU[K, V] {
	if capacity < 1 {
		capacity = 1
	}
	l := &LRU[K, V]{cap: capacity, items: make(map[K]*node[K, V], min(capacity, 1024))}
	l.head.next, l.head.prev = &l.head, &l.head
	return l
}

// Get returns the value of key and marks it used.
func (l *LRU[K, V]) Get(key K) (V, bool) {
	l.mu.Lock()
	n, ok := l.items[key]
	if !ok {
		l.mu.Unlock()
		var zero V
		return zero, false
	}
	l.moveFront(n)
	v := n.val
	l.mu.Unlock()
	return v, true
}

// Put stores value under key, evicting the least recently used entry when
// the cache is full.
func (l *LRU[K, V]) Put(key K, value V) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if n, ok := l.items[key]; ok {
		n.val = value
		l.moveFront(n)
		return
	}
	if len(l.items) >= l.cap {
		last := l.head.prev
		l.unlink(last)
		delete(l.items, last.key)
		l.evictions++
	}
	n := &node[K, V]{key: key, val: value}
	l.items[key] = n
	l.linkFront(n)
}

// GetOrAdd returns the value of key, storing make()'s value first when the
// key is absent. make runs outside the lock, so two callers may both make a
// value; the first one stored wins and both get it.
func (l *LRU[K, V]) GetOrAdd(key K, make func() (V, error)) (V, error) {
	if v, ok := l.Get(key); ok {
		return v, nil
	}
	v, err := make()
	if err != nil {
		return v, err
	}
	l.mu.Lock()
	if n, ok := l.items[key]; ok {
		l.moveFront(n)
		v = n.val
		l.mu.Unlock()
		return v, nil
	}
	l.mu.Unlock()
	l.Put(key, v)
	return v, nil
}

// Delete removes key.
func (l *LRU[K, V]) Delete(key K) {
	l.mu.Lock()
	if n, ok := l.items[key]; ok {
		l.unlink(n)
		delete(l.items, key)
	}
	l.mu.Unlock()
}

// Clear removes every entry.
func (l *LRU[K, V]) Clear() {
	l.mu.Lock()
	clear(l.items)
	l.head.next, l.head.prev = &l.head, &l.head
	l.mu.Unlock()
}

// Len is the number of entries.
func (l *LRU[K, V]) Len() int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return len(l.items)
}

// Cap is the most entries the cache holds.
func (l *LRU[K, V]) Cap() int { return l.cap }

// Evictions counts the entries dropped to make room so far.
func (l *LRU[K, V]) Evictions() uint64 {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.evictions
}

func (l *LRU[K, V]) moveFront(n *node[K, V]) {
	if l.head.next == n {
		return
	}
	l.unlink(n)
	l.linkFront(n)
}

func (l *LRU[K, V]) unlink(n *node[K, V]) {
	n.prev.next, n.next.prev = n.next, n.prev
	n.prev, n.next = nil, nil
}

func (l *LRU[K, V]) linkFront(n *node[K, V]) {
	n.prev, n.next = &l.head, l.head.next
	l.head.next.prev = n
	l.head.next = n
}
