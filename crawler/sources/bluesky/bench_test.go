package bluesky

import (
	"context"
	"net/http"
	"testing"
	"time"

	"github.com/afterimage-archive/afterimage/crawler"
	"github.com/afterimage-archive/afterimage/crawler/crawlertest"
)

func benchFetcher() *crawlertest.Fetcher {
	return &crawlertest.Fetcher{Client: &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 64}}}
}

// BenchmarkRecheck reports rechecked items per second against a local fake
// (getPosts in batches of 25 plus the public page of each post).
func BenchmarkRecheck(b *testing.B) {
	fk := newFake(b)
	posts(fk, "alice.bsky.social", "#x bench", 500, epoch.Add(-time.Hour), 0)
	src := New(Config{Service: fk.URL(), AppView: fk.URL(), WebURL: fk.URL(), Identifier: login,
		AppPassword: password, Now: clock, Parallel: 8})
	refs := collect(b, src, crawlertest.Cursors{}, "x").sink.Refs()
	f := benchFetcher()
	b.ResetTimer()
	start := time.Now()
	for i := 0; i < b.N; i++ {
		if err := src.Recheck(context.Background(), f, refs, &crawlertest.Sink{}); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.N*len(refs))/time.Since(start).Seconds(), "items/s")
}

// BenchmarkCollect reports collected posts per second (search pages,
// profiles, post pages and avatars) against a local fake.
func BenchmarkCollect(b *testing.B) {
	fk := newFake(b)
	posts(fk, "alice.bsky.social", "#x bench", 400, epoch.Add(-time.Hour), 0)
	src := newSource(fk)
	f := benchFetcher()
	b.ResetTimer()
	start := time.Now()
	for i := 0; i < b.N; i++ {
		_, err := src.Collect(context.Background(), f, crawler.Job{Tags: []string{"x"}, Cursors: crawlertest.Cursors{}, Now: clock}, &crawlertest.Sink{})
		if err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.N*400)/time.Since(start).Seconds(), "posts/s")
}
