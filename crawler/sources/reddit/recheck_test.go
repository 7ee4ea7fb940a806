package reddit_test

import (
	"context"
	"errors"
	"fmt"
	"testing"

	"github.com/afterimage-archive/afterimage/crawler"
	"github.com/afterimage-archive/afterimage/crawler/crawlertest"
	"github.com/afterimage-archive/afterimage/crawler/sources/reddit"
	"github.com/afterimage-archive/afterimage/crawler/sources/reddit/redditfake"
)

func TestRecheckOutcomes(t *testing.T) {
	fx := newFixture(t)
	fx.seed(8)
	fx.fake.AddAccount(redditfake.Account{Name: "carol", ID: "c3", Created: t0})
	fx.fake.AddPost(redditfake.Post{ID: id36(9), Subreddit: "x", Author: "carol", Title: "#FreeIran by carol", Created: t0})
	sink, _, err := fx.collect(t, "FreeIran")
	if err != nil {
		t.Fatal(err)
	}
	hash := map[string]string{}
	for _, o := range sink.Observations {
		hash[o.Item] = o.ContentSHA256
	}
	post := func(n int) string { return "reddit:t3_" + id36(n) }
	fx.fake.DeletePost(id36(1))
	fx.fake.RemovePost(id36(2), "moderator")
	fx.fake.RemovePost(id36(3), "copyright_takedown")
	fx.fake.RemovePost(id36(4), "anti_evil_ops")
	fx.fake.AddPost(redditfake.Post{ID: id36(5), Subreddit: "worldnews", Author: "alice", Title: "Post 5", Selftext: "edited #FreeIran", Created: t0})
	fx.fake.DeleteAccount("carol")
	fx.fake.SuspendAccount("bob")
	var refs []crawler.ItemRef
	for _, id := range []string{post(1), post(2), post(3), post(4), post(5), post(6), post(9), "reddit:t3_zzzzzz",
		"reddit:u/alice", "reddit:u/bob", "reddit:u/carol", "reddit:u/", "reddit:t3_BAD", "x:1"} {
		refs = append(refs, crawler.ItemRef{ID: id, ContentSHA256: hash[id]})
	}
	obs, err := fx.recheck(t, refs...)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string][2]string{
		post(1):            {"missing", "[deleted]"},
		post(2):            {"missing", "[removed] removed_by_category=moderator"},
		post(3):            {"withheld", "[removed] removed_by_category=copyright_takedown"},
		post(4):            {"missing", "[removed] removed_by_category=anti_evil_ops"},
		post(5):            {"changed", ""},
		post(6):            {"seen", ""},
		post(9):            {"seen", "author [deleted]"},
		"reddit:t3_zzzzzz": {"missing", "absent from /api/info"},
		"reddit:u/alice":   {"seen", ""},
		"reddit:u/bob":     {"suspended", "is_suspended"},
		"reddit:u/carol":   {"missing", "Not Found"},
		"reddit:u/":        {"unavailable", "not a reddit item id"},
		"reddit:t3_BAD":    {"unavailable", "not a reddit item id"},
		"x:1":              {"unavailable", "not a reddit item id"},
	}
	for id, w := range want {
		if o := obs[id]; o.Status != w[0] || o.Detail != w[1] {
			t.Errorf("%s: %s %q, want %s %q", id, o.Status, o.Detail, w[0], w[1])
		}
	}
	if o := obs[post(6)]; o.ContentSHA256 != hash[post(6)] || o.HTTPStatus != 200 || len(o.Records) != 2 {
		t.Errorf("seen post %+v", o)
	}
	if o := obs["reddit:u/alice"]; o.ContentSHA256 != hash["reddit:u/alice"] || len(o.Records) != 2 {
		t.Errorf("seen account %+v, collect hash %s", o, hash["reddit:u/alice"])
	}
	if o := obs["reddit:u/carol"]; o.HTTPStatus != 404 || len(o.Records) != 2 {
		t.Errorf("missing account evidence %+v", o)
	}
	if n := fx.f.Count("/api/info?"); n != 1 {
		t.Errorf("%d /api/info calls, want 1", n)
	}
}

func TestRecheckBatchesOf100(t *testing.T) {
	fx := newFixture(t)
	fx.seed(150)
	var refs []crawler.ItemRef
	for i := 1; i <= 150; i++ {
		refs = append(refs, crawler.ItemRef{ID: "reddit:t3_" + id36(i)})
	}
	obs, err := fx.recheck(t, refs...)
	if err != nil {
		t.Fatal(err)
	}
	for id, o := range obs {
		if o.Status != "seen" {
			t.Errorf("%s: %+v", id, o)
		}
	}
	if n := fx.f.Count("/api/info?"); n != 2 {
		t.Errorf("%d calls, want 2", n)
	}
}

func TestRecheckUnavailable(t *testing.T) {
	cases := []struct {
		name   string
		setup  func(*redditfake.Server)
		status int
		detail string
	}{
		{"429", func(s *redditfake.Server) { s.RateLimit(10) }, 429, "HTTP 429: Too Many Requests"},
		{"502", func(s *redditfake.Server) { s.Fail(10, 502) }, 502, "HTTP 502: Bad Gateway"},
		{"malformed", func(s *redditfake.Server) { s.Malformed(10) }, 200, "malformed answer: unexpected end of JSON input"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			fx := newFixture(t)
			fx.seed(2)
			c.setup(fx.fake)
			obs, err := fx.recheck(t, crawler.ItemRef{ID: "reddit:t3_" + id36(1)}, crawler.ItemRef{ID: "reddit:u/alice"})
			if err != nil {
				t.Fatal(err)
			}
			for id, o := range obs {
				if o.Status != "unavailable" || o.HTTPStatus != c.status || o.Detail != c.detail || len(o.Records) != 2 {
					t.Errorf("%s: %+v", id, o)
				}
			}
		})
	}
	fx := newFixture(t, func(c *reddit.Config) { c.ClientSecret = "wrong" })
	obs, err := fx.recheck(t, crawler.ItemRef{ID: "reddit:t3_abc"})
	if !errors.Is(err, reddit.ErrAuth) || obs["reddit:t3_abc"].Status != "unavailable" {
		t.Errorf("refused token: %v %+v", err, obs)
	}
	fx = newFixture(t)
	fx.seed(1)
	fx.fake.ExpireTokens()
	hook := &hookFetcher{f: fx.f, after: 1, hook: fx.fake.ExpireTokens}
	sink := &crawlertest.Sink{}
	err = fx.src.Recheck(context.Background(), hook, []crawler.ItemRef{{ID: "reddit:t3_" + id36(1)}}, sink)
	if !errors.Is(err, reddit.ErrAuth) || sink.Observations[0].Status != "unavailable" || sink.Observations[0].HTTPStatus != 401 {
		t.Errorf("expired token: %v %+v", err, sink.Observations)
	}
}

func BenchmarkRecheck(b *testing.B) {
	fx := newFixture(b)
	fx.seed(200)
	var refs []crawler.ItemRef
	for i := 1; i <= 200; i++ {
		refs = append(refs, crawler.ItemRef{ID: fmt.Sprintf("reddit:t3_%s", id36(i))})
	}
	f := &crawlertest.Fetcher{}
	for b.Loop() {
		if err := fx.src.Recheck(context.Background(), f, refs, &crawlertest.Sink{}); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.N*len(refs))/b.Elapsed().Seconds(), "items/s")
}
