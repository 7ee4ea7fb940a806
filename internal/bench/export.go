package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"time"
)

// exportOutput is what `afterimage export` prints about a bundle.
type exportOutput struct {
	Files, Records, Items, Captures int
}

var (
	bundleLine = regexp.MustCompile(`(?m)^bundle\s+.* \((\d+) files, (\d+) WARC records, .* of WARC\)$`)
	itemsLine  = regexp.MustCompile(`(?m)^items\s+(\d+), from (\d+) captures$`)
)

// parseExportOutput reads the file, record, item and capture counts from
// the standard output of `afterimage export`.
func parseExportOutput(out string) (exportOutput, error) {
	var e exportOutput
	b, it := bundleLine.FindStringSubmatch(out), itemsLine.FindStringSubmatch(out)
	if b == nil || it == nil {
		return e, fmt.Errorf("afterimage export printed no bundle/items lines: %q", tail(out, 500))
	}
	e.Files, _ = strconv.Atoi(b[1])
	e.Records, _ = strconv.Atoi(b[2])
	e.Items, _ = strconv.Atoi(it[1])
	e.Captures, _ = strconv.Atoi(it[2])
	return e, nil
}

// atMost returns a figure whose target is an inclusive maximum.
func atMost(group, name string, v float64, unit string, max float64) figure {
	f := figure{Group: group, Name: name, Value: v, Unit: unit, Target: "<= " + formatValue(max), Verdict: met}
	if v > max {
		f.Verdict = missed
	}
	return f
}

// exportFigures captures ExportItems pages backed by about ExportMB MB of
// WARC (each page embeds an incompressible inline image), then times
// `afterimage export` of every item, and of every item with --full,
// against `cp` of the stored WARC files followed by `sha256sum` of the
// copies, alternating runs on a warm page cache and keeping the best.
func (b *bench) exportFigures(ctx context.Context) error {
	a, err := b.exportArchive(ctx)
	if err != nil {
		return err
	}
	files, size, err := a.warcFiles()
	if err != nil {
		return err
	}
	if err := b.warm(ctx, files); err != nil {
		return err
	}
	var base, sel, full []measured
	var out exportOutput
	for i := range max(1, b.opt.ExportRuns) {
		c, err := b.cpSHA(ctx, files)
		if err != nil {
			return err
		}
		base = append(base, c)
		s, o, err := b.export(ctx, a, fmt.Sprintf("bundle-%d", i))
		if err != nil {
			return err
		}
		sel, out = append(sel, s), o
		f, _, err := b.export(ctx, a, fmt.Sprintf("bundle-full-%d", i), "--full")
		if err != nil {
			return err
		}
		full = append(full, f)
		b.logf("export: cp + sha256sum %s; export %s (CPU %s, peak RSS %.0f MB); export --full %s (CPU %s, peak RSS %.0f MB)",
			c.Wall.Round(time.Millisecond), s.Wall.Round(time.Millisecond), s.CPU.Round(time.Millisecond), mb(s.MaxRSS),
			f.Wall.Round(time.Millisecond), f.CPU.Round(time.Millisecond), mb(f.MaxRSS))
	}
	c, s, f := fastest(base), fastest(sel), fastest(full)
	what := fmt.Sprintf("%d items", out.Items)
	b.add(
		infoFig("export", fmt.Sprintf("WARC bytes behind them (%d files)", len(files)), mb(size), "MB"),
		infoFig("export", "cp + sha256sum of the WARC files", c.Wall.Seconds(), "s"),
		infoFig("export", what+": afterimage export", s.Wall.Seconds(), "s"),
		infoFig("export", what+": afterimage export CPU time", s.CPU.Seconds(), "s"),
		infoFig("export", what+": afterimage export peak RSS", mb(s.MaxRSS), "MB"),
		atMost("export", what+": export / (cp + sha256sum)", s.Wall.Seconds()/c.Wall.Seconds(), "ratio", 1.5),
		infoFig("export", what+": afterimage export --full", f.Wall.Seconds(), "s"),
		infoFig("export", what+": export --full / (cp + sha256sum)", f.Wall.Seconds()/c.Wall.Seconds(), "ratio"),
	)
	return nil
}

// base64Stored is the WARC bytes afterimage stores per random byte
// embedded as base64 (measured: gzip keeps about 7.2 bits of each base64
// character).
const base64Stored = 1.19

// exportArchive captures the export site: one index page linking to
// ExportItems pages, each embedding ExportMB/ExportItems random bytes.
func (b *bench) exportArchive(ctx context.Context) (archiveDir, error) {
	items := max(1, b.opt.ExportItems)
	s := newPageSite(items, items, 600, int(float64(b.opt.ExportMB)*1e6/base64Stored)/items)
	base, stop, err := serve(ctx, s)
	if err != nil {
		return archiveDir{}, err
	}
	defer stop()
	a, err := newArchiveDir(b.work, "export", b.opt.Parallelism)
	if err != nil {
		return a, err
	}
	b.logf("capturing the export site: %d pages of %.0f KB", items, float64(len(s.blob))/1e3)
	m, out, err := b.capture(ctx, a, 1, base+"i/0")
	if err != nil {
		return a, err
	}
	if out.Captured != items+1 {
		return a, fmt.Errorf("export archive: %d pages captured, want %d", out.Captured, items+1)
	}
	b.logf("export archive: %d pages captured in %s (CPU %s, peak RSS %.0f MB)", out.Captured, m.Wall.Round(time.Millisecond),
		m.CPU.Round(time.Millisecond), mb(m.MaxRSS))
	return a, nil
}

// warm reads the files once so that every timed run sees a warm cache.
func (b *bench) warm(ctx context.Context, files []string) error {
	m, err := runMeasured(ctx, b.work, "bash", append([]string{"-c", `cat -- "$@" >/dev/null`, "bash"}, files...)...)
	if err == nil {
		err = m.mustSucceed("warm-up read")
	}
	return err
}

// cpSHA times the baseline: copy the files into a new directory, then
// hash the copies.
func (b *bench) cpSHA(ctx context.Context, files []string) (measured, error) {
	dir := filepath.Join(b.work, "export-copy")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return measured{}, err
	}
	defer os.RemoveAll(dir)
	args := append([]string{"-c", `set -e; d=$1; shift; cp -- "$@" "$d"/; sha256sum "$d"/* >/dev/null`, "bash", dir}, files...)
	m, err := runMeasured(ctx, b.work, "bash", args...)
	if err == nil {
		err = m.mustSucceed("cp + sha256sum")
	}
	return m, err
}

// export times `afterimage export --out work/name args...` of every item,
// then removes the bundle.
func (b *bench) export(ctx context.Context, a archiveDir, name string, args ...string) (measured, exportOutput, error) {
	dir := filepath.Join(b.work, name)
	defer os.RemoveAll(dir)
	m, err := b.run(ctx, a, append([]string{"export", "--out", dir}, args...)...)
	if err != nil {
		return m, exportOutput{}, err
	}
	out, err := parseExportOutput(m.Stdout)
	return m, out, err
}
