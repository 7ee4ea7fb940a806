package daemon

import (
	"context"
	"fmt"
	"log/slog"
	"slices"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/robfig/cron/v3"

	"github.com/afterimage-archive/afterimage/schedules"
)

// fakeJobs stands in for the archive: it counts calls and keeps a due set.
// It is the daemon's input, not the thing under test.
type fakeJobs struct {
	collectDelay time.Duration
	recheckDelay time.Duration
	// collectHook, if set, runs at the start of every Collect call (call
	// counts from 1); a non-nil error ends the call with it.
	collectHook func(ctx context.Context, target string, call int) error
	started     chan string // receives the target of every Collect start

	mu           sync.Mutex
	calls        map[string]int
	done         map[string]int // Collect calls that returned nil
	inFlight     map[string]int
	maxInFlight  int
	due          []string // sorted ids
	rechecked    map[string]bool
	recheckSizes []int
}

func newFakeJobs(due int) *fakeJobs {
	f := &fakeJobs{calls: map[string]int{}, done: map[string]int{}, inFlight: map[string]int{},
		rechecked: map[string]bool{}, started: make(chan string, 100)}
	for i := range due {
		f.due = append(f.due, fmt.Sprintf("item-%05d", i))
	}
	return f
}

func (f *fakeJobs) Collect(ctx context.Context, target string) (schedules.CollectResult, error) {
	f.mu.Lock()
	f.calls[target]++
	call := f.calls[target]
	f.inFlight[target]++
	f.maxInFlight = max(f.maxInFlight, f.inFlight[target])
	f.mu.Unlock()
	defer func() {
		f.mu.Lock()
		f.inFlight[target]--
		f.mu.Unlock()
	}()
	f.started <- target
	if f.collectHook != nil {
		if err := f.collectHook(ctx, target, call); err != nil {
			return schedules.CollectResult{}, err
		}
	}
	select {
	case <-time.After(f.collectDelay):
	case <-ctx.Done():
		return schedules.CollectResult{}, ctx.Err()
	}
	f.mu.Lock()
	f.done[target]++
	f.mu.Unlock()
	return schedules.CollectResult{
		CaptureID: fmt.Sprintf("cap-%s-%d", target, call), Bytes: 1000, LogSize: int64(call),
		Platforms: map[string]schedules.PlatformResult{"mastodon": {Found: 3, New: 2, Captured: 2, Failed: 1}},
	}, nil
}

func (f *fakeJobs) Due(ctx context.Context, now time.Time, limit int, after string) ([]string, string, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	var ids []string
	for _, id := range f.due {
		if id <= after || f.rechecked[id] {
			continue
		}
		if len(ids) == limit {
			return ids, ids[len(ids)-1], nil
		}
		ids = append(ids, id)
	}
	return ids, "", nil
}

func (f *fakeJobs) Recheck(ctx context.Context, ids []string) (schedules.CollectResult, error) {
	select {
	case <-time.After(f.recheckDelay):
	case <-ctx.Done():
		return schedules.CollectResult{}, ctx.Err()
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	for _, id := range ids {
		f.rechecked[id] = true
	}
	f.recheckSizes = append(f.recheckSizes, len(ids))
	return schedules.CollectResult{CaptureID: "recheck-" + ids[0], Bytes: int64(len(ids)),
		Platforms: map[string]schedules.PlatformResult{"web": {Found: len(ids)}}}, nil
}

// snapshot returns copies of the counters.
func (f *fakeJobs) snapshot() (calls, done map[string]int, maxInFlight int, sizes []int) {
	f.mu.Lock()
	defer f.mu.Unlock()
	return maps(f.calls), maps(f.done), f.maxInFlight, slices.Sorted(slices.Values(f.recheckSizes))
}

func maps(m map[string]int) map[string]int {
	c := make(map[string]int, len(m))
	for k, v := range m {
		c[k] = v
	}
	return c
}

// onceAfter is a schedule that fires once, d after the daemon asks for its
// first run, and never again.
type onceAfter struct {
	d     time.Duration
	asked atomic.Bool
}

func (o *onceAfter) Next(t time.Time) time.Time {
	if o.asked.Swap(true) {
		return time.Time{}
	}
	return t.Add(o.d)
}

func mustSchedule(t *testing.T, spec string) cron.Schedule {
	t.Helper()
	s, err := schedules.ParseSchedule(spec, "")
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func testLogger(t *testing.T) *slog.Logger {
	return slog.New(slog.NewTextHandler(t.Output(), &slog.HandlerOptions{Level: slog.LevelInfo}))
}

// startRun runs the daemon in the background; the returned channel gets
// Run's result.
func startRun(ctx context.Context, opt Options) <-chan error {
	errc := make(chan error, 1)
	go func() { errc <- Run(ctx, opt) }()
	return errc
}

// waitFor polls cond until it holds or the deadline passes.
func waitFor(t *testing.T, d time.Duration, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(d)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out after %v waiting for %s", d, what)
		}
		time.Sleep(20 * time.Millisecond)
	}
}
