package main

import (
	"bytes"
	"encoding/base64"
	"fmt"
	"math/rand/v2"
	"net/http"
	"strconv"
	"strings"
	"sync/atomic"
	"time"
)

// fate is what a page of a pageSite answers once the site has changed.
type fate uint8

const (
	fateAlive    fate = iota // the same page, 200
	fateChanged              // an edited page, 200
	fateGone                 // 404 Not Found
	fateWithheld             // 451 Unavailable For Legal Reasons
)

// pageFate returns the fate of page i: one page in 50 is edited, one in
// 100 taken down and one in 200 withheld; the sets are disjoint.
func pageFate(i int) fate {
	switch {
	case i%50 == 7:
		return fateChanged
	case i%100 == 13:
		return fateGone
	case i%200 == 42:
		return fateWithheld
	}
	return fateAlive
}

// fateCounts returns how many of pages 0..n-1 meet each fate.
func fateCounts(n int) [4]int {
	var c [4]int
	for i := range n {
		c[pageFate(i)]++
	}
	return c
}

// pageSite serves Pages generated pages at /p/<i> and index pages at
// /i/<k>, each linking to Chunk consecutive pages, rendered on request so
// that a site of 100,000 pages costs no memory. Until change is called
// every page answers 200 with its first version; afterwards each answers
// as its pageFate says.
type pageSite struct {
	Pages, Chunk int
	textSize     int    // bytes of text per page
	blob         []byte // base64 of random bytes embedded in every page as an inline image, or nil
	changed      atomic.Bool

	pageRequests, requests atomic.Int64
	firstAsked, lastServed atomic.Int64 // UnixNano
}

// newPageSite returns a site of pages pages of about textSize bytes of
// text, each embedding blobBytes random bytes (base64, as an inline image)
// when blobBytes > 0.
func newPageSite(pages, chunk, textSize, blobBytes int) *pageSite {
	s := &pageSite{Pages: pages, Chunk: max(1, chunk), textSize: textSize}
	if blobBytes > 0 {
		raw := make([]byte, blobBytes)
		r := rand.New(rand.NewPCG(5, 6))
		for i := range raw {
			raw[i] = byte(r.Uint32())
		}
		s.blob = []byte(base64.StdEncoding.EncodeToString(raw))
	}
	return s
}

// indexes is the number of index pages.
func (s *pageSite) indexes() int { return (s.Pages + s.Chunk - 1) / s.Chunk }

// change makes every page answer as its fate says from now on.
func (s *pageSite) change() { s.changed.Store(true) }

// ServeHTTP serves /robots.txt (allow all), /i/<k> and /p/<i>.
func (s *pageSite) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	s.requests.Add(1)
	s.firstAsked.CompareAndSwap(0, time.Now().UnixNano())
	defer func() { s.lastServed.Store(time.Now().UnixNano()) }()
	p := r.URL.Path
	switch {
	case p == "/robots.txt":
		writeBody(w, 200, "text/plain; charset=utf-8", []byte("User-agent: *\nAllow: /\n"))
	case strings.HasPrefix(p, "/i/"):
		k, err := strconv.Atoi(p[len("/i/"):])
		if err != nil || k < 0 || k >= s.indexes() {
			http.NotFound(w, r)
			return
		}
		writeBody(w, 200, "text/html; charset=utf-8", s.index(k))
	case strings.HasPrefix(p, "/p/"):
		i, err := strconv.Atoi(p[len("/p/"):])
		if err != nil || i < 0 || i >= s.Pages {
			http.NotFound(w, r)
			return
		}
		s.pageRequests.Add(1)
		s.servePage(w, i)
	default:
		http.NotFound(w, r)
	}
}

// index renders index page k.
func (s *pageSite) index(k int) []byte {
	var b bytes.Buffer
	fmt.Fprintf(&b, "<!doctype html>\n<html><head><meta charset=\"utf-8\"><title>Index %d</title></head><body>\n<ul>\n", k)
	for i := k * s.Chunk; i < min(s.Pages, (k+1)*s.Chunk); i++ {
		fmt.Fprintf(&b, "<li><a href=\"/p/%d\">Page %d</a></li>\n", i, i)
	}
	b.WriteString("</ul>\n</body></html>\n")
	return b.Bytes()
}

func (s *pageSite) servePage(w http.ResponseWriter, i int) {
	f := fateAlive
	if s.changed.Load() {
		f = pageFate(i)
	}
	switch f {
	case fateGone:
		writeBody(w, http.StatusNotFound, "text/html; charset=utf-8", []byte("<!doctype html><title>Not Found</title><h1>Not Found</h1>\n"))
		return
	case fateWithheld:
		writeBody(w, http.StatusUnavailableForLegalReasons, "text/html; charset=utf-8",
			[]byte("<!doctype html><title>Unavailable For Legal Reasons</title><h1>Withheld in your country</h1>\n"))
		return
	}
	head, tail := s.pageText(i, f == fateChanged)
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Content-Length", strconv.Itoa(len(head)+len(s.blob)+len(tail)))
	w.Write(head)
	w.Write(s.blob)
	w.Write(tail)
}

// pageText renders page i around the blob: the text before it and after.
func (s *pageSite) pageText(i int, edited bool) (head, tail []byte) {
	var b bytes.Buffer
	fmt.Fprintf(&b, "<!doctype html>\n<html><head><meta charset=\"utf-8\"><title>Page %d</title></head><body>\n<article><p>", i)
	x := uint64(i)*0x9e3779b97f4a7c15 + 1
	for b.Len() < s.textSize {
		x ^= x << 13
		x ^= x >> 7
		x ^= x << 17
		b.WriteString(pageWords[x%uint64(len(pageWords))])
		b.WriteByte(' ')
	}
	b.WriteString("</p>\n")
	if edited {
		b.WriteString("<p>[This post was edited.]</p>\n")
	}
	if s.blob != nil {
		fmt.Fprintf(&b, "<img alt=\"scan %d\" src=\"data:image/jpeg;base64,", i)
		return b.Bytes(), []byte("\"></article>\n</body></html>\n")
	}
	return b.Bytes(), []byte("</article>\n</body></html>\n")
}

func writeBody(w http.ResponseWriter, code int, ct string, body []byte) {
	w.Header().Set("Content-Type", ct)
	w.Header().Set("Content-Length", strconv.Itoa(len(body)))
	w.WriteHeader(code)
	w.Write(body)
}

// pageServed is what a pageSite served since the last reset.
type pageServed struct {
	Pages, Requests int64
	First, Last     time.Time
}

// reset returns the counts and starts them again from zero.
func (s *pageSite) reset() pageServed {
	sv := pageServed{Pages: s.pageRequests.Swap(0), Requests: s.requests.Swap(0)}
	if t := s.firstAsked.Swap(0); t != 0 {
		sv.First = time.Unix(0, t)
	}
	if t := s.lastServed.Swap(0); t != 0 {
		sv.Last = time.Unix(0, t)
	}
	return sv
}
