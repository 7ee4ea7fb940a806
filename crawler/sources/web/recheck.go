package web

import (
	"context"
	"html"
	"regexp"
	"strings"

	"github.com/afterimage-archive/afterimage/archive/manifest"
	"github.com/afterimage-archive/afterimage/crawler"
)

// Recheck fetches each page again: 404 and 410 are missing, 451 withheld,
// a different body is changed, an error answer or no answer unavailable.
func (s *Source) Recheck(ctx context.Context, f crawler.Fetcher, items []crawler.ItemRef, sink crawler.Sink) error {
	for _, it := range items {
		if err := ctx.Err(); err != nil {
			return err
		}
		resp, err := f.Do(ctx, &crawler.Request{URL: it.URL})
		if err != nil {
			// No response, so no record to back an observation: the
			// failure is listed in the manifest by the recorder.
			continue
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
	return nil
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
