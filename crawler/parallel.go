package crawler

import "golang.org/x/sync/errgroup"

// Parallel calls fn once for every element of items, with at most limit
// calls running at a time, and returns when all have returned. A limit
// below 1 is taken as 1. fn reports its outcome through what it captures
// (for a recheck, the observation it fills in); Parallel has no error.
func Parallel[T any](limit int, items []T, fn func(T)) {
	var g errgroup.Group
	g.SetLimit(max(limit, 1))
	for _, it := range items {
		g.Go(func() error { fn(it); return nil })
	}
	_ = g.Wait()
}
