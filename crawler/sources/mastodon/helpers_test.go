package mastodon

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/afterimage-archive/afterimage/archive/manifest"
	"github.com/afterimage-archive/afterimage/crawler"
	"github.com/afterimage-archive/afterimage/crawler/crawlertest"
	"github.com/afterimage-archive/afterimage/crawler/sources/mastodon/mastodonfake"
)

var epoch = time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)

func clock() time.Time { return epoch }

// newFake starts a fake instance with accounts alice (custom avatar) and
// bob (default avatar).
func newFake(t testing.TB) *mastodonfake.Server {
	t.Helper()
	fk := mastodonfake.New()
	t.Cleanup(fk.Close)
	fk.SetClock(clock)
	fk.AddAccount(mastodonfake.Account{Username: "alice", DisplayName: "Alice & Co",
		Note: "Researcher <3", CreatedAt: time.Date(2017, 12, 20, 15, 4, 5, 0, time.UTC),
		Followers: 12, Following: 300, Statuses: 4000})
	fk.AddAccount(mastodonfake.Account{Username: "bob", DisplayName: "Bob", DefaultAvatar: true,
		CreatedAt: time.Date(2018, 1, 3, 0, 0, 0, 0, time.UTC), Followers: 3})
	return fk
}

// post adds n statuses by user with text, one second apart after start.
func post(fk *mastodonfake.Server, user, text string, n int, start time.Time, media int) []mastodonfake.Status {
	var out []mastodonfake.Status
	for i := 0; i < n; i++ {
		out = append(out, fk.AddStatus(mastodonfake.Status{Account: user,
			Text: fmt.Sprintf("%s (%d)", text, i), Media: media, CreatedAt: start.Add(time.Duration(i) * time.Second)}))
	}
	return out
}

type result struct {
	stats crawler.Stats
	err   error
	sink  *crawlertest.Sink
	f     *crawlertest.Fetcher
}

func collect(t testing.TB, src *Source, cur crawlertest.Cursors, tags ...string) result {
	t.Helper()
	for i, tag := range tags {
		tags[i] = crawler.NormalizeTag(tag)
	}
	r := result{sink: &crawlertest.Sink{}, f: &crawlertest.Fetcher{}}
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
