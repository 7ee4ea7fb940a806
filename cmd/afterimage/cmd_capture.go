package main

import (
	"context"
	"errors"
	"fmt"
	"net/url"

	"github.com/afterimage-archive/afterimage/crawler"
	"github.com/afterimage-archive/afterimage/crawler/sources/web"
	"github.com/afterimage-archive/afterimage/schedules"
	"github.com/spf13/cobra"
)

func newCaptureCommand(a *app) *cobra.Command {
	var depth int
	cmd := &cobra.Command{
		Use:   "capture [--depth N] URL...",
		Short: "Capture pages now, with the images, stylesheets and scripts they load",
		Long: `capture records the given pages now, with the resources they load, following
same-site links --depth levels, into one capture: one WARC file, one
manifest, one evidence-log leaf. It prints the capture id, the WARC and
manifest hashes and the new log size. A URL that fails is reported on one
line naming it; the others are still captured; the exit status is then 1.`,
		Args: cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if depth < 0 {
				return usagef("--depth must not be negative")
			}
			return a.runCapture(cmd.Context(), args, depth)
		},
	}
	cmd.Flags().IntVar(&depth, "depth", 0, "follow same-site links this many levels")
	return cmd
}

func (a *app) runCapture(ctx context.Context, args []string, depth int) error {
	var urls []string
	failed := 0
	for _, raw := range args {
		if err := checkCaptureURL(raw); err != nil {
			fmt.Fprintf(a.stderr, "FAILED %s: %v\n", raw, err)
			failed++
			continue
		}
		urls = append(urls, raw)
	}
	if len(urls) == 0 {
		return &problemsError{"no URL could be captured"}
	}
	w, err := a.openWriter(ctx)
	if err != nil {
		return err
	}
	defer w.close()
	// The capture is not indexed here: the index catches up from the log
	// on its next use, so capture returns once the evidence is stored.
	env := a.captureEnv(w)
	sess, err := env.Begin("capture", "")
	if err != nil {
		return err
	}
	job := crawler.Job{URLs: urls, Depth: depth, Cursors: sess.Capture, Now: a.now}
	stats, cerr := web.New().Collect(ctx, sess.Fetcher, job, sess.Capture)
	res, err := sess.Finish(context.WithoutCancel(ctx))
	if err != nil {
		return fmt.Errorf("store capture: %w", err)
	}
	for _, f := range res.Manifest.Failures {
		fmt.Fprintf(a.stderr, "FAILED %s: %s\n", f.URL, f.Error)
		failed++
	}
	fmt.Fprintf(a.stdout, "capture   %s\n", res.CaptureID)
	fmt.Fprintf(a.stdout, "warc      %s (%s, %d records)\n", res.WARCSHA256, humanBytes(res.WARCSize), len(res.Manifest.Records))
	fmt.Fprintf(a.stdout, "manifest  %s\n", res.CaptureID)
	fmt.Fprintf(a.stdout, "log       leaf %d, size %d\n", res.LogIndex, res.Checkpoint.Size)
	fmt.Fprintf(a.stdout, "pages     %d found, %d captured\n", stats.Found, stats.Captured)
	if cerr != nil && !errors.Is(cerr, context.Canceled) {
		return fmt.Errorf("capture: %w", cerr)
	}
	if cerr != nil {
		return &problemsError{"capture interrupted; what was fetched is stored"}
	}
	if failed > 0 {
		return &problemsError{fmt.Sprintf("%d URL(s) failed", failed)}
	}
	return nil
}

func checkCaptureURL(raw string) error {
	u, err := url.Parse(raw)
	if err != nil {
		return fmt.Errorf("invalid URL: %v", err)
	}
	if u.Scheme != "http" && u.Scheme != "https" {
		return fmt.Errorf("unsupported scheme %q (want http or https)", u.Scheme)
	}
	if u.Host == "" {
		return errors.New("URL has no host")
	}
	return nil
}

// captureEnv is the environment captures run in.
func (a *app) captureEnv(w *writer) *schedules.Env {
	return &schedules.Env{Config: a.cfg, Spool: w.spool, Store: w, Software: "afterimage " + version, Now: a.now, TLS: a.tls}
}
