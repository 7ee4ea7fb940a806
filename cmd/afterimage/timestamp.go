package main

import (
	"context"
	"fmt"

	"github.com/afterimage-archive/afterimage/archive/evlog"
	"github.com/afterimage-archive/afterimage/archive/tsa"
)

// timestamp takes RFC 3161 timestamps over a new checkpoint from every
// configured authority. The checkpoint is already stored: a failing
// authority is reported, named by URL, and the run goes on.
func (a *app) timestamp(ctx context.Context, l *evlog.Log, cp evlog.Checkpoint) error {
	c, err := a.config()
	if err != nil {
		return err
	}
	if len(c.Log.TSA) == 0 || len(cp.Note) == 0 {
		return nil
	}
	auths := make([]tsa.Authority, 0, len(c.Log.TSA))
	for _, t := range c.Log.TSA {
		roots, err := tsaRoots(t.Roots)
		if err != nil {
			return &usageError{err}
		}
		auths = append(auths, tsa.Authority{URL: t.URL, Roots: roots})
	}
	toks, err := l.Timestamp(ctx, &tsa.Client{Now: a.now}, auths, cp)
	for _, t := range toks {
		fmt.Fprintf(a.stderr, "timestamp: checkpoint %d stamped by %s at %s\n", cp.Size, t.TSA, t.GenTime.Format("2006-01-02T15:04:05Z"))
	}
	if err != nil {
		fmt.Fprintf(a.stderr, "timestamp: %v (the checkpoint is stored; the next checkpoint will be stamped again)\n", err)
	}
	return nil
}
