package mastodon

import (
	"context"
	"net/http"
	"testing"
	"time"

	"github.com/afterimage-archive/afterimage/crawler"
	"github.com/afterimage-archive/afterimage/crawler/crawlertest"
)

func benchClient() *http.Client {
	return &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 64}}
}

// BenchmarkRecheck reports rechecked items per second against a local fake
// (status API answer plus public page per post).
func BenchmarkRecheck(b *testing.B) {
	fk := newFake(b)
	post(fk, "alice", "#x bench", 500, epoch.Add(-time.Hour), 0)
	src := New(Config{Instances: []Instance{{URL: fk.URL()}}, Now: clock, Parallel: 8})
	r := collect(b, src, crawlertest.Cursors{}, "x")
	refs := r.sink.Refs()
	f := &crawlertest.Fetcher{Client: benchClient()}
	b.ResetTimer()
	start := time.Now()
	for i := 0; i < b.N; i++ {
		if err := src.Recheck(context.Background(), f, refs, &crawlertest.Sink{}); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.N*len(refs))/time.Since(start).Seconds(), "items/s")
}

// BenchmarkCollect reports collected posts per second (timeline pages,
// status pages and avatars) against a local fake.
func BenchmarkCollect(b *testing.B) {
	fk := newFake(b)
	post(fk, "alice", "#x bench", 400, epoch.Add(-time.Hour), 0)
	src := New(Config{Instances: []Instance{{URL: fk.URL()}}})
	f := &crawlertest.Fetcher{Client: benchClient()}
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
