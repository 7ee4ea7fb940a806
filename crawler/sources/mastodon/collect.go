package mastodon

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/afterimage-archive/afterimage/crawler"
)

// run is the state of one Collect call.
type run struct {
	src      *Source
	f        crawler.Fetcher
	sink     crawler.Sink
	cursors  crawler.Cursors
	now      func() time.Time
	seen     map[string]bool // status uris reported in this run
	accounts map[string]bool // account item ids reported in this run
	stats    crawler.Stats
}

// Collect reads the tag timeline of every job tag (and its Arabic/Persian
// letter variants) on every configured instance and reports each new
// matching status, its author, page, media and avatar to sink. An instance
// that fails is reported in the returned error (joined, one per instance
// and tag) and the other instances are still read; an auth error skips the
// instance's remaining tags.
func (s *Source) Collect(ctx context.Context, f crawler.Fetcher, job crawler.Job, sink crawler.Sink) (crawler.Stats, error) {
	if len(s.cfg.Instances) == 0 {
		return crawler.Stats{}, errors.New("mastodon: no instances configured")
	}
	r := &run{src: s, f: f, sink: sink, cursors: job.Cursors, now: job.Now,
		seen: map[string]bool{}, accounts: map[string]bool{}}
	if r.now == nil {
		r.now = time.Now
	}
	var errs []error
	for _, inst := range s.cfg.Instances {
	tags:
		for _, tag := range job.Tags {
			for _, spelling := range crawler.TagSpellings(tag) {
				err := r.timeline(ctx, inst, tag, spelling)
				if err == nil {
					continue
				}
				errs = append(errs, err)
				if ctx.Err() != nil {
					return r.stats, errors.Join(errs...)
				}
				if errors.Is(err, ErrAuthRequired) {
					break tags
				}
			}
		}
	}
	return r.stats, errors.Join(errs...)
}

// cursorKey is the Cursors key of one instance and tag spelling.
func cursorKey(inst, spelling string) string {
	return Platform + "|" + inst + "|" + spelling
}

// timeline pages through one tag timeline, newest first, until it reaches
// the last id seen before, an empty page or the end. The newest id read
// becomes the cursor only when paging ended cleanly.
func (r *run) timeline(ctx context.Context, inst Instance, tag, spelling string) error {
	op := "tag timeline #" + spelling
	key := cursorKey(inst.URL, spelling)
	last := r.cursorGet(key)
	next := inst.URL + "/api/v1/timelines/tag/" + url.PathEscape(spelling) + "?limit=" + strconv.Itoa(PageLimit)
	visited := map[string]bool{}
	newest, oldest := "", ""
	for pages := 0; next != ""; pages++ {
		if r.src.cfg.MaxPages > 0 && pages >= r.src.cfg.MaxPages {
			break
		}
		if visited[next] {
			return fmt.Errorf("mastodon %s: %s: %w: rel=next repeats %s", inst.URL, op, ErrPaginationLoop, next)
		}
		visited[next] = true
		resp, sts, err := r.page(ctx, inst, op, next)
		if err != nil {
			return err
		}
		if len(sts) == 0 {
			break
		}
		pageOldest := oldestID(sts)
		if oldest != "" && !idLess(pageOldest, oldest) {
			return fmt.Errorf("mastodon %s: %s: %w: page %s is not older than the previous one", inst.URL, op, ErrPaginationLoop, next)
		}
		oldest = pageOldest
		if r.statuses(ctx, inst, tag, last, sts, resp.RecordID, &newest) {
			break
		}
		if next, err = nextLink(inst.URL, resp); err != nil {
			return fmt.Errorf("mastodon %s: %s: %w", inst.URL, op, err)
		}
	}
	if newest != "" && (last == "" || idLess(last, newest)) && r.cursors != nil {
		r.cursors.Set(key, newest)
	}
	return nil
}

// statuses reports the statuses of one page that are newer than last and
// keeps the newest id in *newest. It returns true when the page reached
// last, so paging can stop.
func (r *run) statuses(ctx context.Context, inst Instance, tag, last string, sts []status, record string, newest *string) (reachedOld bool) {
	for _, st := range sts {
		if last != "" && !idLess(last, st.ID) {
			reachedOld = true
			continue
		}
		if *newest == "" || idLess(*newest, st.ID) {
			*newest = st.ID
		}
		r.status(ctx, inst, tag, st, record)
	}
	return reachedOld
}

// oldestID returns the smallest status id of a non-empty page.
func oldestID(sts []status) string {
	o := sts[0].ID
	for _, st := range sts[1:] {
		if idLess(st.ID, o) {
			o = st.ID
		}
	}
	return o
}

func (r *run) cursorGet(key string) string {
	if r.cursors == nil {
		return ""
	}
	return r.cursors.Get(key)
}

// page fetches and parses one timeline page. 200 [] and 404 "Record not
// found" (an unknown tag) both give no statuses.
func (r *run) page(ctx context.Context, inst Instance, op, u string) (*crawler.Response, []status, error) {
	resp, err := r.f.Do(ctx, apiRequest(u, inst.Token))
	if err != nil {
		r.stats.Failed++
		return nil, nil, fmt.Errorf("mastodon %s: %s: %w", inst.URL, op, err)
	}
	if recordNotFound(resp) {
		return resp, nil, nil
	}
	if resp.Status != http.StatusOK {
		r.stats.Failed++
		return nil, nil, answerError(inst.URL, op, resp, inst.Token != "")
	}
	sts, err := parseStatuses(resp.Body)
	if err != nil {
		r.stats.Failed++
		return nil, nil, malformed(inst.URL, op, err)
	}
	return resp, sts, nil
}

// nextLink returns the absolute rel="next" URL of a page, or "" at the
// end. A link to another host is refused as a pagination loop.
func nextLink(base string, resp *crawler.Response) (string, error) {
	next := parseLink(resp.Header.Get("Link"))["next"]
	if next == "" {
		return "", nil
	}
	from, err := url.Parse(resp.URL)
	if err != nil {
		return "", fmt.Errorf("page URL %q: %w", resp.URL, err)
	}
	to, err := from.Parse(next)
	if err != nil {
		return "", fmt.Errorf("%w: rel=next %q: %v", ErrPaginationLoop, next, err)
	}
	b, err := url.Parse(base)
	if err != nil || !strings.EqualFold(to.Host, b.Host) {
		return "", fmt.Errorf("%w: rel=next %s leaves the instance", ErrPaginationLoop, to)
	}
	return to.String(), nil
}

// apiRequest is a GET of an API URL with the token, if any.
func apiRequest(u, token string) *crawler.Request {
	req := &crawler.Request{URL: u, Header: http.Header{"Accept": {"application/json"}}}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	return req
}
