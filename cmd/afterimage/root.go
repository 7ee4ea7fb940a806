package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/spf13/cobra"
)

// version is set at build time (-ldflags "-X main.version=...").
var version = "dev"

// run executes one afterimage command line. It is the whole program except
// signal handling and the exit status, so tests drive it in-process.
func run(ctx context.Context, args []string, stdout, stderr io.Writer, getenv func(string) string) error {
	a := &app{stdout: stdout, stderr: stderr, getenv: getenv, now: realNow}
	defer a.close()
	root := newRootCommand(a)
	root.SetArgs(args)
	root.SetOut(stdout)
	root.SetErr(stderr)
	err := root.ExecuteContext(ctx)
	var pe *problemsError
	if err != nil && !errors.As(err, &pe) && !errors.Is(err, errReported) && isCobraUsage(err) {
		return &usageError{err}
	}
	return err
}

func newRootCommand(a *app) *cobra.Command {
	root := &cobra.Command{
		Use:   "afterimage",
		Short: "Preserve public posts and pages as verifiable evidence",
		Long: `afterimage records public posts and pages as evidence: every fetch is kept
as raw bytes in WARC files with SHA-256 digests, described by a manifest,
appended to a signed append-only Merkle log, and stored write-once.`,
		Version:       version,
		SilenceUsage:  true,
		SilenceErrors: true,
	}
	root.PersistentFlags().StringVar(&a.configPath, "config", "./afterimage.yaml", "config file (the embedded default is used when the file does not exist)")
	root.AddCommand(
		newInitCommand(a),
		newCaptureCommand(a),
		newVerifyCommand(a),
		newShowCommand(a),
		newReindexCommand(a),
		newCollectCommand(a),
		newItemsCommand(a),
		newHistoryCommand(a),
		newRecheckCommand(a),
		newRunCommand(a),
		newStatusCommand(a),
		newExportCommand(a),
	)
	return root
}

// isCobraUsage reports errors that come from flag or argument parsing.
func isCobraUsage(err error) bool {
	var u *usageError
	if errors.As(err, &u) {
		return true
	}
	msg := err.Error()
	for _, p := range []string{"unknown command", "unknown flag", "unknown shorthand", "accepts ", "requires at least", "invalid argument", "flag needs an argument"} {
		if strings.Contains(msg, p) {
			return true
		}
	}
	return false
}

func usagef(format string, args ...any) error { return &usageError{fmt.Errorf(format, args...)} }
