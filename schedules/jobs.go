package schedules

import (
	"context"
	"time"
)

// Jobs is the work the daemon schedules. cmd implements it with the
// store, the log, the index and the sources; the daemon only decides when.
type Jobs interface {
	// Collect runs one collection of the named target: one capture.
	Collect(ctx context.Context, target string) (CollectResult, error)
	// Due lists up to limit item ids whose recheck is due at now, after the
	// paging token after ("" for the first page); next is "" on the last
	// page.
	Due(ctx context.Context, now time.Time, limit int, after string) (ids []string, next string, err error)
	// Recheck looks at the given items again: one capture covering them
	// all.
	Recheck(ctx context.Context, ids []string) (CollectResult, error)
}

// CollectResult summarises one capture for logs, status and metrics.
type CollectResult struct {
	CaptureID string
	Bytes     int64 // WARC bytes stored
	Platforms map[string]PlatformResult
	LogSize   int64
}

// PlatformResult counts what one platform gave in one capture.
type PlatformResult struct {
	Found, New, Captured, Failed int
	Err                          string // the platform's error, "" if none
}
