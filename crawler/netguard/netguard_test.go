package netguard

import (
	"context"
	"errors"
	"net"
	"net/netip"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

func TestClassify(t *testing.T) {
	cases := map[string]Class{
		"8.8.8.8":                Public,
		"93.184.216.34":          Public,
		"2606:4700::1111":        Public,
		"127.0.0.1":              Loopback,
		"127.9.8.7":              Loopback,
		"::1":                    Loopback,
		"10.0.0.1":               Private,
		"172.16.0.1":             Private,
		"172.31.255.255":         Private,
		"172.32.0.1":             Public,
		"192.168.1.1":            Private,
		"fc00::1":                Private,
		"fd12:3456::1":           Private,
		"169.254.169.254":        LinkLocal,
		"fe80::1":                LinkLocal,
		"fe80::1%eth0":           LinkLocal,
		"0.0.0.0":                Unspecified,
		"::":                     Unspecified,
		"224.0.0.1":              Multicast,
		"239.255.255.250":        Multicast,
		"ff02::1":                Multicast,
		"100.64.0.1":             SharedCGNAT,
		"100.127.255.255":        SharedCGNAT,
		"100.128.0.1":            Public,
		"100.63.255.255":         Public,
		"0.1.2.3":                ThisNetwork,
		"255.255.255.255":        Broadcast,
		"240.0.0.1":              Reserved,
		"198.18.0.1":             Reserved,
		"192.0.2.7":              Reserved,
		"2001:db8::1":            Reserved,
		"fec0::1":                Reserved,
		"::ffff:127.0.0.1":       Loopback,
		"::ffff:10.1.2.3":        Private,
		"::ffff:169.254.169.254": LinkLocal,
		"::ffff:100.64.0.1":      SharedCGNAT,
		"::ffff:0.0.0.0":         Unspecified,
		"::ffff:255.255.255.255": Broadcast,
		"::ffff:8.8.8.8":         Public,
		"64:ff9b::7f00:1":        Loopback,
		"64:ff9b::808:808":       Public,
		"2002:a00:1::1":          Private,
		"::127.0.0.1":            Reserved,
	}
	for s, want := range cases {
		if got := Classify(netip.MustParseAddr(s)); got != want {
			t.Errorf("Classify(%s) = %s, want %s", s, got, want)
		}
	}
	if Classify(netip.Addr{}) != Unspecified {
		t.Error("zero Addr is not Unspecified")
	}
}

func TestPolicyCheck(t *testing.T) {
	ap := func(s string) netip.AddrPort { return netip.MustParseAddrPort(s) }
	var zero Policy
	if err := zero.Check(ap("8.8.8.8:443")); err != nil {
		t.Errorf("public refused: %v", err)
	}
	err := zero.Check(ap("[::ffff:127.0.0.1]:80"))
	var re *RefusedError
	if !errors.As(err, &re) || re.Class != Loopback || !errors.Is(err, ErrRefused) {
		t.Errorf("mapped loopback: %v", err)
	}
	loop := Policy{Allow: []Class{Loopback}}
	if loop.Check(ap("127.0.0.1:80")) != nil || loop.Check(ap("10.0.0.1:80")) == nil {
		t.Error("Allow Loopback allows the wrong addresses")
	}
	pf := Policy{AllowPrefixes: []netip.Prefix{netip.MustParsePrefix("10.1.0.0/16")}}
	if pf.Check(ap("10.1.2.3:3128")) != nil || pf.Check(ap("[::ffff:10.1.2.3]:3128")) != nil || pf.Check(ap("10.2.0.1:3128")) == nil {
		t.Error("AllowPrefixes allows the wrong addresses")
	}
}

// countingListener accepts on 127.0.0.1 and counts connections.
func countingListener(t *testing.T) (string, *atomic.Int32) {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ln.Close() })
	var n atomic.Int32
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			n.Add(1)
			c.Close()
		}
	}()
	return ln.Addr().String(), &n
}

func TestDialerRefusesBeforeConnect(t *testing.T) {
	addr, accepts := countingListener(t)
	_, port, _ := net.SplitHostPort(addr)
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	d := &Dialer{}
	for _, target := range []string{addr, net.JoinHostPort("localhost", port)} {
		c, err := d.DialContext(ctx, "tcp", target)
		if err == nil {
			c.Close()
			t.Fatalf("dial %s succeeded", target)
		}
		host, _, _ := net.SplitHostPort(target)
		var re *RefusedError
		if !errors.As(err, &re) || re.Host != host || re.Class != Loopback || !strings.Contains(err.Error(), re.Addr.String()) {
			t.Errorf("dial %s: %v", target, err)
		}
	}
	allowed := &Dialer{Policy: Policy{Allow: []Class{Loopback}}}
	c, err := allowed.DialContext(ctx, "tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	c.Close()
	deadline := time.Now().Add(2 * time.Second)
	for accepts.Load() < 1 && time.Now().Before(deadline) {
		time.Sleep(5 * time.Millisecond)
	}
	if n := accepts.Load(); n != 1 {
		t.Errorf("listener accepted %d connections, want exactly the allowed one", n)
	}
}
