package telegram_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/afterimage-archive/afterimage/crawler/sources/telegram"
	"github.com/afterimage-archive/afterimage/crawler/sources/telegram/telegramfake"
)

func TestCollectPaginates(t *testing.T) {
	fx := newFixture(t)
	fx.seed(25)
	fx.fake.SetPageSize(10)
	sink, st, err := fx.collect(t, "#FreeIran")
	if err != nil {
		t.Fatalf("Collect: %v", err)
	}
	ps := sink.ByKind("post")
	if len(ps) != 25 || st.Found != 25 || st.Captured != 25 || st.Failed != 0 {
		t.Fatalf("posts %d, stats %+v; want 25 posts", len(ps), st)
	}
	if n := fx.f.Count("before="); n != 2 {
		t.Errorf("%d paged requests, want 2", n)
	}
	p := ps["telegram:iran_news/7"]
	if p.Text != "Post 7 #FreeIran" || p.Author != "telegram:iran_news" || p.URL != fx.fake.URL()+"/iran_news/7" {
		t.Errorf("post 7 = %+v", p)
	}
	if p.CreatedAt != "2026-09-08T15:37:00Z" || len(p.Tags) != 1 || p.Tags[0] != "freeiran" {
		t.Errorf("post 7 created %q tags %v", p.CreatedAt, p.Tags)
	}
	if len(p.Media) != 1 || p.Media[0] != fx.fake.PhotoURL("iran_news", 7, 1) {
		t.Errorf("post 7 media %v", p.Media)
	}
	// listing + public page + embed + one photo
	if len(p.Records) != 4 {
		t.Errorf("post 7 records %v, want 4", p.Records)
	}
	acc := sink.ByKind("account")
	a, ok := acc["telegram:iran_news"]
	if len(acc) != 1 || !ok {
		t.Fatalf("accounts %v", acc)
	}
	if a.Account.DisplayName != "Iran News & Views" || a.Account.Followers != 12300 || a.Account.DefaultAvatar ||
		a.Account.AvatarURL != fx.fake.AvatarURL("iran_news") || a.Text != "Daily <news>" {
		t.Errorf("account = %+v %+v", a, a.Account)
	}
	if len(sink.Observations) != 26 {
		t.Errorf("%d observations, want 26", len(sink.Observations))
	}
	for _, o := range sink.Observations {
		if o.Status != "seen" || len(o.ContentSHA256) != 64 || o.At != "2026-09-08T16:30:00Z" || len(o.Records) == 0 {
			t.Errorf("observation %+v", o)
		}
	}
}

func TestCollectEntitiesRepliesAndMedia(t *testing.T) {
	fx := newFixture(t)
	fx.fake.AddChannel(telegramfake.Channel{Name: "iran_news", Title: "N"})
	fx.fake.AddMessage(telegramfake.Message{Channel: "iran_news", ID: 3, Date: t0,
		Text:      "Tom & Jerry <b>not bold</b> \"q\" &amp;\nline two #FreeIran",
		ReplyText: "quoted #FreeIran reply", Photos: 3, Video: true, ForwardedFrom: "Other"})
	sink, _, err := fx.collect(t, "freeiran")
	if err != nil {
		t.Fatal(err)
	}
	p := sink.ByKind("post")["telegram:iran_news/3"]
	want := "Tom & Jerry <b>not bold</b> \"q\" &amp;\nline two #FreeIran"
	if p.Text != want {
		t.Errorf("text %q, want %q", p.Text, want)
	}
	if len(p.Media) != 4 || p.Media[3] != fx.fake.VideoURL("iran_news", 3) {
		t.Errorf("media %v, want 3 photos and the video (reply thumb excluded)", p.Media)
	}
	a := sink.ByKind("account")["telegram:iran_news"]
	if !a.Account.DefaultAvatar || a.Account.AvatarURL != "" {
		t.Errorf("channel without photo: %+v", a.Account)
	}
}

func TestCollectFiltersByHashtagAndFoldsPersian(t *testing.T) {
	fx := newFixture(t)
	fx.fake.AddChannel(telegramfake.Channel{Name: "iran_news", Title: "N"})
	fx.fake.AddMessage(telegramfake.Message{Channel: "iran_news", ID: 1, Date: t0, Text: "آزادی #ایران"})
	fx.fake.AddMessage(telegramfake.Message{Channel: "iran_news", ID: 2, Date: t0, Text: "عربی #ايران"})
	fx.fake.AddMessage(telegramfake.Message{Channel: "iran_news", ID: 3, Date: t0, Text: "ایران without a hashtag"})
	fx.fake.AddMessage(telegramfake.Message{Channel: "iran_news", ID: 4, Date: t0, Text: "#ایرانی is another tag"})
	sink, st, err := fx.collect(t, "#ايران")
	if err != nil {
		t.Fatal(err)
	}
	ps := sink.ByKind("post")
	if len(ps) != 2 || st.Captured != 2 {
		t.Fatalf("posts %v", ps)
	}
	if n := fx.f.Count("/s/iran_news?q="); n != 2 {
		t.Errorf("%d searches, want one per spelling", n)
	}
	for _, id := range []string{"telegram:iran_news/1", "telegram:iran_news/2"} {
		if p, ok := ps[id]; !ok || p.Tags[0] != "ایران" {
			t.Errorf("%s: %+v", id, p)
		}
	}
}

func TestCollectTwiceFetchesOnlyNew(t *testing.T) {
	fx := newFixture(t)
	fx.seed(15)
	fx.fake.SetPageSize(10)
	if _, _, err := fx.collect(t, "FreeIran"); err != nil {
		t.Fatal(err)
	}
	before := len(fx.f.Requests())
	sink, st, err := fx.collect(t, "FreeIran")
	if err != nil || len(sink.Items) != 0 || st.Captured != 0 {
		t.Fatalf("second run: items %d, stats %+v, err %v", len(sink.Items), st, err)
	}
	if n := len(fx.f.Requests()) - before; n != 1 {
		t.Errorf("second run made %d requests, want 1 (the first page)", n)
	}
	fx.fake.AddMessage(telegramfake.Message{Channel: "iran_news", ID: 16, Date: t0, Text: "new #FreeIran"})
	before = len(fx.f.Requests())
	sink, _, err = fx.collect(t, "FreeIran")
	if err != nil {
		t.Fatal(err)
	}
	if ps := sink.ByKind("post"); len(ps) != 1 || ps["telegram:iran_news/16"].Text != "new #FreeIran" {
		t.Errorf("third run posts %v", ps)
	}
	// listing, public page, embed, avatar
	if n := len(fx.f.Requests()) - before; n != 4 {
		t.Errorf("third run made %d requests, want 4: %v", n, fx.f.Requests()[before:])
	}
}

func TestCollectEmptyAndTwoTags(t *testing.T) {
	fx := newFixture(t)
	fx.seed(0)
	fx.fake.AddMessage(telegramfake.Message{Channel: "iran_news", ID: 1, Date: t0, Text: "#FreeIran #Iran_Regime_Change"})
	sink, st, err := fx.collect(t, "nothing_here", "FreeIran", "Iran_Regime_Change")
	if err != nil {
		t.Fatal(err)
	}
	if len(sink.ByKind("post")) != 1 || st.Found != 1 || len(sink.ByKind("account")) != 1 {
		t.Errorf("items %v stats %+v", sink.Items, st)
	}
	if got := sink.ByKind("post")["telegram:iran_news/1"].Tags; len(got) != 2 {
		t.Errorf("tags %v", got)
	}
}

func TestCollectErrors(t *testing.T) {
	cases := []struct {
		name  string
		setup func(*telegramfake.Server)
		want  error
		words string
	}{
		{"429", func(s *telegramfake.Server) { s.RateLimit(1) }, telegram.ErrRateLimited, "429"},
		{"502", func(s *telegramfake.Server) { s.Fail(1, 502) }, telegram.ErrUnavailable, "502"},
		{"garbage", func(s *telegramfake.Server) { s.Garbage(1) }, telegram.ErrMalformed, "not a channel preview"},
		{"no preview", func(s *telegramfake.Server) { s.DisablePreview("iran_news") }, telegram.ErrNoPreview, "preview disabled"},
		{"gone", func(s *telegramfake.Server) { s.RemoveChannel("iran_news") }, telegram.ErrNoPreview, "Contact @iran_news"},
		{"loop", func(s *telegramfake.Server) { s.SetPageSize(5); s.LoopPaging(true) }, telegram.ErrPaginationLoop, "before="},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			fx := newFixture(t, "iran_news", "other")
			fx.seed(12)
			fx.fake.AddChannel(telegramfake.Channel{Name: "other", Title: "O"})
			fx.fake.AddMessage(telegramfake.Message{Channel: "other", ID: 9, Date: t0, Text: "#FreeIran"})
			c.setup(fx.fake)
			sink, _, err := fx.collect(t, "FreeIran")
			if !errors.Is(err, c.want) || !strings.Contains(err.Error(), c.words) ||
				!strings.Contains(err.Error(), "telegram "+fx.fake.URL()) {
				t.Fatalf("err = %v, want %v mentioning %q", err, c.want, c.words)
			}
			if _, ok := sink.ByKind("post")["telegram:other/9"]; !ok {
				t.Errorf("the other channel was not collected")
			}
			if c.name != "loop" && fx.cur["telegram|"+fx.fake.URL()+"|iran_news|freeiran"] != "" {
				t.Errorf("cursor advanced on error")
			}
		})
	}
}

func TestCollectCursorKey(t *testing.T) {
	fx := newFixture(t)
	fx.seed(3)
	if _, _, err := fx.collect(t, "FreeIran"); err != nil {
		t.Fatal(err)
	}
	if got := fx.cur["telegram|"+fx.fake.URL()+"|iran_news|freeiran"]; got != "3" {
		t.Errorf("cursor %q, want 3", got)
	}
}
