package daemon

import (
	"context"
	"errors"
	"io"
	"net/http/httptest"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
)

// With `@every 1s` schedules, stopping 1.5 s after the first fire (about
// 2.5 s of running) leaves two fires: two collections per target.
func TestRunCollectsOnSchedule(t *testing.T) {
	t.Parallel()
	f := newFakeJobs(0)
	f.collectDelay = 50 * time.Millisecond
	m := NewMetrics(MetricsSources{}, testLogger(t))
	every := mustSchedule(t, "@every 1s")
	opt := Options{
		DBPath:    filepath.Join(t.TempDir(), "data", "jobs.sqlite"),
		Targets:   []Target{{Name: "a", Schedule: every}, {Name: "b", Schedule: every}, {Name: "manual"}},
		Jobs:      f,
		Logger:    testLogger(t),
		Metrics:   m,
		Workers:   4,
		testOnly:  true,
		fetchPoll: 100 * time.Millisecond,
	}
	if err := runUntil(t, opt, f, 1500*time.Millisecond); err != nil {
		t.Fatalf("Run: %v", err)
	}
	calls, done, maxInFlight, _ := f.snapshot()
	if calls["a"] != 2 || calls["b"] != 2 || calls["manual"] != 0 {
		t.Errorf("Collect calls = %v, want a:2 b:2", calls)
	}
	if done["a"] != 2 || done["b"] != 2 {
		t.Errorf("finished collections = %v, want a:2 b:2", done)
	}
	if maxInFlight != 1 {
		t.Errorf("max concurrent collections of one target = %d, want 1", maxInFlight)
	}
	body := scrape(t, m)
	for _, want := range []string{
		`afterimage_captures_total{kind="collect"} 4`,
		`afterimage_capture_bytes_total 4000`,
		`afterimage_items_found_total{platform="mastodon"} 12`,
		`afterimage_fetch_errors_total{platform="mastodon"} 4`,
		`afterimage_jobs_total{kind="collect",outcome="ok"} 4`,
		`afterimage_log_size 2`,
	} {
		if !strings.Contains(body, want+"\n") {
			t.Errorf("metrics lack %q", want)
		}
	}
	if strings.Contains(body, "afterimage_queue_jobs") {
		t.Errorf("queue gauge still reported after Run returned")
	}
}

// The recheck planner, fired by its schedule, splits 2,500 due items into
// batches of 1,000: three Recheck calls, none repeated by later fires.
func TestRunPlansRechecksInBatches(t *testing.T) {
	t.Parallel()
	f := newFakeJobs(2500)
	f.recheckDelay = 300 * time.Millisecond
	opt := Options{
		DBPath:          filepath.Join(t.TempDir(), "jobs.sqlite"),
		RecheckSchedule: mustSchedule(t, "@every 1s"),
		RecheckBatch:    1000,
		Jobs:            f,
		Logger:          testLogger(t),
		Workers:         2,
		testOnly:        true,
		fetchPoll:       100 * time.Millisecond,
	}
	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()
	errc := startRun(ctx, opt)
	waitFor(t, 8*time.Second, "three rechecks", func() bool { _, _, _, sizes := f.snapshot(); return len(sizes) >= 3 })
	time.Sleep(1200 * time.Millisecond) // at least one more planner fire
	cancel()
	if err := <-errc; err != nil {
		t.Fatalf("Run: %v", err)
	}
	if _, _, _, sizes := f.snapshot(); !slices.Equal(sizes, []int{500, 1000, 1000}) {
		t.Errorf("recheck batch sizes = %v, want [500 1000 1000]", sizes)
	}
}

// A collection slower than its schedule is never run twice at once, with
// workers to spare: a fire during a run is dropped as a duplicate of the
// running job, and the schedule goes on.
func TestCollectNeverRunsTwiceAtOnce(t *testing.T) {
	t.Parallel()
	f := newFakeJobs(0)
	f.collectDelay = 1300 * time.Millisecond
	opt := Options{
		DBPath:        filepath.Join(t.TempDir(), "jobs.sqlite"),
		Targets:       []Target{{Name: "slow", Schedule: mustSchedule(t, "@every 1s")}},
		Jobs:          f,
		Logger:        testLogger(t),
		Workers:       4,
		ShutdownGrace: 5 * time.Second,
		testOnly:      true,
		fetchPoll:     100 * time.Millisecond,
	}
	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()
	errc := startRun(ctx, opt)
	<-f.started
	<-f.started // the second run, after the first ended
	cancel()
	if err := <-errc; err != nil {
		t.Fatalf("Run: %v", err)
	}
	calls, done, maxInFlight, _ := f.snapshot()
	if maxInFlight != 1 {
		t.Errorf("max concurrent collections = %d, want 1", maxInFlight)
	}
	if calls["slow"] != 2 || done["slow"] != 2 {
		t.Errorf("calls = %v, finished = %v, want 2 and 2 (the second finished in the grace period)", calls, done)
	}
}

// A failing collection is retried with River's backoff, and Status shows
// the failed attempt and the result of the one that succeeded.
func TestFailedCollectIsRetried(t *testing.T) {
	t.Parallel()
	f := newFakeJobs(0)
	f.collectHook = func(ctx context.Context, target string, call int) error {
		if call == 1 {
			return errors.New("mastodon: 503 Service Unavailable")
		}
		return nil
	}
	db := filepath.Join(t.TempDir(), "jobs.sqlite")
	opt := Options{
		DBPath:   db,
		Targets:  []Target{{Name: "a", Schedule: &onceAfter{d: 300 * time.Millisecond}}},
		Jobs:     f,
		Logger:   testLogger(t),
		testOnly: true,
	}
	ctx, cancel := context.WithCancel(t.Context())
	errc := startRun(ctx, opt)
	waitFor(t, 8*time.Second, "the retried collection", func() bool { _, done, _, _ := f.snapshot(); return done["a"] == 1 })
	time.Sleep(200 * time.Millisecond) // let River record the completion
	cancel()
	if err := <-errc; err != nil {
		t.Fatalf("Run: %v", err)
	}
	calls, _, _, _ := f.snapshot()
	if calls["a"] != 2 {
		t.Errorf("Collect calls = %d, want 2", calls["a"])
	}
	st, err := Status(t.Context(), db, []string{"a", "never"})
	if err != nil {
		t.Fatal(err)
	}
	last := st.Targets[0].Last
	if last == nil || last.State != "completed" || last.Attempt != 2 || len(last.Errors) != 1 ||
		!strings.Contains(last.Errors[0], "503") || last.Result == nil || last.Result.CaptureID != "cap-a-2" {
		t.Fatalf("status of a = %+v (result %+v)", last, last.Result)
	}
	if st.Targets[1].Last != nil || st.Targets[1].Queued != nil {
		t.Errorf("status of a target that never ran = %+v", st.Targets[1])
	}
	if st.Queue["completed"] != 1 {
		t.Errorf("queue = %v, want one completed job", st.Queue)
	}
}

// Shutdown waits for a running collection to finish, and Run returns nil.
func TestShutdownWaitsForRunningJob(t *testing.T) {
	t.Parallel()
	f := newFakeJobs(0)
	f.collectDelay = 800 * time.Millisecond
	db := filepath.Join(t.TempDir(), "jobs.sqlite")
	opt := Options{
		DBPath:        db,
		Targets:       []Target{{Name: "a", Schedule: &onceAfter{d: 200 * time.Millisecond}}},
		Jobs:          f,
		Logger:        testLogger(t),
		ShutdownGrace: 5 * time.Second,
		testOnly:      true,
	}
	ctx, cancel := context.WithCancel(t.Context())
	errc := startRun(ctx, opt)
	<-f.started
	cancel()
	if err := <-errc; err != nil {
		t.Fatalf("Run: %v", err)
	}
	if _, done, _, _ := f.snapshot(); done["a"] != 1 {
		t.Fatalf("collection did not finish before Run returned: done = %v", done)
	}
	st, err := Status(t.Context(), db, []string{"a"})
	if err != nil {
		t.Fatal(err)
	}
	if last := st.Targets[0].Last; last == nil || last.State != "completed" {
		t.Errorf("last run = %+v, want completed", last)
	}
}

// After the grace period the running collection is cancelled; it goes back
// to the queue without using an attempt, and the next Run on the same
// database runs it.
func TestHardStopRequeuesAndRestartResumes(t *testing.T) {
	t.Parallel()
	f := newFakeJobs(0)
	cancelled := make(chan error, 1)
	f.collectHook = func(ctx context.Context, target string, call int) error {
		if call == 1 {
			<-ctx.Done()
			cancelled <- ctx.Err()
			return ctx.Err()
		}
		return nil
	}
	db := filepath.Join(t.TempDir(), "jobs.sqlite")
	opt := Options{
		DBPath:        db,
		Targets:       []Target{{Name: "a", Schedule: &onceAfter{d: 200 * time.Millisecond}}},
		Jobs:          f,
		Logger:        testLogger(t),
		ShutdownGrace: 300 * time.Millisecond,
		testOnly:      true,
	}
	ctx, cancel := context.WithCancel(t.Context())
	errc := startRun(ctx, opt)
	<-f.started
	cancel()
	start := time.Now()
	if err := <-errc; err != nil {
		t.Fatalf("Run: %v", err)
	}
	if d := time.Since(start); d > 5*time.Second {
		t.Errorf("hard stop took %v", d)
	}
	if err := <-cancelled; !errors.Is(err, context.Canceled) {
		t.Errorf("job context ended with %v, want context.Canceled", err)
	}
	st, err := Status(t.Context(), db, []string{"a"})
	if err != nil {
		t.Fatal(err)
	}
	if q := st.Targets[0].Queued; q == nil || q.State != "available" || q.Attempt != 0 || len(q.Errors) != 0 {
		t.Fatalf("interrupted job = %+v, want available with no attempt used", q)
	}

	opt.Targets = []Target{{Name: "a"}} // no schedule: only the queued job can run
	ctx, cancel = context.WithCancel(t.Context())
	defer cancel()
	errc = startRun(ctx, opt)
	waitFor(t, 5*time.Second, "the requeued collection", func() bool { _, done, _, _ := f.snapshot(); return done["a"] == 1 })
	time.Sleep(200 * time.Millisecond)
	cancel()
	if err := <-errc; err != nil {
		t.Fatalf("second Run: %v", err)
	}
	st, err = Status(t.Context(), db, []string{"a"})
	if err != nil {
		t.Fatal(err)
	}
	if last := st.Targets[0].Last; last == nil || last.State != "completed" || last.Attempt != 1 || st.Targets[0].Queued != nil {
		t.Errorf("after restart: last = %+v, queued = %+v", last, st.Targets[0].Queued)
	}
}

func TestRunRejectsBadOptions(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	f := newFakeJobs(0)
	for name, opt := range map[string]Options{
		"no db":          {Jobs: f},
		"no jobs":        {DBPath: filepath.Join(dir, "j.sqlite")},
		"repeated names": {DBPath: filepath.Join(dir, "j.sqlite"), Jobs: f, Targets: []Target{{Name: "a"}, {Name: "a"}}},
		"negative grace": {DBPath: filepath.Join(dir, "j.sqlite"), Jobs: f, ShutdownGrace: -time.Second},
	} {
		if err := Run(t.Context(), opt); err == nil {
			t.Errorf("%s: Run accepted the options", name)
		}
	}
}

// runUntil runs the daemon and stops it d after the first collection
// starts, which is the first schedule fire.
func runUntil(t *testing.T, opt Options, f *fakeJobs, d time.Duration) error {
	t.Helper()
	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()
	errc := startRun(ctx, opt)
	select {
	case <-f.started:
	case err := <-errc:
		return err
	case <-time.After(10 * time.Second):
		t.Fatal("no collection within 10 s")
	}
	time.Sleep(d)
	cancel()
	return <-errc
}

func scrape(t *testing.T, m *Metrics) string {
	t.Helper()
	srv := httptest.NewServer(m.Handler())
	defer srv.Close()
	resp, err := srv.Client().Get(srv.URL + "/metrics")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	if resp.StatusCode != 200 {
		t.Fatalf("scrape: %s: %s", resp.Status, b)
	}
	return string(b)
}

// A queued collection of a target that left the configuration is cancelled,
// not run or retried.
func TestCollectOfUnknownTargetIsCancelled(t *testing.T) {
	t.Parallel()
	_, client, path := queueClient(t)
	if _, err := client.Insert(t.Context(), CollectArgs{Target: "gone"}, nil); err != nil {
		t.Fatal(err)
	}
	f := newFakeJobs(0)
	opt := Options{DBPath: path, Targets: []Target{{Name: "a"}}, Jobs: f, Logger: testLogger(t), testOnly: true}
	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()
	errc := startRun(ctx, opt)
	var st StatusInfo
	waitFor(t, 5*time.Second, "the cancelled job", func() bool {
		var err error
		st, err = Status(t.Context(), path, []string{"gone"})
		return err == nil && st.Targets[0].Last != nil
	})
	cancel()
	if err := <-errc; err != nil {
		t.Fatalf("Run: %v", err)
	}
	if last := st.Targets[0].Last; last.State != "cancelled" || len(last.Errors) != 1 {
		t.Errorf("job of unknown target = %+v, want cancelled with the reason", last)
	}
	if calls, _, _, _ := f.snapshot(); len(calls) != 0 {
		t.Errorf("Collect called: %v", calls)
	}
}

// Two daemons on one database share it: the schedule fires are not
// doubled and neither fails on the shared SQLite file.
func TestTwoDaemonsShareOneDatabase(t *testing.T) {
	t.Parallel()
	f := newFakeJobs(0)
	f.collectDelay = 50 * time.Millisecond
	path := filepath.Join(t.TempDir(), "jobs.sqlite")
	every := mustSchedule(t, "@every 1s")
	opt := Options{DBPath: path, Targets: []Target{{Name: "a", Schedule: every}}, Jobs: f,
		Logger: testLogger(t), testOnly: true, fetchPoll: 100 * time.Millisecond}
	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()
	errc1, errc2 := startRun(ctx, opt), startRun(ctx, opt)
	<-f.started
	time.Sleep(2500 * time.Millisecond)
	cancel()
	for _, errc := range []<-chan error{errc1, errc2} {
		if err := <-errc; err != nil {
			t.Errorf("Run: %v", err)
		}
	}
	if calls, _, _, _ := f.snapshot(); calls["a"] != 3 {
		t.Errorf("Collect calls = %d over three fires, want 3", calls["a"])
	}
}
