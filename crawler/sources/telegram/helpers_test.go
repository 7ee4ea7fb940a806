package telegram_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/afterimage-archive/afterimage/archive/manifest"
	"github.com/afterimage-archive/afterimage/crawler"
	"github.com/afterimage-archive/afterimage/crawler/crawlertest"
	"github.com/afterimage-archive/afterimage/crawler/sources/telegram"
	"github.com/afterimage-archive/afterimage/crawler/sources/telegram/telegramfake"
)

var t0 = time.Date(2026, 9, 8, 15, 30, 0, 0, time.UTC)

func fixedNow() time.Time { return t0.Add(time.Hour) }

type fixture struct {
	fake *telegramfake.Server
	src  *telegram.Source
	f    *crawlertest.Fetcher
	cur  crawlertest.Cursors
}

func newFixture(t *testing.T, channels ...string) *fixture {
	t.Helper()
	fake := telegramfake.New()
	t.Cleanup(fake.Close)
	if len(channels) == 0 {
		channels = []string{"iran_news"}
	}
	src := telegram.New(telegram.Config{BaseURL: fake.URL(), Channels: channels, Now: fixedNow})
	return &fixture{fake: fake, src: src, f: &crawlertest.Fetcher{}, cur: crawlertest.Cursors{}}
}

func (fx *fixture) collect(t *testing.T, tags ...string) (*crawlertest.Sink, crawler.Stats, error) {
	t.Helper()
	for i, tag := range tags {
		tags[i] = crawler.NormalizeTag(tag)
	}
	sink := &crawlertest.Sink{}
	job := crawler.Job{Target: "t", Tags: tags, Cursors: fx.cur, Now: fixedNow}
	st, err := fx.src.Collect(context.Background(), fx.f, job, sink)
	return sink, st, err
}

func (fx *fixture) recheck(t *testing.T, refs ...crawler.ItemRef) map[string]manifest.Observation {
	t.Helper()
	sink := &crawlertest.Sink{}
	if err := fx.src.Recheck(context.Background(), fx.f, refs, sink); err != nil {
		t.Fatalf("Recheck: %v", err)
	}
	if len(sink.Observations) != len(refs) {
		t.Fatalf("got %d observations for %d items", len(sink.Observations), len(refs))
	}
	return sink.ByItem()
}

// seed adds channel iran_news with n messages tagged #FreeIran, ids 1..n.
func (fx *fixture) seed(n int) {
	fx.fake.AddChannel(telegramfake.Channel{Name: "iran_news", Title: "Iran News & Views", Subscribers: 12345, Photo: true,
		Description: "Daily <news>"})
	for i := 1; i <= n; i++ {
		fx.fake.AddMessage(telegramfake.Message{Channel: "iran_news", ID: int64(i),
			Text: fmt.Sprintf("Post %d #FreeIran", i), Date: t0.Add(time.Duration(i) * time.Minute), Photos: i % 2, Views: "1.2K"})
	}
}

func newFixtureSource(fx *fixture) *telegram.Source {
	return telegram.New(telegram.Config{BaseURL: fx.fake.URL(), Channels: []string{"c"}, Now: fixedNow})
}
