// Package crawlertest provides helpers for source tests: a Fetcher that
// performs real HTTP requests against httptest servers without recording
// them, and an in-memory Sink and Cursors. Tests of sources use these with
// platform fakes; tests of recording use the real crawler Fetcher.
package crawlertest

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"sync"

	"github.com/afterimage-archive/afterimage/archive/manifest"
	"github.com/afterimage-archive/afterimage/crawler"
	"github.com/gocolly/colly/v2"
)

// Fetcher performs plain HTTP requests and numbers them as if recorded:
// RecordID is "<urn:test:N>". It keeps every request it made.
type Fetcher struct {
	Client *http.Client
	mu     sync.Mutex
	n      int
	log    []string
}

// Requests returns "METHOD URL" of every request made so far.
func (f *Fetcher) Requests() []string {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]string(nil), f.log...)
}

// Do implements crawler.Fetcher.
func (f *Fetcher) Do(ctx context.Context, r *crawler.Request) (*crawler.Response, error) {
	method := r.Method
	if method == "" {
		method = http.MethodGet
	}
	req, err := http.NewRequestWithContext(ctx, method, r.URL, bytes.NewReader(r.Body))
	if err != nil {
		return nil, fmt.Errorf("fetch %s: %w", r.URL, err)
	}
	for k, vs := range r.Header {
		req.Header[k] = vs
	}
	c := f.Client
	if c == nil {
		c = http.DefaultClient
	}
	resp, err := c.Do(req)
	if err != nil {
		return nil, fmt.Errorf("fetch %s: %w", r.URL, err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		return nil, fmt.Errorf("fetch %s: %w", r.URL, err)
	}
	f.mu.Lock()
	f.n++
	id := fmt.Sprintf("<urn:test:%d>", f.n)
	f.log = append(f.log, method+" "+r.URL)
	f.mu.Unlock()
	return &crawler.Response{URL: resp.Request.URL.String(), Status: resp.StatusCode,
		Header: resp.Header, Body: body, RecordID: id, Attempts: 1}, nil
}

// Collector implements crawler.Fetcher with a plain colly collector.
func (f *Fetcher) Collector() *colly.Collector { return colly.NewCollector() }

// Sink collects items and observations in memory.
type Sink struct {
	mu           sync.Mutex
	Items        []manifest.Item
	Observations []manifest.Observation
}

// Item implements crawler.Sink.
func (s *Sink) Item(it manifest.Item) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.Items = append(s.Items, it)
}

// Observe implements crawler.Sink.
func (s *Sink) Observe(o manifest.Observation) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.Observations = append(s.Observations, o)
}

// Cursors is an in-memory crawler.Cursors.
type Cursors map[string]string

// Get implements crawler.Cursors.
func (c Cursors) Get(k string) string { return c[k] }

// Set implements crawler.Cursors.
func (c Cursors) Set(k, v string) { c[k] = v }
