package main

import (
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/afterimage-archive/afterimage/archive/tsa/tsatest"
)

// TestCaptureTimestampsCheckpoints configures an RFC 3161 authority: every
// new checkpoint is stamped, the token is stored beside it and verify
// checks it against the configured roots. A failing authority is reported
// by URL and loses nothing.
func TestCaptureTimestampsCheckpoints(t *testing.T) {
	url, _, rootPEM := tsatest.Start(t)
	dir := t.TempDir()
	roots := filepath.Join(dir, "tsa-roots.pem")
	if err := os.WriteFile(roots, rootPEM, 0o644); err != nil {
		t.Fatal(err)
	}
	origin := "  origin: test.afterimage.local/log\n"
	cfg := strings.Replace(localConfig, origin, origin+"  tsa: [{url: \""+url+"\", roots: \""+roots+"\"}]\n", 1)
	e := newEnv(t, cfg)
	site := httptest.NewServer(testSite())
	defer site.Close()
	r := e.mustRun("capture", site.URL+"/")
	if !strings.Contains(r.stderr, "stamped by "+url) {
		t.Fatalf("no timestamp taken:\n%s", r.stderr)
	}
	tokens, _ := filepath.Glob(filepath.Join(e.store, "log", "checkpoints", "*.tsr.*"))
	if len(tokens) != 1 {
		t.Fatalf("stored tokens: %v", tokens)
	}
	if r := e.run("verify"); r.code != 0 {
		t.Fatalf("verify: %s", r)
	}
	// A token altered in the store is named by verify.
	os.Chmod(tokens[0], 0o644)
	b, _ := os.ReadFile(tokens[0])
	b[len(b)-5] ^= 0xff
	os.WriteFile(tokens[0], b, 0o644)
	if r := e.run("verify"); r.code != 1 || !strings.Contains(r.stdout, filepath.Base(tokens[0])) {
		t.Fatalf("verify of an altered token: %s", r)
	}
}
