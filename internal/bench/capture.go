package main

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"time"
)

// captureOutput is what `afterimage capture` prints about a capture.
type captureOutput struct {
	Records         int
	Found, Captured int
}

var (
	warcLine  = regexp.MustCompile(`(?m)^warc\s+[0-9a-f]{64} \(.*, (\d+) records\)$`)
	pagesLine = regexp.MustCompile(`(?m)^pages\s+(\d+) found, (\d+) captured$`)
)

// parseCaptureOutput reads the record and page counts from the standard
// output of `afterimage capture`.
func parseCaptureOutput(out string) (captureOutput, error) {
	var c captureOutput
	w, p := warcLine.FindStringSubmatch(out), pagesLine.FindStringSubmatch(out)
	if w == nil || p == nil {
		return c, fmt.Errorf("afterimage capture printed no warc/pages lines: %q", tail(out, 500))
	}
	c.Records, _ = strconv.Atoi(w[1])
	c.Found, _ = strconv.Atoi(p[1])
	c.Captured, _ = strconv.Atoi(p[2])
	return c, nil
}

// crawlRun is one timed crawl of the site.
type crawlRun struct {
	m      measured
	served served
}

func (r crawlRun) pagesPerSec() float64 { return float64(r.served.Pages) / r.m.Wall.Seconds() }
func (r crawlRun) respPerSec() float64  { return float64(r.served.Responses) / r.m.Wall.Seconds() }

// head is the time from the start of the process to the first request
// the site saw: start-up, and for afterimage opening the archive.
func (r crawlRun) head() time.Duration {
	if r.served.First.IsZero() || r.served.First.Before(r.m.Start) {
		return 0
	}
	return r.served.First.Sub(r.m.Start)
}

// tail is the time from the last response served to the end of the
// process: for afterimage, sealing and storing the capture.
func (r crawlRun) tail() time.Duration {
	if r.served.Last.IsZero() || r.served.Last.After(r.m.End) {
		return 0
	}
	return r.m.End.Sub(r.served.Last)
}

// pairedRatio is the median over i of the pages/s ratio of a[i] to b[i]:
// runs made one after the other saw about the same load on a shared
// machine, so their ratio is steadier than the ratio of the best runs.
func pairedRatio(a, b []crawlRun) float64 {
	var rs []float64
	for i := range min(len(a), len(b)) {
		rs = append(rs, a[i].pagesPerSec()/b[i].pagesPerSec())
	}
	return median(rs)
}

// median returns the median of xs (0 for none).
func median(xs []float64) float64 {
	if len(xs) == 0 {
		return 0
	}
	s := slices.Clone(xs)
	slices.Sort(s)
	if len(s)%2 == 1 {
		return s[len(s)/2]
	}
	return (s[len(s)/2-1] + s[len(s)/2]) / 2
}

// best returns the run with the shortest wall time.
func best(runs []crawlRun) crawlRun {
	b := runs[0]
	for _, r := range runs[1:] {
		if r.m.Wall < b.m.Wall {
			b = r
		}
	}
	return b
}

// captureFigures crawls the generated site with afterimage, bare colly and
// wget, in one run against one server, and adds the speed figures.
func (b *bench) captureFigures(ctx context.Context) error {
	if _, err := b.afterimage(ctx); err != nil {
		return err
	}
	s := newSite(siteSpec{Pages: b.opt.Pages, PageSize: b.opt.PageSize, ImageSize: b.opt.ImageSize, Seed: 1})
	base, stop, err := serve(ctx, s)
	if err != nil {
		return err
	}
	defer stop()
	b.logf("crawl site: %d pages + %d images, %.1f MB, at %s", b.opt.Pages, b.opt.Pages, mb(s.TotalBytes()), base)
	var ai, co []crawlRun
	for i := range b.opt.Runs {
		r, err := b.crawlColly(ctx, s, base)
		if err != nil {
			return err
		}
		co = append(co, r)
		if r, err = b.crawlAfterimage(ctx, s, base, i); err != nil {
			return err
		}
		ai = append(ai, r)
	}
	bestAI, bestCo := best(ai), best(co)
	b.add(
		infoFig("capture", "afterimage capture --depth 1: pages/s", bestAI.pagesPerSec(), "pages/s"),
		infoFig("capture", "afterimage: responses/s", bestAI.respPerSec(), "resp/s"),
		infoFig("capture", "afterimage: wall time", bestAI.m.Wall.Seconds(), "s"),
		infoFig("capture", "afterimage: of which before the first request", bestAI.head().Seconds(), "s"),
		infoFig("capture", "afterimage: of which after the last response", bestAI.tail().Seconds(), "s"),
		infoFig("capture", "afterimage: CPU time", bestAI.m.CPU.Seconds(), "s"),
		infoFig("capture", "afterimage: peak RSS", mb(bestAI.m.MaxRSS), "MB"),
		infoFig("capture", "bare colly: pages/s", bestCo.pagesPerSec(), "pages/s"),
		infoFig("capture", "bare colly: responses/s", bestCo.respPerSec(), "resp/s"),
		infoFig("capture", "bare colly: wall time", bestCo.m.Wall.Seconds(), "s"),
		infoFig("capture", "bare colly: of which before the first request", bestCo.head().Seconds(), "s"),
		infoFig("capture", "bare colly: CPU time", bestCo.m.CPU.Seconds(), "s"),
		infoFig("capture", "bare colly: peak RSS", mb(bestCo.m.MaxRSS), "MB"),
		atLeast("capture", "afterimage / bare colly (pages/s, median of paired runs)", pairedRatio(ai, co), "ratio", 0.60),
	)
	if b.opt.NoWget {
		return nil
	}
	wg, err := b.crawlWget(ctx, s, base)
	if err != nil {
		return err
	}
	b.add(
		infoFig("capture", "wget -r --warc-file: pages/s", wg.pagesPerSec(), "pages/s"),
		infoFig("capture", "wget: responses/s", wg.respPerSec(), "resp/s"),
		infoFig("capture", "wget: wall time", wg.m.Wall.Seconds(), "s"),
		infoFig("capture", "wget: CPU time", wg.m.CPU.Seconds(), "s"),
		infoFig("capture", "bare colly / wget (the ceiling of the next ratio)", bestCo.pagesPerSec()/wg.pagesPerSec(), "ratio"),
		atLeast("capture", "afterimage / wget (pages/s)", bestAI.pagesPerSec()/wg.pagesPerSec(), "ratio", 10),
	)
	return nil
}

// complete fails unless the crawl fetched every page and image.
func (b *bench) complete(who string, sv served) error {
	if sv.Pages != int64(b.opt.Pages)+1 || sv.Responses < 2*int64(b.opt.Pages)+1 {
		return fmt.Errorf("%s crawl incomplete: served %d pages and %d responses, want %d pages and %d responses",
			who, sv.Pages, sv.Responses, b.opt.Pages+1, 2*b.opt.Pages+1)
	}
	return nil
}

func (b *bench) crawlColly(ctx context.Context, s *site, base string) (crawlRun, error) {
	s.reset()
	m, err := runMeasured(ctx, b.work, b.self, "-parallelism", fmt.Sprint(b.opt.Parallelism), "colly", base)
	if err == nil {
		err = m.mustSucceed("bare colly crawl")
	}
	r := crawlRun{m: m, served: s.reset()}
	if err == nil {
		err = b.complete("bare colly", r.served)
	}
	b.logf("bare colly: %d responses in %s (%.0f pages/s, CPU %s, peak RSS %.0f MB, load %.1f)",
		r.served.Responses, r.m.Wall.Round(time.Millisecond), r.pagesPerSec(), m.CPU.Round(time.Millisecond), mb(m.MaxRSS), loadAverage())
	return r, err
}

func (b *bench) crawlAfterimage(ctx context.Context, s *site, base string, i int) (crawlRun, error) {
	a, err := newArchiveDir(b.work, fmt.Sprintf("crawl-%d", i), b.opt.Parallelism)
	if err != nil {
		return crawlRun{}, err
	}
	s.reset()
	m, out, err := b.capture(ctx, a, 1, base)
	r := crawlRun{m: m, served: s.reset()}
	if err == nil {
		err = b.complete("afterimage", r.served)
	}
	if err == nil && out.Captured != b.opt.Pages+1 {
		err = fmt.Errorf("afterimage captured %d pages, want %d", out.Captured, b.opt.Pages+1)
	}
	if err == nil && b.small == nil {
		b.small = &a
	}
	b.logf("afterimage capture: %d responses, %d records in %s: %s before the first request, %s after the last response (%.0f pages/s, CPU %s, peak RSS %.0f MB, load %.1f)",
		r.served.Responses, out.Records, r.m.Wall.Round(time.Millisecond), r.head().Round(time.Millisecond), r.tail().Round(time.Millisecond), r.pagesPerSec(), m.CPU.Round(time.Millisecond), mb(m.MaxRSS), loadAverage())
	return r, err
}

func (b *bench) crawlWget(ctx context.Context, s *site, base string) (crawlRun, error) {
	wget, err := exec.LookPath("wget")
	if err != nil {
		return crawlRun{}, fmt.Errorf("wget not installed (apt-get install -y wget, or pass -no-wget): %w", err)
	}
	dir := filepath.Join(b.work, "wget")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return crawlRun{}, err
	}
	b.logf("wget -r -l inf --warc-file (10-20 s)")
	s.reset()
	m, err := runMeasured(ctx, dir, wget, "-q", "-r", "-l", "inf", "--warc-file="+filepath.Join(dir, "site"), "-P", filepath.Join(dir, "files"), base)
	if err == nil {
		err = m.mustSucceed("wget")
	}
	r := crawlRun{m: m, served: s.reset()}
	if err == nil {
		err = b.complete("wget", r.served)
	}
	b.logf("wget: %d responses in %s (%.0f pages/s, CPU %s, peak RSS %.0f MB, load %.1f)",
		r.served.Responses, r.m.Wall.Round(time.Millisecond), r.pagesPerSec(), m.CPU.Round(time.Millisecond), mb(m.MaxRSS), loadAverage())
	return r, err
}

// smallArchive returns an archive holding one capture of the crawl site,
// capturing it if the capture figures did not run.
func (b *bench) smallArchive(ctx context.Context) (archiveDir, error) {
	if b.small != nil {
		return *b.small, nil
	}
	s := newSite(siteSpec{Pages: b.opt.Pages, PageSize: b.opt.PageSize, ImageSize: b.opt.ImageSize, Seed: 1})
	base, stop, err := serve(ctx, s)
	if err != nil {
		return archiveDir{}, err
	}
	defer stop()
	if _, err := b.crawlAfterimage(ctx, s, base, 0); err != nil {
		return archiveDir{}, err
	}
	return *b.small, nil
}
