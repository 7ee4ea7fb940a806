package main

import (
	"bytes"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// TestRunStopsCleanlyOnSIGTERM runs the daemon as a separate process with
// a target collected every second, sends it SIGTERM while it works, and
// checks that it exits 0 with what it fetched stored, that a restart goes
// on appending, and that the archive verifies.
func TestRunStopsCleanlyOnSIGTERM(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		time.Sleep(30 * time.Millisecond) // requests are often in flight when SIGTERM comes
		w.Header().Set("Content-Type", "text/html")
		w.Write([]byte("<html><title>page</title><img src=\"/img.png\"></html>"))
	}))
	defer srv.Close()
	e := newEnv(t, localConfig+`targets:
  - name: site
    urls: ["`+srv.URL+`/"]
    schedule: "@every 1s"
`)
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	daemon := func(until func() bool) (string, int) {
		var out bytes.Buffer
		cmd := exec.Command(exe, "--config", e.cfgPath, "run", "--grace", "10s")
		cmd.Env = append(os.Environ(), envRunCLI+"=1")
		cmd.Stdout, cmd.Stderr = &out, &out
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		deadline := time.Now().Add(30 * time.Second)
		for !until() && time.Now().Before(deadline) {
			time.Sleep(100 * time.Millisecond)
		}
		cmd.Process.Signal(syscall.SIGTERM)
		done := make(chan error, 1)
		go func() { done <- cmd.Wait() }()
		select {
		case <-done:
		case <-time.After(30 * time.Second):
			cmd.Process.Kill()
			t.Fatalf("daemon still running 30s after SIGTERM\n%s", out.String())
		}
		return out.String(), cmd.ProcessState.ExitCode()
	}
	checkpoints := func() int {
		cps, _ := filepath.Glob(filepath.Join(e.store, "log", "checkpoints", "*"))
		return len(cps)
	}
	out, code := daemon(func() bool { return checkpoints() >= 2 })
	if code != 0 {
		t.Fatalf("daemon exit %d after SIGTERM\n%s", code, out)
	}
	first := checkpoints()
	if first < 2 {
		t.Fatalf("no collections stored before SIGTERM (%d checkpoints)\n%s", first, out)
	}
	if ents, _ := os.ReadDir(filepath.Join(e.dataDir, "spool")); len(ents) != 0 {
		t.Errorf("spool not empty after a clean stop: %v", ents)
	}
	out, code = daemon(func() bool { return checkpoints() > first })
	if code != 0 || checkpoints() <= first {
		t.Fatalf("restarted daemon: exit %d, checkpoints %d then %d\n%s", code, first, checkpoints(), out)
	}
	if v := e.run("verify"); v.code != 0 || !strings.Contains(v.stdout, "all sound") {
		t.Fatalf("verify after two daemon runs:\n%s", v)
	}
}
