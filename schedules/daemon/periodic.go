package daemon

import (
	"fmt"

	"github.com/riverqueue/river"
	"github.com/robfig/cron/v3"

	"github.com/afterimage-archive/afterimage/schedules"
)

// periodicSpec is one periodic job before it is handed to River. A
// cron.Schedule is already a river.PeriodicSchedule: both are
// Next(time.Time) time.Time. River asks Next with the previous fire time
// and skips a job whose Next is the zero time (a spec that never matches).
type periodicSpec struct {
	schedule  cron.Schedule
	construct river.PeriodicJobConstructor
}

// periodicSpecs lists the periodic jobs for opt: one collection per target
// with a schedule, then the recheck planner if it has one. None runs on
// start: a restart does not add a run the schedule did not ask for.
func periodicSpecs(opt Options) []periodicSpec {
	var specs []periodicSpec
	for _, t := range opt.Targets {
		if t.Schedule == nil {
			continue
		}
		args := CollectArgs{Target: t.Name}
		specs = append(specs, periodicSpec{
			schedule:  t.Schedule,
			construct: func() (river.JobArgs, *river.InsertOpts) { return args, nil },
		})
	}
	if opt.RecheckSchedule != nil {
		specs = append(specs, periodicSpec{
			schedule:  opt.RecheckSchedule,
			construct: func() (river.JobArgs, *river.InsertOpts) { return PlanRechecksArgs{}, nil },
		})
	}
	return specs
}

// FromConfig parses the schedules of the configuration into the Targets and
// RecheckSchedule fields of Options. Every target is listed; one without a
// schedule gets no periodic collection. The error names the target whose
// schedule or timezone does not parse.
func FromConfig(c *schedules.Config) (targets []Target, recheck cron.Schedule, err error) {
	for _, t := range c.Targets {
		dt := Target{Name: t.Name}
		if t.Schedule != "" {
			if dt.Schedule, err = schedules.ParseSchedule(t.Schedule, t.Timezone); err != nil {
				return nil, nil, fmt.Errorf("target %s: %w", t.Name, err)
			}
		}
		targets = append(targets, dt)
	}
	if c.Recheck.Schedule != "" {
		if recheck, err = schedules.ParseSchedule(c.Recheck.Schedule, ""); err != nil {
			return nil, nil, fmt.Errorf("recheck: %w", err)
		}
	}
	return targets, recheck, nil
}
