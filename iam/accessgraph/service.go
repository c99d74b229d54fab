package accessgraph

import (
	"context"
	"runtime"
	"sync"
	"sync/atomic"

	"iamconsole/iam"
	"iamconsole/iam/policy"
)

// Service keeps the organization's access graph, built in bulk on first
// use and brought up to date from the kernel's change log before every
// question.
type Service struct {
	k       *iam.Service
	sources []Source

	// refresh serializes bringing the graph up to date; mu guards st.
	refresh sync.Mutex
	mu      sync.RWMutex
	st      *state
	// Counters, for tests and the page: full builds and incremental
	// updates done.
	builds, updates int
	// compiled are the last build's compiled policies, for the next.
	compiled map[string]*policy.Policy
}

// New builds the access graph service over the kernel k. sources add
// resources (buckets, tables) to the graph.
func New(k *iam.Service, sources ...Source) *Service {
	return &Service{k: k, sources: sources}
}

// Kernel is the kernel the graph asks.
func (s *Service) Kernel() *iam.Service { return s.k }

// Stats are how the graph was kept: full builds and incremental updates so
// far, and its size.
type Stats struct {
	Builds, Updates   int
	Principals, Edges int
	Generation        uint64
}

// Stats reports how the graph was kept, as it stands (without bringing it
// up to date).
func (s *Service) Stats() Stats {
	s.mu.RLock()
	defer s.mu.RUnlock()
	out := Stats{Builds: s.builds, Updates: s.updates}
	if s.st != nil {
		out.Principals, out.Generation = len(s.st.prins), s.st.gen
		for _, m := range s.st.out {
			out.Edges += len(m)
		}
	}
	return out
}

// Refresh brings the graph up to date with the configuration: nothing when
// it has not changed, the touched part when the kernel's change log says
// what changed, else a full build.
func (s *Service) Refresh(ctx context.Context) error {
	s.refresh.Lock()
	defer s.refresh.Unlock()
	gen := s.k.Generation()
	s.mu.RLock()
	st := s.st
	s.mu.RUnlock()
	if st != nil && st.gen == gen {
		return nil
	}
	if st != nil {
		if changes, ok := s.k.ChangesSince(st.gen); ok {
			s.mu.Lock()
			err := s.apply(ctx, st, changes)
			if err == nil {
				s.updates++
			}
			s.mu.Unlock()
			if err == nil {
				return nil
			}
			if err != errRebuild {
				return err
			}
		}
	}
	next, err := s.build(ctx, gen)
	if err != nil {
		return err
	}
	s.mu.Lock()
	s.st = next
	s.builds++
	s.mu.Unlock()
	return nil
}

// Rebuild builds the graph afresh, whatever the change log says.
func (s *Service) Rebuild(ctx context.Context) error {
	s.refresh.Lock()
	defer s.refresh.Unlock()
	next, err := s.build(ctx, s.k.Generation())
	if err != nil {
		return err
	}
	s.mu.Lock()
	s.st = next
	s.builds++
	s.mu.Unlock()
	return nil
}

// build reads the whole organization and computes every edge; gen is the
// generation read before the store.
func (s *Service) build(ctx context.Context, gen uint64) (*state, error) {
	st := newState()
	st.gen = gen
	q := s.k.Store().Read(ctx)
	accts, err := q.Accounts()
	if err != nil {
		return nil, iam.Internal(err)
	}
	l := &loader{k: s.k, q: q, st: st, cache: &compiled{prev: s.compiled, next: map[string]*policy.Policy{}}}
	// The accounts' rows are read in parallel, then put together in turn.
	rows := make([]*accountRows, len(accts))
	errs := make([]error, len(accts))
	parallel(len(accts), func(i int) { rows[i], errs[i] = fetch(s.k.Store().Read(ctx), accts[i].ID) })
	for i := range accts {
		if errs[i] != nil {
			return nil, iam.Internal(errs[i])
		}
		if err := l.account(&accts[i], rows[i]); err != nil {
			return nil, iam.Internal(err)
		}
	}
	if err := s.readResources(ctx, st); err != nil {
		return nil, err
	}
	b := &builder{k: s.k, st: st, now: s.k.Now()}
	var roles []*principal
	for _, p := range st.prins {
		st.precompute(p)
		if !p.user {
			roles = append(roles, p)
		}
	}
	// Each role's edges are weighed apart, on every processor; the state
	// is only read meanwhile.
	results := make([][]*Edge, len(roles))
	parallel(len(roles), func(i int) { results[i] = b.into(roles[i]) })
	s.compiled = l.cache.next
	for _, es := range results {
		for _, e := range es {
			st.putEdge(e)
		}
	}
	return st, nil
}

// parallel calls fn for 0 … n-1 on every processor and waits.
func parallel(n int, fn func(i int)) {
	var wg sync.WaitGroup
	var next atomic.Int64
	for range min(runtime.GOMAXPROCS(0), n) {
		wg.Go(func() {
			for {
				i := int(next.Add(1)) - 1
				if i >= n {
					return
				}
				fn(i)
			}
		})
	}
	wg.Wait()
}

// readResources asks every source for its resources.
func (s *Service) readResources(ctx context.Context, st *state) error {
	clear(st.resources)
	for _, src := range s.sources {
		rs, err := src.Resources(ctx)
		if err != nil {
			return iam.Internal(err)
		}
		for _, r := range rs {
			st.resources[r.ARN] = r
		}
	}
	return nil
}

// view runs fn over the graph brought up to date (resources read afresh),
// under the read lock.
func (s *Service) view(ctx context.Context, fn func(st *state) error) error {
	if err := s.Refresh(ctx); err != nil {
		return err
	}
	if len(s.sources) > 0 {
		s.mu.Lock()
		err := s.readResources(ctx, s.st)
		s.mu.Unlock()
		if err != nil {
			return err
		}
	}
	s.mu.RLock()
	defer s.mu.RUnlock()
	return fn(s.st)
}
