package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"testing"
)

// envRunCLI makes the test binary behave as the afterimage command, so that
// tests can run it as a separate process (and kill it).
const envRunCLI = "AFTERIMAGE_TEST_RUN_CLI"

func TestMain(m *testing.M) {
	if os.Getenv(envRunCLI) == "1" {
		err := run(context.Background(), os.Args[1:], os.Stdout, os.Stderr, os.Getenv)
		if err != nil && !errors.Is(err, errReported) {
			fmt.Fprintln(os.Stderr, "afterimage:", err)
		}
		os.Exit(exitCode(err))
	}
	os.Exit(m.Run())
}
