package s3

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"log/slog"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"iamconsole/iam"
	"iamconsole/iam/cache"
	"iamconsole/iam/catalog"
	"iamconsole/iam/policy"
	"iamconsole/store"
)

// Source is S3's eventSource in CloudTrail.
const Source = "s3.amazonaws.com"

// DefaultRegion is the region a bucket is created in when the request
// names none, and the region of the console.
const DefaultRegion = "us-east-1"

// Garbage collection of object bodies: a released blob (overwritten,
// deleted) is kept for ReleasedGrace so that reads in flight finish; a blob
// nothing ever referred to (an upload that broke off in a crash) is deleted
// after AbandonedAfter.
const (
	defaultGCInterval     = time.Minute
	defaultReleasedGrace  = 5 * time.Minute
	defaultAbandonedAfter = 24 * time.Hour
	maxCachedBuckets      = 10_000
)

// Options configure a Service.
type Options struct {
	// GCInterval is how often RunCollector deletes released and abandoned
	// bodies; zero means a minute.
	GCInterval time.Duration
	// ReleasedGrace and AbandonedAfter: see the package's constants.
	ReleasedGrace, AbandonedAfter time.Duration
	Logger                        *slog.Logger
}

// Service is simulated S3: every operation authorized through the iam
// kernel, as the effective principal, with the bucket policy as the
// resource-based policy.
type Service struct {
	iam  *iam.Service
	st   *store.Store
	log  *slog.Logger
	opts Options

	// buckets caches bucket configuration (owner, compiled policy, Block
	// Public Access, tags) by name; gen moves on every bucket write, so that
	// a load that raced a write is not cached.
	buckets *cache.LRU[string, *bucket]
	gen     atomic.Uint64
	// objects caches small objects with their data (see objcache.go).
	objects *cache.LRU[string, *cachedObject]
	objGen  atomic.Uint64
	// listings caches listing pages; listGens holds each bucket's
	// *atomic.Uint64 generation (see objcache.go).
	listings *cache.LRU[string, *cachedListing]
	listGens sync.Map
	// shared: other instances write the database too (store.Shared),
	// whose writes this one would not hear of before it answers from the
	// caches above; then it keeps none of them and reads the database each
	// time, keeping only compiled bucket policies, by their text.
	shared   bool
	policies *cache.LRU[string, *compiledPolicy]
}

// compiledPolicy is a bucket policy compiled, and whether it grants public
// access.
type compiledPolicy struct {
	p      *policy.Policy
	public bool
}

// New builds the S3 service over the kernel. It starts nothing in the
// background: the server runs RunCollector.
func New(svc *iam.Service, opts Options) *Service {
	if opts.GCInterval == 0 {
		opts.GCInterval = defaultGCInterval
	}
	if opts.ReleasedGrace == 0 {
		opts.ReleasedGrace = defaultReleasedGrace
	}
	if opts.AbandonedAfter == 0 {
		opts.AbandonedAfter = defaultAbandonedAfter
	}
	if opts.Logger == nil {
		opts.Logger = svc.Logger()
	}
	return &Service{iam: svc, st: svc.Store(), log: opts.Logger, opts: opts,
		buckets: cache.NewLRU[string, *bucket](maxCachedBuckets), objects: cache.NewLRU[string, *cachedObject](maxCachedObjects),
		listings: cache.NewLRU[string, *cachedListing](maxCachedListings),
		shared:   svc.Store().Shared(), policies: cache.NewLRU[string, *compiledPolicy](maxCachedBuckets)}
}

// RunCollector deletes the bodies nothing refers to any more, every
// GCInterval, until ctx is done.
func (s *Service) RunCollector(ctx context.Context) {
	t := time.NewTicker(s.opts.GCInterval)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			if _, err := s.CollectGarbage(context.Background()); err != nil {
				s.log.Error("s3: collect garbage", "err", err)
			}
		}
	}
}

// CollectGarbage deletes the bodies nothing refers to any more (see the
// package's constants) and returns how many it deleted.
func (s *Service) CollectGarbage(ctx context.Context) (int, error) {
	now := s.iam.Now()
	return s.st.CollectS3Garbage(ctx, now.Add(-s.opts.ReleasedGrace), now.Add(-s.opts.AbandonedAfter))
}

// bucket is a bucket's configuration as authorization needs it.
type bucket struct {
	name, owner, region string
	created             time.Time
	arn                 string
	policyText          string         // "" when the bucket has no policy
	policy              *policy.Policy // compiled policyText
	public              bool           // the policy grants public access
	bpa                 *PublicAccessBlock
	tags                []Tag
}

// bucket returns a bucket's configuration, from the cache when it is there.
func (s *Service) bucket(ctx context.Context, name string) (*bucket, error) {
	if b, ok := s.buckets.Get(name); ok && !s.shared {
		return b, nil
	}
	gen := s.gen.Load()
	row, err := s.st.Read(ctx).S3Bucket(name)
	if err != nil {
		if isNotFound(err) {
			return nil, errNoSuchBucket(name)
		}
		return nil, internal(err)
	}
	b := &bucket{name: row.Name, owner: row.AccountID, region: row.Region, created: row.CreatedAt, arn: BucketARN(row.Name)}
	if row.Policy != nil && *row.Policy != "" {
		b.policyText = *row.Policy
		if cp := s.compile(b.arn, b.policyText); cp != nil {
			b.policy, b.public = cp.p, cp.public
		}
	}
	if row.PublicAccessBlock != nil {
		pab := parsePublicAccessBlock(*row.PublicAccessBlock)
		b.bpa = &pab
	}
	if row.Tags != nil {
		b.tags = tagsOf(*row.Tags)
	}
	if s.gen.Load() == gen && !s.shared {
		s.buckets.Put(name, b)
	}
	return b, nil
}

// compile compiles a bucket's policy, from the cache of compiled policies
// by their text when it is there; nil when it does not compile.
func (s *Service) compile(arn, text string) *compiledPolicy {
	ck := arn + "\x00" + text
	if cp, ok := s.policies.Get(ck); ok {
		return cp
	}
	p, err := policy.Compile(arn, []byte(text), policy.KindResource)
	if err != nil {
		// A stored policy always compiled when it was written; one that
		// no longer does (a stricter parser) grants nothing.
		s.log.Warn("s3: stored bucket policy does not compile", "bucket", strings.TrimPrefix(arn, "arn:aws:s3:::"), "err", err)
		return nil
	}
	cp := &compiledPolicy{p: p, public: isPublicPolicy(p.Document())}
	s.policies.Put(ck, cp)
	return cp
}

// changed drops a bucket's cached configuration after a write.
func (s *Service) changed(name string) {
	s.gen.Add(1)
	s.buckets.Delete(name)
}

// BucketARN is a bucket's ARN.
func BucketARN(bucket string) string { return catalog.S3Bucket.ARN(bucket) }

// ObjectARN is an object's ARN.
func ObjectARN(bucket, key string) string { return catalog.S3Object.ARN(bucket, key) }

// CanonicalUserID is the 64-hex canonical user ID S3 shows as an account's
// Owner ID: derived from the account ID, so stable and distinct per account.
func CanonicalUserID(accountID string) string {
	sum := sha256.Sum256([]byte("iamconsole canonical user " + accountID))
	return hex.EncodeToString(sum[:])
}

// Request describes how an API request reached S3, for the condition keys
// that depend on it. The console's requests carry none.
type Request struct {
	// AuthType is s3:authType: REST-HEADER or REST-QUERY-STRING.
	AuthType string
	// SignatureVersion is s3:signatureversion, e.g. AWS4-HMAC-SHA256.
	SignatureVersion string
	// ContentSHA256 is s3:x-amz-content-sha256.
	ContentSHA256 string
	// Secure is aws:SecureTransport.
	Secure bool
	// Host is the Host header, for requestParameters.
	Host string
}

type requestKey struct{}

// WithRequest attaches how the request arrived to ctx.
func WithRequest(ctx context.Context, r Request) context.Context {
	return context.WithValue(ctx, requestKey{}, &r)
}

func requestOf(ctx context.Context) *Request {
	r, _ := ctx.Value(requestKey{}).(*Request)
	if r == nil {
		return &Request{}
	}
	return r
}
