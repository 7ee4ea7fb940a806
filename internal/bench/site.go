package main

import (
	"bytes"
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"math/rand/v2"
	"net"
	"net/http"
	"os"
	"strconv"
	"strings"
	"sync/atomic"
	"time"
)

// siteSpec describes a generated site: an index linking to Pages HTML
// pages of about PageSize bytes, each embedding one image of ImageSize
// bytes.
type siteSpec struct {
	Pages     int
	PageSize  int
	ImageSize int
	Seed      uint64
}

// site is a generated web site served from memory. Pages are rendered
// once; image i is a 16-byte header naming i followed by a shared block of
// random bytes (incompressible, like a JPEG), so every image differs and
// a 1 GB site needs only one image's worth of memory.
type site struct {
	spec  siteSpec
	index []byte
	pages [][]byte
	image []byte // shared body of every image, ImageSize bytes

	pagesServed, responses, bytesServed atomic.Int64
	firstAsked, lastServed              atomic.Int64 // UnixNano of the first request and of the last response
}

// newSite renders the site described by spec.
func newSite(spec siteSpec) *site {
	r := rand.New(rand.NewPCG(spec.Seed, 0x6166746572696d67))
	s := &site{spec: spec, pages: make([][]byte, spec.Pages), image: make([]byte, spec.ImageSize)}
	for i := 0; i+8 <= len(s.image); i += 8 {
		binary.LittleEndian.PutUint64(s.image[i:], r.Uint64())
	}
	var ix bytes.Buffer
	ix.WriteString("<!doctype html>\n<html><head><meta charset=\"utf-8\"><title>Index</title></head><body>\n<h1>Posts</h1>\n<ul>\n")
	for i := range spec.Pages {
		fmt.Fprintf(&ix, "<li><a href=\"/p/%d.html\">Post %d</a></li>\n", i, i)
		s.pages[i] = renderPage(r, i, spec)
	}
	ix.WriteString("</ul>\n</body></html>\n")
	s.index = ix.Bytes()
	return s
}

// pageWords fill the text of a page.
var pageWords = []string{"evidence", "account", "posted", "the", "and", "followers", "campaign",
	"#FreeIran", "deleted", "suspended", "archive", "report", "hashtag", "of", "a", "in"}

// renderPage returns the HTML of page i, padded with text to about
// spec.PageSize bytes.
func renderPage(r *rand.Rand, i int, spec siteSpec) []byte {
	var b bytes.Buffer
	fmt.Fprintf(&b, "<!doctype html>\n<html><head><meta charset=\"utf-8\"><title>Post %d</title></head><body>\n", i)
	fmt.Fprintf(&b, "<nav><a href=\"/\">index</a> <a href=\"/p/%d.html\">next</a></nav>\n", (i+1)%spec.Pages)
	fmt.Fprintf(&b, "<article><img src=\"/img/%d.jpg\" alt=\"photo %d\" width=\"640\" height=\"480\">\n<p>", i, i)
	const tail = "</p></article>\n</body></html>\n"
	for b.Len()+len(tail)+12 < spec.PageSize {
		b.WriteString(pageWords[r.IntN(len(pageWords))])
		b.WriteByte(' ')
	}
	b.WriteString(tail)
	return b.Bytes()
}

// TotalBytes is the number of body bytes a complete crawl downloads
// (robots.txt aside).
func (s *site) TotalBytes() int64 {
	n := int64(len(s.index)) + int64(s.spec.Pages)*int64(s.spec.ImageSize)
	for _, p := range s.pages {
		n += int64(len(p))
	}
	return n
}

// ServeHTTP serves /, /p/<i>.html, /img/<i>.jpg and an allow-all
// /robots.txt, and counts what it served.
func (s *site) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	s.responses.Add(1)
	s.firstAsked.CompareAndSwap(0, time.Now().UnixNano())
	defer func() { s.lastServed.Store(time.Now().UnixNano()) }()
	p := r.URL.Path
	switch {
	case p == "/" || p == "/index.html":
		s.pagesServed.Add(1)
		s.write(w, "text/html; charset=utf-8", s.index)
	case p == "/robots.txt":
		s.write(w, "text/plain; charset=utf-8", []byte("User-agent: *\nAllow: /\n"))
	case strings.HasPrefix(p, "/p/") && strings.HasSuffix(p, ".html"):
		i, ok := s.number(p, "/p/", ".html")
		if !ok {
			http.NotFound(w, r)
			return
		}
		s.pagesServed.Add(1)
		s.write(w, "text/html; charset=utf-8", s.pages[i])
	case strings.HasPrefix(p, "/img/") && strings.HasSuffix(p, ".jpg"):
		i, ok := s.number(p, "/img/", ".jpg")
		if !ok {
			http.NotFound(w, r)
			return
		}
		s.writeImage(w, i)
	default:
		http.NotFound(w, r)
	}
}

func (s *site) number(p, prefix, suffix string) (int, bool) {
	i, err := strconv.Atoi(strings.TrimSuffix(strings.TrimPrefix(p, prefix), suffix))
	return i, err == nil && i >= 0 && i < s.spec.Pages
}

func (s *site) write(w http.ResponseWriter, ct string, body []byte) {
	w.Header().Set("Content-Type", ct)
	w.Header().Set("Content-Length", strconv.Itoa(len(body)))
	n, _ := w.Write(body)
	s.bytesServed.Add(int64(n))
}

// writeImage writes image i: its header, then the shared random bytes.
func (s *site) writeImage(w http.ResponseWriter, i int) {
	var head [16]byte
	copy(head[:8], "IMGBENCH")
	binary.BigEndian.PutUint64(head[8:], uint64(i))
	h := head[:min(len(head), len(s.image))]
	w.Header().Set("Content-Type", "image/jpeg")
	w.Header().Set("Content-Length", strconv.Itoa(len(s.image)))
	n1, _ := w.Write(h)
	n2, _ := w.Write(s.image[len(h):])
	s.bytesServed.Add(int64(n1 + n2))
}

// served is what the site served since the last reset.
type served struct {
	Pages, Responses, Bytes int64
	First                   time.Time // when the first request came in
	Last                    time.Time // when the last response was written
}

// reset returns the counts and starts them again from zero.
func (s *site) reset() served {
	sv := served{Pages: s.pagesServed.Swap(0), Responses: s.responses.Swap(0), Bytes: s.bytesServed.Swap(0)}
	if first := s.firstAsked.Swap(0); first != 0 {
		sv.First = time.Unix(0, first)
	}
	if last := s.lastServed.Swap(0); last != 0 {
		sv.Last = time.Unix(0, last)
	}
	return sv
}

// serve serves h on a new 127.0.0.1 port until ctx ends or stop is called,
// and returns its base URL ("http://127.0.0.1:PORT/").
func serve(ctx context.Context, h http.Handler) (base string, stop func(), err error) {
	var lc net.ListenConfig
	ln, err := lc.Listen(ctx, "tcp", "127.0.0.1:0")
	if err != nil {
		return "", nil, fmt.Errorf("listen: %w", err)
	}
	srv := &http.Server{Handler: h, ReadHeaderTimeout: 10 * time.Second}
	done := make(chan struct{})
	go func() {
		defer close(done)
		if err := srv.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
			fmt.Fprintf(os.Stderr, "bench: site server: %v\n", err)
		}
	}()
	stop = func() {
		srv.Close()
		<-done
	}
	return "http://" + ln.Addr().String() + "/", stop, nil
}
