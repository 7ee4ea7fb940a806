package telegram

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"github.com/afterimage-archive/afterimage/archive/manifest"
	"github.com/afterimage-archive/afterimage/crawler"
)

// Recheck implements crawler.Source. For a post it fetches the embed page
// (the deciding answer) and the public page; for a channel it fetches the
// preview, following Telegram's redirect to the landing page when the
// preview is gone. It reports exactly one observation per item; the
// error is only the context's.
func (s *Source) Recheck(ctx context.Context, f crawler.Fetcher, items []crawler.ItemRef, sink crawler.Sink) error {
	crawler.Parallel(s.cfg.Workers, items, func(it crawler.ItemRef) {
		sink.Observe(s.recheckOne(ctx, f, it))
	})
	return ctx.Err()
}

// recheckOne decides one item.
func (s *Source) recheckOne(ctx context.Context, f crawler.Fetcher, it crawler.ItemRef) manifest.Observation {
	o := manifest.Observation{Item: it.ID, Records: []string{}}
	key, ok := strings.CutPrefix(it.ID, Name+":")
	if !ok || key == "" {
		return s.unavailable(o, "not a telegram item id")
	}
	if i := strings.LastIndex(key, "/"); i > 0 {
		n, err := strconv.ParseInt(key[i+1:], 10, 64)
		if err != nil || n <= 0 {
			return s.unavailable(o, "not a telegram item id")
		}
		return s.recheckPost(ctx, f, it, key[:i], n, o)
	}
	return s.recheckChannel(ctx, f, it, key, o)
}

// recheckPost decides a message from its embed page.
func (s *Source) recheckPost(ctx context.Context, f crawler.Fetcher, it crawler.ItemRef, channel string, n int64, o manifest.Observation) manifest.Observation {
	resp, err := f.Do(ctx, &crawler.Request{URL: s.embedURL(channel, n)})
	o.Records = crawler.FetchPage(ctx, f, o.Records, s.postURL(channel, n))
	if err != nil {
		return s.unavailable(o, err.Error())
	}
	o.HTTPStatus = resp.Status
	o.Records = append([]string{resp.RecordID}, o.Records...)
	if resp.Status != 200 {
		return s.unavailable(o, fmt.Sprintf("HTTP %d", resp.Status))
	}
	p, err := parsePage(resp.Body)
	if err != nil {
		return s.unavailable(o, err.Error())
	}
	if p.Error != "" {
		low := strings.ToLower(p.Error)
		if strings.Contains(low, "not found") || strings.Contains(low, "private") {
			return s.decided(o, "missing", p.Error)
		}
		return s.unavailable(o, p.Error)
	}
	for i := range p.Messages {
		if m := &p.Messages[i]; m.Number == n && strings.EqualFold(m.Channel, channel) {
			return s.seen(o, postHash(m), it.ContentSHA256)
		}
	}
	return s.landing(o, p)
}

// recheckChannel decides a channel from its preview or landing page.
func (s *Source) recheckChannel(ctx context.Context, f crawler.Fetcher, it crawler.ItemRef, channel string, o manifest.Observation) manifest.Observation {
	resp, err := f.Do(ctx, &crawler.Request{URL: s.base + "/s/" + channel})
	if err != nil {
		return s.unavailable(o, err.Error())
	}
	o.HTTPStatus, o.Records = resp.Status, append(o.Records, resp.RecordID)
	if resp.Status != 200 {
		return s.unavailable(o, fmt.Sprintf("HTTP %d", resp.Status))
	}
	p, err := parsePage(resp.Body)
	if err != nil {
		return s.unavailable(o, err.Error())
	}
	switch p.Kind {
	case kindPreview:
		return s.seen(o, channelHash(channel, p.Info.Title), it.ContentSHA256)
	case kindNoPreview:
		o = s.seen(o, channelHash(channel, p.Notice), it.ContentSHA256)
		o.Detail = "channel has no public preview"
		return o
	}
	return s.landing(o, p)
}

// landing decides from a page that shows no message: no channel, a
// blocked channel, or something unrecognised.
func (s *Source) landing(o manifest.Observation, p *page) manifest.Observation {
	switch p.Kind {
	case kindNoChannel:
		return s.decided(o, "missing", p.Notice)
	case kindBlocked:
		low := strings.ToLower(p.Notice)
		if strings.Contains(low, "local laws") || strings.Contains(low, "copyright") {
			return s.decided(o, "withheld", p.Notice)
		}
		return s.decided(o, "suspended", p.Notice)
	}
	return s.unavailable(o, "page shows neither the item nor a known notice")
}

// seen reports a live item, "changed" when its hash differs from prev
// (see crawler.DecideSeen).
func (s *Source) seen(o manifest.Observation, hash, prev string) manifest.Observation {
	return crawler.DecideSeen(o, s.cfg.Now, hash, prev)
}

// decided reports missing, suspended or withheld with the page's words
// (see crawler.Decide).
func (s *Source) decided(o manifest.Observation, status, detail string) manifest.Observation {
	return crawler.Decide(o, s.cfg.Now, status, detail)
}

// unavailable reports that no decision could be made.
func (s *Source) unavailable(o manifest.Observation, detail string) manifest.Observation {
	return s.decided(o, "unavailable", detail)
}
