package telegram_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/afterimage-archive/afterimage/crawler"
	"github.com/afterimage-archive/afterimage/crawler/crawlertest"
	"github.com/afterimage-archive/afterimage/crawler/sources/telegram/telegramfake"
)

func ref(id, kind string) crawler.ItemRef { return crawler.ItemRef{ID: id, Kind: kind} }

func TestRecheckOutcomes(t *testing.T) {
	fx := newFixture(t)
	fx.seed(3)
	sink, _, err := fx.collect(t, "FreeIran")
	if err != nil {
		t.Fatal(err)
	}
	hash := map[string]string{}
	for _, o := range sink.Observations {
		hash[o.Item] = o.ContentSHA256
	}
	fx.fake.DeleteMessage("iran_news", 2)
	fx.fake.AddMessage(telegramfake.Message{Channel: "iran_news", ID: 3, Date: t0, Text: "edited #FreeIran"})
	refs := []crawler.ItemRef{
		{ID: "telegram:iran_news/1", Kind: "post", ContentSHA256: hash["telegram:iran_news/1"]},
		{ID: "telegram:iran_news/2", Kind: "post", ContentSHA256: hash["telegram:iran_news/2"]},
		{ID: "telegram:iran_news/3", Kind: "post", ContentSHA256: hash["telegram:iran_news/3"]},
		{ID: "telegram:iran_news", Kind: "account", ContentSHA256: hash["telegram:iran_news"]},
		ref("telegram:", "post"),
		ref("mastodon:x", "post"),
	}
	obs := fx.recheck(t, refs...)
	want := map[string]struct{ status, detail string }{
		"telegram:iran_news/1": {"seen", ""},
		"telegram:iran_news/2": {"missing", "Post not found"},
		"telegram:iran_news/3": {"changed", ""},
		"telegram:iran_news":   {"seen", ""},
		"telegram:":            {"unavailable", "not a telegram item id"},
		"mastodon:x":           {"unavailable", "not a telegram item id"},
	}
	for id, w := range want {
		o := obs[id]
		if o.Status != w.status || o.Detail != w.detail {
			t.Errorf("%s: %s %q, want %s %q", id, o.Status, o.Detail, w.status, w.detail)
		}
	}
	if o := obs["telegram:iran_news/1"]; o.ContentSHA256 != hash[o.Item] || o.HTTPStatus != 200 || len(o.Records) != 2 {
		t.Errorf("seen post: %+v (collect hash %s)", o, hash[o.Item])
	}
	if o := obs["telegram:iran_news"]; o.ContentSHA256 != hash[o.Item] {
		t.Errorf("channel hash %s, collect %s", o.ContentSHA256, hash[o.Item])
	}
	if o := obs["telegram:iran_news/2"]; o.HTTPStatus != 200 || len(o.Records) != 2 || o.At != "2026-09-08T16:30:00Z" {
		t.Errorf("missing post evidence: %+v", o)
	}
}

func TestRecheckChannelStates(t *testing.T) {
	cases := []struct {
		name              string
		setup             func(*telegramfake.Server)
		post, postDetail  string
		chann, chanDetail string
	}{
		{"removed", func(s *telegramfake.Server) { s.RemoveChannel("iran_news") },
			"missing", "Post not found", "missing", "Telegram: Contact @iran_news"},
		{"private", func(s *telegramfake.Server) { s.MakePrivate("iran_news") },
			"missing", "Channel is private", "missing", "Telegram: Contact @iran_news"},
		{"local laws", func(s *telegramfake.Server) {
			s.BlockChannel("iran_news", "This channel can't be displayed because it violated local laws.")
		}, "withheld", "This channel can't be displayed because it violated local laws.",
			"withheld", "This channel can't be displayed because it violated local laws."},
		{"terms", func(s *telegramfake.Server) {
			s.BlockChannel("iran_news", "This channel can’t be displayed because it violated Telegram's Terms of Service.")
		}, "suspended", "This channel can’t be displayed because it violated Telegram's Terms of Service.",
			"suspended", "This channel can’t be displayed because it violated Telegram's Terms of Service."},
		{"no preview", func(s *telegramfake.Server) { s.DisablePreview("iran_news") },
			"seen", "", "seen", "channel has no public preview"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			fx := newFixture(t)
			fx.seed(1)
			c.setup(fx.fake)
			obs := fx.recheck(t, ref("telegram:iran_news/1", "post"), ref("telegram:iran_news", "account"))
			if o := obs["telegram:iran_news/1"]; o.Status != c.post || o.Detail != c.postDetail {
				t.Errorf("post: %s %q, want %s %q", o.Status, o.Detail, c.post, c.postDetail)
			}
			if o := obs["telegram:iran_news"]; o.Status != c.chann || o.Detail != c.chanDetail {
				t.Errorf("channel: %s %q, want %s %q", o.Status, o.Detail, c.chann, c.chanDetail)
			}
		})
	}
}

func TestRecheckUnavailable(t *testing.T) {
	cases := []struct {
		name   string
		setup  func(*telegramfake.Server)
		status int
		detail string
	}{
		{"429", func(s *telegramfake.Server) { s.RateLimit(100) }, 429, "HTTP 429"},
		{"503", func(s *telegramfake.Server) { s.Fail(100, 503) }, 503, "HTTP 503"},
		{"garbage", func(s *telegramfake.Server) { s.Garbage(100) }, 200, "page shows neither the item nor a known notice"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			fx := newFixture(t)
			fx.seed(1)
			c.setup(fx.fake)
			obs := fx.recheck(t, ref("telegram:iran_news/1", "post"), ref("telegram:iran_news", "account"))
			for id, o := range obs {
				if o.Status != "unavailable" || o.HTTPStatus != c.status || o.Detail != c.detail || len(o.Records) == 0 {
					t.Errorf("%s: %+v", id, o)
				}
			}
		})
	}
	fx := newFixture(t)
	fx.fake.Close()
	obs := fx.recheck(t, ref("telegram:iran_news/1", "post"))
	if o := obs["telegram:iran_news/1"]; o.Status != "unavailable" || o.HTTPStatus != 0 || o.Detail == "" {
		t.Errorf("closed server: %+v", o)
	}
}

func BenchmarkRecheck(b *testing.B) {
	fake := telegramfake.New()
	defer fake.Close()
	for i := 1; i <= 100; i++ {
		fake.AddMessage(telegramfake.Message{Channel: "c", ID: int64(i), Date: t0, Text: fmt.Sprintf("m %d #FreeIran", i), Photos: 1})
	}
	fx := &fixture{fake: fake}
	src := newFixtureSource(fx)
	refs := make([]crawler.ItemRef, 100)
	for i := range refs {
		refs[i] = ref(fmt.Sprintf("telegram:c/%d", i+1), "post")
	}
	f := &crawlertest.Fetcher{}
	b.ResetTimer()
	for b.Loop() {
		sink := &crawlertest.Sink{}
		if err := src.Recheck(context.Background(), f, refs, sink); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.N*len(refs))/b.Elapsed().Seconds(), "items/s")
}
