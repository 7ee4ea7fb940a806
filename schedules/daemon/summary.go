package daemon

import "github.com/afterimage-archive/afterimage/schedules"

// summarize totals a capture over its platforms for the logs and the job
// record; items is the number of items a recheck covered (0 for a
// collection).
func summarize(res schedules.CollectResult, items int) RunResult {
	sum := RunResult{CaptureID: res.CaptureID, Items: items, Bytes: res.Bytes}
	for p, r := range res.Platforms {
		sum.Found += r.Found
		sum.New += r.New
		sum.Captured += r.Captured
		sum.Failed += r.Failed
		if r.Err != "" {
			if sum.PlatformErrors == nil {
				sum.PlatformErrors = map[string]string{}
			}
			sum.PlatformErrors[p] = r.Err
		}
	}
	return sum
}
