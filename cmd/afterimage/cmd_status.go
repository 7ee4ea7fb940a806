package main

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/afterimage-archive/afterimage/schedules/daemon"
	"github.com/spf13/cobra"
)

func newStatusCommand(a *app) *cobra.Command {
	return &cobra.Command{
		Use:   "status",
		Short: "Targets, next and last runs, items per state, queue, log size",
		Args:  cobra.NoArgs,
		RunE:  func(cmd *cobra.Command, _ []string) error { return a.runStatus(cmd.Context()) },
	}
}

func (a *app) runStatus(ctx context.Context) error {
	c, err := a.config()
	if err != nil {
		return err
	}
	targets, _, err := daemon.FromConfig(c)
	if err != nil {
		return &usageError{err}
	}
	dir, err := a.dataDir()
	if err != nil {
		return err
	}
	names := make([]string, len(targets))
	for i, t := range targets {
		names[i] = t.Name
	}
	st, err := daemon.Status(ctx, filepath.Join(dir, jobsDB), names)
	if err != nil {
		return err
	}
	now := a.now()
	fmt.Fprintf(a.stdout, "config %s, data %s\n\n", configName(c.File), dir)
	tw := tabwriter.NewWriter(a.stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintf(tw, "TARGET\tSCHEDULE\tNEXT RUN\tLAST RUN\tRESULT\n")
	for i, t := range targets {
		next := "on demand"
		if t.Schedule != nil {
			next = t.Schedule.Next(now).UTC().Format(time.RFC3339)
		}
		last, result := "never", ""
		if i < len(st.Targets) && st.Targets[i].Last != nil {
			last, result = describeJob(st.Targets[i].Last)
		}
		if i < len(st.Targets) && st.Targets[i].Queued != nil {
			result += fmt.Sprintf(" (queued: %s)", st.Targets[i].Queued.State)
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\n", t.Name, c.Targets[i].Schedule, next, last, result)
	}
	tw.Flush()
	if !st.DBExists {
		fmt.Fprintln(a.stdout, "\nno daemon has run yet (afterimage run)")
	} else {
		fmt.Fprintf(a.stdout, "\nqueue: %s\n", formatCounts(st.Queue))
		if st.LastRecheck != nil {
			when, res := describeJob(st.LastRecheck)
			fmt.Fprintf(a.stdout, "last recheck: %s %s; %d recheck jobs queued\n", when, res, st.RechecksQueued)
		}
	}
	idx, err := a.readIndex(ctx)
	if err != nil {
		return err
	}
	counts, err := idx.Counts(ctx)
	if err != nil {
		return err
	}
	fmt.Fprintf(a.stdout, "items: %d; %s\n", counts.Items, formatCounts(counts.ByState))
	fmt.Fprintf(a.stdout, "evidence log: %d leaves (captures and exports)\n", counts.Captures)
	return nil
}

func configName(f string) string {
	if f == "" {
		return "(embedded default)"
	}
	return f
}

func describeJob(j *daemon.JobInfo) (when, result string) {
	t := j.FinishedAt
	if t.IsZero() {
		t = j.AttemptedAt
	}
	when = t.UTC().Format(time.RFC3339)
	result = j.State
	if r := j.Result; r != nil {
		result += fmt.Sprintf(": capture %.12s, %d found, %d new, %d failed", r.CaptureID, r.Found, r.New, r.Failed)
		for p, e := range r.PlatformErrors {
			result += fmt.Sprintf("; %s: %s", p, e)
		}
	}
	if len(j.Errors) > 0 {
		result += "; last error: " + j.Errors[len(j.Errors)-1]
	}
	return when, result
}

// formatCounts writes "key n, key n" in key order.
func formatCounts[N int | int64](m map[string]N) string {
	if len(m) == 0 {
		return "none"
	}
	var parts []string
	for _, k := range sortedKeys(m) {
		parts = append(parts, fmt.Sprintf("%s %d", k, m[k]))
	}
	return strings.Join(parts, ", ")
}
