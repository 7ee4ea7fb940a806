package daemon

import (
	"context"
	"errors"
	"log/slog"
	"net/http"
	"sync"
	"sync/atomic"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"
	"github.com/riverqueue/river/riverdriver"

	"github.com/afterimage-archive/afterimage/schedules"
)

// scrapeTimeout bounds the callbacks run for one scrape.
const scrapeTimeout = 5 * time.Second

// MetricsSources are the callbacks that give the gauges their values at
// scrape time. A nil callback leaves its gauge out (LogSize then falls back
// to the log size of the last finished job). A callback error is logged and
// leaves that gauge out of the scrape; the rest is still served.
type MetricsSources struct {
	// ItemsByState counts archived items per state (alive, missing, ...).
	ItemsByState func(ctx context.Context) (map[string]int, error)
	// LogSize is the number of leaves in the evidence log.
	LogSize func(ctx context.Context) (int64, error)
}

// Metrics are the Prometheus metrics of a daemon, on their own registry:
//
//	afterimage_captures_total{kind}          captures stored (kind collect|recheck)
//	afterimage_capture_bytes_total           WARC bytes stored
//	afterimage_fetch_errors_total{platform}  failed fetches
//	afterimage_items_found_total{platform}   items seen by collections and rechecks
//	afterimage_jobs_total{kind,outcome}      finished jobs (outcome ok|error|interrupted)
//	afterimage_items{state}                  items per state (ItemsByState)
//	afterimage_log_size                      evidence log leaves (LogSize)
//	afterimage_queue_jobs{state}             queued jobs per state, while Run runs
//
// plus the Go runtime and process collectors. A nil *Metrics is valid and
// records nothing.
type Metrics struct {
	reg         *prometheus.Registry
	log         *slog.Logger
	src         MetricsSources
	captures    *prometheus.CounterVec
	bytes       prometheus.Counter
	fetchErrors *prometheus.CounterVec
	itemsFound  *prometheus.CounterVec
	jobs        *prometheus.CounterVec
	lastLogSize atomic.Int64

	mu    sync.Mutex
	queue riverdriver.Executor // nil while no Run is attached
}

// NewMetrics creates the metrics with src as the gauge callbacks; log (nil:
// slog.Default()) receives scrape errors.
func NewMetrics(src MetricsSources, log *slog.Logger) *Metrics {
	if log == nil {
		log = slog.Default()
	}
	m := &Metrics{reg: prometheus.NewRegistry(), log: log, src: src}
	m.captures = prometheus.NewCounterVec(prometheus.CounterOpts{Name: "afterimage_captures_total",
		Help: "Captures stored, by kind (collect, recheck)."}, []string{"kind"})
	m.bytes = prometheus.NewCounter(prometheus.CounterOpts{Name: "afterimage_capture_bytes_total",
		Help: "WARC bytes stored by captures."})
	m.fetchErrors = prometheus.NewCounterVec(prometheus.CounterOpts{Name: "afterimage_fetch_errors_total",
		Help: "Failed fetches, by platform."}, []string{"platform"})
	m.itemsFound = prometheus.NewCounterVec(prometheus.CounterOpts{Name: "afterimage_items_found_total",
		Help: "Items found by collections and rechecks, by platform."}, []string{"platform"})
	m.jobs = prometheus.NewCounterVec(prometheus.CounterOpts{Name: "afterimage_jobs_total",
		Help: "Finished jobs, by kind and outcome (ok, error, interrupted)."}, []string{"kind", "outcome"})
	m.reg.MustRegister(m.captures, m.bytes, m.fetchErrors, m.itemsFound, m.jobs, gauges{m},
		collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	return m
}

// Handler serves the metrics in the Prometheus text format. A failing
// gauge callback is logged and left out; the other metrics are served.
func (m *Metrics) Handler() http.Handler {
	return promhttp.HandlerFor(m.reg, promhttp.HandlerOpts{
		ErrorLog:      errorLog{m.log},
		ErrorHandling: promhttp.ContinueOnError,
	})
}

// observe counts one finished job.
func (m *Metrics) observe(kind string, res schedules.CollectResult, err error) {
	if m == nil {
		return
	}
	outcome := "ok"
	switch {
	case errors.Is(err, context.Canceled):
		outcome = "interrupted"
	case err != nil:
		outcome = "error"
	}
	m.jobs.WithLabelValues(kind, outcome).Inc()
	if res.CaptureID != "" {
		m.captures.WithLabelValues(kind).Inc()
	}
	m.bytes.Add(float64(max(res.Bytes, 0)))
	for p, r := range res.Platforms {
		failed := r.Failed
		if failed == 0 && r.Err != "" {
			failed = 1
		}
		m.fetchErrors.WithLabelValues(p).Add(float64(max(failed, 0)))
		m.itemsFound.WithLabelValues(p).Add(float64(max(r.Found, 0)))
	}
	if res.LogSize > 0 {
		m.lastLogSize.Store(res.LogSize)
	}
}

// attachQueue makes the queue gauge read exec until the returned function
// is called.
func (m *Metrics) attachQueue(exec riverdriver.Executor) (detach func()) {
	if m == nil {
		return func() {}
	}
	m.mu.Lock()
	m.queue = exec
	m.mu.Unlock()
	return func() {
		m.mu.Lock()
		m.queue = nil
		m.mu.Unlock()
	}
}

// queueExec returns the attached queue executor, nil if none.
func (m *Metrics) queueExec() riverdriver.Executor {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.queue
}

// errorLog adapts slog to promhttp's error logger.
type errorLog struct{ log *slog.Logger }

func (l errorLog) Println(v ...any) { l.log.Warn("metrics scrape", "err", v) }
