package main

import (
	"context"
	"fmt"

	"github.com/afterimage-archive/afterimage/archive/index"
	"github.com/spf13/cobra"
)

func newRecheckCommand(a *app) *cobra.Command {
	var all bool
	var targets []string
	cmd := &cobra.Command{
		Use:   "recheck [--all] [--target NAME]",
		Short: "Recheck due items now (all with --all)",
		Long: `recheck looks again at the items whose recheck is due by the plan (every
item with --all), in batches of recheck.batch items, each batch one
capture. Deletions, suspensions and takedowns are archived with the same
evidence as presences; a first missing answer is confirmed by a second
look after recheck.confirm_after.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error { return a.runRecheck(cmd.Context(), all, targets) },
	}
	cmd.Flags().BoolVar(&all, "all", false, "recheck every item, due or not")
	cmd.Flags().StringSliceVar(&targets, "target", nil, "only items of this config target")
	return cmd
}

func (a *app) runRecheck(ctx context.Context, all bool, targets []string) error {
	c, err := a.config()
	if err != nil {
		return err
	}
	for _, t := range targets {
		if _, ok := findTarget(c.Targets, t); !ok {
			return usagef("--target %s: no such target in %s", t, a.configPath)
		}
	}
	j, err := a.openJobs(ctx)
	if err != nil {
		return err
	}
	defer j.close()
	q := index.DueQuery{Now: a.now(), Plan: a.recheckPlan(), All: all, Filter: index.Filter{Targets: targets}, Limit: c.Recheck.Batch}
	checked, failed := 0, 0
	for {
		due, next, err := j.idx.DueForRecheck(ctx, q)
		if err != nil {
			return err
		}
		if len(due) > 0 {
			ids := make([]string, len(due))
			for i, d := range due {
				ids[i] = d.ID
			}
			res, err := j.Recheck(ctx, ids)
			if err != nil {
				return err
			}
			checked += len(ids)
			failed += a.printCollect("recheck", res)
		}
		if next == "" {
			break
		}
		q.After = next
	}
	if checked == 0 {
		fmt.Fprintln(a.stdout, "no items due for a recheck")
	}
	if failed > 0 {
		return &problemsError{fmt.Sprintf("%d platform recheck(s) failed", failed)}
	}
	return nil
}
