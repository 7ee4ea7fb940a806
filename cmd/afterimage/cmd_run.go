package main

import (
	"context"
	"fmt"
	"log/slog"
	"path/filepath"

	"github.com/afterimage-archive/afterimage/schedules/daemon"
	"github.com/spf13/cobra"
)

// jobsDB is the job queue's file in the data directory.
const jobsDB = "jobs.sqlite"

func newRunCommand(a *app) *cobra.Command {
	var metricsAddr string
	cmd := &cobra.Command{
		Use:   "run [--metrics ADDR]",
		Short: "Run collections and rechecks on their schedules, as durable jobs",
		Long: `run is the daemon: each target's cron schedule enqueues a collection, and
the recheck planner enqueues batches of due rechecks, as durable jobs in
<data_dir>/jobs.sqlite. One run per target at a time; failed jobs are
retried with backoff; a restart picks up where it left off. SIGTERM stops
taking work, lets running captures finish (or cancels them after a grace
period), seals and stores what they fetched, writes the checkpoint and
exits 0. Logs are structured (JSON on stderr). --metrics serves Prometheus
metrics at ADDR/metrics.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error { return a.runDaemon(cmd.Context(), metricsAddr) },
	}
	cmd.Flags().StringVar(&metricsAddr, "metrics", "", "serve Prometheus metrics on this address, e.g. 127.0.0.1:9464")
	cmd.Flags().DurationVar(&a.shutdownGrace, "grace", 0, "how long running jobs may finish after SIGTERM before they are cancelled (default 30s)")
	return cmd
}

func (a *app) runDaemon(ctx context.Context, metricsAddr string) error {
	c, err := a.config()
	if err != nil {
		return err
	}
	targets, recheck, err := daemon.FromConfig(c)
	if err != nil {
		return &usageError{fmt.Errorf("%s: %w", a.configPath, err)}
	}
	j, err := a.openJobs(ctx)
	if err != nil {
		return err
	}
	defer j.close()
	logger := slog.New(slog.NewJSONHandler(a.stderr, nil))
	m := daemon.NewMetrics(daemon.MetricsSources{
		ItemsByState: func(ctx context.Context) (map[string]int, error) {
			counts, err := j.idx.Counts(ctx)
			out := map[string]int{}
			for k, v := range counts.ByState {
				out[k] = int(v)
			}
			return out, err
		},
		LogSize: func(context.Context) (int64, error) { return j.w.log.Size(), nil },
	}, logger)
	if metricsAddr != "" {
		go func() {
			if err := daemon.Serve(ctx, metricsAddr, m.Handler()); err != nil {
				logger.Error("metrics server stopped", "addr", metricsAddr, "err", err)
			}
		}()
	}
	logger.Info("afterimage daemon starting", "version", version, "store", j.w.store.Describe(),
		"targets", len(targets), "log_size", j.w.log.Size())
	err = daemon.Run(ctx, daemon.Options{
		DBPath: filepath.Join(j.w.dataDir, jobsDB), Targets: targets, RecheckSchedule: recheck,
		RecheckBatch: c.Recheck.Batch, Jobs: j, Logger: logger, Metrics: m, Now: a.now,
		ShutdownGrace: a.shutdownGrace,
	})
	logger.Info("afterimage daemon stopped", "log_size", j.w.log.Size(), "err", err)
	return err
}
