package daemon

import (
	"github.com/riverqueue/river"
	"github.com/riverqueue/river/rivertype"
)

// Job kinds as stored in the queue. They are part of the database format:
// renaming one orphans the jobs already queued under the old name.
const (
	KindCollect      = "afterimage_collect"
	KindPlanRechecks = "afterimage_plan_rechecks"
	KindRecheck      = "afterimage_recheck"
)

// maxAttempts is how often a job runs before River discards it. With River's
// default backoff (attempt^4 seconds) five attempts span about 16 minutes.
const maxAttempts = 5

// activeStates are the job states in which a unique job blocks a duplicate:
// everything except finished (completed, cancelled, discarded). River
// requires available, pending, running and scheduled in the set.
func activeStates() []rivertype.JobState {
	return []rivertype.JobState{
		rivertype.JobStateAvailable,
		rivertype.JobStatePending,
		rivertype.JobStateRetryable,
		rivertype.JobStateRunning,
		rivertype.JobStateScheduled,
	}
}

// CollectArgs is the afterimage_collect job: one collection of one target.
type CollectArgs struct {
	Target string `json:"target" river:"unique"`
}

// Kind returns KindCollect.
func (CollectArgs) Kind() string { return KindCollect }

// InsertOpts makes a collection unique per target while one is queued,
// running or waiting for a retry.
func (CollectArgs) InsertOpts() river.InsertOpts {
	return river.InsertOpts{
		MaxAttempts: maxAttempts,
		UniqueOpts:  river.UniqueOpts{ByArgs: true, ByState: activeStates()},
	}
}

// PlanRechecksArgs is the afterimage_plan_rechecks job: it enqueues the due
// rechecks in batches.
type PlanRechecksArgs struct{}

// Kind returns KindPlanRechecks.
func (PlanRechecksArgs) Kind() string { return KindPlanRechecks }

// InsertOpts keeps a single planner queued or running at a time.
func (PlanRechecksArgs) InsertOpts() river.InsertOpts {
	return river.InsertOpts{
		MaxAttempts: maxAttempts,
		UniqueOpts:  river.UniqueOpts{ByState: activeStates()},
	}
}

// RecheckArgs is the afterimage_recheck job: one recheck capture covering
// the items IDs.
type RecheckArgs struct {
	IDs []string `json:"ids"`
}

// Kind returns KindRecheck.
func (RecheckArgs) Kind() string { return KindRecheck }

// InsertOpts refuses a second job for the same batch while the first is
// outstanding.
func (RecheckArgs) InsertOpts() river.InsertOpts {
	return river.InsertOpts{
		MaxAttempts: maxAttempts,
		UniqueOpts:  river.UniqueOpts{ByArgs: true, ByState: activeStates()},
	}
}
