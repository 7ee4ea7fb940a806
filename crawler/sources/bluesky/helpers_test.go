package bluesky

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/afterimage-archive/afterimage/archive/manifest"
	"github.com/afterimage-archive/afterimage/crawler"
	"github.com/afterimage-archive/afterimage/crawler/crawlertest"
	"github.com/afterimage-archive/afterimage/crawler/sources/bluesky/blueskyfake"
)

var epoch = time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)

func clock() time.Time { return epoch }

const (
	login    = "researcher.bsky.social"
	password = "abcd-efgh-ijkl-mnop"
)

// newFake starts a fake Bluesky with alice (avatar) and bob (default
// avatar).
func newFake(t testing.TB) *blueskyfake.Server {
	t.Helper()
	fk := blueskyfake.New()
	t.Cleanup(fk.Close)
	fk.SetClock(clock)
	fk.SetLogin(login, password)
	fk.AddProfile(blueskyfake.Profile{Handle: "alice.bsky.social", DisplayName: "Alice",
		Description: "hi & <bye>", CreatedAt: time.Date(2017, 12, 20, 15, 4, 5, 0, time.UTC),
		Followers: 12, Follows: 300, Posts: 4000})
	fk.AddProfile(blueskyfake.Profile{Handle: "bob.bsky.social", DefaultAvatar: true, Followers: 1})
	return fk
}

func newSource(fk *blueskyfake.Server) *Source {
	return New(Config{Service: fk.URL(), AppView: fk.URL() + "/", WebURL: fk.URL(),
		Identifier: login, AppPassword: password, Now: clock})
}

func posts(fk *blueskyfake.Server, author, text string, n int, start time.Time, images int) []blueskyfake.Post {
	var out []blueskyfake.Post
	for i := 0; i < n; i++ {
		out = append(out, fk.AddPost(blueskyfake.Post{Author: author, Text: fmt.Sprintf("%s (%d)", text, i),
			Images: images, CreatedAt: start.Add(time.Duration(i) * time.Second)}))
	}
	return out
}

// spy is a test Fetcher that also keeps every request as the source made it.
type spy struct {
	*crawlertest.Fetcher
	mu   sync.Mutex
	reqs []crawler.Request
}

func (s *spy) Do(ctx context.Context, r *crawler.Request) (*crawler.Response, error) {
	s.mu.Lock()
	s.reqs = append(s.reqs, *r)
	s.mu.Unlock()
	return s.Fetcher.Do(ctx, r)
}

func (s *spy) count(substr string) int {
	n := 0
	for _, r := range s.Requests() {
		if strings.Contains(r, substr) {
			n++
		}
	}
	return n
}

type result struct {
	stats crawler.Stats
	err   error
	sink  *crawlertest.Sink
	f     *spy
}

func collect(t testing.TB, src *Source, cur crawlertest.Cursors, tags ...string) result {
	t.Helper()
	for i, tag := range tags {
		tags[i] = crawler.NormalizeTag(tag)
	}
	r := result{sink: &crawlertest.Sink{}, f: &spy{Fetcher: &crawlertest.Fetcher{}}}
	r.stats, r.err = src.Collect(context.Background(), r.f, crawler.Job{Target: "t", Tags: tags,
		Cursors: cur, Now: clock}, r.sink)
	return r
}

func (r result) item(t testing.TB, id string) manifest.Item {
	t.Helper()
	it, ok := r.sink.Find(id)
	if !ok {
		t.Fatalf("no item %s among %d", id, len(r.sink.Items))
	}
	return it
}

// expiring expires every session on the fake right after the first search.
type expiring struct {
	spy
	fk   *blueskyfake.Server
	done bool
}

func (e *expiring) Do(ctx context.Context, r *crawler.Request) (*crawler.Response, error) {
	resp, err := e.spy.Do(ctx, r)
	if !e.done && strings.Contains(r.URL, "searchPosts") {
		e.done = true
		e.fk.ExpireSessions()
	}
	return resp, err
}

func jobFor(tags ...string) crawler.Job {
	for i, tag := range tags {
		tags[i] = crawler.NormalizeTag(tag)
	}
	return crawler.Job{Tags: tags, Cursors: crawlertest.Cursors{}, Now: clock}
}
