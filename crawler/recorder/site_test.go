package recorder

import (
	"crypto/tls"
	"crypto/x509"
	"fmt"
	"io"
	"log"
	"net"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/gocolly/colly/v2"
	"github.com/nlnwa/gowarc/v3"
)

// site serves an index linking n pages, each with one image; every answer
// has a Content-Length (gowarc hashes chunked bodies without de-chunking,
// see TestChunkedGzipRecordedByteExact for chunked ones).
func site(n, pageSize, imgSize int) http.Handler {
	img := make([]byte, imgSize)
	for i := range img {
		img[i] = byte(i * 31 % 256)
	}
	pad := strings.Repeat("lorem ipsum dolor sit amet ", pageSize/27)
	send := func(w http.ResponseWriter, ctype string, b []byte) {
		w.Header().Set("Content-Type", ctype)
		w.Header().Set("Content-Length", strconv.Itoa(len(b)))
		w.Write(b)
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch {
		case r.URL.Path == "/":
			var b strings.Builder
			b.WriteString("<html><body>")
			for i := range n {
				fmt.Fprintf(&b, "<a href=\"/p/%d\">post %d</a>\n", i, i)
			}
			send(w, "text/html", []byte(b.String()+"</body></html>"))
		case strings.HasPrefix(r.URL.Path, "/p/"):
			id := r.URL.Path[3:]
			send(w, "text/html; charset=utf-8", fmt.Appendf(nil,
				"<html><head><title>post %s</title></head><body><img src=\"/i/%s.png\"><p>%s</p></body></html>", id, id, pad))
		case strings.HasPrefix(r.URL.Path, "/i/"):
			send(w, "image/png", img)
		default:
			http.NotFound(w, r)
		}
	})
}

// crawl visits the site with colly, Async and Parallelism 8, through rt
// (nil: colly's own transport), and returns the number of responses.
func crawl(tb testing.TB, url string, rt http.RoundTripper) int {
	c := colly.NewCollector(colly.Async(true))
	if rt != nil {
		c.WithTransport(rt)
	}
	c.Limit(&colly.LimitRule{DomainGlob: "*", Parallelism: 8})
	var mu sync.Mutex
	n := 0
	c.OnResponse(func(*colly.Response) { mu.Lock(); n++; mu.Unlock() })
	c.OnHTML("a[href]", func(e *colly.HTMLElement) { e.Request.Visit(e.Attr("href")) })
	c.OnHTML("img[src]", func(e *colly.HTMLElement) { e.Request.Visit(e.Attr("src")) })
	c.OnError(func(r *colly.Response, err error) { tb.Errorf("%s: %v", r.Request.URL, err) })
	if err := c.Visit(url); err != nil {
		tb.Fatal(err)
	}
	c.Wait()
	return n
}

func TestConcurrentCrawlStrictlyValid(t *testing.T) {
	srv := httptest.NewServer(site(60, 1200, 2000))
	defer srv.Close()
	r := newRig(t, nil)
	if n := crawl(t, srv.URL+"/", r.tr); n != 121 {
		t.Errorf("%d responses, want 121", n)
	}
	_, es := r.seal()
	if len(es) != 1+2*121 {
		t.Errorf("%d records, want %d", len(es), 1+2*121)
	}
	strictValidate(t, r.path, len(es))
}

// strictValidate reads the file with gowarc's strict validation and checks
// every digest.
func strictValidate(t *testing.T, path string, want int) {
	t.Helper()
	rd, err := gowarc.NewWarcFileReader(path, 0, gowarc.WithStrictValidation())
	if err != nil {
		t.Fatal(err)
	}
	defer rd.Close()
	n := 0
	for rec, err := range rd.Records() {
		if err != nil {
			t.Fatalf("record %d: %v", n, err)
		}
		n++
		if len(rec.Validation) > 0 {
			t.Errorf("offset %d: %v", rec.Offset, rec.Validation)
		}
		if v, err := rec.WarcRecord.ValidateDigest(); err != nil || len(v) > 0 {
			t.Errorf("offset %d: digests %v %v", rec.Offset, err, v)
		}
		rec.Close()
	}
	if n != want {
		t.Errorf("gowarc read %d records, want %d", n, want)
	}
}

func TestHTTPSAndKeepAlive(t *testing.T) {
	var mu sync.Mutex
	conns := 0
	srv := httptest.NewUnstartedServer(site(3, 500, 100))
	srv.Config.ConnState = func(_ net.Conn, s http.ConnState) {
		if s == http.StateNew {
			mu.Lock()
			conns++
			mu.Unlock()
		}
	}
	srv.Config.ErrorLog = log.New(io.Discard, "", 0) // the untrusting client's handshake fails on purpose
	srv.StartTLS()
	defer srv.Close()
	roots := x509.NewCertPool()
	roots.AddCert(srv.Certificate())
	r := newRig(t, func(c *Config) { c.TLSConfig = &tls.Config{RootCAs: roots} })
	cl := r.client()
	for _, p := range []string{"/p/1", "/p/2", "/i/1.png"} {
		resp, err := cl.Get(srv.URL + p)
		if err != nil {
			t.Fatal(err)
		}
		io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		if resp.TLS == nil || resp.StatusCode != 200 {
			t.Errorf("%s: status %d, TLS %v", p, resp.StatusCode, resp.TLS != nil)
		}
	}
	mu.Lock()
	if conns != 1 {
		t.Errorf("%d TLS connections for 3 sequential requests, want 1 kept alive", conns)
	}
	mu.Unlock()
	untrusted := newRig(t, nil)
	if _, err := untrusted.client().Get(srv.URL + "/p/1"); err == nil || !strings.Contains(err.Error(), srv.URL+"/p/1") {
		t.Errorf("untrusted certificate: %v", err)
	}
	_, es := r.seal()
	for _, e := range es[1:] {
		if p := e.Header.Values("WARC-Protocol"); len(p) != 2 || p[0] != "http/1.1" || !strings.HasPrefix(p[1], "tls/1.") ||
			e.Header.Get("WARC-Cipher-Suite") == "" || !strings.HasPrefix(e.TargetURI, "https://127.0.0.1:") {
			t.Errorf("%s: protocol %v cipher %q", e.TargetURI, p, e.Header.Get("WARC-Cipher-Suite"))
		}
	}
	strictValidate(t, r.path, len(es))
}
