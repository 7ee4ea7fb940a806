package reddit_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/afterimage-archive/afterimage/crawler/sources/reddit"
	"github.com/afterimage-archive/afterimage/crawler/sources/reddit/redditfake"
)

func TestCollectPaginates(t *testing.T) {
	fx := newFixture(t)
	fx.seed(130)
	fx.fake.SetPageSize(50)
	sink, st, err := fx.collect(t, "#FreeIran")
	if err != nil {
		t.Fatal(err)
	}
	posts, accs := sink.ByKind("post"), sink.ByKind("account")
	if len(posts) != 130 || len(accs) != 2 || st.Captured != 130 || st.Failed != 0 {
		t.Fatalf("posts %d accounts %d stats %+v", len(posts), len(accs), st)
	}
	if fx.f.Count("POST "+fx.fake.TokenURL()) != 1 || fx.f.Count("after=t3_") != 2 ||
		fx.f.Count("/about?raw_json=1") != 2 {
		t.Errorf("requests: %v", fx.f.Requests()[:5])
	}
	id := "reddit:t3_" + id36(3)
	p := posts[id]
	if p.Text != "Post 3\n\nabout #FreeIran today" || p.Author != "reddit:u/alice" || p.CreatedAt != "2026-09-01T10:03:00Z" ||
		!strings.HasPrefix(p.URL, fx.fake.URL()+"/r/worldnews/comments/"+id36(3)+"/post_3/") || len(p.Tags) != 1 {
		t.Errorf("post = %+v", p)
	}
	if len(p.Media) != 2 || p.Media[0] != fx.fake.MediaURL(id36(3)) || p.Media[1] != fx.fake.PreviewURL(id36(3)) || len(p.Records) != 4 {
		t.Errorf("media %v records %v", p.Media, p.Records)
	}
	a := accs["reddit:u/alice"]
	if acc := a.Account; acc.Handle != "alice" || acc.DisplayName != "Alice & Co" || acc.CreatedAt != "2021-09-01T10:00:00Z" ||
		acc.Followers != 7 || acc.DefaultAvatar || !strings.Contains(acc.AvatarURL, "&height=256") || a.Text != "bio" || len(a.Records) != 2 {
		t.Errorf("alice = %+v %+v", a, acc)
	}
	if b := accs["reddit:u/bob"].Account; !b.DefaultAvatar {
		t.Errorf("bob = %+v", b)
	}
	for _, o := range sink.Observations {
		if o.Status != "seen" || len(o.ContentSHA256) != 64 {
			t.Errorf("observation %+v", o)
		}
	}
}

func TestCollectFiltersWordsEntitiesPersian(t *testing.T) {
	fx := newFixture(t)
	fx.seed(0)
	add := func(n int, title, self string) {
		fx.fake.AddPost(redditfake.Post{ID: id36(n), Subreddit: "iran", Author: "alice", Title: title, Selftext: self, Created: t0})
	}
	add(1, "Tom & Jerry <3 &amp;", "#ایران")
	add(2, "ايران without hash", "")
	add(3, "ایرانی is another word", "")
	add(4, "FreeIranian", "")
	add(5, "freeiran in title", "and #Other tag")
	sink, _, err := fx.collect(t, "#ایران", "FreeIran")
	if err != nil {
		t.Fatal(err)
	}
	posts := sink.ByKind("post")
	if len(posts) != 3 {
		t.Fatalf("posts %v", posts)
	}
	if p := posts["reddit:t3_"+id36(1)]; p.Text != "Tom & Jerry <3 &amp;\n\n#ایران" {
		t.Errorf("text %q", p.Text)
	}
	if p := posts["reddit:t3_"+id36(2)]; len(p.Tags) != 1 || p.Tags[0] != "ایران" {
		t.Errorf("arabic spelling: %+v", p)
	}
	if p := posts["reddit:t3_"+id36(5)]; strings.Join(p.Tags, ",") != "freeiran,other" {
		t.Errorf("tags %v", p.Tags)
	}
	if fx.f.Count("q=%D8%A7%DB%8C%D8%B1%D8%A7%D9%86+OR+%D8%A7%D9%8A%D8%B1%D8%A7%D9%86") != 1 {
		t.Errorf("no OR query for the Arabic spelling: %v", fx.f.Requests())
	}
}

func TestCollectTwiceFetchesOnlyNew(t *testing.T) {
	fx := newFixture(t)
	fx.seed(5)
	if _, _, err := fx.collect(t, "FreeIran"); err != nil {
		t.Fatal(err)
	}
	n := len(fx.f.Requests())
	sink, _, err := fx.collect(t, "FreeIran")
	if err != nil || len(sink.Items) != 0 || len(fx.f.Requests())-n != 2 {
		t.Fatalf("second run: items %d, requests %v, err %v", len(sink.Items), fx.f.Requests()[n:], err)
	}
	fx.fake.AddPost(redditfake.Post{ID: id36(6), Subreddit: "x", Author: "carol", Title: "new #FreeIran", Created: t0.Add(10 * 60e9)})
	sink, _, err = fx.collect(t, "FreeIran")
	if err != nil || len(sink.ByKind("post")) != 1 {
		t.Fatalf("third run: %v %v", sink.Items, err)
	}
	if a := sink.ByKind("account")["reddit:u/carol"]; a.Account == nil || sink.ByItem()["reddit:u/carol"].Status != "missing" ||
		sink.ByItem()["reddit:u/carol"].Detail != "Not Found" {
		t.Errorf("unknown author: %+v %+v", a, sink.ByItem()["reddit:u/carol"])
	}
}

func TestCollectSubredditsAndSuspendedAuthor(t *testing.T) {
	fx := newFixture(t, func(c *reddit.Config) { c.Subreddits = []string{"r/worldnews", "iran"} })
	fx.seed(4)
	fx.fake.SuspendAccount("bob")
	sink, _, err := fx.collect(t, "FreeIran")
	if err != nil {
		t.Fatal(err)
	}
	if len(sink.ByKind("post")) != 4 || fx.f.Count("/r/worldnews/search?") != 1 || fx.f.Count("/r/iran/search?") != 1 ||
		fx.f.Count("restrict_sr=true") != 2 {
		t.Errorf("requests %v", fx.f.Requests())
	}
	if o := sink.ByItem()["reddit:u/bob"]; o.Status != "suspended" || o.Detail != "is_suspended" {
		t.Errorf("bob: %+v", o)
	}
	if fx.cur["reddit|"+fx.fake.URL()+"|r/worldnews|freeiran"] != id36(4) {
		t.Errorf("cursors %v", fx.cur)
	}
}

func TestCollectEmpty(t *testing.T) {
	fx := newFixture(t)
	fx.seed(2)
	sink, st, err := fx.collect(t, "nothing")
	if err != nil || len(sink.Items) != 0 || st.Found != 0 || len(fx.cur) != 0 {
		t.Errorf("items %v err %v cursors %v", sink.Items, err, fx.cur)
	}
}

func TestCollectErrors(t *testing.T) {
	cases := []struct {
		name  string
		setup func(*redditfake.Server)
		want  error
		words string
	}{
		{"429", func(s *redditfake.Server) { s.RateLimit(1) }, reddit.ErrRateLimited, `429: Too Many Requests; X-Ratelimit-Used "100", X-Ratelimit-Remaining "0.0", X-Ratelimit-Reset "412" s`},
		{"500", func(s *redditfake.Server) { s.Fail(1, 500) }, reddit.ErrUnavailable, "500: Internal Server Error"},
		{"malformed", func(s *redditfake.Server) { s.Malformed(1) }, reddit.ErrMalformed, "unexpected end of JSON"},
		{"loop", func(s *redditfake.Server) { s.SetPageSize(3); s.LoopPaging(true) }, reddit.ErrPaginationLoop, "after=t3_"},
		{"expired", func(s *redditfake.Server) { s.ExpireTokens() }, reddit.ErrAuth, "401: Unauthorized"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			fx := newFixture(t)
			fx.seed(8)
			fx.fake.AddPost(redditfake.Post{ID: "zz", Subreddit: "x", Author: "alice", Title: "#Other", Created: t0})
			// the token is fetched first, then the failure applies
			fx.src = reddit.New(fx.cfg)
			wrapped := &hookFetcher{f: fx.f, after: 1, hook: func() { c.setup(fx.fake) }}
			sink, _, err := fx.collectWith(t, wrapped, "FreeIran", "Other")
			if !errors.Is(err, c.want) || !strings.Contains(err.Error(), c.words) ||
				!strings.Contains(err.Error(), "reddit "+fx.fake.URL()+": search all for freeiran") {
				t.Fatalf("err = %v, want %v with %q", err, c.want, c.words)
			}
			if c.name != "expired" && len(sink.ByKind("post")) == 0 {
				t.Error("the other tag was not collected")
			}
			if c.name != "loop" && fx.cur["reddit|"+fx.fake.URL()+"|all|freeiran"] != "" {
				t.Error("cursor advanced on error")
			}
		})
	}
}

func TestCollectTokenRefused(t *testing.T) {
	fx := newFixture(t, func(c *reddit.Config) { c.ClientSecret = "wrong" })
	_, _, err := fx.collect(t, "FreeIran")
	if !errors.Is(err, reddit.ErrAuth) || !strings.Contains(err.Error(), "401: Unauthorized") ||
		!strings.Contains(err.Error(), fx.fake.TokenURL()) || !strings.Contains(err.Error(), "AFTERIMAGE_REDDIT_CLIENT_SECRET") {
		t.Errorf("err = %v", err)
	}
	fx = newFixture(t, func(c *reddit.Config) { c.ClientID = "" })
	if _, _, err = fx.collect(t, "FreeIran"); !errors.Is(err, reddit.ErrAuth) || len(fx.f.Requests()) != 0 {
		t.Errorf("no client id: %v", err)
	}
}

func TestCollectWithoutWebURL(t *testing.T) {
	fx := newFixture(t, func(c *reddit.Config) { c.WebURL = "" })
	fx.seed(1)
	sink, _, err := fx.collect(t, "FreeIran")
	if err != nil {
		t.Fatal(err)
	}
	p := sink.ByKind("post")["reddit:t3_"+id36(1)]
	if !strings.HasPrefix(p.URL, "https://www.reddit.com/r/worldnews/comments/") || fx.f.Count("reddit.com") != 0 {
		t.Errorf("url %q, requests %v", p.URL, fx.f.Requests())
	}
}
