package recorder

import (
	"bytes"
	"context"
	"crypto/sha256"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httputil"
	"os"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/afterimage-archive/afterimage/archive/warc"
	"github.com/afterimage-archive/afterimage/crawler/netguard"
)

func TestBodyCapTruncates(t *testing.T) {
	body := bytes.Repeat([]byte("0123456789"), 10_000) // 100,000 bytes
	plain := append([]byte(fmt.Sprintf("HTTP/1.1 200 OK\r\nContent-Type: image/png\r\nContent-Length: %d\r\n\r\n", len(body))), body...)
	var chunked bytes.Buffer
	chunked.WriteString("HTTP/1.1 200 OK\r\nContent-Type: image/png\r\nTransfer-Encoding: chunked\r\n\r\n")
	cw := httputil.NewChunkedWriter(&chunked)
	for p := body; len(p) > 0; p = p[min(len(p), 3000):] {
		cw.Write(p[:min(len(p), 3000)])
	}
	cw.Close()
	chunked.WriteString("\r\n")
	srv := newRawServer(t, func(path string) []byte {
		if path == "/chunked" {
			return chunked.Bytes()
		}
		return plain
	})
	const capN = 10_000
	r := newRig(t, func(c *Config) { c.BodyCap = capN })
	cl := r.client()
	for _, path := range []string{"/plain", "/chunked", "/plain"} {
		resp, err := cl.Get(srv.url(path))
		if err != nil {
			t.Fatal(err)
		}
		got, err := io.ReadAll(resp.Body)
		resp.Body.Close()
		if err != nil || !bytes.Equal(got, body[:capN]) || resp.Header.Get(HeaderTruncated) != "length" {
			t.Errorf("%s: body %d bytes, err %v, truncated %q", path, len(got), err, resp.Header.Get(HeaderTruncated))
		}
	}
	if n := srv.connCount(); n != 3 {
		t.Errorf("%d connections for 3 truncated responses; a cut connection must not be reused", n)
	}
	b, es := r.seal()
	want := sha256.Sum256(body[:capN])
	for _, e := range es {
		if e.Type != warc.TypeResponse {
			continue
		}
		wire := plain
		if strings.HasSuffix(e.TargetURI, "/chunked") {
			wire = chunked.Bytes()
		}
		blk := block(t, b, e)
		if e.Header.Get("WARC-Truncated") != "length" || e.PayloadDigest != warc.SHA256Digest(want[:]) ||
			!bytes.HasPrefix(wire, blk) || len(blk) >= len(wire) {
			t.Errorf("%s: truncated %q payload %s, block %d bytes of %d", e.TargetURI, e.Header.Get("WARC-Truncated"), e.PayloadDigest, len(blk), len(wire))
		}
	}
}

func TestFailuresReportedWithURL(t *testing.T) {
	closed, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	refusedURL := "http://" + closed.Addr().String() + "/gone"
	closed.Close()
	silent := newSilentServer(t)
	guarded := newRawServer(t, func(string) []byte { return []byte("HTTP/1.1 204 No Content\r\n\r\n") })
	r := newRig(t, func(c *Config) { c.ResponseHeaderTimeout = 200 * time.Millisecond })
	strict := newRig(t, func(c *Config) { c.Policy = netguard.Policy{} })
	cases := []struct {
		rig  *rig
		url  string
		want func(error) bool
	}{
		{r, refusedURL, func(err error) bool { return errors.Is(err, syscall.ECONNREFUSED) }},
		{r, silent.url("/slow"), func(err error) bool { return errors.Is(err, os.ErrDeadlineExceeded) }},
		{strict, guarded.url("/internal"), func(err error) bool { return errors.Is(err, netguard.ErrRefused) }},
	}
	for _, c := range cases {
		_, err := c.rig.client().Get(c.url)
		exs := c.rig.exchanges()
		last := exs[len(exs)-1]
		if err == nil || !c.want(last.Err) || !strings.Contains(last.Err.Error(), c.url) || last.URL != c.url || last.Response.ID != "" {
			t.Errorf("%s: err %v, reported %+v", c.url, err, last)
		}
	}
	if n := guarded.connCount(); n != 0 {
		t.Errorf("refused address was contacted %d times", n)
	}
}

// newSilentServer accepts connections and never answers.
func newSilentServer(t *testing.T) *rawServer {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ln.Close() })
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			defer c.Close()
		}
	}()
	return &rawServer{ln: ln}
}

func TestCancelledRequest(t *testing.T) {
	silent := newSilentServer(t)
	r := newRig(t, nil)
	ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
	defer cancel()
	req, _ := http.NewRequestWithContext(ctx, "GET", silent.url("/x"), nil)
	start := time.Now()
	_, err := r.tr.RoundTrip(req)
	if !errors.Is(err, context.DeadlineExceeded) || time.Since(start) > 5*time.Second {
		t.Errorf("err %v after %v", err, time.Since(start))
	}
}

func TestLargeBodySpooledToDisk(t *testing.T) {
	body := make([]byte, 3<<20)
	for i := range body {
		body[i] = byte(i * 7 % 251)
	}
	srv := newRawServer(t, func(string) []byte {
		return append([]byte(fmt.Sprintf("HTTP/1.1 200 OK\r\nContent-Type: video/mp4\r\nContent-Length: %d\r\n\r\n", len(body))), body...)
	})
	var spoolDir string
	r := newRig(t, func(c *Config) { c.MemSpool = 64 << 10; spoolDir = c.SpoolDir })
	resp, err := r.client().Get(srv.url("/video"))
	if err != nil {
		t.Fatal(err)
	}
	if files, _ := os.ReadDir(spoolDir); len(files) != 1 {
		t.Errorf("%d spool files while the body is open, want 1 (the body)", len(files))
	}
	got, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if !bytes.Equal(got, body) {
		t.Errorf("body %d bytes, want %d", len(got), len(body))
	}
	if files, _ := os.ReadDir(spoolDir); len(files) != 0 {
		t.Errorf("%d spool files left after Close", len(files))
	}
	_, es := r.seal()
	sum := sha256.Sum256(body)
	if es[2].PayloadDigest != warc.SHA256Digest(sum[:]) {
		t.Errorf("payload digest %s", es[2].PayloadDigest)
	}
}

func TestDisconnectMidBodyRecorded(t *testing.T) {
	const head = "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 1000\r\n\r\n"
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	go func() {
		c, err := ln.Accept()
		if err != nil {
			return
		}
		buf := make([]byte, 4096)
		c.Read(buf)
		io.WriteString(c, head+"only ten b")
		c.Close()
	}()
	r := newRig(t, nil)
	resp, err := r.client().Get("http://" + ln.Addr().String() + "/cut")
	if err != nil {
		t.Fatal(err)
	}
	got, err := io.ReadAll(resp.Body)
	resp.Body.Close()
	if err == nil || string(got) != "only ten b" || resp.Header.Get(HeaderTruncated) != "disconnect" {
		t.Errorf("body %q err %v truncated %q", got, err, resp.Header.Get(HeaderTruncated))
	}
	exs := r.exchanges()
	if len(exs) != 1 || exs[0].Err == nil || exs[0].Truncated != "disconnect" || exs[0].Response.ID == "" {
		t.Errorf("reported %+v", exs)
	}
	b, es := r.seal()
	if blk := string(block(t, b, es[2])); blk != head+"only ten b" || es[2].Header.Get("WARC-Truncated") != "disconnect" {
		t.Errorf("record %q truncated %q", blk, es[2].Header.Get("WARC-Truncated"))
	}
	strictValidate(t, r.path, len(es))
}
