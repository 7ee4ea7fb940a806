//go:build unix

package evlog

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// LockFile is the name of the append lock in the data directory.
const LockFile = "log.lock"

// ErrLocked means another process holds the append lock.
var ErrLocked = errors.New("evidence log is locked by another process")

// lockPoll is how often Lock retries a held lock.
const lockPoll = 50 * time.Millisecond

// Lock takes the exclusive append lock <dataDir>/log.lock (flock), waiting
// up to wait for a holder to release it, and writes this process's pid
// into the file. unlock releases it. When the lock stays held, Lock fails
// with ErrLocked and a message naming the lock file and the holder's pid;
// when ctx ends first, with ctx's error. The lock is released by the
// kernel if the process dies, so a crashed writer never blocks the next.
func Lock(ctx context.Context, dataDir string, wait time.Duration) (unlock func() error, err error) {
	path := filepath.Join(dataDir, LockFile)
	if err := os.MkdirAll(dataDir, 0o700); err != nil {
		return nil, fmt.Errorf("lock evidence log: %w", err)
	}
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		return nil, fmt.Errorf("lock evidence log: %w", err)
	}
	if err := flockWait(ctx, f, wait); err != nil {
		f.Close()
		if errors.Is(err, ErrLocked) {
			return nil, fmt.Errorf("%w: %s is held by pid %s (waited %s); another afterimage is appending to the log",
				ErrLocked, path, holder(path), wait)
		}
		return nil, fmt.Errorf("lock evidence log %s: %w", path, err)
	}
	if err := writePid(f); err != nil {
		f.Close()
		return nil, fmt.Errorf("lock evidence log %s: %w", path, err)
	}
	return func() error {
		// Closing the descriptor releases the flock.
		if err := f.Close(); err != nil {
			return fmt.Errorf("unlock evidence log %s: %w", path, err)
		}
		return nil
	}, nil
}

// flockWait takes an exclusive flock on f, polling until wait has passed.
func flockWait(ctx context.Context, f *os.File, wait time.Duration) error {
	deadline := time.Now().Add(wait)
	for {
		err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB)
		if err == nil {
			return nil
		}
		if !errors.Is(err, syscall.EWOULDBLOCK) && !errors.Is(err, syscall.EINTR) {
			return err
		}
		left := time.Until(deadline)
		if left <= 0 {
			return ErrLocked
		}
		t := time.NewTimer(min(left, lockPoll))
		select {
		case <-ctx.Done():
			t.Stop()
			return ctx.Err()
		case <-t.C:
		}
	}
}

// writePid replaces the lock file's content with this process's pid.
func writePid(f *os.File) error {
	b := []byte(strconv.Itoa(os.Getpid()) + "\n")
	if _, err := f.WriteAt(b, 0); err != nil {
		return err
	}
	return f.Truncate(int64(len(b)))
}

// holder returns the pid written in the lock file, or "unknown".
func holder(path string) string {
	b, err := os.ReadFile(path)
	pid := strings.TrimSpace(string(b))
	if err != nil || pid == "" {
		return "unknown"
	}
	return pid
}
