package main

import (
	"context"
	"fmt"
	"time"
)

// bigCapture is the ~1 GB capture: its archive, the measured process and
// the WARC bytes it stored.
type bigCapture struct {
	archive   archiveDir
	m         measured
	out       captureOutput
	served    served
	warcBytes int64
}

// bigArchive captures the large site once per run: pages each embedding
// one large image (each over the WARC writer's in-memory member limit).
func (b *bench) bigArchive(ctx context.Context) (*bigCapture, error) {
	if b.big != nil {
		return b.big, nil
	}
	if _, err := b.afterimage(ctx); err != nil {
		return nil, err
	}
	s := newSite(siteSpec{Pages: b.opt.BigPages, PageSize: b.opt.PageSize, ImageSize: b.opt.BigImage, Seed: 2})
	base, stop, err := serve(ctx, s)
	if err != nil {
		return nil, err
	}
	defer stop()
	a, err := newArchiveDir(b.work, "big", b.opt.Parallelism)
	if err != nil {
		return nil, err
	}
	b.logf("capturing the large site: %d pages with %.1f MB images, %.0f MB", b.opt.BigPages, mb(int64(b.opt.BigImage)), mb(s.TotalBytes()))
	m, out, err := b.capture(ctx, a, 1, base)
	if err != nil {
		return nil, err
	}
	g := &bigCapture{archive: a, m: m, out: out, served: s.reset()}
	if out.Captured != b.opt.BigPages+1 || g.served.Responses < 2*int64(b.opt.BigPages)+1 {
		return nil, fmt.Errorf("large capture incomplete: %d pages captured, %d responses served", out.Captured, g.served.Responses)
	}
	if _, g.warcBytes, err = a.warcFiles(); err != nil {
		return nil, err
	}
	b.logf("large capture: %.0f MB served, %.0f MB of WARC in %s (CPU %s), peak RSS %.0f MB",
		mb(g.served.Bytes), mb(g.warcBytes), m.Wall.Round(time.Millisecond), m.CPU.Round(time.Millisecond), mb(m.MaxRSS))
	b.big = g
	return g, nil
}

// memoryFigures adds the peak RSS of afterimage while capturing ~1 GB.
func (b *bench) memoryFigures(ctx context.Context) error {
	g, err := b.bigArchive(ctx)
	if err != nil {
		return err
	}
	b.add(
		infoFig("memory", "bytes captured (bodies served)", mb(g.served.Bytes), "MB"),
		infoFig("memory", "capture speed", mb(g.served.Bytes)/g.m.Wall.Seconds(), "MB/s"),
		infoFig("memory", "capture CPU time", g.m.CPU.Seconds(), "s"),
		below("memory", "afterimage peak RSS capturing ~1 GB", mb(g.m.MaxRSS), "MB", 300),
	)
	return nil
}
