package reddit

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/afterimage-archive/afterimage/archive/manifest"
	"github.com/afterimage-archive/afterimage/crawler"
)

// run is the state of one Collect call.
type run struct {
	s        *Source
	f        crawler.Fetcher
	sink     crawler.Sink
	now      func() time.Time
	token    string
	stats    crawler.Stats
	posts    map[string]bool // post ids already emitted
	accounts map[string]bool // account ids already emitted
}

// scope is where a search runs: all of Reddit or one subreddit.
type scope struct{ name, path string }

// scopes lists the configured search scopes.
func (s *Source) scopes() []scope {
	if len(s.cfg.Subreddits) == 0 {
		return []scope{{"all", "/search"}}
	}
	var out []scope
	for _, sub := range s.cfg.Subreddits {
		sub = strings.TrimPrefix(sub, "r/")
		out = append(out, scope{"r/" + sub, "/r/" + url.PathEscape(sub) + "/search"})
	}
	return out
}

// Collect implements crawler.Source: it gets an app-only token, then for
// every search scope and tag of job pages through the newest posts down
// to the cursor and records each post carrying the tag with its public
// page, media and author. Errors of one scope or tag do not stop the
// others, except ErrAuth.
func (s *Source) Collect(ctx context.Context, f crawler.Fetcher, job crawler.Job, sink crawler.Sink) (crawler.Stats, error) {
	r := &run{s: s, f: f, sink: sink, now: job.Now, posts: map[string]bool{}, accounts: map[string]bool{}}
	if r.now == nil {
		r.now = s.cfg.Now
	}
	tok, err := s.token(ctx, f)
	if err != nil {
		r.stats.Failed++
		return r.stats, err
	}
	r.token = tok
	cur := crawler.CursorsOf(job.Cursors)
	var errs []error
	for _, sc := range s.scopes() {
		for _, tag := range job.Tags {
			err := r.search(ctx, cur, sc, crawler.NormalizeTag(tag))
			if err != nil {
				errs = append(errs, err)
			}
			if errors.Is(err, ErrAuth) || ctx.Err() != nil {
				return r.stats, errors.Join(errs...)
			}
		}
	}
	return r.stats, errors.Join(errs...)
}

// search pages through one scope for one tag.
func (r *run) search(ctx context.Context, cur crawler.Cursors, sc scope, tag string) error {
	key := fmt.Sprintf("%s|%s|%s|%s", Name, r.s.base, sc.name, tag)
	last := cur.Get(key)
	newest, after, afters := last, "", map[string]bool{}
	op := fmt.Sprintf("search %s for %s", sc.name, tag)
	q := url.Values{"q": {strings.Join(crawler.TagSpellings(tag), " OR ")}, "sort": {"new"}, "type": {"link"}, "limit": {"100"}}
	if sc.name != "all" {
		q.Set("restrict_sr", "true")
	}
	for {
		if after != "" {
			q.Set("after", after)
		}
		resp, err := r.f.Do(ctx, r.s.apiRequest(r.token, sc.path, q))
		if err != nil {
			r.stats.Failed++
			return fmt.Errorf("%s %s: %s: %w", Name, r.s.base, op, err)
		}
		if resp.Status != http.StatusOK {
			r.stats.Failed++
			return r.s.statusError(op, resp)
		}
		l, err := parseListing(resp.Body)
		if err != nil {
			return r.s.malformed(op, err)
		}
		reached := r.page(ctx, l, tag, last, resp, &newest)
		next := ""
		if l.Data.After != nil {
			next = *l.Data.After
		}
		if reached || next == "" || len(l.Data.Children) == 0 {
			break
		}
		if afters[next] {
			return fmt.Errorf("%s %s: %s: %w: after=%s repeated", Name, r.s.base, op, ErrPaginationLoop, next)
		}
		afters[next], after = true, next
	}
	if newest != last {
		cur.Set(key, newest)
	}
	return nil
}

// page records the new posts of one listing that carry tag and reports
// whether the cursor was reached.
func (r *run) page(ctx context.Context, l *listing, tag, last string, resp *crawler.Response, newest *string) bool {
	reached := false
	for i := range l.Data.Children {
		p := &l.Data.Children[i].Data
		if last != "" && !newerID(p.ID, last) {
			reached = true
			continue
		}
		if newerID(p.ID, *newest) {
			*newest = p.ID
		}
		if p.carries(tag) {
			r.post(ctx, p, tag, resp)
		}
	}
	return reached
}

// post records one post with its public page, media and author.
func (r *run) post(ctx context.Context, p *link, tag string, resp *crawler.Response) {
	id := Name + ":" + p.Name
	if r.posts[id] {
		return
	}
	r.posts[id] = true
	r.stats.Found++
	media := p.media()
	page := r.s.web + p.Permalink
	records := []string{resp.RecordID}
	if r.s.pages {
		records = append(records, r.fetchAll(ctx, page)...)
	}
	records = append(records, r.fetchAll(ctx, media...)...)
	author := ""
	if p.Author != "" && p.Author != "[deleted]" {
		author = accountID(p.Author)
		r.account(ctx, p.Author)
	}
	r.sink.Item(manifest.Item{ID: id, Platform: Name, Kind: "post", URL: page, Tags: p.tags(tag), Text: p.text(),
		CreatedAt: unixTime(p.CreatedUTC), Author: author, Media: media, Records: records})
	o := manifest.Observation{Item: id, Status: "seen", At: crawler.Stamp(r.now), HTTPStatus: resp.Status,
		ContentSHA256: p.hash(), Records: records}
	if status, detail := p.removal(); status != "" {
		o.Status, o.Detail, o.ContentSHA256 = status, detail, ""
	}
	r.sink.Observe(o)
	r.stats.Captured++
}

// fetchAll fetches urls for capture (see crawler.FetchAll) and returns
// the record ids obtained; failed fetches and error statuses are counted
// in Stats.Failed.
func (r *run) fetchAll(ctx context.Context, urls ...string) []string {
	ids, failed := crawler.FetchAll(ctx, r.f, urls...)
	r.stats.Failed += failed
	return ids
}
