package main

import (
	"context"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// TestDaemonDocumentsTakedownsAcrossRestart runs the daemon with @every 1s
// schedules against the platform fakes and a web page; removes posts,
// suspends an account and takes the page down (451); stops the daemon as
// SIGTERM would in the middle and starts it again; and waits until the
// items reach their confirmed states with evidence, then verifies.
func TestDaemonDocumentsTakedownsAcrossRestart(t *testing.T) {
	dir := t.TempDir()
	f := startFakes(t)
	var pageStatus atomic.Int32
	pageStatus.Store(200)
	page := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/robots.txt" {
			http.NotFound(w, r)
			return
		}
		code := int(pageStatus.Load())
		w.Header().Set("Content-Type", "text/html")
		w.WriteHeader(code)
		if code == 200 {
			w.Write([]byte("<html><title>Report</title><p>Evidence of abuses.</p></html>"))
		} else {
			w.Write([]byte("<html><title>Unavailable</title><p>Withheld on legal demand.</p></html>"))
		}
	}))
	t.Cleanup(page.Close)
	extra := `  - name: news
    urls: ["` + page.URL + `/report"]
    schedule: "@every 1s"
recheck: {plan: [1s], every: 1s, confirm_after: 2s, batch: 100, schedule: "@every 1s"}
`
	cfgText := strings.Replace(f.config(dir, extra), `schedule: "*/30 * * * *"`, `schedule: "@every 1s"`, 1)
	cfg := filepath.Join(dir, "afterimage.yaml")
	if err := os.WriteFile(cfg, []byte(cfgText), 0o644); err != nil {
		t.Fatal(err)
	}
	env := f.env(nil)
	stop := startDaemon(t, env, cfg)
	waitFor(t, 60*time.Second, "posts from all platforms and the page alive", func() bool {
		alive := map[string]bool{}
		for _, it := range listItems(t, env, cfg, "--state", "alive") {
			if it["kind"] != "account" {
				alive[it["platform"].(string)] = true
			}
		}
		return len(alive) == 6
	})
	// Rate limiting on a fake changes nothing.
	f.x.RateLimit(1000)
	f.masto.DeleteStatus(f.mastoPost.ID)
	f.bsky.TakedownAccount("sara.bsky.social")
	pageStatus.Store(451)
	time.Sleep(1500 * time.Millisecond) // let some jobs run, then stop in the middle
	stop()

	stop = startDaemon(t, env, cfg)
	state := func(platform string) string {
		items := listItems(t, env, cfg, "--platform", platform, "--kind", "post,page")
		for _, it := range items {
			if platform != "mastodon" || strings.Contains(it["text"].(string), "Solidarity") {
				return it["state"].(string)
			}
		}
		return ""
	}
	waitFor(t, 90*time.Second, "mastodon post deleted, bluesky post suspended, page withheld", func() bool {
		return state("mastodon") == "deleted" && state("bluesky") == "suspended" && state("web") == "withheld"
	})
	if s := state("x"); s != "alive" {
		t.Errorf("x post under rate limiting is %q, want alive (unavailable changes nothing)", s)
	}
	stop()

	items := listItems(t, env, cfg, "--platform", "mastodon", "--state", "deleted")
	out, _, code := cli(t, env, "--config", cfg, "history", items[0]["id"].(string))
	if code != 0 || !strings.Contains(out, "Record not found") {
		t.Errorf("history of the deleted post:\n%s", out)
	}
	out, errOut, code := cli(t, env, "--config", cfg, "verify")
	if code != 0 || !strings.Contains(out, "all sound") {
		t.Fatalf("verify exit %d\n%s\n%s", code, out, errOut)
	}
	out, _, code = cli(t, env, "--config", cfg, "status")
	if code != 0 || !strings.Contains(out, "freeiran") || !strings.Contains(out, "deleted") {
		t.Errorf("status exit %d:\n%s", code, out)
	}
}

// startDaemon runs `afterimage run` in-process until the returned stop
// function cancels it (as SIGTERM does) and checks it exits cleanly.
func startDaemon(t *testing.T, env func(string) string, cfg string) (stop func()) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	logs := &syncWriter{}
	go func() {
		done <- run(ctx, []string{"--config", cfg, "run", "--grace", "5s"}, logs, logs, env)
	}()
	stopped := false
	stop = func() {
		if stopped {
			return
		}
		stopped = true
		cancel()
		select {
		case err := <-done:
			if err != nil {
				t.Errorf("daemon exit: %v\n%s", err, logs.String())
			}
		case <-time.After(60 * time.Second):
			t.Fatal("daemon did not stop within 60s of cancellation")
		}
	}
	t.Cleanup(stop)
	return stop
}

func waitFor(t *testing.T, limit time.Duration, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(limit)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out after %s waiting for %s", limit, what)
		}
		time.Sleep(500 * time.Millisecond)
	}
}

// syncWriter collects output written from several goroutines.
type syncWriter struct {
	mu sync.Mutex
	b  strings.Builder
}

func (w *syncWriter) Write(p []byte) (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.b.Write(p)
}

func (w *syncWriter) String() string {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.b.String()
}
