package main

import (
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
)

// pathLog records the paths a test server was asked for.
type pathLog struct {
	mu    sync.Mutex
	paths []string
}

func (p *pathLog) wrap(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		p.mu.Lock()
		p.paths = append(p.paths, r.URL.Path)
		p.mu.Unlock()
		h.ServeHTTP(w, r)
	})
}

func (p *pathLog) sorted() []string {
	p.mu.Lock()
	defer p.mu.Unlock()
	s := slices.Clone(p.paths)
	slices.Sort(s)
	return s
}

func TestCaptureSiteVerifyShowReindex(t *testing.T) {
	t.Parallel()
	var seen pathLog
	srv := httptest.NewServer(seen.wrap(testSite()))
	defer srv.Close()
	e := newEnv(t, "")

	r := e.mustRun("capture", "--depth", "1", srv.URL+"/")
	c := parseCapture(t, r)
	if c.id != c.manifest {
		t.Errorf("capture id %s is not the manifest hash %s", c.id, c.manifest)
	}
	if c.leaf != 0 || c.size != 1 {
		t.Errorf("first capture: log leaf %d size %d, want leaf 0 size 1\n%s", c.leaf, c.size, r)
	}
	want := []string{"/", "/about", "/app.js", "/logo.png", "/style.css"}
	if got := seen.sorted(); !slices.Equal(got, want) {
		t.Errorf("server saw %v, want %v (page, its assets, one level of links, not /deeper)", got, want)
	}
	// The printed hashes are the objects in the store.
	for _, key := range []string{"warc/" + c.warc + ".warc.gz", "manifests/" + c.manifest + ".json"} {
		if _, err := os.Stat(filepath.Join(e.store, key)); err != nil {
			t.Errorf("capture printed %s, but the store lacks it: %v", key, err)
		}
	}

	v := e.mustRun("verify")
	if !strings.Contains(v.stdout, "all sound") || len(problemLines(v)) != 0 {
		t.Errorf("verify of a fresh capture:\n%s", v)
	}
	if n := logLeaves(t, v); n != 1 {
		t.Errorf("verify saw %d log leaves, want 1", n)
	}

	s := e.mustRun("show", c.id[:8])
	for _, p := range want {
		if !strings.Contains(s.stdout, srv.URL+p) {
			t.Errorf("show does not list a record for %s:\n%s", p, s.stdout)
		}
	}
	for _, w := range []string{"capture   " + c.id, "request", "response", "warc/" + c.warc, "2 items", "page web:" + srv.URL + "/about"} {
		if !strings.Contains(s.stdout, w) {
			t.Errorf("show lacks %q:\n%s", w, s.stdout)
		}
	}
	j := e.mustRun("show", "--json", c.id)
	if !strings.HasPrefix(j.stdout, "{") || !strings.Contains(j.stdout, `"records"`) {
		t.Errorf("show --json is not the manifest:\n%s", j.stdout)
	}

	// A second capture extends the log; reindex rebuilds the index from the
	// store and finds both.
	c2 := parseCapture(t, e.mustRun("capture", srv.URL+"/about"))
	if c2.leaf != 1 || c2.size != 2 || c2.id == c.id {
		t.Errorf("second capture: leaf %d size %d id %s", c2.leaf, c2.size, c2.id)
	}
	// (capture does not index; a reader catches up. Remove the index, if
	// any command made one, to rebuild it from nothing.)
	if err := os.Remove(filepath.Join(e.dataDir, "index.sqlite")); err != nil && !os.IsNotExist(err) {
		t.Fatal(err)
	}
	ri := e.mustRun("reindex")
	if !strings.Contains(ri.stdout, "reindexed 2 captures") {
		t.Errorf("reindex:\n%s", ri)
	}
	v = e.mustRun("verify")
	if n := logLeaves(t, v); n != 2 || !strings.Contains(v.stdout, "all sound") {
		t.Errorf("verify after two captures and reindex:\n%s", v)
	}
}

func TestShowUnknownCapture(t *testing.T) {
	t.Parallel()
	e := newEnv(t, "")
	e.mustRun("init")
	for _, arg := range []string{"abcdef12", "zz"} {
		r := e.run("show", arg)
		if r.code != exitUsage || !strings.Contains(r.err.Error(), "capture") {
			t.Errorf("show %s: %v (exit %d), want a usage error naming the capture", arg, r.err, r.code)
		}
	}
}
