package main

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"time"
)

// recheckPageText is the text size of a recheck-site page, about a small
// article.
const recheckPageText = 1500

// recheckRun is one archive of the recheck figure and its timed
// `afterimage recheck --all`.
type recheckRun struct {
	pages, items int // pages of the site; items in the archive (pages and index pages)
	build        time.Duration
	catchUp      measured // the first status after the captures: the index catching up
	m            measured // recheck --all
	served       pageServed
	confirm      measured // recheck of the due (missing) items after confirm_after
	mismatches   int      // items whose final state is not the one the site implies
}

func (r recheckRun) itemsPerSec() float64 { return float64(r.items) / r.m.Wall.Seconds() }

// head is the time from the start of the recheck to the first request.
func (r recheckRun) head() time.Duration {
	if r.served.First.IsZero() || r.served.First.Before(r.m.Start) {
		return 0
	}
	return r.served.First.Sub(r.m.Start)
}

// tail is the time from the last answer to the end of the process.
func (r recheckRun) tail() time.Duration {
	if r.served.Last.IsZero() || r.served.Last.After(r.m.End) {
		return 0
	}
	return r.m.End.Sub(r.served.Last)
}

// recheckFigures builds archives of RecheckItems/10 and RecheckItems web
// pages with the real CLI and times `afterimage recheck --all` on each
// against the local site, after a share of its pages changed, went away
// or were withheld.
func (b *bench) recheckFigures(ctx context.Context) error {
	n := b.opt.RecheckItems
	small, err := b.recheckArchive(ctx, max(1, n/10))
	if err != nil {
		return err
	}
	large, err := b.recheckArchive(ctx, n)
	if err != nil {
		return err
	}
	for _, r := range []recheckRun{small, large} {
		what := fmt.Sprintf("%d items", r.items)
		b.add(
			infoFig("recheck", what+": archive built (captures + index catch-up)", (r.build+r.catchUp.Wall).Seconds(), "s"),
			infoFig("recheck", what+": recheck --all wall time", r.m.Wall.Seconds(), "s"),
			infoFig("recheck", what+": of which before the first request", r.head().Seconds(), "s"),
			infoFig("recheck", what+": of which after the last answer", r.tail().Seconds(), "s"),
			infoFig("recheck", what+": CPU time", r.m.CPU.Seconds(), "s"),
			atLeast("recheck", what+": recheck --all", r.itemsPerSec(), "items/s", 500),
			below("recheck", what+": peak RSS", mb(r.m.MaxRSS), "MB", 300),
			below("recheck", what+": final states differing from the site", float64(r.mismatches), "items", 1),
		)
	}
	b.add(below("recheck", fmt.Sprintf("peak RSS %d items / %d items", large.items, small.items),
		float64(large.m.MaxRSS)/float64(small.m.MaxRSS), "ratio", 1.25))
	return nil
}

// recheckArchive captures a site of pages pages into a new archive,
// changes the site, times the recheck of every item, confirms the
// missing ones and checks the final states.
func (b *bench) recheckArchive(ctx context.Context, pages int) (recheckRun, error) {
	r := recheckRun{pages: pages}
	s := newPageSite(pages, 10_000, recheckPageText, 0)
	base, stop, err := serve(ctx, s)
	if err != nil {
		return r, err
	}
	defer stop()
	a, err := newRecheckArchive(b.work, fmt.Sprintf("recheck-%d", pages), b.opt.Parallelism, b.opt.RecheckBatch)
	if err != nil {
		return r, err
	}
	if err := b.fillRecheckArchive(ctx, a, s, base, &r); err != nil {
		return r, err
	}
	s.change()
	s.reset()
	if r.m, err = b.recheck(ctx, a, "--all"); err != nil {
		return r, err
	}
	r.served = s.reset()
	b.logf("recheck --all: %d items in %s (%.0f items/s, CPU %s, peak RSS %.0f MB, load %.1f)", r.items, r.m.Wall.Round(time.Millisecond),
		r.itemsPerSec(), r.m.CPU.Round(time.Millisecond), mb(r.m.MaxRSS), loadAverage())
	if r.served.Pages != int64(pages) {
		return r, fmt.Errorf("recheck --all fetched %d of %d pages", r.served.Pages, pages)
	}
	return r, b.confirmAndCheck(ctx, a, s, &r)
}

// fillRecheckArchive captures the site into the archive, one index page
// and the pages it links to per capture, and brings the index up to date.
func (b *bench) fillRecheckArchive(ctx context.Context, a archiveDir, s *pageSite, base string, r *recheckRun) error {
	start := time.Now()
	for k := range s.indexes() {
		_, out, err := b.capture(ctx, a, 1, fmt.Sprintf("%si/%d", base, k))
		if err != nil {
			return err
		}
		if want := min(s.Chunk, s.Pages-k*s.Chunk) + 1; out.Captured != want {
			return fmt.Errorf("recheck archive: index %d: %d pages captured, want %d", k, out.Captured, want)
		}
	}
	r.build = time.Since(start)
	var counts map[string]int
	var err error
	if r.catchUp, r.items, counts, err = b.status(ctx, a); err != nil {
		return err
	}
	if want := s.Pages + s.indexes(); r.items != want || counts["alive"] != want {
		return fmt.Errorf("recheck archive: %d items (%v), want %d alive", r.items, counts, want)
	}
	b.logf("recheck archive: %d items captured in %s, index caught up in %s", r.items, r.build.Round(time.Millisecond), r.catchUp.Wall.Round(time.Millisecond))
	return nil
}

// confirmAndCheck waits for confirm_after (1s), runs the recheck of the
// due items (the missing ones) and checks the final states.
func (b *bench) confirmAndCheck(ctx context.Context, a archiveDir, s *pageSite, r *recheckRun) error {
	if err := sleepCtx(ctx, 1500*time.Millisecond); err != nil {
		return err
	}
	var err error
	if r.confirm, err = b.recheck(ctx, a); err != nil {
		return err
	}
	fc := fateCounts(s.Pages)
	if sv := s.reset(); sv.Pages != int64(fc[fateGone]) {
		b.logf("WARNING: the confirming recheck fetched %d pages, want the %d missing ones", sv.Pages, fc[fateGone])
	}
	r.mismatches, err = b.checkStates(ctx, a, s.Pages, s.indexes())
	return err
}

// checkStates compares the final states of the archive's items with the
// fates of the site's pages, prints the counts and returns the number of
// items in a state other than the one expected.
func (b *bench) checkStates(ctx context.Context, a archiveDir, pages, indexes int) (int, error) {
	byState := map[string][]int{}
	for _, st := range []string{"deleted", "withheld", "changed"} {
		m, err := b.run(ctx, a, "items", "--state", st, "--format", "json")
		if err != nil {
			return 0, err
		}
		if byState[st], err = parseItemPages(m.Stdout); err != nil {
			return 0, err
		}
	}
	_, _, counts, err := b.status(ctx, a)
	if err != nil {
		return 0, err
	}
	fc := fateCounts(pages)
	bad := stateMismatches(pages, byState)
	bad += abs(counts["alive"] - (fc[fateAlive] + indexes))
	b.logf("states after the rechecks: %v; the site holds %d edited, %d gone, %d withheld pages; %d items differ",
		counts, fc[fateChanged], fc[fateGone], fc[fateWithheld], bad)
	return bad, nil
}

// stateMismatches counts the pages listed in a state that their fate does
// not imply and the pages whose fate implies a listed state they are not
// listed in.
func stateMismatches(pages int, byState map[string][]int) int {
	want := map[fate]string{fateChanged: "changed", fateGone: "deleted", fateWithheld: "withheld"}
	bad := 0
	listed := map[int]string{}
	for st, ps := range byState {
		for _, p := range ps {
			listed[p] = st
		}
	}
	for i := range pages {
		if listed[i] != want[pageFate(i)] {
			bad++
		}
	}
	for p := range listed {
		if p < 0 || p >= pages {
			bad++
		}
	}
	return bad
}

var pageURL = regexp.MustCompile(`/p/(\d+)$`)

// parseItemPages reads `afterimage items --format json` and returns the
// page numbers of the items that are pages of the site.
func parseItemPages(out string) ([]int, error) {
	var items []struct {
		URL string `json:"url"`
	}
	if err := json.Unmarshal([]byte(out), &items); err != nil {
		return nil, fmt.Errorf("afterimage items --format json: %w", err)
	}
	var ps []int
	for _, it := range items {
		if m := pageURL.FindStringSubmatch(it.URL); m != nil {
			p, _ := strconv.Atoi(m[1])
			ps = append(ps, p)
		}
	}
	return ps, nil
}

var statusItems = regexp.MustCompile(`(?m)^items: (\d+) in \d+ captures; (.*)$`)

// parseStatusItems reads the items line of `afterimage status`: the
// number of items and the count per state.
func parseStatusItems(out string) (int, map[string]int, error) {
	m := statusItems.FindStringSubmatch(out)
	if m == nil {
		return 0, nil, fmt.Errorf("afterimage status printed no items line: %q", tail(out, 500))
	}
	n, _ := strconv.Atoi(m[1])
	counts := map[string]int{}
	for _, part := range strings.Split(m[2], ", ") {
		if st, v, ok := strings.Cut(part, " "); ok {
			counts[st], _ = strconv.Atoi(v)
		}
	}
	return n, counts, nil
}

// status runs `afterimage status` and returns the items and their states.
func (b *bench) status(ctx context.Context, a archiveDir) (measured, int, map[string]int, error) {
	m, err := b.run(ctx, a, "status")
	if err != nil {
		return m, 0, nil, err
	}
	n, counts, err := parseStatusItems(m.Stdout)
	return m, n, counts, err
}

// recheck times `afterimage recheck args...`.
func (b *bench) recheck(ctx context.Context, a archiveDir, args ...string) (measured, error) {
	return b.run(ctx, a, append([]string{"recheck"}, args...)...)
}

// run runs an afterimage command on the archive and fails unless it
// succeeds.
func (b *bench) run(ctx context.Context, a archiveDir, args ...string) (measured, error) {
	bin, err := b.afterimage(ctx)
	if err != nil {
		return measured{}, err
	}
	m, err := runMeasured(ctx, a.Dir, bin, append([]string{"--config", a.Config}, args...)...)
	if err == nil {
		err = m.mustSucceed("afterimage " + args[0])
	}
	return m, err
}

// newRecheckArchive writes the config of an archive under dir/name for the
// recheck figure: private addresses allowed, no retries, batch items per
// recheck capture, a plan with nothing due during the run and a
// confirmation after one second.
func newRecheckArchive(dir, name string, parallelism, batch int) (archiveDir, error) {
	a := archiveDir{Dir: filepath.Join(dir, name)}
	a.Config = filepath.Join(a.Dir, "afterimage.yaml")
	a.Store = filepath.Join(a.Dir, "data", "store")
	if err := os.MkdirAll(a.Dir, 0o755); err != nil {
		return a, fmt.Errorf("archive dir: %w", err)
	}
	if err := os.WriteFile(a.Config, []byte(recheckConfig(filepath.Join(a.Dir, "data"), a.Store, parallelism, batch)), 0o644); err != nil {
		return a, fmt.Errorf("archive config: %w", err)
	}
	return a, nil
}

func recheckConfig(data, store string, parallelism, batch int) string {
	return fmt.Sprintf(`data_dir: %q
storage:
  type: local
  path: %q
network:
  allow_private_addresses: true
  parallelism: %d
  retries: 0
  robots: respect
recheck:
  plan: [720h]
  every: 720h
  confirm_after: 1s
  batch: %d
`, data, store, parallelism, batch)
}

func sleepCtx(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}
