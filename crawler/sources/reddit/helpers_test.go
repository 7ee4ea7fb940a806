package reddit_test

import (
	"context"
	"fmt"
	"strconv"
	"testing"
	"time"

	"github.com/afterimage-archive/afterimage/archive/manifest"
	"github.com/afterimage-archive/afterimage/crawler"
	"github.com/afterimage-archive/afterimage/crawler/crawlertest"
	"github.com/afterimage-archive/afterimage/crawler/sources/reddit"
	"github.com/afterimage-archive/afterimage/crawler/sources/reddit/redditfake"
	"github.com/gocolly/colly/v2"
)

var t0 = time.Date(2026, 9, 1, 10, 0, 0, 0, time.UTC)

func fixedNow() time.Time { return t0.Add(time.Hour) }

type fixture struct {
	fake *redditfake.Server
	cfg  reddit.Config
	src  *reddit.Source
	f    *crawlertest.Fetcher
	cur  crawlertest.Cursors
}

func newFixture(t testing.TB, edit ...func(*reddit.Config)) *fixture {
	t.Helper()
	fake := redditfake.New()
	t.Cleanup(fake.Close)
	cfg := reddit.Config{BaseURL: fake.URL(), AuthURL: fake.TokenURL(), WebURL: fake.URL(),
		ClientID: redditfake.ClientID, ClientSecret: redditfake.ClientSecret, UserAgent: "test:afterimage:0.1 (by /u/test)", Now: fixedNow}
	for _, e := range edit {
		e(&cfg)
	}
	return &fixture{fake: fake, cfg: cfg, src: reddit.New(cfg), f: &crawlertest.Fetcher{}, cur: crawlertest.Cursors{}}
}

func (fx *fixture) collect(t *testing.T, tags ...string) (*crawlertest.Sink, crawler.Stats, error) {
	t.Helper()
	for i, tag := range tags {
		tags[i] = crawler.NormalizeTag(tag)
	}
	sink := &crawlertest.Sink{}
	st, err := fx.src.Collect(context.Background(), fx.f, crawler.Job{Target: "t", Tags: tags, Cursors: fx.cur, Now: fixedNow}, sink)
	return sink, st, err
}

func (fx *fixture) recheck(t *testing.T, refs ...crawler.ItemRef) (map[string]manifest.Observation, error) {
	t.Helper()
	sink := &crawlertest.Sink{}
	err := fx.src.Recheck(context.Background(), fx.f, refs, sink)
	if len(sink.Observations) != len(refs) {
		t.Fatalf("got %d observations for %d items", len(sink.Observations), len(refs))
	}
	return sink.ByItem(), err
}

// id36 is the base-36 post id for n.
func id36(n int) string { return strconv.FormatInt(int64(1_000_000+n), 36) }

// seed adds alice (icon) and bob (default avatar) and n self posts
// mentioning #FreeIran, alternating authors, newer with n.
func (fx *fixture) seed(n int) {
	fx.fake.AddAccount(redditfake.Account{Name: "alice", ID: "a1", Created: t0.AddDate(-5, 0, 0), LinkKarma: 10,
		Followers: 7, Title: "Alice & Co", Description: "bio", Icon: true})
	fx.fake.AddAccount(redditfake.Account{Name: "bob", ID: "b2", Created: t0.AddDate(0, -1, 0)})
	for i := 1; i <= n; i++ {
		author := "alice"
		if i%2 == 0 {
			author = "bob"
		}
		fx.fake.AddPost(redditfake.Post{ID: id36(i), Subreddit: "worldnews", Author: author, Title: fmt.Sprintf("Post %d", i),
			Selftext: "about #FreeIran today", Created: t0.Add(time.Duration(i) * time.Minute), Image: i%3 == 0})
	}
}

// hookFetcher calls hook once after the first `after` requests.
type hookFetcher struct {
	f     *crawlertest.Fetcher
	after int
	n     int
	hook  func()
}

func (h *hookFetcher) Do(ctx context.Context, r *crawler.Request) (*crawler.Response, error) {
	if h.n == h.after {
		h.hook()
	}
	h.n++
	return h.f.Do(ctx, r)
}

func (h *hookFetcher) Collector() *colly.Collector { return h.f.Collector() }

func (fx *fixture) collectWith(t *testing.T, f crawler.Fetcher, tags ...string) (*crawlertest.Sink, crawler.Stats, error) {
	t.Helper()
	for i, tag := range tags {
		tags[i] = crawler.NormalizeTag(tag)
	}
	sink := &crawlertest.Sink{}
	st, err := fx.src.Collect(context.Background(), f, crawler.Job{Target: "t", Tags: tags, Cursors: fx.cur, Now: fixedNow}, sink)
	return sink, st, err
}
