package s3

import (
	"context"
	"sync/atomic"

	"iamconsole/store"
)

// Small objects are cached with their data, so that reading one costs no
// query: maxCachedObjectSize bounds an object cached, maxCachedObjects
// the entries, so the cache holds at most 64 MiB. Every object write made
// through this service drops the object's entry; objGen moves with each
// write, so that a read that raced one is not cached. (Several instances
// over one database, later, will need to hear each other's writes, as the
// kernel's caches will.)
const (
	maxCachedObjectSize = 16 << 10
	maxCachedObjects    = 4096
)

type cachedObject struct {
	row  store.S3Object
	data []byte
}

func objectKey(bucket, key string) string { return bucket + "\x00" + key }

// objectWithData reads an object and, for a small one, its data, from the
// cache when it is there. The row returned must not be modified.
func (s *Service) objectWithData(ctx context.Context, bucket, key string) (*store.S3Object, []byte, error) {
	ck := objectKey(bucket, key)
	if o, ok := s.objects.Get(ck); ok {
		return &o.row, o.data, nil
	}
	gen := s.objGen.Load()
	row, data, err := s.st.S3ObjectWithData(ctx, bucket, key)
	if err != nil {
		return nil, nil, err
	}
	if data != nil && len(data) <= maxCachedObjectSize && s.objGen.Load() == gen {
		s.objects.Put(ck, &cachedObject{row: *row, data: data})
	}
	return row, data, nil
}

// objectChanged drops an object's cached entry around a write, and moves
// its bucket's listing generation.
func (s *Service) objectChanged(bucket, key string) {
	s.objGen.Add(1)
	s.objects.Delete(objectKey(bucket, key))
	s.listGen(bucket).Add(1)
}

// Listings are cached too, per bucket, prefix, delimiter, start and page
// size: an entry holds while its bucket's generation has not moved, that
// is while no object of the bucket was written through this service.
const maxCachedListings = 128

type cachedListing struct {
	gen       uint64
	objects   []ObjectSummary
	prefixes  []string
	truncated bool
	last      string
}

// listGen is a bucket's listing generation.
func (s *Service) listGen(bucket string) *atomic.Uint64 {
	if g, ok := s.listGens.Load(bucket); ok {
		return g.(*atomic.Uint64)
	}
	g, _ := s.listGens.LoadOrStore(bucket, new(atomic.Uint64))
	return g.(*atomic.Uint64)
}
