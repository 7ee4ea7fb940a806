package crawler_test

import (
	"sync"
	"testing"
	"time"

	"github.com/afterimage-archive/afterimage/crawler"
)

func TestParallelBound(t *testing.T) {
	const limit, n = 3, 12
	items := make([]int, n)
	for i := range items {
		items[i] = i
	}
	var mu sync.Mutex
	running, most := 0, 0
	seen := map[int]int{}
	full := make(chan struct{}) // closed once limit calls run together
	crawler.Parallel(limit, items, func(i int) {
		mu.Lock()
		running++
		most = max(most, running)
		seen[i]++
		if running == limit && most == limit {
			select {
			case <-full:
			default:
				close(full)
			}
		}
		mu.Unlock()
		select { // the first calls wait for company, so a serial loop shows
		case <-full:
		case <-time.After(5 * time.Second):
		}
		mu.Lock()
		running--
		mu.Unlock()
	})
	if most != limit {
		t.Errorf("at most %d calls ran at once, want exactly %d", most, limit)
	}
	for i := range n {
		if seen[i] != 1 {
			t.Errorf("item %d handled %d times, want 1", i, seen[i])
		}
	}
}

func TestParallelLimitBelowOne(t *testing.T) {
	calls := 0
	crawler.Parallel(0, []string{"a", "b"}, func(string) { calls++ })
	if calls != 2 {
		t.Errorf("limit 0: %d calls, want 2 (taken as 1)", calls)
	}
}
