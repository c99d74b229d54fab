package policy

import (
	"net/netip"
	"strings"
)

// ipMatcher implements IpAddress and NotIpAddress: CIDR blocks, IPv4 or
// IPv6; a bare address is a /32 (or /128).
type ipMatcher struct {
	vals []netip.Prefix
}

func newIPMatcher(values []string) *ipMatcher {
	m := &ipMatcher{}
	for _, v := range values {
		if p, ok := parsePrefix(v); ok {
			m.vals = append(m.vals, p)
		}
	}
	return m
}

func parsePrefix(s string) (netip.Prefix, bool) {
	if strings.Contains(s, "/") {
		p, err := netip.ParsePrefix(s)
		if err != nil {
			return netip.Prefix{}, false
		}
		if p.Addr().Is4In6() {
			p = netip.PrefixFrom(p.Addr().Unmap(), max(p.Bits()-96, 0))
		}
		return p.Masked(), true
	}
	a, err := netip.ParseAddr(s)
	if err != nil {
		return netip.Prefix{}, false
	}
	a = a.Unmap()
	return netip.PrefixFrom(a, a.BitLen()), true
}

func (m *ipMatcher) match(_ *evalCtx, r string) bool {
	a, err := netip.ParseAddr(r)
	if err != nil {
		return false
	}
	a = a.Unmap()
	for _, p := range m.vals {
		if p.Contains(a) {
			return true
		}
	}
	return false
}
