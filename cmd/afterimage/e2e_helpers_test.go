package main

import (
	"bytes"
	"context"
	"io/fs"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

// testEnv is one archive in a temporary directory: a config file whose
// data directory and local store live in the same directory.
type testEnv struct {
	t       *testing.T
	dir     string
	cfgPath string
	dataDir string
	store   string
	env     map[string]string
}

// localConfig is the config of a test archive with a local store. The
// network section allows loopback targets, does not fetch robots.txt and
// does not retry, so that tests are quick and see every failure once.
const localConfig = `data_dir: {{DIR}}/data
storage:
  type: local
  path: {{DIR}}/store
log:
  origin: test.afterimage.local/log
network:
  allow_private_addresses: true
  timeout: 2s
  retries: 0
  robots: ignore
  parallelism: 4
`

// newEnv writes a config (localConfig when text is "") into a new
// temporary directory; "{{DIR}}" in text stands for that directory.
func newEnv(t *testing.T, text string) *testEnv {
	t.Helper()
	dir := t.TempDir()
	if text == "" {
		text = localConfig
	}
	e := &testEnv{t: t, dir: dir, cfgPath: filepath.Join(dir, "afterimage.yaml"),
		dataDir: filepath.Join(dir, "data"), store: filepath.Join(dir, "store"), env: map[string]string{}}
	if err := os.WriteFile(e.cfgPath, []byte(strings.ReplaceAll(text, "{{DIR}}", dir)), 0o644); err != nil {
		t.Fatal(err)
	}
	return e
}

// cliResult is what one in-process run of the CLI printed and returned.
type cliResult struct {
	stdout, stderr string
	err            error
	code           int
}

func (r cliResult) String() string {
	return "exit " + strconv.Itoa(r.code) + "\n--- stdout:\n" + r.stdout + "--- stderr:\n" + r.stderr
}

// run runs the CLI in-process with --config pointing at the env's file.
func (e *testEnv) run(args ...string) cliResult {
	e.t.Helper()
	return runCLI(e.t, e.getenv, append([]string{"--config", e.cfgPath}, args...)...)
}

func (e *testEnv) getenv(k string) string { return e.env[k] }

// runCLI runs the CLI in-process with exactly args.
func runCLI(t *testing.T, getenv func(string) string, args ...string) cliResult {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	var out, errb bytes.Buffer
	err := run(ctx, args, &out, &errb, getenv)
	return cliResult{stdout: out.String(), stderr: errb.String(), err: err, code: exitCode(err)}
}

// mustRun runs the CLI and fails the test unless it exits 0.
func (e *testEnv) mustRun(args ...string) cliResult {
	e.t.Helper()
	r := e.run(args...)
	if r.code != 0 {
		e.t.Fatalf("afterimage %s: %v\n%s", strings.Join(args, " "), r.err, r)
	}
	return r
}

// objects lists the keys of the local store (its .tmp directory excluded).
func (e *testEnv) objects() []string {
	e.t.Helper()
	var keys []string
	err := filepath.WalkDir(e.store, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(e.store, p)
		if d.IsDir() && rel == ".tmp" {
			return filepath.SkipDir
		}
		if !d.IsDir() {
			keys = append(keys, filepath.ToSlash(rel))
		}
		return nil
	})
	if err != nil {
		e.t.Fatal(err)
	}
	sort.Strings(keys)
	return keys
}

// writableObject returns the file of a store key, made writable so the test
// can tamper with it (the local store makes objects read-only).
func (e *testEnv) writableObject(key string) string {
	e.t.Helper()
	p := filepath.Join(e.store, filepath.FromSlash(key))
	if err := os.Chmod(p, 0o644); err != nil {
		e.t.Fatal(err)
	}
	return p
}

var (
	reCaptureID = regexp.MustCompile(`(?m)^capture\s+([0-9a-f]{64})$`)
	reWARC      = regexp.MustCompile(`(?m)^warc\s+([0-9a-f]{64}) \(`)
	reManifest  = regexp.MustCompile(`(?m)^manifest\s+([0-9a-f]{64})$`)
	reLogSize   = regexp.MustCompile(`(?m)^log\s+leaf (\d+), size (\d+)$`)
	reVerified  = regexp.MustCompile(`(\d+) log leaves, (\d+) checkpoints`)
)

// captured is what capture printed about the capture it stored.
type captured struct {
	id, warc, manifest string
	leaf, size         int64
}

// parseCapture reads capture's summary, failing the test when a line is
// missing.
func parseCapture(t *testing.T, r cliResult) captured {
	t.Helper()
	var c captured
	m := reCaptureID.FindStringSubmatch(r.stdout)
	w := reWARC.FindStringSubmatch(r.stdout)
	mf := reManifest.FindStringSubmatch(r.stdout)
	l := reLogSize.FindStringSubmatch(r.stdout)
	if m == nil || w == nil || mf == nil || l == nil {
		t.Fatalf("capture summary lacks capture id, WARC hash, manifest hash or log size:\n%s", r)
	}
	c.id, c.warc, c.manifest = m[1], w[1], mf[1]
	c.leaf, _ = strconv.ParseInt(l[1], 10, 64)
	c.size, _ = strconv.ParseInt(l[2], 10, 64)
	return c
}

// logLeaves returns the number of log leaves verify reported.
func logLeaves(t *testing.T, r cliResult) int {
	t.Helper()
	m := reVerified.FindStringSubmatch(r.stdout)
	if m == nil {
		t.Fatalf("verify did not report the log size:\n%s", r)
	}
	n, _ := strconv.Atoi(m[1])
	return n
}

// problems returns verify's PROBLEM lines.
func problemLines(r cliResult) []string {
	var out []string
	for _, l := range strings.Split(r.stdout, "\n") {
		if strings.HasPrefix(l, "PROBLEM ") {
			out = append(out, l)
		}
	}
	return out
}

// countingListener counts accepted connections.
type countingListener struct {
	net.Listener
	n atomic.Int64
}

func (l *countingListener) Accept() (net.Conn, error) {
	c, err := l.Listener.Accept()
	if err == nil {
		l.n.Add(1)
	}
	return c, err
}

// newCountingServer starts an HTTP server on 127.0.0.1 whose listener
// counts connections.
func newCountingServer(t *testing.T, h http.Handler) (*httptest.Server, *countingListener) {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	cl := &countingListener{Listener: l}
	s := httptest.NewUnstartedServer(h)
	s.Listener.Close()
	s.Listener = cl
	s.Start()
	t.Cleanup(s.Close)
	return s, cl
}

// closedPort returns a 127.0.0.1 address nothing listens on.
func closedPort(t *testing.T) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	l.Close()
	return addr
}

// site is a small web site: a home page with an image, a stylesheet, a
// script and a same-site link to a second page.
func testSite() http.Handler {
	mux := http.NewServeMux()
	page := func(body string) http.HandlerFunc {
		return func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			w.Write([]byte(body))
		}
	}
	mux.HandleFunc("/{$}", page(`<!doctype html><html><head><title>Home page</title>
<link rel="stylesheet" href="/style.css"><script src="/app.js"></script></head>
<body><img src="/logo.png"><a href="/about">About</a></body></html>`))
	mux.HandleFunc("/about", page(`<!doctype html><html><head><title>About us</title></head>
<body><p>About.</p><a href="/deeper">Deeper</a></body></html>`))
	mux.HandleFunc("/deeper", page(`<html><title>Too deep</title></html>`))
	mux.HandleFunc("/style.css", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/css")
		w.Write([]byte("body { color: #333 }\n"))
	})
	mux.HandleFunc("/app.js", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/javascript")
		w.Write([]byte("console.log('hi');\n"))
	})
	mux.HandleFunc("/logo.png", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "image/png")
		w.Write([]byte("\x89PNG\r\n\x1a\nnot really a png"))
	})
	return mux
}
