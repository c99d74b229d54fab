package identity

import (
	"fmt"
	"slices"
	"strings"

	"iamconsole/iam/cache"
	"iamconsole/iam/policy"
)

// maxCachedSummaries bounds the effective permissions summaries kept: one
// per distinct set of policies (a role's sessions share one), each a few
// kilobytes to a few hundred for the largest AWS managed policies.
const maxCachedSummaries = 512

// summaryEntry is a summary with the layers it was made of. Holding the
// compiled policies keeps them alive, so that no other policy can take
// their addresses, which the key is made of, while the entry exists.
type summaryEntry struct {
	l   layers
	eff *Effective
}

// newSummaries makes the cache of summaries.
func newSummaries() *cache.LRU[string, *summaryEntry] {
	return cache.NewLRU[string, *summaryEntry](maxCachedSummaries)
}

// summarize is summarizeEffective once per set of compiled policies: the
// console home shows a role session's summary after every switch, and the
// largest AWS managed policies take milliseconds to summarize. Compiled
// policies are immutable and shared by their text, so the same layers
// always summarize alike; the answer is shared and must not be changed.
func (s *Service) summarize(l layers) *Effective {
	key := l.key()
	if e, ok := s.summaries.Get(key); ok && e.l.same(l) {
		return e.eff
	}
	eff := summarizeEffective(l)
	s.summaries.Put(key, &summaryEntry{l: l, eff: eff})
	return eff
}

// key names the layers by their policies' addresses and flags.
func (l layers) key() string {
	var b strings.Builder
	for _, ps := range [][]*policy.Policy{l.identity, l.boundary, l.session} {
		for _, p := range ps {
			fmt.Fprintf(&b, "%p,", p)
		}
		b.WriteByte('|')
	}
	fmt.Fprintf(&b, "%t|%t", l.hasBoundary, l.hasSession)
	return b.String()
}

// same reports whether l and o are the same policies with the same flags.
func (l layers) same(o layers) bool {
	return slices.Equal(l.identity, o.identity) && slices.Equal(l.boundary, o.boundary) && slices.Equal(l.session, o.session) &&
		l.hasBoundary == o.hasBoundary && l.hasSession == o.hasSession
}
