package identity

import (
	"strings"
	"sync"
	"sync/atomic"

	"iamconsole/store"
)

// maxRoleFilters bounds the filtered views a role snapshot remembers.
const maxRoleFilters = 1024

// roleSnapshot is an account's roles in name order (as SQLite's NOCASE
// collation orders them) for one configuration generation: the roles list
// pages, searches and counts it in memory.
type roleSnapshot struct {
	roles []store.Role
	lower []string // ASCII-lower-cased names, as LIKE compares them
	paths []string // ASCII-lower-cased paths
	// views maps path prefix + "\x00" + search → []int (indexes into roles).
	views  sync.Map
	nviews atomic.Int32
	// trust maps role ID → its trust policy for display (IDs as ARNs).
	trust sync.Map
}

// asciiLower lower-cases ASCII letters only, like SQLite's LIKE and NOCASE.
func asciiLower(s string) string {
	for i := 0; i < len(s); i++ {
		if c := s[i]; 'A' <= c && c <= 'Z' {
			b := []byte(s)
			for j := i; j < len(b); j++ {
				if 'A' <= b[j] && b[j] <= 'Z' {
					b[j] += 'a' - 'A'
				}
			}
			return string(b)
		}
	}
	return s
}

// roleSnapshot returns the account's roles from memory while no IAM write
// has happened since they were read.
func (s *Service) roleSnapshot(q *store.Q, account string) (*roleSnapshot, error) {
	key := "rolesnap\x00" + account
	if snap, ok := s.snapshots.Get(s.k.Generation(), key); ok {
		return snap, nil
	}
	// One reader builds a missing snapshot; the others find it built.
	s.snapMu.Lock()
	defer s.snapMu.Unlock()
	return s.snapshots.Load(key, func() (*roleSnapshot, error) {
		rs, err := q.AllRoles(account)
		if err != nil {
			return nil, err
		}
		snap := &roleSnapshot{roles: rs, lower: make([]string, len(rs)), paths: make([]string, len(rs))}
		for i := range rs {
			snap.lower[i], snap.paths[i] = asciiLower(rs[i].Name), asciiLower(rs[i].Path)
		}
		return snap, nil
	})
}

// view returns the indexes of the roles under pathPrefix whose names
// contain search, both compared as LIKE does.
func (snap *roleSnapshot) view(pathPrefix, search string) []int {
	key := pathPrefix + "\x00" + search
	if v, ok := snap.views.Load(key); ok {
		return v.([]int)
	}
	prefix, sub := asciiLower(pathPrefix), asciiLower(search)
	if prefix == "/" {
		prefix = ""
	}
	out := make([]int, 0, len(snap.roles))
	for i := range snap.roles {
		if strings.HasPrefix(snap.paths[i], prefix) && strings.Contains(snap.lower[i], sub) {
			out = append(out, i)
		}
	}
	out = out[:len(out):len(out)]
	if snap.nviews.Add(1) <= maxRoleFilters {
		snap.views.Store(key, out)
	}
	return out
}

// displayTrust returns a role's trust policy for display, resolving the
// unique IDs of the page's roles in one query the first time.
func (snap *roleSnapshot) displayTrust(q *store.Q, page []*store.Role) (map[string]string, error) {
	out := make(map[string]string, len(page))
	var docs []string
	for _, r := range page {
		if v, ok := snap.trust.Load(r.ID); ok {
			out[r.ID] = v.(string)
		} else {
			docs = append(docs, r.TrustPolicy)
		}
	}
	if len(docs) == 0 {
		return out, nil
	}
	arns, err := resolveTrustARNs(q, docs...)
	if err != nil {
		return nil, err
	}
	for _, r := range page {
		if _, ok := out[r.ID]; !ok {
			d := displayTrust(r.TrustPolicy, arns)
			snap.trust.Store(r.ID, d)
			out[r.ID] = d
		}
	}
	return out, nil
}
