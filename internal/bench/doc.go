// Command bench measures afterimage against the speed and memory targets
// of its issues and prints the figures as a table:
//
//	go run ./internal/bench [flags] store|verify|capture|recheck|export|all
//
// store writes realistic WARC records with archive/warc, seals the file and
// puts it into a local store (MB/s). capture serves a generated site of
// 3,000 pages, each embedding one image, on 127.0.0.1 and crawls it three
// ways in one run: `afterimage capture --depth 1`, a bare colly crawl that
// archives nothing, and `wget -r --warc-file`; it prints pages and
// responses per second and the ratios. It then captures about 1 GB (pages
// embedding large images) and reports the peak RSS of the afterimage
// process. verify times `afterimage verify` on that archive against
// `zcat FILES | sha256sum` over the same WARC files, both on a warm page
// cache. recheck serves 100,000 small pages on 127.0.0.1, captures them
// with `afterimage capture --depth 1` of index pages of 10,000 links,
// then edits, removes (404) and withholds (451) a share of them and times
// `afterimage recheck --all` (items/s, peak RSS), also on an archive of a
// tenth of the items to show memory does not grow with them; a second
// recheck after confirm_after confirms the deletions and the final states
// are checked against the site. export captures 10,000 pages backed by
// about 1 GB of WARC and times `afterimage export` (and --full) against
// `cp` of the WARC files followed by `sha256sum` of the copies. all runs
// everything and shares the 1 GB capture between the memory and verify
// figures. serve only serves the crawl site, for
// profiling a crawler by hand (perf record -g -- afterimage capture ...).
//
// afterimage is built once per run from ./cmd/afterimage and driven as a
// subprocess with a config file in a temporary directory; the bare colly
// crawl runs as a subprocess of this program too, so every crawler is
// measured the same way (wall time, and peak RSS from wait4). The numbers
// vary by 10-20% between runs on a shared machine: compare the ratios,
// which come from one run.
package main
