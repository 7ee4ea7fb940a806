package daemon

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/riverqueue/river"

	"github.com/afterimage-archive/afterimage/schedules"
)

// deps is what the workers share: the work itself and where to report it.
type deps struct {
	jobs    schedules.Jobs
	log     *slog.Logger
	metrics *Metrics // nil: no metrics
	now     func() time.Time
	targets map[string]bool
	batch   int
}

// collectWorker works CollectArgs.
type collectWorker struct {
	river.WorkerDefaults[CollectArgs]
	d *deps
}

// Work runs one collection. A target no longer in the configuration is
// cancelled instead of retried.
func (w *collectWorker) Work(ctx context.Context, job *river.Job[CollectArgs]) error {
	target := job.Args.Target
	log := w.d.log.With("job", KindCollect, "job_id", job.ID, "attempt", job.Attempt, "target", target)
	if !w.d.targets[target] {
		log.Warn("job cancelled: target not in the configuration")
		return river.JobCancel(fmt.Errorf("collect %s: target not in the configuration", target))
	}
	log.Info("job start")
	start := time.Now()
	res, err := w.d.jobs.Collect(ctx, target)
	w.d.finish(ctx, log, "collect", 0, res, err, start)
	if err != nil {
		return fmt.Errorf("collect %s: %w", target, err)
	}
	return nil
}

// recheckWorker works RecheckArgs.
type recheckWorker struct {
	river.WorkerDefaults[RecheckArgs]
	d *deps
}

// Work runs one recheck capture over the batch.
func (w *recheckWorker) Work(ctx context.Context, job *river.Job[RecheckArgs]) error {
	n := len(job.Args.IDs)
	log := w.d.log.With("job", KindRecheck, "job_id", job.ID, "attempt", job.Attempt, "items", n)
	if n == 0 {
		return nil
	}
	log.Info("job start")
	start := time.Now()
	res, err := w.d.jobs.Recheck(ctx, job.Args.IDs)
	w.d.finish(ctx, log, "recheck", n, res, err, start)
	if err != nil {
		return fmt.Errorf("recheck %d items from %s: %w", n, job.Args.IDs[0], err)
	}
	return nil
}

// finish logs the end of a job, counts it in the metrics and records its
// summary on the job row, where Status reads it.
func (d *deps) finish(ctx context.Context, log *slog.Logger, kind string, items int, res schedules.CollectResult, err error, start time.Time) {
	sum := summarize(res, items)
	d.metrics.observe(kind, res, err)
	if rerr := river.RecordOutput(ctx, sum); rerr != nil {
		log.Warn("job summary not recorded", "err", rerr)
	}
	attrs := []any{"capture_id", sum.CaptureID, "bytes", sum.Bytes, "found", sum.Found,
		"new", sum.New, "captured", sum.Captured, "failed", sum.Failed,
		"duration", time.Since(start).Round(time.Millisecond)}
	for p, e := range sum.PlatformErrors {
		attrs = append(attrs, "err_"+p, e)
	}
	switch {
	case errors.Is(err, context.Canceled) && ctx.Err() != nil:
		log.Warn("job interrupted by shutdown; it runs again after restart", append(attrs, "err", err)...)
	case err != nil:
		log.Error("job failed", append(attrs, "err", err)...)
	default:
		log.Info("job end", attrs...)
	}
}

// planWorker works PlanRechecksArgs.
type planWorker struct {
	river.WorkerDefaults[PlanRechecksArgs]
	d *deps
}

// Work pages through the due items and enqueues one RecheckArgs job per
// batch. While any recheck job is still outstanding it plans nothing: those
// items are still due, and planning them again would check them twice.
func (w *planWorker) Work(ctx context.Context, job *river.Job[PlanRechecksArgs]) error {
	log := w.d.log.With("job", KindPlanRechecks, "job_id", job.ID, "attempt", job.Attempt)
	client, err := river.ClientFromContextSafely[*sql.Tx](ctx)
	if err != nil {
		return fmt.Errorf("plan rechecks: %w", err)
	}
	busy, err := rechecksOutstanding(ctx, client)
	if err != nil {
		return err
	}
	if busy {
		log.Info("recheck plan skipped: earlier batches still outstanding")
		return nil
	}
	batches, items, err := w.plan(ctx, client, w.d.now())
	log.Info("recheck plan", "batches", batches, "items", items, "err", err)
	return err
}

// plan enqueues the batches due at now and returns how many batches and
// items it enqueued.
func (w *planWorker) plan(ctx context.Context, client *river.Client[*sql.Tx], now time.Time) (batches, items int, err error) {
	after := ""
	for {
		ids, next, err := w.d.jobs.Due(ctx, now, w.d.batch, after)
		if err != nil {
			return batches, items, fmt.Errorf("plan rechecks: due after %q: %w", after, err)
		}
		for len(ids) > 0 {
			chunk := ids[:min(len(ids), w.d.batch)]
			ids = ids[len(chunk):]
			res, err := client.Insert(ctx, RecheckArgs{IDs: chunk}, nil)
			if err != nil {
				return batches, items, fmt.Errorf("plan rechecks: enqueue batch from %s: %w", chunk[0], err)
			}
			if !res.UniqueSkippedAsDuplicate {
				batches, items = batches+1, items+len(chunk)
			}
		}
		if next == "" {
			return batches, items, nil
		}
		if next == after {
			return batches, items, fmt.Errorf("plan rechecks: paging token %q did not advance", after)
		}
		after = next
	}
}

// rechecksOutstanding reports whether a recheck job is queued, running or
// waiting for a retry.
func rechecksOutstanding(ctx context.Context, client *river.Client[*sql.Tx]) (bool, error) {
	res, err := client.JobList(ctx, river.NewJobListParams().Kinds(KindRecheck).States(activeStates()...).First(1))
	if err != nil {
		return false, fmt.Errorf("plan rechecks: list outstanding rechecks: %w", err)
	}
	return len(res.Jobs) > 0, nil
}
