package main

import (
	"errors"
)

// Exit statuses.
const (
	exitOK       = 0
	exitProblems = 1 // the command ran and found problems (verify), or some fetches failed
	exitUsage    = 2 // the command could not run: bad usage, unreadable config, unreachable store
)

// errReported means the command already printed its findings; it only
// selects the exit status.
var errReported = errors.New("problems reported")

// problemsError is returned when a command ran to the end but found
// problems (failed fetches, verification findings).
type problemsError struct{ msg string }

func (e *problemsError) Error() string { return e.msg }

// usageError marks errors that mean the command could not run.
type usageError struct{ err error }

func (e *usageError) Error() string { return e.err.Error() }
func (e *usageError) Unwrap() error { return e.err }

func exitCode(err error) int {
	var pe *problemsError
	switch {
	case err == nil:
		return exitOK
	case errors.Is(err, errReported), errors.As(err, &pe):
		return exitProblems
	default:
		return exitUsage
	}
}
