package telegram

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"strconv"
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
	stats    crawler.Stats
	posts    map[string]bool // post ids already emitted
	accounts map[string]bool // account ids already emitted
}

// Collect implements crawler.Source: for every configured channel and
// every tag of job it searches the channel preview for "#tag", pages back
// with before=<id> down to the cursor, and records each new message that
// carries the tag together with its public page, embed page, media and
// channel. An error for one channel does not stop the others; the
// returned error joins them.
func (s *Source) Collect(ctx context.Context, f crawler.Fetcher, job crawler.Job, sink crawler.Sink) (crawler.Stats, error) {
	r := &run{s: s, f: f, sink: sink, now: job.Now, posts: map[string]bool{}, accounts: map[string]bool{}}
	if r.now == nil {
		r.now = s.cfg.Now
	}
	cur := crawler.CursorsOf(job.Cursors)
	var errs []error
	for _, ch := range s.cfg.Channels {
		for _, tag := range job.Tags {
			if err := ctx.Err(); err != nil {
				return r.stats, errors.Join(append(errs, err)...)
			}
			if err := r.channelTag(ctx, cur, ch, crawler.NormalizeTag(tag)); err != nil {
				errs = append(errs, err)
			}
		}
	}
	return r.stats, errors.Join(errs...)
}

// listURL is the preview of channel searched for #tag, before the given
// message number (0: newest).
func (s *Source) listURL(channel, tag string, before int64) string {
	u := fmt.Sprintf("%s/s/%s?q=%s", s.base, url.PathEscape(channel), url.QueryEscape("#"+tag))
	if before > 0 {
		u += "&before=" + strconv.FormatInt(before, 10)
	}
	return u
}

// channelTag searches one channel for one tag, under each spelling of
// the tag, and advances the cursor once all searches succeeded.
func (r *run) channelTag(ctx context.Context, cur crawler.Cursors, channel, tag string) error {
	key := fmt.Sprintf("%s|%s|%s|%s", Name, r.s.base, channel, tag)
	last, _ := strconv.ParseInt(cur.Get(key), 10, 64)
	newest := last
	for _, spelling := range crawler.TagSpellings(tag) {
		if err := r.search(ctx, channel, tag, spelling, last, &newest); err != nil {
			return err
		}
	}
	if newest > last {
		cur.Set(key, strconv.FormatInt(newest, 10))
	}
	return nil
}

// search pages back through the channel searched for #spelling until it
// reaches message last, recording the messages that carry tag.
func (r *run) search(ctx context.Context, channel, tag, spelling string, last int64, newest *int64) error {
	op := fmt.Sprintf("search @%s for #%s", channel, spelling)
	before := int64(0)
	for {
		resp, err := r.f.Do(ctx, &crawler.Request{URL: r.s.listURL(channel, spelling, before)})
		if err != nil {
			r.stats.Failed++
			return fmt.Errorf("%s %s: %s: %w", Name, r.s.base, op, err)
		}
		if resp.Status != 200 {
			r.stats.Failed++
			return r.s.statusError(op, resp)
		}
		p, err := parsePage(resp.Body)
		if err != nil {
			return fmt.Errorf("%s %s: %s: %w: %v", Name, r.s.base, op, ErrMalformed, err)
		}
		if p.Kind != kindPreview {
			return r.s.kindError(op, p)
		}
		reached := r.page(ctx, p, tag, last, resp, newest)
		if reached || len(p.Messages) == 0 || p.Before == 0 {
			return nil
		}
		if before != 0 && p.Before >= before {
			return fmt.Errorf("%s %s: %s: %w: before=%d after before=%d", Name, r.s.base, op, ErrPaginationLoop, p.Before, before)
		}
		before = p.Before
	}
}

// page records the new matching messages of one preview page, newest
// first, and reports whether the cursor was reached.
func (r *run) page(ctx context.Context, p *page, tag string, last int64, listing *crawler.Response, newest *int64) bool {
	reached := false
	for i := len(p.Messages) - 1; i >= 0; i-- {
		m := &p.Messages[i]
		if m.Number <= last {
			reached = true
			continue
		}
		if m.Number > *newest {
			*newest = m.Number
		}
		if crawler.HasTag(m.Tags, tag) {
			r.post(ctx, p, m, listing)
		}
	}
	return reached
}

// post records one message with its pages, media and channel.
func (r *run) post(ctx context.Context, p *page, m *message, listing *crawler.Response) {
	id := postID(m.Channel, m.Number)
	if r.posts[id] {
		return
	}
	r.posts[id] = true
	r.stats.Found++
	records := []string{listing.RecordID}
	records = append(records, r.fetchAll(ctx, r.s.postURL(m.Channel, m.Number), r.s.embedURL(m.Channel, m.Number))...)
	media := make([]string, 0, len(m.Photos)+len(m.Videos))
	for _, u := range append(append([]string{}, m.Photos...), m.Videos...) {
		media = append(media, r.s.resolve(u))
	}
	records = append(records, r.fetchAll(ctx, media...)...)
	author := r.account(ctx, p, m.Channel, listing)
	r.sink.Item(manifest.Item{ID: id, Platform: Name, Kind: "post", URL: r.s.postURL(m.Channel, m.Number),
		Tags: nonNil(m.Tags), Text: m.Text, CreatedAt: m.Date, Author: author, Media: media, Records: records})
	r.sink.Observe(manifest.Observation{Item: id, Status: "seen", At: crawler.Stamp(r.now), HTTPStatus: listing.Status,
		ContentSHA256: postHash(m), Records: records})
	r.stats.Captured++
}

// account records the channel of a message once per run.
func (r *run) account(ctx context.Context, p *page, channel string, listing *crawler.Response) string {
	id := accountID(channel)
	if r.accounts[id] {
		return id
	}
	r.accounts[id] = true
	records := []string{listing.RecordID}
	avatar := ""
	if p.Info.AvatarURL != "" {
		avatar = r.s.resolve(p.Info.AvatarURL)
		records = append(records, r.fetchAll(ctx, avatar)...)
	}
	r.sink.Item(manifest.Item{ID: id, Platform: Name, Kind: "account", URL: r.s.base + "/" + channel,
		Tags: []string{}, Text: p.Info.Description, Media: []string{}, Records: records,
		Account: &manifest.Account{Handle: channel, DisplayName: p.Info.Title, Followers: p.Info.Subscribers,
			AvatarURL: avatar, DefaultAvatar: avatar == ""}})
	r.sink.Observe(manifest.Observation{Item: id, Status: "seen", At: crawler.Stamp(r.now), HTTPStatus: listing.Status,
		ContentSHA256: channelHash(channel, p.Info.Title), Records: records})
	return id
}

// fetchAll fetches urls for capture (see crawler.FetchAll) and returns
// the record ids obtained; failed fetches and error statuses are counted
// in Stats.Failed.
func (r *run) fetchAll(ctx context.Context, urls ...string) []string {
	ids, failed := crawler.FetchAll(ctx, r.f, urls...)
	r.stats.Failed += failed
	return ids
}

// resolve makes a page-relative URL absolute against the base URL.
func (s *Source) resolve(ref string) string {
	b, err := url.Parse(s.base + "/")
	if err != nil {
		return ref
	}
	u, err := b.Parse(ref)
	if err != nil {
		return ref
	}
	return u.String()
}

// nonNil returns s, or an empty slice for nil.
func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}
