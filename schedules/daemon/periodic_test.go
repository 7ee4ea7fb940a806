package daemon

import (
	"testing"
	"time"

	"github.com/riverqueue/river"

	"github.com/afterimage-archive/afterimage/schedules"
)

func TestFromConfigAndPeriodicJobs(t *testing.T) {
	t.Parallel()
	cfg := &schedules.Config{
		Targets: []schedules.Target{
			{Name: "tehran", Schedule: "30 2 * * *", Timezone: "Asia/Tehran"},
			{Name: "often", Schedule: "@every 10m"},
			{Name: "manual"},
		},
		Recheck: schedules.Recheck{Schedule: "@hourly"},
	}
	targets, recheck, err := FromConfig(cfg)
	if err != nil {
		t.Fatal(err)
	}
	if len(targets) != 3 || targets[2].Schedule != nil {
		t.Fatalf("targets = %+v", targets)
	}
	now := time.Date(2025, 3, 1, 12, 0, 0, 0, time.UTC)
	specs := periodicSpecs(Options{Targets: targets, RecheckSchedule: recheck})
	if len(specs) != 3 {
		t.Fatalf("%d periodic jobs, want 3 (two targets and the planner)", len(specs))
	}
	for i, c := range []struct {
		args river.JobArgs
		next time.Time
	}{
		// 02:30 in Tehran (UTC+3:30) is 23:00 UTC the day before.
		{CollectArgs{Target: "tehran"}, time.Date(2025, 3, 1, 23, 0, 0, 0, time.UTC)},
		{CollectArgs{Target: "often"}, now.Add(10 * time.Minute)},
		{PlanRechecksArgs{}, time.Date(2025, 3, 1, 13, 0, 0, 0, time.UTC)},
	} {
		args, opts := specs[i].construct()
		if args != c.args || opts != nil {
			t.Errorf("job %d constructs %#v, %v; want %#v", i, args, opts, c.args)
		}
		if got := specs[i].schedule.Next(now); !got.Equal(c.next) {
			t.Errorf("job %d next after %v = %v, want %v", i, now, got, c.next)
		}
	}
	cfg.Targets[1].Schedule = "61 * * * *"
	if _, _, err := FromConfig(cfg); err == nil {
		t.Error("FromConfig accepted minute 61")
	}
}
