package index

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/afterimage-archive/afterimage/archive/manifest"
)

// benchCaptures builds n items spread over captures of per items each:
// every item is a post with one record and one tag, listed without an
// explicit observation.
func benchCaptures(tb testing.TB, n, per int) ([]*manifest.Manifest, []string) {
	var ms []*manifest.Manifest
	var ids []string
	for c := 0; c*per < n; c++ {
		m := newManifest("collect", "bench", hours(float64(c)))
		for i := c * per; i < min(n, (c+1)*per); i++ {
			post(m, fmt.Sprintf("mastodon:https://m.example/users/u%d/statuses/%d", i%5000, i), "text of a post", "", hours(float64(c)), "freeiran")
		}
		ms = append(ms, m)
		ids = append(ids, captureID(tb, m))
	}
	return ms, ids
}

// rowsPerItem counts the rows one benchmark item writes: records, items,
// item_tags, item_captures, observations.
const rowsPerItem = 5

func BenchmarkAddCapture100k(b *testing.B) {
	const n, per = 100_000, 1000
	ms, ids := benchCaptures(b, n, per)
	ctx := context.Background()
	var elapsed time.Duration
	for b.Loop() {
		b.StopTimer()
		ix := openTemp(b, Options{})
		b.StartTimer()
		start := time.Now()
		for i, m := range ms {
			if err := ix.AddCapture(ctx, ids[i], int64(i), m); err != nil {
				b.Fatal(err)
			}
		}
		elapsed += time.Since(start)
		b.StopTimer()
		ix.Close()
		b.StartTimer()
	}
	b.ReportMetric(float64(n*b.N)/elapsed.Seconds(), "items/s")
	b.ReportMetric(float64(n*rowsPerItem*b.N)/elapsed.Seconds(), "rows/s")
}

func BenchmarkDueForRecheck100k(b *testing.B) {
	const n, per = 100_000, 5000
	ms, ids := benchCaptures(b, n, per)
	ctx := context.Background()
	ix := openTemp(b, Options{})
	for i, m := range ms {
		if err := ix.AddCapture(ctx, ids[i], int64(i), m); err != nil {
			b.Fatal(err)
		}
	}
	q := DueQuery{Now: hours(1000), Plan: RecheckPlan{After: []time.Duration{time.Hour}, Every: 720 * time.Hour}, Limit: 500}
	b.ResetTimer()
	for b.Loop() {
		q.After = ""
		total := 0
		for {
			due, next, err := ix.DueForRecheck(ctx, q)
			if err != nil {
				b.Fatal(err)
			}
			total += len(due)
			if next == "" {
				break
			}
			q.After = next
		}
		if total != n {
			b.Fatalf("%d due, want %d", total, n)
		}
	}
	b.ReportMetric(float64(n*b.N)/b.Elapsed().Seconds(), "items/s")
}
