package bluesky

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
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
	sess     *session
	seen     map[string]bool    // post uris reported in this run
	accounts map[string]bool    // account item ids reported in this run
	profiles map[string]fetched // did -> detailed profile
	errs     []error            // failures that did not stop a search
	stats    crawler.Stats
}

// fetched is a detailed profile and the record of the answer holding it.
type fetched struct {
	p      profile
	record string
}

// Collect logs in, searches every job tag (and its Arabic/Persian letter
// variants) and reports each new matching post, its author, page, images
// and avatar to sink. A failed search is reported in the returned error
// (joined, one per tag spelling) and the other tags are still searched; a
// failed login ends the run.
func (s *Source) Collect(ctx context.Context, f crawler.Fetcher, job crawler.Job, sink crawler.Sink) (crawler.Stats, error) {
	r := &run{src: s, f: f, sink: sink, cursors: job.Cursors, now: job.Now,
		sess: &session{src: s, f: f}, seen: map[string]bool{}, accounts: map[string]bool{},
		profiles: map[string]fetched{}}
	if r.now == nil {
		r.now = time.Now
	}
	for _, tag := range job.Tags {
		for _, sp := range crawler.TagSpellings(tag) {
			err := r.search(ctx, tag, sp)
			if err == nil {
				continue
			}
			r.errs = append(r.errs, err)
			if ctx.Err() != nil || errors.Is(err, ErrAuth) {
				return r.stats, errors.Join(r.errs...)
			}
		}
	}
	return r.stats, errors.Join(r.errs...)
}

// cursorKey is the Cursors key of one tag spelling.
func cursorKey(service, spelling string) string {
	return Platform + "|" + service + "|" + spelling
}

// search pages through the latest posts of one tag spelling until it
// reaches the previous run's mark, an empty page or the end. The mark
// moves only when paging ended cleanly.
func (r *run) search(ctx context.Context, tag, spelling string) error {
	svc := r.src.cfg.Service
	op := "searchPosts #" + spelling
	key := cursorKey(svc, spelling)
	old := parseMark(r.cursorGet(key))
	var newest mark
	cursors := map[string]bool{}
	cursor := ""
	for pages := 0; r.src.cfg.MaxPages <= 0 || pages < r.src.cfg.MaxPages; pages++ {
		resp, err := r.sess.get(ctx, op, searchURL(svc, spelling, cursor, old))
		if err != nil {
			r.stats.Failed++
			return err
		}
		if resp.Status != http.StatusOK {
			r.stats.Failed++
			err := answerError(svc, op, resp)
			if resp.Status == http.StatusUnauthorized || resp.Status == http.StatusForbidden {
				err = fmt.Errorf("%w; search needs a logged-in session on the PDS or entryway (service, e.g. https://bsky.social)", err)
			}
			return err
		}
		page, err := parseSearch(resp.Body)
		if err != nil {
			r.stats.Failed++
			return malformed(svc, op, err)
		}
		stop := r.page(ctx, tag, page.Posts, resp.RecordID, old, &newest)
		if stop || len(page.Posts) == 0 || page.Cursor == "" {
			break
		}
		if cursors[page.Cursor] || page.Cursor == cursor {
			return fmt.Errorf("bluesky %s: %s: %w: cursor %q repeats", svc, op, ErrPaginationLoop, page.Cursor)
		}
		cursors[page.Cursor], cursor = true, page.Cursor
	}
	if m := old.merge(newest); m.String() != old.String() && r.cursors != nil {
		r.cursors.Set(key, m.String())
	}
	return nil
}

func (r *run) cursorGet(key string) string {
	if r.cursors == nil {
		return ""
	}
	return r.cursors.Get(key)
}

// searchURL is the searchPosts URL of one page.
func searchURL(service, spelling, cursor string, since mark) string {
	q := url.Values{"q": {"#" + spelling}, "tag": {spelling}, "sort": {"latest"},
		"limit": {strconv.Itoa(PageLimit)}}
	if since.set() {
		q.Set("since", since.at.Format(time.RFC3339Nano))
	}
	if cursor != "" {
		q.Set("cursor", cursor)
	}
	return service + "/xrpc/app.bsky.feed.searchPosts?" + q.Encode()
}

// page reports the new matching posts of one search page. stop is true
// when the page reached posts older than the previous run's mark.
func (r *run) page(ctx context.Context, tag string, posts []postView, record string, old mark, newest *mark) (stop bool) {
	var fresh []postView
	for _, p := range posts {
		at, ok := p.sortAt()
		if ok && old.set() && (at.Before(old.at) || at.Equal(old.at) && old.has(p.URI)) {
			stop = stop || at.Before(old.at)
			continue
		}
		if ok {
			newest.add(at, p.URI)
		}
		if !crawler.HasTag(p.tags(), tag) || r.seen[p.URI] {
			continue
		}
		r.seen[p.URI] = true
		fresh = append(fresh, p)
	}
	r.loadProfiles(ctx, fresh)
	for _, p := range fresh {
		r.post(ctx, p, record)
	}
	return stop
}
