package index

import (
	"context"
	"fmt"
)

// Counts are totals of the index, for status output and metrics.
type Counts struct {
	Captures int64 `json:"captures"`
	Items    int64 `json:"items"`
	// ByState, ByPlatform and ByKind count items; ByPlatformState[p][s]
	// counts the items of platform p in state s.
	ByState         map[string]int64            `json:"by_state"`
	ByPlatform      map[string]int64            `json:"by_platform"`
	ByKind          map[string]int64            `json:"by_kind"`
	ByPlatformState map[string]map[string]int64 `json:"by_platform_state"`
}

// Counts counts captures and items.
func (ix *Index) Counts(ctx context.Context) (Counts, error) {
	c := Counts{ByState: map[string]int64{}, ByPlatform: map[string]int64{},
		ByKind: map[string]int64{}, ByPlatformState: map[string]map[string]int64{}}
	if err := ix.db.QueryRowContext(ctx, `SELECT COUNT(*) FROM captures`).Scan(&c.Captures); err != nil {
		return c, fmt.Errorf("count captures: %w", err)
	}
	rows, err := ix.db.QueryContext(ctx,
		`SELECT platform, kind, state, COUNT(*) FROM items GROUP BY platform, kind, state`)
	if err != nil {
		return c, fmt.Errorf("count items: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var platform, kind, st string
		var n int64
		if err := rows.Scan(&platform, &kind, &st, &n); err != nil {
			return c, fmt.Errorf("count items: %w", err)
		}
		c.Items += n
		c.ByState[st] += n
		c.ByPlatform[platform] += n
		c.ByKind[kind] += n
		if c.ByPlatformState[platform] == nil {
			c.ByPlatformState[platform] = map[string]int64{}
		}
		c.ByPlatformState[platform][st] += n
	}
	if err := rows.Err(); err != nil {
		return c, fmt.Errorf("count items: %w", err)
	}
	return c, nil
}
