package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/afterimage-archive/afterimage/archive/manifest"
)

// bigAsset is the size of the incompressible image stallingSite serves: it
// is larger than the WARC writer's buffer, so records reach the spool file
// before the process is killed.
const bigAsset = 2_500_000

// stallingSite serves a page with a large image and links to two quick
// pages and one that never answers; stalled is set once the stalling page
// has been asked for.
func stallingSite(stalled *atomic.Bool, release <-chan struct{}) http.Handler {
	mux := http.NewServeMux()
	html := func(body string) http.HandlerFunc {
		return func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "text/html")
			fmt.Fprint(w, body)
		}
	}
	big := make([]byte, bigAsset)
	rand.NewChaCha8([32]byte{1}).Read(big)
	mux.HandleFunc("/{$}", html(`<html><title>Index</title><img src="/big.bin">
<a href="/one">1</a> <a href="/two">2</a> <a href="/stall">3</a></html>`))
	mux.HandleFunc("/one", html(`<html><title>One</title></html>`))
	mux.HandleFunc("/two", html(`<html><title>Two</title></html>`))
	mux.HandleFunc("/big.bin", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/octet-stream")
		w.Write(big)
	})
	mux.HandleFunc("/stall", func(w http.ResponseWriter, r *http.Request) {
		stalled.Store(true)
		select {
		case <-release:
		case <-r.Context().Done():
		}
	})
	return mux
}

// spoolState describes the unfinished captures in a spool: the records
// they list and the WARC bytes on disk.
type spoolState struct {
	records  []manifest.Record
	warcSize int64
}

func readSpool(t *testing.T, dataDir string) spoolState {
	t.Helper()
	var st spoolState
	dirs, _ := filepath.Glob(filepath.Join(dataDir, "spool", "*"))
	for _, d := range dirs {
		if fi, err := os.Stat(filepath.Join(d, "data.warc.gz.open")); err == nil {
			st.warcSize += fi.Size()
		}
		b, _ := os.ReadFile(filepath.Join(d, "records.jsonl"))
		for _, line := range bytes.Split(b, []byte("\n")) {
			var r manifest.Record
			if json.Unmarshal(line, &r) == nil {
				st.records = append(st.records, r)
			}
		}
	}
	return st
}

// onDisk returns the listed records whose bytes are in the spool file.
func (st spoolState) onDisk() []manifest.Record {
	var out []manifest.Record
	for _, r := range st.records {
		if r.Offset+r.Length <= st.warcSize {
			out = append(out, r)
		}
	}
	return out
}

// listsResponse reports whether a record among rs is the response for url.
func listsResponse(rs []manifest.Record, url string) bool {
	for _, r := range rs {
		if r.Type == "response" && r.TargetURI == url {
			return true
		}
	}
	return false
}

func TestKillDuringCaptureThenRecover(t *testing.T) {
	t.Parallel()
	var stalled atomic.Bool
	release := make(chan struct{})
	srv := httptest.NewServer(stallingSite(&stalled, release))
	defer srv.Close()
	defer close(release)
	e := newEnv(t, "")
	first := parseCapture(t, e.mustRun("capture", srv.URL+"/one"))

	// A separate afterimage process captures the site and hangs on /stall.
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	cmd := exec.Command(exe, "--config", e.cfgPath, "capture", "--depth", "1", srv.URL+"/")
	cmd.Env = append(os.Environ(), envRunCLI+"=1")
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	exited := make(chan error, 1)
	go func() { exited <- cmd.Wait() }()
	// Kill it once the page's records are in the spool file (the large
	// image pushes them out of the WARC writer's buffer) and the capture
	// hangs on /stall.
	deadline := time.After(20 * time.Second)
	ready := func() bool {
		st := readSpool(t, e.dataDir)
		return stalled.Load() && st.warcSize > bigAsset/2 && listsResponse(st.onDisk(), srv.URL+"/")
	}
	for !ready() {
		select {
		case err := <-exited:
			t.Fatalf("capture exited before it was killed: %v\n%s", err, out.String())
		case <-deadline:
			cmd.Process.Kill()
			st := readSpool(t, e.dataDir)
			t.Fatalf("capture never reached the stalling page with records in the spool (stalled %v, %d records listed, %d WARC bytes)\n%s",
				stalled.Load(), len(st.records), st.warcSize, out.String())
		case <-time.After(10 * time.Millisecond):
		}
	}
	if err := cmd.Process.Kill(); err != nil { // SIGKILL
		t.Fatal(err)
	}
	if err := <-exited; err == nil || !strings.Contains(err.Error(), "killed") {
		t.Fatalf("capture was not killed: %v\n%s", err, out.String())
	}
	if strings.Contains(out.String(), "capture   ") {
		t.Fatalf("killed capture finished first:\n%s", out.String())
	}
	spooled := readSpool(t, e.dataDir)
	t.Logf("killed with %d records listed, %d of them in the %d bytes of the spool file",
		len(spooled.records), len(spooled.onDisk()), spooled.warcSize)

	// The next command finds the spool, stores it once, and all is sound.
	v := e.mustRun("verify")
	m := regexp.MustCompile(`spool: stored capture ([0-9a-f]{64}) from an earlier run`).FindStringSubmatch(v.stderr)
	if m == nil {
		t.Fatalf("verify did not store the spooled capture:\n%s", v)
	}
	recovered := m[1]
	if !strings.Contains(v.stdout, "all sound") || logLeaves(t, v) != 2 {
		t.Fatalf("verify after recovery: want all sound with 2 log leaves\n%s", v)
	}
	if st := readSpool(t, e.dataDir); len(st.records) != 0 {
		t.Errorf("spool still lists %d records after ingest", len(st.records))
	}
	// Every record that was in the spool file is stored, and only those.
	r := e.mustRun("show", "--json", recovered)
	stored, err := manifest.Parse([]byte(strings.TrimSuffix(r.stdout, "\n")))
	if err != nil {
		t.Fatalf("show --json: %v\n%s", err, r.stdout)
	}
	got := map[string]bool{}
	for _, rec := range stored.Records {
		got[rec.ID] = true
	}
	for _, rec := range spooled.onDisk() {
		if !got[rec.ID] {
			t.Errorf("%s record of %s (offset %d, %d bytes) was in the spool file but is not stored", rec.Type, rec.TargetURI, rec.Offset, rec.Length)
		}
	}
	if len(stored.Records) > len(spooled.onDisk()) {
		t.Errorf("stored %d records, but only %d were in the spool file", len(stored.Records), len(spooled.onDisk()))
	}
	if !listsResponse(stored.Records, srv.URL+"/") {
		t.Errorf("recovered capture lacks the page's response:\n%s", e.mustRun("show", recovered).stdout)
	}
	if !strings.Contains(e.mustRun("show", first.id).stdout, srv.URL+"/one") {
		t.Errorf("the capture committed before the crash is gone")
	}

	// Running commands again stores nothing twice.
	before := e.objects()
	for _, args := range [][]string{{"verify"}, {"reindex"}, {"verify"}} {
		r := e.mustRun(args...)
		if strings.Contains(r.stderr, "spool:") {
			t.Errorf("%s ingested the spool again:\n%s", args[0], r)
		}
		if args[0] == "verify" && logLeaves(t, r) != 2 {
			t.Errorf("log size changed:\n%s", r)
		}
	}
	if after := e.objects(); !slices.Equal(before, after) {
		t.Errorf("objects changed from\n%v\nto\n%v", before, after)
	}
}
