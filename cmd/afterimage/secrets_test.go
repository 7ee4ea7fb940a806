package main

import (
	"bytes"
	"compress/gzip"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/afterimage-archive/afterimage/crawler/sources/reddit/redditfake"
	"github.com/afterimage-archive/afterimage/crawler/sources/x/xfake"
)

// TestNoCredentialInEvidence collects from every platform and reads every
// stored object back: no secret from the environment, and no session
// token the platforms handed out, appears in a WARC, manifest or the log.
func TestNoCredentialInEvidence(t *testing.T) {
	dir := t.TempDir()
	f := startFakes(t)
	cfg := filepath.Join(dir, "afterimage.yaml")
	os.WriteFile(cfg, []byte(f.config(dir, "")), 0o644)
	if out, errOut, code := cli(t, f.env(nil), "--config", cfg, "collect"); code != 0 {
		t.Fatalf("collect: exit %d\n%s\n%s", code, out, errOut)
	}
	secrets := []string{"app-pass", xfake.BearerToken, redditfake.ClientSecret, "fake-access-", "fake-refresh-", "fake-reddit-token-"}
	var all bytes.Buffer
	err := filepath.Walk(filepath.Join(dir, "store"), func(p string, fi os.FileInfo, err error) error {
		if err != nil || fi.IsDir() {
			return err
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		if strings.HasSuffix(p, ".gz") {
			zr, err := gzip.NewReader(bytes.NewReader(b))
			if err != nil {
				return err
			}
			if b, err = io.ReadAll(zr); err != nil {
				return err
			}
		}
		all.Write(b)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(all.String(), "[redacted]") {
		t.Fatal("no redaction marker in the evidence: logins were not recorded?")
	}
	for _, s := range secrets {
		if strings.Contains(all.String(), s) {
			t.Errorf("the evidence holds the secret %q", s)
		}
	}
}
