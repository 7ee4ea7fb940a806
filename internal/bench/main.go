package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"runtime"
	"syscall"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, os.Args[1:], os.Stdout, os.Stderr); err != nil {
		fmt.Fprintln(os.Stderr, "bench:", err)
		stop()
		os.Exit(1)
	}
}

// options are the sizes and repetitions of a run.
type options struct {
	Pages       int   // pages of the crawl site
	PageSize    int   // bytes per page
	ImageSize   int   // bytes per image of the crawl site
	BigPages    int   // pages of the memory site
	BigImage    int   // bytes per image of the memory site
	StoreMB     int64 // megabytes of WARC for the store figure
	Runs        int   // runs of afterimage and colly (the best counts)
	VerifyRuns  int   // runs of verify and of zcat | sha256sum (the best counts)
	Parallelism int   // concurrent requests per host, afterimage and colly
	Work        string
	Keep        bool
	NoWget      bool

	RecheckItems int   // pages of the recheck site (the large archive)
	RecheckBatch int   // recheck.batch: items per recheck capture
	ExportItems  int   // pages of the export site
	ExportMB     int64 // megabytes of WARC behind them
	ExportRuns   int   // runs of export and of cp + sha256sum (the best counts)
}

const usage = `usage: go run ./internal/bench [flags] store|verify|capture|recheck|export|all

  store    seal and store WARC bytes into a local store (MB/s)
  verify   afterimage verify against zcat FILES | sha256sum on ~1 GB of WARC
  capture  afterimage capture --depth 1 against bare colly and wget on a
           3,000-page site; peak RSS while capturing ~1 GB
  recheck  afterimage recheck --all of 100,000 web pages (-recheck-items) after
           some changed, went away or were withheld: items/s, peak RSS, and
           peak RSS at a tenth of the items
  export   afterimage export of 10,000 pages backed by ~1 GB of WARC against
           cp + sha256sum of the same WARC files
  all      everything, sharing the 1 GB capture between capture and verify
  serve    serve the crawl site (-pages, -image-size) on 127.0.0.1 until
           interrupted, for profiling a crawler by hand
  colly URL  the bare colly crawl alone (what capture runs as a subprocess)
`

func run(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("bench", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() { fmt.Fprint(stderr, usage); fs.PrintDefaults() }
	var o options
	fs.IntVar(&o.Pages, "pages", 3000, "pages of the crawl site")
	fs.IntVar(&o.PageSize, "page-size", 1200, "bytes per HTML page")
	fs.IntVar(&o.ImageSize, "image-size", 2048, "bytes per image of the crawl site")
	fs.IntVar(&o.BigPages, "big-pages", 200, "pages of the ~1 GB site (memory and verify)")
	fs.IntVar(&o.BigImage, "big-image", 5_000_000, "bytes per image of the ~1 GB site")
	fs.Int64Var(&o.StoreMB, "store-mb", 256, "megabytes of WARC written for the store figure")
	fs.IntVar(&o.Runs, "runs", 3, "runs of afterimage capture and colly (the best is kept)")
	fs.IntVar(&o.VerifyRuns, "verify-runs", 2, "runs of verify and zcat|sha256sum (the best is kept)")
	fs.IntVar(&o.Parallelism, "parallelism", 8, "concurrent requests per host (afterimage and colly)")
	fs.IntVar(&o.RecheckItems, "recheck-items", 100_000, "pages of the recheck site (a tenth of it should exceed -recheck-batch for the memory comparison)")
	fs.IntVar(&o.RecheckBatch, "recheck-batch", 1000, "recheck.batch: items per recheck capture")
	fs.IntVar(&o.ExportItems, "export-items", 10_000, "pages of the export site")
	fs.Int64Var(&o.ExportMB, "export-mb", 1000, "megabytes of WARC behind the exported pages")
	fs.IntVar(&o.ExportRuns, "export-runs", 2, "runs of export and cp+sha256sum (the best is kept)")
	fs.StringVar(&o.Work, "work", "", "working directory (default: a new temporary directory)")
	fs.BoolVar(&o.Keep, "keep", false, "keep the working directory")
	fs.BoolVar(&o.NoWget, "no-wget", false, "skip the wget crawl")
	if err := fs.Parse(args); errors.Is(err, flag.ErrHelp) {
		return nil
	} else if err != nil {
		return err
	}
	if fs.NArg() < 1 {
		fs.Usage()
		return errors.New("no command")
	}
	cmd, rest := fs.Arg(0), fs.Args()[1:]
	switch cmd {
	case "colly": // the bare crawl, run as a subprocess by capture
		return runBareCrawl(ctx, rest, o.Parallelism, stdout)
	case "serve": // the crawl site alone, for profiling a crawler by hand
		return runServe(ctx, o, stdout)
	}
	if len(rest) > 0 {
		return fmt.Errorf("unexpected arguments %q", rest)
	}
	b, err := newBench(o, stderr)
	if err != nil {
		return err
	}
	defer b.close()
	load := loadAverage()
	if err := b.runCommand(ctx, cmd); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "\nafterimage bench %s: %d CPUs, 1-minute load average %.1f at start, %.1f at end\n\n",
		cmd, runtime.NumCPU(), load, loadAverage())
	return writeTable(stdout, b.figs)
}

// runCommand runs the figures of one command.
func (b *bench) runCommand(ctx context.Context, cmd string) error {
	switch cmd {
	case "store":
		return b.storeFigures(ctx)
	case "verify":
		return b.verifyFigures(ctx)
	case "capture":
		if err := b.captureFigures(ctx); err != nil {
			return err
		}
		return b.memoryFigures(ctx)
	case "recheck":
		return b.recheckFigures(ctx)
	case "export":
		return b.exportFigures(ctx)
	case "all":
		for _, f := range []func(context.Context) error{b.storeFigures, b.captureFigures, b.memoryFigures, b.verifyFigures,
			b.recheckFigures, b.exportFigures} {
			if err := f(ctx); err != nil {
				return err
			}
		}
		return nil
	}
	return fmt.Errorf("unknown command %q\n%s", cmd, usage)
}

// runServe serves the crawl site until ctx ends, printing its URL.
func runServe(ctx context.Context, o options, stdout io.Writer) error {
	s := newSite(siteSpec{Pages: o.Pages, PageSize: o.PageSize, ImageSize: o.ImageSize, Seed: 1})
	base, stop, err := serve(ctx, s)
	if err != nil {
		return err
	}
	defer stop()
	fmt.Fprintln(stdout, base)
	<-ctx.Done()
	return nil
}
