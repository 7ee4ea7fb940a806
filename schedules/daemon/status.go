package daemon

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"os"
	"time"

	"github.com/riverqueue/river"
	"github.com/riverqueue/river/riverdriver"
	"github.com/riverqueue/river/riverdriver/riversqlite"
	"github.com/riverqueue/river/rivertype"
)

// StatusInfo is the state of the job queue, as `afterimage status` shows
// it. Next runs are not stored: compute them from each target's schedule
// (Schedule.Next(now)).
type StatusInfo struct {
	// DBExists is false when no daemon has created the queue yet; every
	// other field is then empty.
	DBExists bool
	// Targets has one entry per name asked for, in that order.
	Targets []TargetStatus
	// LastPlan and LastRecheck are the latest finished recheck planner and
	// recheck jobs, nil if none is kept.
	LastPlan, LastRecheck *JobInfo
	// RechecksQueued counts recheck jobs not yet finished.
	RechecksQueued int
	// Queue counts every job in the queue by state (available, scheduled,
	// running, retryable, pending, completed, cancelled, discarded).
	Queue map[string]int
}

// TargetStatus is the collection state of one target.
type TargetStatus struct {
	Name string
	// Last is the latest finished collection, nil if none is kept (finished
	// jobs are kept 31 days).
	Last *JobInfo
	// Queued is the collection waiting, running or waiting for a retry, nil
	// if none.
	Queued *JobInfo
}

// JobInfo describes one job.
type JobInfo struct {
	ID          int64
	State       string // River's job state
	Attempt     int
	MaxAttempts int
	ScheduledAt time.Time
	AttemptedAt time.Time // zero if never attempted
	FinishedAt  time.Time // zero unless completed, cancelled or discarded
	Errors      []string  // one per failed attempt, oldest first
	Result      *RunResult
}

// RunResult is the summary a job records when it ends (also after a
// failure): what its capture held.
type RunResult struct {
	CaptureID      string            `json:"capture_id,omitempty"`
	Items          int               `json:"items,omitempty"` // items rechecked
	Bytes          int64             `json:"bytes,omitempty"`
	Found          int               `json:"found,omitempty"`
	New            int               `json:"new,omitempty"`
	Captured       int               `json:"captured,omitempty"`
	Failed         int               `json:"failed,omitempty"`
	PlatformErrors map[string]string `json:"platform_errors,omitempty"`
}

// Status reads the queue at dbPath without working it (a daemon may be
// running) and reports on the named targets. A missing database is not an
// error: it gives a StatusInfo with DBExists false, and is not created.
// Errors mean the file cannot be opened or read as a job queue.
func Status(ctx context.Context, dbPath string, targets []string) (StatusInfo, error) {
	if _, err := os.Stat(dbPath); errors.Is(err, fs.ErrNotExist) {
		return StatusInfo{}, nil
	}
	db, err := openDB(ctx, dbPath, false)
	if err != nil {
		return StatusInfo{}, err
	}
	defer db.Close()
	exec := riversqlite.New(db).GetExecutor()
	if ok, err := exec.TableExists(ctx, &riverdriver.TableExistsParams{Table: "river_job"}); err != nil || !ok {
		return StatusInfo{}, wrapStatus(dbPath, err)
	}
	info := StatusInfo{DBExists: true, Queue: map[string]int{}}
	counts, err := exec.JobCountByAllStates(ctx, &riverdriver.JobCountByAllStatesParams{})
	if err != nil {
		return StatusInfo{}, wrapStatus(dbPath, err)
	}
	for s, n := range counts {
		info.Queue[string(s)] = n
	}
	client, err := river.NewClient(riversqlite.New(db), &river.Config{Logger: slog.New(slog.DiscardHandler)})
	if err != nil {
		return StatusInfo{}, wrapStatus(dbPath, err)
	}
	for _, name := range targets {
		ts, err := targetStatus(ctx, client, name)
		if err != nil {
			return StatusInfo{}, wrapStatus(dbPath, err)
		}
		info.Targets = append(info.Targets, ts)
	}
	if err := rechecksStatus(ctx, client, &info); err != nil {
		return StatusInfo{}, wrapStatus(dbPath, err)
	}
	return info, nil
}

func wrapStatus(dbPath string, err error) error {
	if err == nil {
		return nil
	}
	return fmt.Errorf("jobs status %s: %w", dbPath, err)
}

// targetStatus finds the latest finished and the outstanding collection of
// one target.
func targetStatus(ctx context.Context, client *river.Client[*sql.Tx], name string) (TargetStatus, error) {
	where := func(p *river.JobListParams) *river.JobListParams {
		return p.Kinds(KindCollect).Where("args ->> 'target' = @target", river.NamedArgs{"target": name})
	}
	ts := TargetStatus{Name: name}
	var err error
	if ts.Last, err = firstJob(ctx, client, where(finishedList())); err != nil {
		return ts, fmt.Errorf("target %s: %w", name, err)
	}
	if ts.Queued, err = firstJob(ctx, client, where(river.NewJobListParams().States(activeStates()...))); err != nil {
		return ts, fmt.Errorf("target %s: %w", name, err)
	}
	return ts, nil
}

// rechecksStatus fills the recheck fields of info.
func rechecksStatus(ctx context.Context, client *river.Client[*sql.Tx], info *StatusInfo) error {
	var err error
	if info.LastPlan, err = firstJob(ctx, client, finishedList().Kinds(KindPlanRechecks)); err != nil {
		return fmt.Errorf("recheck planner: %w", err)
	}
	if info.LastRecheck, err = firstJob(ctx, client, finishedList().Kinds(KindRecheck)); err != nil {
		return fmt.Errorf("rechecks: %w", err)
	}
	p := river.NewJobListParams().Kinds(KindRecheck).States(activeStates()...).First(10000)
	res, err := client.JobList(ctx, p)
	if err != nil {
		return fmt.Errorf("rechecks: %w", err)
	}
	info.RechecksQueued = len(res.Jobs)
	return nil
}

// finishedList lists finished jobs, latest first.
func finishedList() *river.JobListParams {
	return river.NewJobListParams().
		States(rivertype.JobStateCompleted, rivertype.JobStateCancelled, rivertype.JobStateDiscarded).
		OrderBy(river.JobListOrderByFinalizedAt, river.SortOrderDesc)
}

// firstJob returns the first job p lists, nil if none.
func firstJob(ctx context.Context, client *river.Client[*sql.Tx], p *river.JobListParams) (*JobInfo, error) {
	res, err := client.JobList(ctx, p.First(1))
	if err != nil {
		return nil, err
	}
	if len(res.Jobs) == 0 {
		return nil, nil
	}
	return jobInfo(res.Jobs[0]), nil
}

// jobInfo converts a River job row.
func jobInfo(j *rivertype.JobRow) *JobInfo {
	info := &JobInfo{ID: j.ID, State: string(j.State), Attempt: j.Attempt, MaxAttempts: j.MaxAttempts,
		ScheduledAt: j.ScheduledAt}
	if j.AttemptedAt != nil {
		info.AttemptedAt = *j.AttemptedAt
	}
	if j.FinalizedAt != nil {
		info.FinishedAt = *j.FinalizedAt
	}
	for _, e := range j.Errors {
		info.Errors = append(info.Errors, e.Error)
	}
	if out := j.Output(); len(out) > 0 {
		var r RunResult
		if json.Unmarshal(out, &r) == nil {
			info.Result = &r
		}
	}
	return info
}
