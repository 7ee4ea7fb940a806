package web

import (
	"context"
	"html"
	"regexp"
	"strings"
	"sync"

	"github.com/afterimage-archive/afterimage/archive/manifest"
	"github.com/afterimage-archive/afterimage/crawler"
)

// recheckWorkers is how many pages are fetched at once; the fetcher's
// per-host limits still apply.
const recheckWorkers = 8

// Recheck fetches each page again: 404 and 410 are missing, 451 withheld,
// a different body is changed, an error answer unavailable. A fetch that
// gets no answer at all leaves no record to back an observation; the
// failure is listed in the manifest by the recorder.
func (s *Source) Recheck(ctx context.Context, f crawler.Fetcher, items []crawler.ItemRef, sink crawler.Sink) error {
	work := make(chan crawler.ItemRef)
	var wg sync.WaitGroup
	for range min(recheckWorkers, len(items)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for it := range work {
				recheckPage(ctx, f, it, sink)
			}
		}()
	}
	defer wg.Wait()
	defer close(work)
	for _, it := range items {
		select {
		case work <- it:
		case <-ctx.Done():
			return ctx.Err()
		}
	}
	return nil
}

func recheckPage(ctx context.Context, f crawler.Fetcher, it crawler.ItemRef, sink crawler.Sink) {
	resp, err := f.Do(ctx, &crawler.Request{URL: it.URL})
	if err != nil {
		return
	}
	status, detail := Classify(resp.Status)
	o := manifest.Observation{Item: it.ID, Status: status, HTTPStatus: resp.Status,
		Detail: detail, Records: []string{resp.RecordID}}
	if status == "seen" {
		o.ContentSHA256 = ContentHash(resp.Body)
		if it.ContentSHA256 != "" && o.ContentSHA256 != it.ContentSHA256 {
			o.Status, o.Detail = "changed", "content hash changed"
		}
	}
	sink.Observe(o)
}

var titleRE = regexp.MustCompile(`(?is)<title[^>]*>(.*?)</title>`)

// pageTitle returns a page's <title>, unescaped and with white space
// collapsed, as the item's text.
func pageTitle(body []byte) string {
	m := titleRE.FindSubmatch(body)
	if m == nil {
		return ""
	}
	return strings.Join(strings.Fields(html.UnescapeString(string(m[1]))), " ")
}
