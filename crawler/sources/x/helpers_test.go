package x_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/afterimage-archive/afterimage/archive/manifest"
	"github.com/afterimage-archive/afterimage/crawler"
	"github.com/afterimage-archive/afterimage/crawler/crawlertest"
	"github.com/afterimage-archive/afterimage/crawler/sources/x"
	"github.com/afterimage-archive/afterimage/crawler/sources/x/xfake"
)

var t0 = time.Date(2026, 9, 1, 10, 0, 0, 0, time.UTC)

func fixedNow() time.Time { return t0.Add(time.Hour) }

type fixture struct {
	fake *xfake.Server
	src  *x.Source
	f    *crawlertest.Fetcher
	cur  crawlertest.Cursors
}

func newFixture(t testing.TB, cap int) *fixture {
	t.Helper()
	fake := xfake.New()
	t.Cleanup(fake.Close)
	src := x.New(x.Config{BaseURL: fake.URL(), WebURL: fake.URL(), BearerToken: xfake.BearerToken, MaxPostsPerRun: cap, Now: fixedNow})
	return &fixture{fake: fake, src: src, f: &crawlertest.Fetcher{}, cur: crawlertest.Cursors{}}
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

// seed adds users 100 (avatar) and 200 (default avatar) and n posts
// tagged #FreeIran with ids 1000+i, alternating authors.
func (fx *fixture) seed(n int) {
	fx.fake.AddUser(xfake.User{ID: "100", Username: "alice", Name: "Alice & Co", CreatedAt: t0.AddDate(-3, 0, 0),
		Followers: 12, Following: 300, Posts: 4000, Avatar: true, Description: "bio <b>"})
	fx.fake.AddUser(xfake.User{ID: "200", Username: "bob", Name: "Bob", CreatedAt: t0.AddDate(0, -2, 0), Followers: 3})
	for i := 1; i <= n; i++ {
		author := "100"
		if i%2 == 0 {
			author = "200"
		}
		fx.fake.AddPost(xfake.Post{ID: fmt.Sprint(1000 + i), AuthorID: author, Text: fmt.Sprintf("post %d #FreeIran", i),
			CreatedAt: t0.Add(time.Duration(i) * time.Minute), Photos: i % 2})
	}
}
