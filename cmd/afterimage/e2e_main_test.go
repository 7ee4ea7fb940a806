package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/signal"
	"syscall"
	"testing"
)

// envRunCLI makes the test binary behave as the afterimage command, so that
// tests can run it as a separate process (and kill it).
const envRunCLI = "AFTERIMAGE_TEST_RUN_CLI"

func TestMain(m *testing.M) {
	if os.Getenv(envRunCLI) == "1" {
		ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
		err := run(ctx, os.Args[1:], os.Stdout, os.Stderr, os.Getenv)
		stop()
		if err != nil && !errors.Is(err, errReported) {
			fmt.Fprintln(os.Stderr, "afterimage:", err)
		}
		os.Exit(exitCode(err))
	}
	os.Exit(m.Run())
}
