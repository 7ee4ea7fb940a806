// Command bench measures afterimage against the speed and memory targets
// of its issues and prints the figures as a table:
//
//	go run ./internal/bench store|verify|capture|all [flags]
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
// cache. all runs everything and shares the 1 GB capture between the
// memory and verify figures. serve only serves the crawl site, for
// profiling a crawler by hand (perf record -g -- afterimage capture ...).
//
// afterimage is built once per run from ./cmd/afterimage and driven as a
// subprocess with a config file in a temporary directory; the bare colly
// crawl runs as a subprocess of this program too, so every crawler is
// measured the same way (wall time, and peak RSS from wait4). The numbers
// vary by 10-20% between runs on a shared machine: compare the ratios,
// which come from one run.
package main
