package evlog_test

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/afterimage-archive/afterimage/archive/evlog"
)

// lockHelperEnv makes the test binary act as a second afterimage process
// holding the lock (see TestMain).
const lockHelperEnv = "AFTERIMAGE_EVLOG_LOCK_HELPER"

func TestMain(m *testing.M) {
	if dir := os.Getenv(lockHelperEnv); dir != "" {
		os.Exit(lockHelper(dir))
	}
	os.Exit(m.Run())
}

// lockHelper takes the lock, says so on stdout and holds it until stdin
// closes.
func lockHelper(dir string) int {
	unlock, err := evlog.Lock(context.Background(), dir, time.Second)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	fmt.Println("locked")
	bufio.NewReader(os.Stdin).ReadString('\n')
	if err := unlock(); err != nil {
		return 1
	}
	return 0
}

func TestLockInProcess(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	unlock, err := evlog.Lock(ctx, dir, 0)
	if err != nil {
		t.Fatal(err)
	}
	_, err = evlog.Lock(ctx, dir, 100*time.Millisecond)
	lockFile := filepath.Join(dir, evlog.LockFile)
	if !errors.Is(err, evlog.ErrLocked) || !strings.Contains(err.Error(), lockFile) ||
		!strings.Contains(err.Error(), "pid "+strconv.Itoa(os.Getpid())) {
		t.Fatalf("second Lock: %v", err)
	}
	// A waiting writer gets the lock once the first releases it.
	go func() {
		time.Sleep(100 * time.Millisecond)
		unlock()
	}()
	unlock2, err := evlog.Lock(ctx, dir, 5*time.Second)
	if err != nil {
		t.Fatalf("waiting Lock: %v", err)
	}
	// A cancelled context stops the wait.
	cctx, cancel := context.WithCancel(ctx)
	cancel()
	if _, err := evlog.Lock(cctx, dir, 5*time.Second); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled Lock: %v", err)
	}
	if err := unlock2(); err != nil {
		t.Fatal(err)
	}
}

func TestLockAcrossProcesses(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), lockHelperEnv+"="+dir)
	stdin, _ := cmd.StdinPipe()
	stdout, _ := cmd.StdoutPipe()
	cmd.Stderr = os.Stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer cmd.Process.Kill()
	if line, err := bufio.NewReader(stdout).ReadString('\n'); err != nil || line != "locked\n" {
		t.Fatalf("helper said %q, %v", line, err)
	}
	_, err := evlog.Lock(ctx, dir, 100*time.Millisecond)
	if !errors.Is(err, evlog.ErrLocked) || !strings.Contains(err.Error(), "pid "+strconv.Itoa(cmd.Process.Pid)) {
		t.Fatalf("Lock held by pid %d: %v", cmd.Process.Pid, err)
	}
	// The helper dies without unlocking (kill -9): the kernel frees the lock.
	cmd.Process.Kill()
	cmd.Wait()
	stdin.Close()
	unlock, err := evlog.Lock(ctx, dir, 2*time.Second)
	if err != nil {
		t.Fatalf("Lock after the holder died: %v", err)
	}
	unlock()
}
