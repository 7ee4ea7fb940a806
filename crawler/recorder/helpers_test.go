package recorder

import (
	"bufio"
	"bytes"
	"context"
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/afterimage-archive/afterimage/archive/warc"
	"github.com/afterimage-archive/afterimage/crawler/netguard"
)

var testStart = time.Date(2026, 3, 14, 15, 9, 26, 0, time.UTC)

// rig is a transport writing into a fresh spool file, with the exchanges
// it reported.
type rig struct {
	t    *testing.T
	w    *warc.Writer
	tr   *Transport
	mu   sync.Mutex
	exs  []Exchange
	path string
}

// newRig builds a transport allowed to reach loopback (tests run servers on
// 127.0.0.1 only). mod adjusts the config.
func newRig(t *testing.T, mod func(*Config)) *rig {
	t.Helper()
	r := &rig{t: t, path: filepath.Join(t.TempDir(), "spool.warc.gz")}
	var err error
	r.w, err = warc.Create(r.path, warc.Warcinfo{Software: "afterimage test"}, func() time.Time { return testStart })
	if err != nil {
		t.Fatal(err)
	}
	cfg := Config{
		Writer:     r.w,
		Policy:     netguard.Policy{Allow: []netguard.Class{netguard.Loopback}},
		SpoolDir:   t.TempDir(),
		OnExchange: r.add,
	}
	if mod != nil {
		mod(&cfg)
	}
	if r.tr, err = New(cfg); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(r.tr.CloseIdleConnections)
	return r
}

func (r *rig) add(e Exchange) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.exs = append(r.exs, e)
}

func (r *rig) exchanges() []Exchange {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]Exchange(nil), r.exs...)
}

func (r *rig) client() *http.Client {
	return &http.Client{Transport: r.tr, Timeout: 10 * time.Second}
}

// seal seals the spool and returns its bytes and entries; it fails the test
// on any finding.
func (r *rig) seal() ([]byte, []*warc.Entry) {
	r.t.Helper()
	if _, err := r.w.Seal(); err != nil {
		r.t.Fatal(err)
	}
	b, err := os.ReadFile(r.path)
	if err != nil {
		r.t.Fatal(err)
	}
	es, sum, err := warc.ScanAll(context.Background(), bytes.NewReader(b))
	if err != nil {
		r.t.Fatal(err)
	}
	if len(sum.Findings) > 0 {
		r.t.Errorf("file findings: %v", sum.Findings)
	}
	for _, e := range es {
		if len(e.Findings) > 0 {
			r.t.Errorf("record %s findings: %v", e.ID, e.Findings)
		}
	}
	return b, es
}

// block returns the block of the record e of file b.
func block(t *testing.T, b []byte, e *warc.Entry) []byte {
	t.Helper()
	_, rd, err := warc.OpenRecord(bytes.NewReader(b), e.Offset, e.Length)
	if err != nil {
		t.Fatal(err)
	}
	blk, err := io.ReadAll(rd)
	if err != nil {
		t.Fatal(err)
	}
	return blk
}

// byID indexes entries by record id.
func byID(es []*warc.Entry) map[string]*warc.Entry {
	m := map[string]*warc.Entry{}
	for _, e := range es {
		m[e.ID] = e
	}
	return m
}

// rawServer is a TCP server on 127.0.0.1 that answers every request on a
// connection with answer(path), written in pieces, and counts connections.
type rawServer struct {
	ln    net.Listener
	mu    sync.Mutex
	conns int
	reqs  []string
}

func newRawServer(t *testing.T, answer func(path string) []byte) *rawServer {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	s := &rawServer{ln: ln}
	t.Cleanup(func() { ln.Close() })
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			s.mu.Lock()
			s.conns++
			s.mu.Unlock()
			go s.serve(c, answer)
		}
	}()
	return s
}

func (s *rawServer) serve(c net.Conn, answer func(string) []byte) {
	defer c.Close()
	br := bufio.NewReader(c)
	for {
		req, err := http.ReadRequest(br)
		if err != nil {
			return
		}
		io.Copy(io.Discard, req.Body)
		s.mu.Lock()
		s.reqs = append(s.reqs, req.URL.Path)
		s.mu.Unlock()
		out := answer(req.URL.Path)
		for len(out) > 0 { // small writes: several reads on the client side
			n := min(len(out), 700)
			if _, err := c.Write(out[:n]); err != nil {
				return
			}
			out = out[n:]
		}
	}
}

func (s *rawServer) url(path string) string { return "http://" + s.ln.Addr().String() + path }

func (s *rawServer) connCount() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.conns
}
