package daemon

import (
	"context"
	"errors"
	"io"
	"net"
	"net/http"
	"path/filepath"
	"strings"
	"testing"

	"github.com/riverqueue/river/riverdriver/riversqlite"

	"github.com/afterimage-archive/afterimage/schedules"
)

func TestMetricsCountersAndGauges(t *testing.T) {
	t.Parallel()
	m := NewMetrics(MetricsSources{
		ItemsByState: func(context.Context) (map[string]int, error) {
			return map[string]int{"alive": 7, "deleted": 2}, nil
		},
		LogSize: func(context.Context) (int64, error) { return 42, nil },
	}, testLogger(t))
	m.observe("collect", schedules.CollectResult{CaptureID: "c1", Bytes: 300, LogSize: 5,
		Platforms: map[string]schedules.PlatformResult{
			"mastodon": {Found: 4, Failed: 2},
			"bluesky":  {Found: 1, Err: "429 Too Many Requests"},
		}}, nil)
	m.observe("collect", schedules.CollectResult{}, errors.New("store down"))
	m.observe("recheck", schedules.CollectResult{CaptureID: "r1", Bytes: 50}, context.Canceled)

	// The queue gauge reads a real jobs database while one is attached.
	db, err := prepare(t.Context(), filepath.Join(t.TempDir(), "jobs.sqlite"), testLogger(t))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	detach := m.attachQueue(riversqlite.New(db).GetExecutor())
	body := scrape(t, m)
	for _, want := range []string{
		`afterimage_captures_total{kind="collect"} 1`,
		`afterimage_captures_total{kind="recheck"} 1`,
		`afterimage_capture_bytes_total 350`,
		`afterimage_fetch_errors_total{platform="mastodon"} 2`,
		`afterimage_fetch_errors_total{platform="bluesky"} 1`,
		`afterimage_items_found_total{platform="mastodon"} 4`,
		`afterimage_jobs_total{kind="collect",outcome="ok"} 1`,
		`afterimage_jobs_total{kind="collect",outcome="error"} 1`,
		`afterimage_jobs_total{kind="recheck",outcome="interrupted"} 1`,
		`afterimage_items{state="alive"} 7`,
		`afterimage_items{state="deleted"} 2`,
		`afterimage_log_size 42`,
		`afterimage_queue_jobs{state="available"} 0`,
		`afterimage_queue_jobs{state="running"} 0`,
		`go_goroutines`,
	} {
		if !strings.Contains(body, want) {
			t.Errorf("metrics lack %q", want)
		}
	}
	detach()
	if strings.Contains(scrape(t, m), "afterimage_queue_jobs") {
		t.Error("queue gauge reported after detach")
	}
}

// A failing callback drops its gauge; the rest is still served.
func TestMetricsCallbackErrorKeepsTheRest(t *testing.T) {
	t.Parallel()
	m := NewMetrics(MetricsSources{
		ItemsByState: func(context.Context) (map[string]int, error) { return nil, errors.New("index locked") },
		LogSize:      func(context.Context) (int64, error) { return 0, errors.New("no checkpoint") },
	}, testLogger(t))
	m.observe("collect", schedules.CollectResult{CaptureID: "c1"}, nil)
	body := scrape(t, m)
	if !strings.Contains(body, `afterimage_captures_total{kind="collect"} 1`) {
		t.Errorf("counters missing when a callback fails:\n%s", body)
	}
	if strings.Contains(body, "afterimage_items{") || strings.Contains(body, "afterimage_log_size ") {
		t.Errorf("failed gauges served")
	}
}

func TestNilMetricsRecordNothing(t *testing.T) {
	var m *Metrics
	m.observe("collect", schedules.CollectResult{CaptureID: "c"}, nil)
	m.attachQueue(nil)()
}

func TestServe(t *testing.T) {
	t.Parallel()
	m := NewMetrics(MetricsSources{}, testLogger(t))
	m.observe("collect", schedules.CollectResult{CaptureID: "c1"}, nil)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(t.Context())
	errc := make(chan error, 1)
	go func() { errc <- serve(ctx, ln, m.Handler()) }()
	base := "http://" + ln.Addr().String()
	resp, err := http.Get(base + "/metrics")
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 200 || !strings.Contains(string(b), `afterimage_captures_total{kind="collect"} 1`) {
		t.Errorf("GET /metrics: %s\n%s", resp.Status, b)
	}
	if resp, err := http.Get(base + "/other"); err != nil || resp.StatusCode != 404 {
		t.Errorf("GET /other: %v %v, want 404", resp.Status, err)
	}
	cancel()
	if err := <-errc; err != nil {
		t.Errorf("serve after cancel: %v", err)
	}
	// The port is free again, and a taken port is an error at once.
	ln2, err := net.Listen("tcp", ln.Addr().String())
	if err != nil {
		t.Fatalf("port not released: %v", err)
	}
	defer ln2.Close()
	if err := Serve(t.Context(), ln.Addr().String(), m.Handler()); err == nil {
		t.Error("Serve on a taken port returned nil")
	}
}
