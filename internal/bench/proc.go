package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"time"
)

// measured is the outcome of one subprocess.
type measured struct {
	Start    time.Time // when the process was started
	End      time.Time // when the process had exited
	Wall     time.Duration
	CPU      time.Duration // user + system, of the process and the children it waited for
	MaxRSS   int64         // peak resident set size in bytes (wait4 ru_maxrss)
	Stdout   string
	Stderr   string
	ExitCode int
}

// runMeasured runs name with args in dir and measures it. A non-zero exit
// status is not an error here: callers decide which statuses they accept.
//
// Peak RSS is VmHWM sampled from /proc/<pid>/status while the process
// runs: wait4's ru_maxrss of a child started with vfork also counts the
// parent's resident set at exec time, so it is used only when no sample
// could be taken.
func runMeasured(ctx context.Context, dir, name string, args ...string) (measured, error) {
	cmd := exec.CommandContext(ctx, name, args...)
	cmd.Dir = dir
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	start := time.Now()
	if err := cmd.Start(); err != nil {
		return measured{}, fmt.Errorf("run %s: %w", name, err)
	}
	stop := make(chan struct{})
	peak := make(chan int64, 1)
	go func() { peak <- sampleHWM(cmd.Process.Pid, stop) }()
	err := cmd.Wait()
	m := measured{Start: start, End: time.Now(), Stdout: out.String(), Stderr: errb.String()}
	m.Wall = m.End.Sub(start)
	close(stop)
	m.MaxRSS = <-peak
	var ee *exec.ExitError
	if err != nil && !errors.As(err, &ee) {
		return m, fmt.Errorf("run %s: %w", name, err)
	}
	ps := cmd.ProcessState
	m.ExitCode = ps.ExitCode()
	m.CPU = ps.UserTime() + ps.SystemTime()
	if ru, ok := ps.SysUsage().(*syscall.Rusage); ok && m.MaxRSS == 0 {
		m.MaxRSS = ru.Maxrss * 1024 // kilobytes on Linux
	}
	return m, nil
}

// sampleHWM polls the VmHWM of pid every 10 ms until stop is closed and
// returns the largest value seen, in bytes (0 if none could be read).
func sampleHWM(pid int, stop <-chan struct{}) int64 {
	path := fmt.Sprintf("/proc/%d/status", pid)
	t := time.NewTicker(10 * time.Millisecond)
	defer t.Stop()
	var peak int64
	for {
		if v := readHWM(path); v > peak {
			peak = v
		}
		select {
		case <-stop:
			return peak
		case <-t.C:
		}
	}
}

// readHWM returns the VmHWM line of a /proc status file in bytes.
func readHWM(path string) int64 {
	b, err := os.ReadFile(path)
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(b), "\n") {
		if v, ok := strings.CutPrefix(line, "VmHWM:"); ok {
			var kb int64
			fmt.Sscanf(strings.TrimSpace(v), "%d", &kb)
			return kb * 1024
		}
	}
	return 0
}

// mustSucceed turns a non-zero exit status into an error quoting stderr.
func (m measured) mustSucceed(what string, ok ...int) error {
	if m.ExitCode == 0 {
		return nil
	}
	for _, c := range ok {
		if m.ExitCode == c {
			return nil
		}
	}
	return fmt.Errorf("%s: exit status %d: %s", what, m.ExitCode, tail(m.Stderr+m.Stdout, 2000))
}

func tail(s string, n int) string {
	s = strings.TrimSpace(s)
	if len(s) > n {
		return "…" + s[len(s)-n:]
	}
	return s
}

// moduleRoot returns the directory of the afterimage go.mod.
func moduleRoot(ctx context.Context, goTool string) (string, error) {
	out, err := exec.CommandContext(ctx, goTool, "env", "GOMOD").Output()
	if err != nil {
		return "", fmt.Errorf("go env GOMOD: %w", err)
	}
	mod := strings.TrimSpace(string(out))
	if mod == "" || mod == os.DevNull {
		return "", errors.New("go env GOMOD: not inside the afterimage module (run from the repository)")
	}
	return filepath.Dir(mod), nil
}

// buildAfterimage builds ./cmd/afterimage into dir and returns the binary.
func buildAfterimage(ctx context.Context, goTool, root, dir string) (string, error) {
	bin := filepath.Join(dir, "afterimage")
	cmd := exec.CommandContext(ctx, goTool, "build", "-o", bin, "./cmd/afterimage")
	cmd.Dir = root
	if out, err := cmd.CombinedOutput(); err != nil {
		return "", fmt.Errorf("go build ./cmd/afterimage: %w: %s", err, tail(string(out), 2000))
	}
	return bin, nil
}

// archiveDir is one afterimage archive in a temporary directory: a config
// file, its data directory and its local store.
type archiveDir struct {
	Dir    string
	Config string
	Store  string
}

// newArchiveDir writes a config for an archive under dir/name that may
// fetch from 127.0.0.1, with parallelism concurrent requests per host.
func newArchiveDir(dir, name string, parallelism int) (archiveDir, error) {
	a := archiveDir{Dir: filepath.Join(dir, name)}
	a.Config = filepath.Join(a.Dir, "afterimage.yaml")
	a.Store = filepath.Join(a.Dir, "data", "store")
	cfg := fmt.Sprintf(`data_dir: %q
storage:
  type: local
  path: %q
network:
  allow_private_addresses: true
  parallelism: %d
  robots: respect
`, filepath.Join(a.Dir, "data"), a.Store, parallelism)
	if err := os.MkdirAll(a.Dir, 0o755); err != nil {
		return a, fmt.Errorf("archive dir: %w", err)
	}
	if err := os.WriteFile(a.Config, []byte(cfg), 0o644); err != nil {
		return a, fmt.Errorf("archive config: %w", err)
	}
	return a, nil
}

// warcFiles lists the stored WARC files of the archive and their total size.
func (a archiveDir) warcFiles() ([]string, int64, error) {
	files, err := filepath.Glob(filepath.Join(a.Store, "warc", "*.warc.gz"))
	if err != nil {
		return nil, 0, err
	}
	var total int64
	for _, f := range files {
		fi, err := os.Stat(f)
		if err != nil {
			return nil, 0, err
		}
		total += fi.Size()
	}
	if len(files) == 0 {
		return nil, 0, fmt.Errorf("no WARC files in %s", a.Store)
	}
	return files, total, nil
}

// loadAverage returns the 1-minute load average, or -1 if unknown.
func loadAverage() float64 {
	b, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return -1
	}
	var l float64
	if _, err := fmt.Sscanf(string(b), "%f", &l); err != nil {
		return -1
	}
	return l
}
