// Package web captures web pages: URL lists followed to a depth of
// same-site links, with the images, stylesheets, scripts and media each
// page loads. Each HTML page is an item of kind "page" whose key is its
// canonical URL.
package web

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"net/url"
	"strconv"
	"strings"
	"sync"

	"github.com/afterimage-archive/afterimage/archive/manifest"
	"github.com/afterimage-archive/afterimage/crawler"
	"github.com/gocolly/colly/v2"
)

// Source is the web source. The zero value is ready to use.
type Source struct{}

// New returns the web source.
func New() *Source { return &Source{} }

// Name implements crawler.Source.
func (*Source) Name() string { return "web" }

// assetSelectors name the elements whose resources a page loads.
var assetSelectors = map[string]string{
	"img[src]":                   "src",
	"img[srcset]":                "srcset",
	"source[src]":                "src",
	"source[srcset]":             "srcset",
	"script[src]":                "src",
	"link[rel=stylesheet][href]": "href",
	"link[rel~=icon][href]":      "href",
	"link[rel=preload][href]":    "href",
	"video[src]":                 "src",
	"video[poster]":              "poster",
	"audio[src]":                 "src",
	"iframe[src]":                "src",
	"embed[src]":                 "src",
	"object[data]":               "data",
	"input[type=image][src]":     "src",
	"link[rel=manifest][href]":   "href",
	"meta[property='og:image']":  "content",
	"meta[name='twitter:image']": "content",
}

const depthKey = "afterimage.depth"
const assetKey = "afterimage.asset"

// Collect captures job.URLs and the same-site pages they link to, down to
// job.Depth levels, with every page's assets.
func (s *Source) Collect(ctx context.Context, f crawler.Fetcher, job crawler.Job, sink crawler.Sink) (crawler.Stats, error) {
	var st stats
	c := f.Collector()
	colly.StdlibContext(ctx)(c)
	c.Async = true
	seeds := map[string]bool{}
	for _, u := range job.URLs {
		if cu, err := Canonical(u); err == nil {
			seeds[hostKey(cu)] = true
		}
	}
	c.OnHTML("a[href], area[href]", func(e *colly.HTMLElement) {
		d, _ := strconv.Atoi(e.Request.Ctx.Get(depthKey))
		if d >= job.Depth || !ok2xx(e.Response.StatusCode) {
			return
		}
		link := e.Request.AbsoluteURL(e.Attr("href"))
		cu, err := Canonical(link)
		if err != nil || !seeds[hostKey(cu)] {
			return
		}
		visit(c, cu, d+1, false)
	})
	for sel, attr := range assetSelectors {
		c.OnHTML(sel, func(e *colly.HTMLElement) {
			if !ok2xx(e.Response.StatusCode) {
				return
			}
			for _, raw := range attrURLs(attr, e.Attr(attr)) {
				if u := e.Request.AbsoluteURL(raw); u != "" {
					visit(c, u, 0, true)
				}
			}
		})
	}
	c.OnResponse(func(r *colly.Response) { s.page(r, job, sink, &st) })
	c.OnError(func(r *colly.Response, err error) {
		if r == nil || r.StatusCode == 0 {
			st.add(0, 0, 1)
			return
		}
		s.page(r, job, sink, &st)
	})
	for _, u := range job.URLs {
		cu, err := Canonical(u)
		if err != nil {
			st.add(0, 0, 1)
			continue
		}
		visit(c, cu, 0, false)
	}
	c.Wait()
	if err := ctx.Err(); err != nil {
		return st.get(), err
	}
	return st.get(), nil
}

// visit queues u with its depth; a refused visit (already visited, robots,
// bad URL) is expected and not an error of the run.
func visit(c *colly.Collector, u string, depth int, asset bool) {
	ctx := colly.NewContext()
	ctx.Put(depthKey, strconv.Itoa(depth))
	if asset {
		ctx.Put(assetKey, "1")
	}
	c.Request("GET", u, nil, ctx, nil)
}

// page turns an HTML response into a page item with its observation.
func (s *Source) page(r *colly.Response, job crawler.Job, sink crawler.Sink, st *stats) {
	if r.Ctx.Get(assetKey) == "1" {
		return
	}
	ct := r.Headers.Get("Content-Type")
	if ok2xx(r.StatusCode) && !strings.Contains(ct, "html") {
		return // a seed or link that is not a page: recorded, not an item
	}
	cu, err := Canonical(r.Request.URL.String())
	if err != nil {
		return
	}
	id := r.Headers.Get(crawler.RecordIDHeader)
	if id == "" {
		return
	}
	status, detail := Classify(r.StatusCode)
	now := job.Now().UTC()
	it := manifest.Item{ID: "web:" + cu, Platform: "web", Kind: "page", URL: cu, Records: []string{id}}
	obs := manifest.Observation{Item: it.ID, Status: status, At: now.Format("2006-01-02T15:04:05.999999999Z07:00"),
		HTTPStatus: r.StatusCode, Detail: detail, Records: []string{id}}
	if status == "seen" {
		it.Text = pageTitle(r.Body)
		obs.ContentSHA256 = ContentHash(r.Body)
		st.add(1, 1, 0)
	} else {
		st.add(1, 0, 0)
	}
	sink.Item(it)
	sink.Observe(obs)
}

// Classify maps an HTTP status of a page to an observation status and
// detail: 2xx seen; 404 and 410 missing; 451 withheld; anything else
// (429, 5xx, 401, 403, other 4xx) unavailable, which never changes a state.
func Classify(code int) (status, detail string) {
	switch {
	case ok2xx(code):
		return "seen", ""
	case code == 404:
		return "missing", "404 Not Found"
	case code == 410:
		return "missing", "410 Gone"
	case code == 451:
		return "withheld", "451 Unavailable For Legal Reasons"
	default:
		return "unavailable", fmt.Sprintf("HTTP %d", code)
	}
}

func ok2xx(code int) bool { return code >= 200 && code < 300 }

// ContentHash is the hex SHA-256 of a page body as received (after content
// decoding): any change of the bytes counts as a change of the page.
func ContentHash(b []byte) string {
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:])
}

// Canonical returns the canonical form of a page URL: absolute http(s),
// lower-case scheme and host, default port and fragment removed, an empty
// path written as "/".
func Canonical(raw string) (string, error) {
	u, err := url.Parse(strings.TrimSpace(raw))
	if err != nil {
		return "", err
	}
	if u.Scheme != "http" && u.Scheme != "https" || u.Host == "" {
		return "", fmt.Errorf("not an http(s) URL: %q", raw)
	}
	u.Scheme = strings.ToLower(u.Scheme)
	u.Host = strings.ToLower(u.Host)
	if (u.Scheme == "http" && u.Port() == "80") || (u.Scheme == "https" && u.Port() == "443") {
		u.Host = u.Hostname()
	}
	u.Fragment, u.RawFragment = "", ""
	if u.Path == "" {
		u.Path = "/"
	}
	return u.String(), nil
}

// hostKey is the site a URL belongs to: its host without "www.".
func hostKey(u string) string {
	p, err := url.Parse(u)
	if err != nil {
		return ""
	}
	return strings.TrimPrefix(strings.ToLower(p.Hostname()), "www.")
}

// attrURLs splits a srcset into its URLs; other attributes hold one URL.
func attrURLs(attr, v string) []string {
	v = strings.TrimSpace(v)
	if v == "" || strings.HasPrefix(v, "data:") {
		return nil
	}
	if attr != "srcset" {
		return []string{v}
	}
	var out []string
	for _, part := range strings.Split(v, ",") {
		if f := strings.Fields(part); len(f) > 0 {
			out = append(out, f[0])
		}
	}
	return out
}

type stats struct {
	mu sync.Mutex
	s  crawler.Stats
}

func (s *stats) add(found, captured, failed int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.s.Found += found
	s.s.Captured += captured
	s.s.Failed += failed
}

func (s *stats) get() crawler.Stats {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.s
}
