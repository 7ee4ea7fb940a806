package main

import (
	"bytes"
	"context"
	"errors"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/afterimage-archive/afterimage/archive/evlog"
)

// runWithLockWait runs the CLI in-process as run does, with writers
// waiting at most wait for the log lock.
func (e *testEnv) runWithLockWait(wait time.Duration, args ...string) cliResult {
	e.t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	var out, errb bytes.Buffer
	a := &app{stdout: &out, stderr: &errb, getenv: e.getenv, now: realNow, lockWait: wait}
	defer a.close()
	root := newRootCommand(a)
	root.SetArgs(append([]string{"--config", e.cfgPath}, args...))
	root.SetOut(&out)
	root.SetErr(&errb)
	err := root.ExecuteContext(ctx)
	return cliResult{stdout: out.String(), stderr: errb.String(), err: err, code: exitCode(err)}
}

func TestSecondWriterWaitsThenFails(t *testing.T) {
	t.Parallel()
	var seen pathLog
	srv := httptest.NewServer(seen.wrap(testSite()))
	defer srv.Close()
	e := newEnv(t, "")
	e.mustRun("init")
	unlock, err := evlog.Lock(context.Background(), e.dataDir, 0)
	if err != nil {
		t.Fatal(err)
	}

	// Another writer holds the lock: capture waits, then fails naming the
	// lock and its holder, without fetching anything.
	start := time.Now()
	r := e.runWithLockWait(300*time.Millisecond, "capture", srv.URL+"/")
	if r.code == 0 || !errors.Is(r.err, evlog.ErrLocked) {
		t.Fatalf("capture while the log is locked: exit %d (%v), want a lock error\n%s", r.code, r.err, r)
	}
	msg := r.err.Error()
	for _, w := range []string{evlog.LockFile, "pid " + strconv.Itoa(os.Getpid()), "another afterimage"} {
		if !strings.Contains(msg, w) {
			t.Errorf("lock error %q lacks %q", msg, w)
		}
	}
	if d := time.Since(start); d < 300*time.Millisecond {
		t.Errorf("capture gave up after %v without waiting", d)
	}
	if len(seen.sorted()) != 0 {
		t.Errorf("capture fetched %v while it could not store", seen.sorted())
	}

	// verify does not wait for the writer: it leaves the writer's spool
	// alone and checks the store.
	if err := os.MkdirAll(filepath.Join(e.dataDir, "spool", "20261129T000000Z-0000000000000000"), 0o700); err != nil {
		t.Fatal(err)
	}
	v := e.runWithLockWait(time.Minute, "verify")
	if v.code != 0 || !strings.Contains(v.stderr, "holds the log lock") || !strings.Contains(v.stdout, "all sound") {
		t.Errorf("verify while the log is locked:\n%s", v)
	}

	// When the holder lets go while capture waits, capture goes on.
	done := make(chan cliResult, 1)
	go func() { done <- e.runWithLockWait(20*time.Second, "capture", srv.URL+"/") }()
	time.Sleep(200 * time.Millisecond)
	select {
	case r := <-done:
		t.Fatalf("capture did not wait for the lock:\n%s", r)
	default:
	}
	if err := unlock(); err != nil {
		t.Fatal(err)
	}
	r = <-done
	if r.code != 0 {
		t.Fatalf("capture after the lock was released: %v\n%s", r.err, r)
	}
	if c := parseCapture(t, r); c.size != 1 {
		t.Errorf("log size %d after the first capture", c.size)
	}
}
