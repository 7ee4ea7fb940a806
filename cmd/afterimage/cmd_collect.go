package main

import (
	"context"
	"fmt"
	"text/tabwriter"

	"github.com/afterimage-archive/afterimage/schedules"
	"github.com/spf13/cobra"
)

func newCollectCommand(a *app) *cobra.Command {
	var target string
	cmd := &cobra.Command{
		Use:   "collect [--target NAME]",
		Short: "Run the configured targets once",
		Long: `collect runs every configured target once (or only --target), each as one
capture, and prints per platform what was found, new, captured and failed.
A platform that fails is reported by name; the others are still collected.
Exit status 1 when any platform failed.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error { return a.runCollect(cmd.Context(), target) },
	}
	cmd.Flags().StringVar(&target, "target", "", "collect only this target")
	return cmd
}

func (a *app) runCollect(ctx context.Context, only string) error {
	c, err := a.config()
	if err != nil {
		return err
	}
	var names []string
	for _, t := range c.Targets {
		if only == "" || t.Name == only {
			names = append(names, t.Name)
		}
	}
	if only != "" && len(names) == 0 {
		return usagef("--target %s: no such target in %s", only, c.File)
	}
	if len(names) == 0 {
		return usagef("no targets configured in %s", a.configPath)
	}
	j, err := a.openJobs(ctx)
	if err != nil {
		return err
	}
	defer j.close()
	failed := 0
	for _, name := range names {
		prog := newProgress(a.stderr, "collect")
		prog.count("%s…", name)
		res, err := j.Collect(ctx, name)
		prog.clear()
		if err != nil {
			return err
		}
		failed += a.printCollect("target "+name, res)
	}
	if failed > 0 {
		return &problemsError{fmt.Sprintf("%d platform run(s) failed", failed)}
	}
	return nil
}

// printCollect prints one target's result and returns how many platforms
// failed.
func (a *app) printCollect(name string, r schedules.CollectResult) int {
	fmt.Fprintf(a.stdout, "%s: capture %s (%s), log size %d\n", name, r.CaptureID, humanBytes(r.Bytes), r.LogSize)
	tw := tabwriter.NewWriter(a.stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintf(tw, "  PLATFORM\tFOUND\tNEW\tCAPTURED\tFAILED\n")
	failed := 0
	for _, p := range sortedKeys(r.Platforms) {
		pr := r.Platforms[p]
		fmt.Fprintf(tw, "  %s\t%d\t%d\t%d\t%d\n", p, pr.Found, pr.New, pr.Captured, pr.Failed)
	}
	tw.Flush()
	for _, p := range sortedKeys(r.Platforms) {
		if e := r.Platforms[p].Err; e != "" {
			fmt.Fprintf(a.stderr, "FAILED %s\n", e)
			failed++
		}
	}
	return failed
}
