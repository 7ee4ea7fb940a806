package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"
)

// bench is one run: its options, working directory, the afterimage binary
// (built on first use) and the figures gathered so far.
type bench struct {
	opt   options
	log   io.Writer
	work  string
	temp  bool // work was created by this run
	goBin string
	self  string // this program, for the bare colly subprocess
	bin   string // afterimage binary, "" until built
	big   *bigCapture
	small *archiveDir // an archive holding one capture of the crawl site
	figs  []figure
}

func newBench(o options, log io.Writer) (*bench, error) {
	b := &bench{opt: o, log: log, goBin: os.Getenv("GO")}
	if b.goBin == "" {
		b.goBin = "go"
	}
	var err error
	if b.self, err = os.Executable(); err != nil {
		return nil, fmt.Errorf("bench executable: %w", err)
	}
	b.work = o.Work
	if b.work == "" {
		if b.work, err = os.MkdirTemp("", "afterimage-bench-"); err != nil {
			return nil, fmt.Errorf("work dir: %w", err)
		}
		b.temp = true
	} else if err := os.MkdirAll(b.work, 0o755); err != nil {
		return nil, fmt.Errorf("work dir: %w", err)
	}
	return b, nil
}

// close removes the working directory unless it was given or -keep is set.
func (b *bench) close() {
	if b.temp && !b.opt.Keep {
		os.RemoveAll(b.work)
		return
	}
	b.logf("working directory kept: %s", b.work)
}

// logf prints a progress line.
func (b *bench) logf(format string, args ...any) {
	fmt.Fprintf(b.log, "%s  "+format+"\n", append([]any{time.Now().Format("15:04:05")}, args...)...)
}

// add records figures.
func (b *bench) add(f ...figure) { b.figs = append(b.figs, f...) }

// afterimage returns the afterimage binary, building it on first use.
func (b *bench) afterimage(ctx context.Context) (string, error) {
	if b.bin != "" {
		return b.bin, nil
	}
	root, err := moduleRoot(ctx, b.goBin)
	if err != nil {
		return "", err
	}
	b.logf("building ./cmd/afterimage")
	bin, err := buildAfterimage(ctx, b.goBin, root, filepath.Join(b.work, "bin"))
	if err != nil {
		return "", err
	}
	b.bin = bin
	return bin, nil
}

// capture runs `afterimage capture --depth depth url` on the archive and
// returns the measured process and its stats.
func (b *bench) capture(ctx context.Context, a archiveDir, depth int, url string) (measured, captureOutput, error) {
	bin, err := b.afterimage(ctx)
	if err != nil {
		return measured{}, captureOutput{}, err
	}
	m, err := runMeasured(ctx, a.Dir, bin, "--config", a.Config, "capture", "--depth", fmt.Sprint(depth), url)
	if err != nil {
		return m, captureOutput{}, err
	}
	if err := m.mustSucceed("afterimage capture"); err != nil {
		return m, captureOutput{}, err
	}
	out, err := parseCaptureOutput(m.Stdout)
	return m, out, err
}
