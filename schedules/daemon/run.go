package daemon

import (
	"cmp"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/riverqueue/river"
	"github.com/riverqueue/river/riverdriver/riversqlite"
	"github.com/robfig/cron/v3"

	"github.com/afterimage-archive/afterimage/schedules"
)

// Defaults applied by Run to zero Options fields.
const (
	DefaultWorkers       = 2
	DefaultRecheckBatch  = 500
	DefaultShutdownGrace = 30 * time.Second
	DefaultJobTimeout    = time.Hour
)

// hardStopWait bounds how long Run waits for jobs to return after their
// context is cancelled.
const hardStopWait = 30 * time.Second

// Options configures Run.
type Options struct {
	// DBPath is the SQLite file holding the job queue, normally
	// <data_dir>/jobs.sqlite. Its directory is created if missing.
	DBPath string
	// Targets are the configured targets. A target with a schedule gets a
	// periodic collection; a collection job for a name not listed here is
	// cancelled rather than run.
	Targets []Target
	// RecheckSchedule fires the recheck planner; nil plans no rechecks.
	RecheckSchedule cron.Schedule
	// RecheckBatch is the number of items per recheck job
	// (DefaultRecheckBatch if zero).
	RecheckBatch int
	// Jobs does the work. The context it receives is cancelled when the
	// daemon stops hard (ShutdownGrace elapsed) or JobTimeout passes.
	Jobs schedules.Jobs
	// Logger receives job and queue logs (slog.Default() if nil).
	Logger *slog.Logger
	// Metrics, if not nil, is updated from every job and reports the queue.
	Metrics *Metrics
	// Now is the clock the recheck planner asks Jobs.Due with (time.Now if
	// nil).
	Now func() time.Time
	// Workers is the number of jobs run at once (DefaultWorkers if zero).
	Workers int
	// ShutdownGrace is how long running jobs may finish after shutdown
	// starts before their context is cancelled (DefaultShutdownGrace if
	// zero).
	ShutdownGrace time.Duration
	// JobTimeout cancels a job's context after this long (DefaultJobTimeout
	// if zero).
	JobTimeout time.Duration

	// testOnly drops River's random start-up delay of its maintenance
	// services, and fetchPoll (if set) replaces River's 1 s poll for
	// available jobs, so tests can count schedule fires.
	testOnly  bool
	fetchPoll time.Duration
}

// Target is one configured target as the daemon sees it.
type Target struct {
	Name     string
	Schedule cron.Schedule // nil: collected only on demand
}

// Run opens (or creates) the job queue at opt.DBPath, brings its schema up
// to date and works jobs until ctx is cancelled. On cancellation it stops
// taking jobs, waits up to opt.ShutdownGrace for running ones, cancels the
// rest and returns nil (also when ctx ends during start-up). It returns an
// error if the options are invalid, the database cannot be opened or
// migrated, the queue stops on its own, or running jobs ignore the
// cancellation of their context for 30 s.
func Run(ctx context.Context, opt Options) error {
	opt, err := withDefaults(opt)
	if err != nil {
		return err
	}
	db, err := prepare(ctx, opt.DBPath, opt.Logger)
	if err != nil {
		if ctx.Err() != nil {
			return nil // stopped while starting: nothing ran
		}
		return err
	}
	defer db.Close()
	client, err := newClient(db, opt)
	if err != nil {
		return fmt.Errorf("jobs %s: %w", opt.DBPath, err)
	}
	if err := client.Start(context.WithoutCancel(ctx)); err != nil {
		return fmt.Errorf("jobs %s: start: %w", opt.DBPath, err)
	}
	detach := opt.Metrics.attachQueue(riversqlite.New(db).GetExecutor())
	defer detach()
	opt.Logger.Info("daemon started", "db", opt.DBPath, "targets", len(opt.Targets), "workers", opt.Workers)
	select {
	case <-client.Stopped():
		return fmt.Errorf("jobs %s: queue stopped unexpectedly", opt.DBPath)
	case <-ctx.Done():
	}
	return stop(client, opt)
}

// stop ends the client: a soft stop first, then a hard one once the grace
// period has passed.
func stop(client *river.Client[*sql.Tx], opt Options) error {
	opt.Logger.Info("daemon stopping: no new jobs, waiting for running ones", "grace", opt.ShutdownGrace)
	softCtx, cancel := context.WithTimeout(context.Background(), opt.ShutdownGrace)
	defer cancel()
	err := client.Stop(softCtx)
	if err == nil {
		opt.Logger.Info("daemon stopped")
		return nil
	}
	if !errors.Is(err, context.DeadlineExceeded) {
		return fmt.Errorf("jobs stop: %w", err)
	}
	opt.Logger.Warn("daemon grace period over: cancelling running jobs")
	hardCtx, cancel := context.WithTimeout(context.Background(), hardStopWait)
	defer cancel()
	if err := client.StopAndCancel(hardCtx); err != nil {
		return fmt.Errorf("jobs stop: running jobs ignored cancellation: %w", err)
	}
	opt.Logger.Info("daemon stopped")
	return nil
}

// withDefaults checks opt and fills in its zero fields.
func withDefaults(opt Options) (Options, error) {
	if opt.DBPath == "" {
		return opt, errors.New("daemon: no jobs database path")
	}
	if opt.Jobs == nil {
		return opt, errors.New("daemon: no Jobs")
	}
	seen := map[string]bool{}
	for _, t := range opt.Targets {
		if t.Name == "" || seen[t.Name] {
			return opt, fmt.Errorf("daemon: target name %q empty or repeated", t.Name)
		}
		seen[t.Name] = true
	}
	opt.RecheckBatch = cmp.Or(opt.RecheckBatch, DefaultRecheckBatch)
	opt.Workers = cmp.Or(opt.Workers, DefaultWorkers)
	opt.ShutdownGrace = cmp.Or(opt.ShutdownGrace, DefaultShutdownGrace)
	opt.JobTimeout = cmp.Or(opt.JobTimeout, DefaultJobTimeout)
	if opt.RecheckBatch < 0 || opt.Workers < 0 || opt.ShutdownGrace < 0 || opt.JobTimeout < 0 {
		return opt, errors.New("daemon: negative batch, workers, grace or timeout")
	}
	if opt.Logger == nil {
		opt.Logger = slog.Default()
	}
	if opt.Now == nil {
		opt.Now = time.Now
	}
	return opt, nil
}

// newClient builds the River client: the three workers, one queue with
// opt.Workers slots and the periodic jobs.
func newClient(db *sql.DB, opt Options) (*river.Client[*sql.Tx], error) {
	d := &deps{jobs: opt.Jobs, log: opt.Logger, metrics: opt.Metrics, now: opt.Now,
		targets: map[string]bool{}, batch: opt.RecheckBatch}
	for _, t := range opt.Targets {
		d.targets[t.Name] = true
	}
	workers := river.NewWorkers()
	river.AddWorker(workers, &collectWorker{d: d})
	river.AddWorker(workers, &recheckWorker{d: d})
	river.AddWorker(workers, &planWorker{d: d})
	var periodic []*river.PeriodicJob
	for _, p := range periodicSpecs(opt) {
		periodic = append(periodic, river.NewPeriodicJob(p.schedule, p.construct, nil))
	}
	return river.NewClient(riversqlite.New(db), &river.Config{
		Logger:                      opt.Logger.With("component", "river"),
		Queues:                      map[string]river.QueueConfig{river.QueueDefault: {MaxWorkers: opt.Workers}},
		Workers:                     workers,
		PeriodicJobs:                periodic,
		MaxAttempts:                 maxAttempts,
		JobTimeout:                  opt.JobTimeout,
		RescueStuckJobsAfter:        opt.JobTimeout + 15*time.Minute,
		CompletedJobRetentionPeriod: retention,
		CancelledJobRetentionPeriod: retention,
		DiscardedJobRetentionPeriod: retention,
		TestOnly:                    opt.testOnly,
		FetchPollInterval:           opt.fetchPoll,
	})
}

// retention is how long finished jobs stay in the queue, where Status finds
// the last run of each target.
const retention = 31 * 24 * time.Hour
