// Command afterimage preserves public posts and pages as evidence: it
// records every fetch into WARC files, describes each capture in a signed,
// append-only evidence log, and proves later what was there and when it
// vanished.
package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/signal"
	"syscall"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	err := run(ctx, os.Args[1:], os.Stdout, os.Stderr, os.Getenv)
	if err != nil && !errors.Is(err, errReported) {
		fmt.Fprintln(os.Stderr, "afterimage:", err)
	}
	os.Exit(exitCode(err))
}
