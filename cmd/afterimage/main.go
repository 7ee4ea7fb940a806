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
	"runtime/pprof"
	"syscall"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if path := os.Getenv("AFTERIMAGE_CPUPROFILE"); path != "" {
		if stopProfile, err := startCPUProfile(path); err == nil {
			defer stopProfile()
		}
	}
	err := run(ctx, os.Args[1:], os.Stdout, os.Stderr, os.Getenv)
	if err != nil && !errors.Is(err, errReported) {
		fmt.Fprintln(os.Stderr, "afterimage:", err)
	}
	code := exitCode(err)
	stop()
	if code != 0 {
		os.Exit(code)
	}
}

// startCPUProfile writes a CPU profile to path until the returned function
// is called (AFTERIMAGE_CPUPROFILE, for developers measuring afterimage).
func startCPUProfile(path string) (func(), error) {
	f, err := os.Create(path)
	if err != nil {
		return nil, err
	}
	if err := pprof.StartCPUProfile(f); err != nil {
		f.Close()
		return nil, err
	}
	return func() { pprof.StopCPUProfile(); f.Close() }, nil
}
