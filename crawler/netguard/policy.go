package netguard

import (
	"errors"
	"fmt"
	"net/netip"
	"slices"
)

// ErrRefused is matched (errors.Is) by every RefusedError.
var ErrRefused = errors.New("address refused by network guard")

// Policy says which non-public addresses may be contacted. The zero Policy
// allows public addresses only.
type Policy struct {
	// Allow lists the classes allowed besides Public (tests allow Loopback).
	Allow []Class
	// AllowPrefixes allows addresses in these prefixes whatever their class
	// (for example one internal proxy).
	AllowPrefixes []netip.Prefix
}

// RefusedError reports an address the policy refused.
type RefusedError struct {
	Host  string         // the host name that was dialled, as given
	Addr  netip.AddrPort // the resolved address that was refused
	Class Class
}

// Error names the host, the address and why it was refused.
func (e *RefusedError) Error() string {
	return fmt.Sprintf("netguard: refused to connect to %s (%s): %s address", e.Host, e.Addr, e.Class)
}

// Is makes errors.Is(err, ErrRefused) true.
func (e *RefusedError) Is(target error) bool { return target == ErrRefused }

// Check decides on one resolved address: nil if it may be contacted, else a
// *RefusedError (with Host empty; the Dialer fills it in).
func (p Policy) Check(addr netip.AddrPort) error {
	ip := addr.Addr()
	c := Classify(ip)
	if c == Public || slices.Contains(p.Allow, c) {
		return nil
	}
	for _, pf := range p.AllowPrefixes {
		if pf.Contains(ip.Unmap()) || pf.Contains(ip) {
			return nil
		}
	}
	return &RefusedError{Addr: addr, Class: c}
}
