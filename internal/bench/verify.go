package main

import (
	"context"
	"fmt"
	"strings"
	"time"
)

// verifyFigures times `afterimage verify` against `zcat FILES |
// sha256sum` over the same WARC files on two archives: the ~1 GB capture
// (large images) and a capture of the crawl site (3,000 pages: 12,000
// small records, where per-record costs show).
func (b *bench) verifyFigures(ctx context.Context) error {
	g, err := b.bigArchive(ctx)
	if err != nil {
		return err
	}
	large := fmt.Sprintf("large capture (%d MB)", g.warcBytes/1e6)
	if err := b.verifyArchive(ctx, large, g.archive); err != nil {
		return err
	}
	small, err := b.smallArchive(ctx)
	if err != nil {
		return err
	}
	return b.verifyArchive(ctx, fmt.Sprintf("%d-page capture", b.opt.Pages), small)
}

// verifyArchive times both on one archive after a warm-up read, so both
// see a warm page cache, alternating runs and keeping the best of each.
func (b *bench) verifyArchive(ctx context.Context, what string, a archiveDir) error {
	files, size, err := a.warcFiles()
	if err != nil {
		return err
	}
	warm, err := runMeasured(ctx, b.work, "bash", append([]string{"-c", `cat -- "$@" >/dev/null`, "bash"}, files...)...)
	if err == nil {
		err = warm.mustSucceed("warm-up read")
	}
	if err != nil {
		return err
	}
	var zc, ve []measured
	for range max(1, b.opt.VerifyRuns) {
		z, err := b.zcatSHA(ctx, files)
		if err != nil {
			return err
		}
		zc = append(zc, z)
		v, err := b.verify(ctx, a)
		if err != nil {
			return err
		}
		ve = append(ve, v)
		b.logf("%s: zcat | sha256sum %s (CPU %s); afterimage verify %s (CPU %s, peak RSS %.0f MB)", what,
			z.Wall.Round(time.Millisecond), z.CPU.Round(time.Millisecond), v.Wall.Round(time.Millisecond), v.CPU.Round(time.Millisecond), mb(v.MaxRSS))
	}
	z, v := fastest(zc), fastest(ve)
	zr, vr := mb(size)/z.Wall.Seconds(), mb(size)/v.Wall.Seconds()
	b.add(
		infoFig("verify", fmt.Sprintf("%s: WARC bytes (%d files)", what, len(files)), mb(size), "MB"),
		infoFig("verify", what+": afterimage verify", vr, "MB/s"),
		infoFig("verify", what+": afterimage verify CPU time", v.CPU.Seconds(), "s"),
		infoFig("verify", what+": zcat FILES | sha256sum", zr, "MB/s"),
		infoFig("verify", what+": zcat | sha256sum CPU time", z.CPU.Seconds(), "s"),
		atLeast("verify", what+": verify / zcat|sha256sum", vr/zr, "ratio", 0.70),
	)
	return nil
}

// zcatSHA times the floor: decompress and hash every file once.
func (b *bench) zcatSHA(ctx context.Context, files []string) (measured, error) {
	args := append([]string{"-c", `set -o pipefail; zcat -- "$@" | sha256sum >/dev/null`, "bash"}, files...)
	m, err := runMeasured(ctx, b.work, "bash", args...)
	if err == nil {
		err = m.mustSucceed("zcat | sha256sum")
	}
	return m, err
}

// verify times `afterimage verify` and fails unless it finds the archive
// sound.
func (b *bench) verify(ctx context.Context, a archiveDir) (measured, error) {
	bin, err := b.afterimage(ctx)
	if err != nil {
		return measured{}, err
	}
	m, err := runMeasured(ctx, a.Dir, bin, "--config", a.Config, "verify")
	if err == nil {
		err = m.mustSucceed("afterimage verify")
	}
	if err == nil && !strings.Contains(m.Stdout, "all sound") {
		err = fmt.Errorf("afterimage verify did not find the archive sound: %s", tail(m.Stdout, 1000))
	}
	return m, err
}

// fastest returns the run with the shortest wall time.
func fastest(ms []measured) measured {
	f := ms[0]
	for _, m := range ms[1:] {
		if m.Wall < f.Wall {
			f = m
		}
	}
	return f
}
