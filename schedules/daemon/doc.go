// Package daemon is the engine behind `afterimage run`: it turns the
// configured cron schedules into durable jobs and works them.
//
// Jobs live in a River queue (github.com/riverqueue/river) on an SQLite
// file in the data directory. Three job kinds exist:
//
//   - afterimage_collect (CollectArgs): one collection of one target. It is
//     unique per target while available, scheduled, pending, running or
//     retryable, so a target never has two runs at once; a failed run is
//     retried with River's backoff.
//   - afterimage_plan_rechecks (PlanRechecksArgs): pages through the items
//     whose recheck is due and enqueues one afterimage_recheck job per batch.
//     It plans nothing while an earlier batch is still outstanding.
//   - afterimage_recheck (RecheckArgs): one recheck capture covering a batch
//     of items.
//
// Each target's schedule and the recheck schedule become River periodic
// jobs. River inserts them from the elected leader only, so a second daemon
// on the same database does not double them. Periodic schedules are kept in
// memory: a fire that falls while no daemon runs is skipped, as with cron.
//
// Shutdown (context cancelled, e.g. by SIGTERM) stops taking new work, lets
// running jobs finish for Options.ShutdownGrace and then cancels the context
// passed to schedules.Jobs. A job that returns because of that cancellation
// goes back to the queue without using an attempt and runs again after the
// next start. Jobs persist in the SQLite file, so a restart continues where
// the last run stopped. After a crash (no clean shutdown), a job left
// running is retried once River considers it stuck (Options.JobTimeout plus
// 15 minutes).
//
// The job code uses only River's client API and driver executor, so moving
// the queue to PostgreSQL (riverpgxv5) changes the opening of the database
// and the driver, not the jobs.
package daemon
