package main

import (
	"context"
	"fmt"
	"io"
	"sync"
	"sync/atomic"

	"github.com/gocolly/colly/v2"
)

// bareCrawl crawls start the way a plain colly crawler would and archives
// nothing: asynchronous, parallelism concurrent requests per host,
// following every link (a[href]) and loading every image (img[src]). It
// returns the number of responses received and fails if any request
// failed.
func bareCrawl(ctx context.Context, start string, parallelism int) (responses int64, err error) {
	c := colly.NewCollector(colly.Async(true), colly.StdlibContext(ctx))
	if err := c.Limit(&colly.LimitRule{DomainGlob: "*", Parallelism: parallelism}); err != nil {
		return 0, fmt.Errorf("colly limit: %w", err)
	}
	var n, failed atomic.Int64
	var mu sync.Mutex
	var first error
	c.OnHTML("a[href]", func(e *colly.HTMLElement) { e.Request.Visit(e.Attr("href")) })
	c.OnHTML("img[src]", func(e *colly.HTMLElement) { e.Request.Visit(e.Attr("src")) })
	c.OnResponse(func(*colly.Response) { n.Add(1) })
	c.OnError(func(r *colly.Response, err error) {
		failed.Add(1)
		mu.Lock()
		defer mu.Unlock()
		if first == nil {
			first = fmt.Errorf("%s: %w", r.Request.URL, err)
		}
	})
	if err := c.Visit(start); err != nil {
		return 0, fmt.Errorf("colly visit %s: %w", start, err)
	}
	c.Wait()
	if f := failed.Load(); f > 0 {
		return n.Load(), fmt.Errorf("colly crawl: %d requests failed, first: %w", f, first)
	}
	return n.Load(), ctx.Err()
}

// runBareCrawl is the "colly URL" subcommand: the bare crawl as its own
// process, so it is measured like afterimage and wget.
func runBareCrawl(ctx context.Context, args []string, parallelism int, stdout io.Writer) error {
	if len(args) != 1 {
		return fmt.Errorf("usage: bench colly URL")
	}
	n, err := bareCrawl(ctx, args[0], parallelism)
	if err != nil {
		return err
	}
	_, err = fmt.Fprintf(stdout, "responses %d\n", n)
	return err
}
