package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestExportBundleAfterTakedowns collects from every platform, documents
// a deletion, exports the case and checks the bundle offline.
func TestExportBundleAfterTakedowns(t *testing.T) {
	dir := t.TempDir()
	f := startFakes(t)
	cfg := filepath.Join(dir, "afterimage.yaml")
	extra := "recheck: {plan: [1h], every: 24h, confirm_after: 1s, batch: 100}\n"
	if err := os.WriteFile(cfg, []byte(f.config(dir, extra)), 0o644); err != nil {
		t.Fatal(err)
	}
	env := f.env(nil)
	mustRun := func(args ...string) string {
		t.Helper()
		out, errOut, code := cli(t, env, append([]string{"--config", cfg}, args...)...)
		if code != 0 {
			t.Fatalf("%v: exit %d\n%s\n%s", args, code, out, errOut)
		}
		return out
	}
	mustRun("collect")
	f.masto.DeleteStatus(f.mastoPost.ID)
	mustRun("recheck", "--all")
	time.Sleep(1100 * time.Millisecond)
	mustRun("recheck", "--all")

	bundle := filepath.Join(dir, "case")
	out := mustRun("export", "--tag", "FreeIran", "--out", bundle, "--title", "FreeIran case")
	if !strings.Contains(out, "logged    export event") {
		t.Fatalf("export output:\n%s", out)
	}
	for _, name := range []string{"evidence.wacz", "items.csv", "items.jsonl", "accounts.csv", "observations.csv",
		"report.html", "SHA256SUMS", "VERIFY.md"} {
		if _, err := os.Stat(filepath.Join(bundle, name)); err != nil {
			t.Errorf("bundle lacks %s: %v", name, err)
		}
	}
	report, _ := os.ReadFile(filepath.Join(bundle, "report.html"))
	if !strings.Contains(string(report), "deleted") {
		t.Error("report does not mention the deleted post")
	}
	sums := exec.Command("sha256sum", "--strict", "-c", "SHA256SUMS")
	sums.Dir = bundle
	if b, err := sums.CombinedOutput(); err != nil {
		t.Fatalf("sha256sum -c: %v\n%s", err, b)
	}
	out = mustRun("verify", bundle)
	if !strings.Contains(out, "all sound") {
		t.Fatalf("verify bundle:\n%s", out)
	}
	// The export is an event of the log, and the archive still verifies.
	if out := mustRun("verify"); !strings.Contains(out, "all sound") {
		t.Fatalf("verify:\n%s", out)
	}
	// One flipped byte makes verify fail naming the file.
	p := filepath.Join(bundle, "items.csv")
	b, _ := os.ReadFile(p)
	b[len(b)/2] ^= 0x01
	os.WriteFile(p, b, 0o644)
	out, _, code := cli(t, env, "--config", cfg, "verify", bundle)
	if code != 1 || !strings.Contains(out, "items.csv") {
		t.Fatalf("verify of a damaged bundle: exit %d\n%s", code, out)
	}
	// A zip bundle.
	zip := filepath.Join(dir, "case.zip")
	mustRun("export", "--platform", "mastodon", "--out", zip)
	if out := mustRun("verify", zip); !strings.Contains(out, "all sound") {
		t.Fatalf("verify zip:\n%s", out)
	}
}

func TestExportBadInput(t *testing.T) {
	dir := t.TempDir()
	f := startFakes(t)
	cfg := filepath.Join(dir, "afterimage.yaml")
	os.WriteFile(cfg, []byte(f.config(dir, "")), 0o644)
	env := f.env(nil)
	if _, errOut, code := cli(t, env, "--config", cfg, "collect"); code != 0 {
		t.Fatalf("collect: %s", errOut)
	}
	cases := []struct {
		args []string
		code int
		want string
	}{
		{[]string{"--state", "vanished"}, 2, "--state \"vanished\""},
		{[]string{"--platform", "myspace"}, 2, "--platform \"myspace\""},
		{[]string{"--since", "yesterday"}, 2, "--since \"yesterday\""},
		{[]string{"--tag", "NoSuchTag"}, 1, "nothing to export"},
	}
	for _, c := range cases {
		out := filepath.Join(dir, "b-"+strings.Join(c.args, ""))
		stdout, errOut, code := cli(t, env, append([]string{"--config", cfg, "export", "--out", out}, c.args...)...)
		if code != c.code || !strings.Contains(errOut+stdout, c.want) {
			t.Errorf("%v: exit %d, want %d and %q\n%s%s", c.args, code, c.code, c.want, stdout, errOut)
		}
		if _, err := os.Stat(out); err == nil {
			t.Errorf("%v: wrote %s", c.args, out)
		}
	}
}
