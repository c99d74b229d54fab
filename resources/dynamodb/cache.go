package dynamodb

import (
	"sync"
	"time"

	"iamconsole/iam/cache"
	"iamconsole/store"
)

// itemCache keeps small items for eventually consistent reads, as
// DynamoDB's replicas serve them: GetItem without ConsistentRead may
// answer from it. A write of this process drops the item's entry once
// committed; an entry is read again after itemTTL, so that the writes of
// other server instances are seen within it, as DynamoDB's eventual
// consistency allows ("usually within a second").
type itemCache struct {
	// mu orders fills against writes: a read fills only if no write
	// ended since it began, and a write's drop happens under it.
	mu   sync.Mutex
	gen  uint64
	lru  *cache.LRU[itemKey, cachedItem]
	size int // items larger than this are not kept
}

type itemKey struct {
	table  int64
	hk, rk string
}

type cachedItem struct {
	row     *store.DDBItem // nil: no item with the key
	fetched time.Time
}

const (
	itemTTL        = time.Second
	itemCacheItems = 20000
	itemCacheMax   = 4096 // bytes of one item kept
)

func newItemCache() *itemCache {
	return &itemCache{lru: cache.NewLRU[itemKey, cachedItem](itemCacheItems), size: itemCacheMax}
}

// get returns a fresh entry.
func (c *itemCache) get(k itemKey) (*store.DDBItem, bool) {
	e, ok := c.lru.Get(k)
	if !ok || time.Since(e.fetched) >= itemTTL {
		return nil, false
	}
	return e.row, true
}

// begin notes the generation before a read from the store.
func (c *itemCache) begin() uint64 {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.gen
}

// fill keeps what a read found, unless a write ended since begin.
func (c *itemCache) fill(k itemKey, gen uint64, row *store.DDBItem, at time.Time) {
	if row != nil && len(row.Item) > c.size {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.gen == gen {
		c.lru.Put(k, cachedItem{row: row, fetched: at})
	}
}

// drop forgets items after a write of them ended, committed or not.
func (c *itemCache) drop(ks ...itemKey) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.gen++
	for _, k := range ks {
		c.lru.Delete(k)
	}
}

// clear forgets all items, as when a table is deleted.
func (c *itemCache) clear() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.gen++
	c.lru.Clear()
}
