package netguard

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/netip"
	"syscall"
)

// Dialer dials TCP connections only to addresses its Policy allows.
type Dialer struct {
	Policy Policy
	// Base supplies timeouts, keep-alive and resolver settings. Its Control
	// and ControlContext hooks, if set, run after the policy check.
	Base net.Dialer
}

// DialContext resolves address (host:port) and connects to the first
// allowed address that answers, like net.Dialer.DialContext. Each resolved
// address is checked in the socket's Control hook before connect, so a
// refused address is never contacted. If every address is refused the error
// wraps a *RefusedError naming the host and the address
// (errors.Is(err, ErrRefused)).
func (d *Dialer) DialContext(ctx context.Context, network, address string) (net.Conn, error) {
	host, _, err := net.SplitHostPort(address)
	if err != nil {
		return nil, fmt.Errorf("netguard dial %s: %w", address, err)
	}
	nd := d.Base
	base := d.Base
	policy := d.Policy
	nd.Control = nil
	nd.ControlContext = func(ctx context.Context, network, addr string, c syscall.RawConn) error {
		ap, err := netip.ParseAddrPort(addr)
		if err != nil {
			return fmt.Errorf("netguard: unparsable address %q: %w", addr, err)
		}
		if err := policy.Check(ap); err != nil {
			var re *RefusedError
			if errors.As(err, &re) {
				re.Host = host
			}
			return err
		}
		switch {
		case base.ControlContext != nil:
			return base.ControlContext(ctx, network, addr, c)
		case base.Control != nil:
			return base.Control(network, addr, c)
		}
		return nil
	}
	return nd.DialContext(ctx, network, address)
}
