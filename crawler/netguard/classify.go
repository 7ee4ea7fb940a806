package netguard

import "net/netip"

// Class is the kind of network an address belongs to.
type Class uint8

// Classes of addresses. Every class but Public is refused unless a Policy
// allows it.
const (
	Public      Class = iota // globally routable
	Loopback                 // 127.0.0.0/8, ::1
	Private                  // 10/8, 172.16/12, 192.168/16, fc00::/7
	LinkLocal                // 169.254/16, fe80::/10 (cloud metadata services live here)
	Unspecified              // 0.0.0.0, ::
	Multicast                // 224/4, ff00::/8
	SharedCGNAT              // 100.64/10 (RFC 6598 carrier-grade NAT)
	ThisNetwork              // 0/8
	Broadcast                // 255.255.255.255
	Reserved                 // 240/4, benchmarking, documentation, IETF, site-local, other special ranges
)

var classNames = [...]string{
	Public:      "public",
	Loopback:    "loopback",
	Private:     "private",
	LinkLocal:   "link-local",
	Unspecified: "unspecified",
	Multicast:   "multicast",
	SharedCGNAT: "shared (CGNAT)",
	ThisNetwork: "this-network",
	Broadcast:   "broadcast",
	Reserved:    "reserved",
}

// String names the class, e.g. "loopback".
func (c Class) String() string {
	if int(c) < len(classNames) {
		return classNames[c]
	}
	return "unknown"
}

func mustPrefixes(ss ...string) []netip.Prefix {
	ps := make([]netip.Prefix, len(ss))
	for i, s := range ss {
		ps[i] = netip.MustParsePrefix(s)
	}
	return ps
}

// Special IPv4 ranges beyond what netip's predicates cover.
var (
	v4CGNAT       = netip.MustParsePrefix("100.64.0.0/10")
	v4ThisNetwork = netip.MustParsePrefix("0.0.0.0/8")
	v4Reserved    = mustPrefixes(
		"192.0.0.0/24",    // IETF protocol assignments
		"192.0.2.0/24",    // TEST-NET-1
		"198.18.0.0/15",   // benchmarking
		"198.51.100.0/24", // TEST-NET-2
		"203.0.113.0/24",  // TEST-NET-3
		"240.0.0.0/4",     // reserved for future use
	)
	v6Reserved = mustPrefixes(
		"::/96",         // IPv4-compatible (deprecated)
		"100::/64",      // discard-only
		"2001:db8::/32", // documentation
		"fec0::/10",     // site-local (deprecated)
	)
	v6NAT64  = netip.MustParsePrefix("64:ff9b::/96")
	v6SixTo4 = netip.MustParsePrefix("2002::/16")
)

// Classify returns the class of ip. IPv4-mapped IPv6 addresses
// (::ffff:a.b.c.d), NAT64 addresses (64:ff9b::/96) and 6to4 addresses
// (2002::/16) are classified by the IPv4 address they carry. The zero Addr
// is Unspecified.
func Classify(ip netip.Addr) Class {
	ip = ip.Unmap().WithZone("")
	if ip.Is6() {
		if v4, ok := embeddedV4(ip); ok {
			return Classify(v4)
		}
	}
	switch {
	case !ip.IsValid() || ip.IsUnspecified():
		return Unspecified
	case ip.IsLoopback():
		return Loopback
	case ip.IsPrivate():
		return Private
	case ip.IsLinkLocalUnicast():
		return LinkLocal
	case ip.IsMulticast():
		return Multicast
	}
	if ip.Is4() {
		return classify4(ip)
	}
	for _, p := range v6Reserved {
		if p.Contains(ip) {
			return Reserved
		}
	}
	return Public
}

func classify4(ip netip.Addr) Class {
	switch {
	case ip == netip.AddrFrom4([4]byte{255, 255, 255, 255}):
		return Broadcast
	case v4ThisNetwork.Contains(ip):
		return ThisNetwork
	case v4CGNAT.Contains(ip):
		return SharedCGNAT
	}
	for _, p := range v4Reserved {
		if p.Contains(ip) {
			return Reserved
		}
	}
	return Public
}

// embeddedV4 returns the IPv4 address a NAT64 or 6to4 address carries.
func embeddedV4(ip netip.Addr) (netip.Addr, bool) {
	b := ip.As16()
	switch {
	case v6NAT64.Contains(ip):
		return netip.AddrFrom4([4]byte(b[12:16])), true
	case v6SixTo4.Contains(ip):
		return netip.AddrFrom4([4]byte(b[2:6])), true
	}
	return netip.Addr{}, false
}
