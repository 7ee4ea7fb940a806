package recorder

import (
	"context"
	"crypto/tls"
	"fmt"
	"net"
	"sync"
	"time"
)

// conn is one connection to a host, plain or TLS.
type conn struct {
	net.Conn
	key       string
	peer      string // IP address of the remote end
	tls       *tls.ConnectionState
	idleSince time.Time
	reused    bool
}

// pool keeps idle keep-alive connections per scheme and host:port.
type pool struct {
	mu      sync.Mutex
	idle    map[string][]*conn
	max     int
	timeout time.Duration
}

// get returns an idle connection for key that has not idled too long, or
// nil. Stale ones are closed.
func (p *pool) get(key string) *conn {
	p.mu.Lock()
	defer p.mu.Unlock()
	cs := p.idle[key]
	for len(cs) > 0 {
		c := cs[len(cs)-1]
		cs = cs[:len(cs)-1]
		if time.Since(c.idleSince) < p.timeout {
			p.idle[key] = cs
			c.reused = true
			return c
		}
		c.Close()
	}
	delete(p.idle, key)
	return nil
}

// put keeps c for reuse, or closes it when the host has enough idle ones.
func (p *pool) put(c *conn) {
	c.idleSince = time.Now()
	c.SetDeadline(time.Time{})
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.idle == nil {
		p.idle = make(map[string][]*conn)
	}
	if len(p.idle[c.key]) >= p.max {
		c.Close()
		return
	}
	p.idle[c.key] = append(p.idle[c.key], c)
}

// closeAll closes every idle connection.
func (p *pool) closeAll() {
	p.mu.Lock()
	defer p.mu.Unlock()
	for _, cs := range p.idle {
		for _, c := range cs {
			c.Close()
		}
	}
	p.idle = nil
}

// dial connects to hostport through the guarded dialer and, for https,
// completes a TLS handshake offering only http/1.1.
func (t *Transport) dial(ctx context.Context, key, scheme, hostport string) (*conn, error) {
	nc, err := t.dialer.DialContext(ctx, "tcp", hostport)
	if err != nil {
		return nil, fmt.Errorf("dial %s: %w", hostport, err)
	}
	c := &conn{Conn: nc, key: key}
	if ta, ok := nc.RemoteAddr().(*net.TCPAddr); ok {
		c.peer = ta.AddrPort().Addr().Unmap().String()
	}
	if scheme != "https" {
		return c, nil
	}
	host, _, _ := net.SplitHostPort(hostport)
	cfg := t.tlsConfig(host)
	tc := tls.Client(nc, cfg)
	hctx, cancel := context.WithTimeout(ctx, t.cfg.TLSHandshakeTimeout)
	defer cancel()
	if err := tc.HandshakeContext(hctx); err != nil {
		nc.Close()
		return nil, fmt.Errorf("tls handshake with %s: %w", hostport, err)
	}
	st := tc.ConnectionState()
	c.Conn, c.tls = tc, &st
	return c, nil
}

func (t *Transport) tlsConfig(host string) *tls.Config {
	var cfg *tls.Config
	if t.cfg.TLSConfig != nil {
		cfg = t.cfg.TLSConfig.Clone()
	} else {
		cfg = &tls.Config{MinVersion: tls.VersionTLS12}
	}
	if cfg.ServerName == "" {
		cfg.ServerName = host
	}
	cfg.NextProtos = []string{"http/1.1"}
	return cfg
}
