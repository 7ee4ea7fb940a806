package daemon

import (
	"context"
	"fmt"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/riverqueue/river/riverdriver"
)

var (
	itemsDesc = prometheus.NewDesc("afterimage_items", "Archived items per state.", []string{"state"}, nil)
	logDesc   = prometheus.NewDesc("afterimage_log_size", "Leaves in the evidence log.", nil, nil)
	queueDesc = prometheus.NewDesc("afterimage_queue_jobs", "Jobs in the queue per state.", []string{"state"}, nil)
)

// gauges computes the gauge metrics at scrape time.
type gauges struct{ m *Metrics }

// Describe sends the gauge descriptions.
func (g gauges) Describe(ch chan<- *prometheus.Desc) {
	ch <- itemsDesc
	ch <- logDesc
	ch <- queueDesc
}

// Collect runs the callbacks and sends their values, or an invalid metric
// carrying the error of a failed callback.
func (g gauges) Collect(ch chan<- prometheus.Metric) {
	ctx, cancel := context.WithTimeout(context.Background(), scrapeTimeout)
	defer cancel()
	if f := g.m.src.ItemsByState; f != nil {
		byState, err := f(ctx)
		if err != nil {
			ch <- prometheus.NewInvalidMetric(itemsDesc, fmt.Errorf("items by state: %w", err))
		}
		for state, n := range byState {
			ch <- prometheus.MustNewConstMetric(itemsDesc, prometheus.GaugeValue, float64(n), state)
		}
	}
	g.collectLogSize(ctx, ch)
	if exec := g.m.queueExec(); exec != nil {
		g.collectQueue(ctx, ch, exec)
	}
}

func (g gauges) collectLogSize(ctx context.Context, ch chan<- prometheus.Metric) {
	size := g.m.lastLogSize.Load()
	if f := g.m.src.LogSize; f != nil {
		var err error
		if size, err = f(ctx); err != nil {
			ch <- prometheus.NewInvalidMetric(logDesc, fmt.Errorf("log size: %w", err))
			return
		}
	}
	if size > 0 || g.m.src.LogSize != nil {
		ch <- prometheus.MustNewConstMetric(logDesc, prometheus.GaugeValue, float64(size))
	}
}

// collectQueue reports every unfinished state, zero included, so a drained
// queue shows as 0 rather than as a missing series.
func (g gauges) collectQueue(ctx context.Context, ch chan<- prometheus.Metric, exec riverdriver.Executor) {
	counts, err := exec.JobCountByAllStates(ctx, &riverdriver.JobCountByAllStatesParams{})
	if err != nil {
		ch <- prometheus.NewInvalidMetric(queueDesc, fmt.Errorf("queue depth: %w", err))
		return
	}
	for _, s := range activeStates() {
		ch <- prometheus.MustNewConstMetric(queueDesc, prometheus.GaugeValue, float64(counts[s]), string(s))
	}
}
