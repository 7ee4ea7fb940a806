package recorder

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"strings"
	"testing"

	"github.com/afterimage-archive/afterimage/archive/warc"
	"github.com/gocolly/colly/v2"
)

const page = "<html><head><title>post 42</title></head><body><p>#FreeIran deleted post</p></body></html>\n"

// chunkedGzipResponse is a response as a server writes it: gzip content
// coding, chunked transfer coding.
func chunkedGzipResponse(t *testing.T) (wire, gzipped []byte) {
	t.Helper()
	var gz bytes.Buffer
	zw := gzip.NewWriter(&gz)
	zw.Write([]byte(strings.Repeat(page, 20)))
	zw.Close()
	var b bytes.Buffer
	b.WriteString("HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\nContent-Encoding: gzip\r\nTransfer-Encoding: chunked\r\nX-Odd:  spaced  \r\n\r\n")
	cw := httputil.NewChunkedWriter(&b)
	for p := gz.Bytes(); len(p) > 0; p = p[min(len(p), 50):] {
		cw.Write(p[:min(len(p), 50)])
	}
	cw.Close()
	b.WriteString("\r\n")
	return b.Bytes(), gz.Bytes()
}

func TestChunkedGzipRecordedByteExact(t *testing.T) {
	wire, gzipped := chunkedGzipResponse(t)
	srv := newRawServer(t, func(string) []byte { return wire })
	r := newRig(t, nil)
	c := colly.NewCollector()
	c.WithTransport(r.tr)
	var seen string
	var recordID string
	c.OnResponse(func(resp *colly.Response) {
		seen = string(resp.Body)
		recordID = resp.Headers.Get(HeaderRecordID)
	})
	if err := c.Visit(srv.url("/post/42")); err != nil {
		t.Fatal(err)
	}
	if seen != strings.Repeat(page, 20) {
		t.Errorf("colly saw %q", seen)
	}
	b, es := r.seal()
	ids := byID(es)
	resp, ok := ids[recordID]
	if !ok || resp.Type != warc.TypeResponse {
		t.Fatalf("colly's record id %q names no response record", recordID)
	}
	if got := block(t, b, resp); !bytes.Equal(got, wire) {
		t.Errorf("response record block differs from the wire bytes:\n%q\n%q", got, wire)
	}
	sum := sha256.Sum256(gzipped)
	if resp.PayloadDigest != warc.SHA256Digest(sum[:]) || resp.Header.Get("WARC-Payload-Digest") != resp.PayloadDigest {
		t.Errorf("payload digest %s (header %s), want digest of the gzip bytes", resp.PayloadDigest, resp.Header.Get("WARC-Payload-Digest"))
	}
	if resp.Header.Get("WARC-Date") != "2026-03-14T15:09:26.000000000Z" || resp.Header.Get("WARC-IP-Address") != "127.0.0.1" {
		t.Errorf("header %v", resp.Header)
	}
	req := ids[resp.Header.Get("WARC-Concurrent-To")]
	if req == nil || req.Header.Get("WARC-Concurrent-To") != resp.ID {
		t.Fatal("request and response records are not linked both ways")
	}
	if blk := string(block(t, b, req)); !strings.HasPrefix(blk, "GET /post/42 HTTP/1.1\r\nHost: 127.0.0.1:") || !strings.Contains(blk, "Accept-Encoding: gzip\r\n") {
		t.Errorf("request block %q", blk)
	}
	if strings.Contains(string(b), HeaderRecordID) {
		t.Error("the in-process header entered the WARC")
	}
}

func TestRedirectsAreSeparateExchanges(t *testing.T) {
	mux := http.NewServeMux()
	mux.HandleFunc("/a", func(w http.ResponseWriter, r *http.Request) { http.Redirect(w, r, "/b", http.StatusFound) })
	mux.HandleFunc("/b", func(w http.ResponseWriter, r *http.Request) { http.Redirect(w, r, "/c", http.StatusMovedPermanently) })
	mux.HandleFunc("/c", func(w http.ResponseWriter, r *http.Request) { io.WriteString(w, page) })
	srv := httptest.NewServer(mux)
	defer srv.Close()
	r := newRig(t, nil)
	c := colly.NewCollector()
	c.WithTransport(r.tr)
	var body string
	c.OnResponse(func(resp *colly.Response) { body = string(resp.Body) })
	if err := c.Visit(srv.URL + "/a"); err != nil {
		t.Fatal(err)
	}
	exs := r.exchanges()
	var got []string
	for _, e := range exs {
		got = append(got, fmt.Sprintf("%s %d", e.URL[len(srv.URL):], e.Status))
	}
	if strings.Join(got, ", ") != "/a 302, /b 301, /c 200" || body != page {
		t.Errorf("exchanges %v, body %q", got, body)
	}
	_, es := r.seal()
	var uris []string
	for _, e := range es {
		if e.Type == warc.TypeResponse {
			uris = append(uris, fmt.Sprintf("%s %d", e.TargetURI[len(srv.URL):], e.HTTPStatus))
		}
	}
	if strings.Join(uris, ", ") != "/a 302, /b 301, /c 200" {
		t.Errorf("response records %v", uris)
	}
}

func TestCredentialsRedacted(t *testing.T) {
	var got []string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		got = append(got, r.Header.Get("Authorization")+"|"+r.Header.Get("Cookie")+"|"+string(b)+"|"+r.Header.Get(HeaderSecretBody))
		w.Header().Set("Set-Cookie", "session=server-issued")
		if r.Method == "POST" {
			io.WriteString(w, `{"accessJwt":"jwt-secret"}`)
			return
		}
		io.WriteString(w, "public page")
	}))
	defer srv.Close()
	r := newRig(t, nil)
	cl := r.client()
	req, _ := http.NewRequest("POST", srv.URL+"/login", strings.NewReader("user=a&password=hunter2"))
	req.Header.Set("Authorization", "Bearer secret-token")
	req.Header.Set("Cookie", "session=secret-cookie")
	req2, _ := http.NewRequest("POST", strings.Replace(srv.URL, "http://", "http://alice:pass-in-url@", 1)+"/api", strings.NewReader("token=header-marked"))
	req2.Header.Set(HeaderSecretBody, "1")
	req3, _ := http.NewRequest("GET", srv.URL+"/page", nil)
	req3.Header.Set("Cookie", "session=secret-cookie")
	var bodies []string
	for _, rq := range []*http.Request{WithSecretBody(req), req2, req3} {
		resp, err := cl.Do(rq)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		bodies = append(bodies, string(b))
	}
	if len(got) != 3 || got[0] != "Bearer secret-token|session=secret-cookie|user=a&password=hunter2|" ||
		!strings.HasPrefix(got[1], "Basic ") || !strings.HasSuffix(got[1], "||token=header-marked|") ||
		got[2] != "|session=secret-cookie||" || bodies[0] != `{"accessJwt":"jwt-secret"}` {
		t.Errorf("server received %q, client got %q", got, bodies)
	}
	exs := r.exchanges()
	want := []string{
		"request header Authorization,request header Cookie,request body,response header Set-Cookie,response body",
		"request header Authorization,request body,response header Set-Cookie,response body",
		"request header Cookie",
	}
	for i, e := range exs {
		if strings.Join(e.Redactions, ",") != want[i] {
			t.Errorf("exchange %d redactions %v", i, e.Redactions)
		}
	}
	b, es := r.seal()
	var all bytes.Buffer
	for _, e := range es {
		all.Write(block(t, b, e))
		fmt.Fprint(&all, e.Header)
	}
	fmt.Fprintf(&all, "%+v", exs)
	for _, secret := range []string{"secret-token", "secret-cookie", "hunter2", "pass-in-url", "header-marked", "jwt-secret", HeaderSecretBody, got[1][6:]} {
		if strings.Contains(all.String(), secret) {
			t.Errorf("%q was recorded or reported", secret)
		}
	}
	for _, marker := range []string{"Authorization: [redacted]\r\n", "\r\n\r\n[redacted]", "Set-Cookie: [redacted]\r\n",
		"Set-Cookie: session=server-issued\r\n", "public page"} {
		if !strings.Contains(all.String(), marker) {
			t.Errorf("%q missing from the records", marker)
		}
	}
}

func TestSecretChunkedAnswerStillParses(t *testing.T) {
	wire, _ := chunkedGzipResponse(t)
	wire = bytes.Replace(wire, []byte("X-Odd:"), []byte("Set-Cookie: sid=s3cr3t\r\nX-Odd:"), 1)
	srv := newRawServer(t, func(string) []byte { return wire })
	r := newRig(t, nil)
	req, _ := http.NewRequest("GET", srv.url("/session"), nil)
	resp, err := r.client().Do(WithSecretBody(req))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	b, es := r.seal() // fails on any finding: the redacted chunked body must parse
	blk := string(block(t, b, es[2]))
	sum := sha256.Sum256([]byte(Redacted))
	if strings.Contains(blk, "s3cr3t") || !strings.HasSuffix(blk, "\r\n\r\na\r\n[redacted]\r\n0\r\n\r\n") || es[2].PayloadDigest != warc.SHA256Digest(sum[:]) {
		t.Errorf("block %q payload %s", blk, es[2].PayloadDigest)
	}
}
