package export

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"
)

// chromiumPath returns the headless browser to render with, "" if none.
// Under CI (CI set) a missing browser fails the test: .ci/run installs
// Debian's chromium.
func chromiumPath(t *testing.T) string {
	for _, p := range []string{"/usr/bin/chromium", "/usr/bin/chromium-browser"} {
		if _, err := os.Stat(p); err == nil {
			return p
		}
	}
	if os.Getenv("CI") != "" {
		t.Fatal("chromium is not installed (apt-get install -y chromium): the report cannot be rendered")
	}
	t.Log("chromium not installed: report not rendered (install Debian's chromium to run this check)")
	return ""
}

func TestReportIsSelfContained(t *testing.T) {
	out := filepath.Join(t.TempDir(), "case")
	exportCase(t, out, false)
	b, err := os.ReadFile(filepath.Join(out, ReportFile))
	if err != nil {
		t.Fatal(err)
	}
	html := string(b)
	for _, bad := range []string{"<script", "<link", "<img", "<iframe", "@import", "url("} {
		if strings.Contains(html, bad) {
			t.Errorf("report contains %q: it must need no network and no script", bad)
		}
	}
	if m := regexp.MustCompile(`(?i)(src|href)\s*=\s*"https?:`).FindString(html); m != "" {
		t.Errorf("report refers to the network: %s", m)
	}
	for _, want := range []string{
		"Exhibit 1:", "Exhibit 7:", // one per selected item
		"Free Iran NOW!", "ایران آزاد", // texts, including right-to-left
		"Removed after 2026-03-01 10:00:02 UTC (last seen alive) and at or before 2026-03-01 12:00:00 UTC",
		"confirmed deleted at 2026-03-02 12:00:00 UTC",
		"66.7%",                                             // 2 of 3 accounts created in the densest window
		"belong to 1 cluster(s)", "<td>free iran now!</td>", // the identical-text cluster
		"2017-12 to 2018-03",
		"break-before: page", // one exhibit per printed page
		"<svg", "Record not found", "Account suspended",
	} {
		if !strings.Contains(html, want) {
			t.Errorf("report lacks %q", want)
		}
	}
}

func TestReportRendersInChromium(t *testing.T) {
	t.Parallel() // waits on an external program
	chromium := chromiumPath(t)
	if chromium == "" {
		return
	}
	out := filepath.Join(t.TempDir(), "case")
	exportCase(t, out, false)
	page := "file://" + filepath.Join(out, ReportFile)
	shot := filepath.Join(t.TempDir(), "report.png")
	pdf := filepath.Join(t.TempDir(), "report.pdf")
	if keep := os.Getenv("AFTERIMAGE_REPORT_SCREENSHOT"); keep != "" {
		shot, pdf = keep, keep+".pdf"
	}
	run := func(args ...string) []byte {
		ctx, cancel := context.WithTimeout(context.Background(), 90*time.Second)
		defer cancel()
		base := []string{"--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
			"--disable-component-update", "--disable-sync", "--no-first-run", "--user-data-dir=" + t.TempDir()}
		cmd := exec.CommandContext(ctx, chromium, append(base, args...)...)
		var stdout, stderr bytes.Buffer
		cmd.Stdout, cmd.Stderr = &stdout, &stderr
		if err := cmd.Run(); err != nil {
			t.Errorf("chromium %v: %v\n%s", args, err, stderr.String())
		}
		return stdout.Bytes()
	}
	var wg sync.WaitGroup
	wg.Add(2)
	go func() { defer wg.Done(); run("--screenshot="+shot, "--window-size=1200,3000", page) }()
	go func() { defer wg.Done(); run("--print-to-pdf="+pdf, "--no-pdf-header-footer", page) }()
	wg.Wait()
	for _, p := range []string{shot, pdf} {
		b, err := os.ReadFile(p)
		if err != nil || len(b) < 10000 {
			t.Fatalf("%s: %d bytes, %v", p, len(b), err)
		}
	}
	if n := bytes.Count(mustRead(t, pdf), []byte("/Type /Page\n")) + bytes.Count(mustRead(t, pdf), []byte("/Type/Page")); n != 0 && n < 8 {
		t.Errorf("PDF has %d pages, want at least one per exhibit plus the summary", n)
	}
}

func mustRead(t *testing.T, p string) []byte {
	b, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	return b
}
