package export

import (
	"bufio"
	"bytes"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// warcioCLI returns the command line of warcio.js (the npm package
// "warcio", webrecorder's independent WARC reader), or nil when it is not
// installed. Under CI a missing warcio fails the test: .ci/run installs
// it with `npm install -g warcio@2.4.11`.
func warcioCLI(t *testing.T) []string {
	node, err := exec.LookPath("node")
	if err == nil {
		cli := os.Getenv("WARCIO_CLI")
		if cli == "" {
			if root, err := exec.Command("npm", "root", "-g").Output(); err == nil {
				cli = filepath.Join(strings.TrimSpace(string(root)), "warcio", "dist", "cli.js")
			}
		}
		if _, err := os.Stat(cli); err == nil {
			return []string{node, cli}
		}
	}
	if os.Getenv("CI") != "" {
		t.Fatal("node and the npm package warcio are needed (npm install -g warcio@2.4.11)")
	}
	t.Log("warcio.js not installed: the independent WARC index check did not run")
	return nil
}

type cdxLine struct {
	URL      string `json:"url"`
	Offset   string `json:"offset"`
	Length   string `json:"length"`
	Status   string `json:"status"`
	Filename string `json:"filename"`
}

// TestWARCsReadByWarcioJS indexes the bundle's WARC files with warcio.js
// and compares what it finds with the WACZ's own CDXJ index: same
// records at the same offsets and lengths.
func TestWARCsReadByWarcioJS(t *testing.T) {
	t.Parallel() // waits on an external program
	cli := warcioCLI(t)
	if cli == nil {
		return
	}
	out := filepath.Join(t.TempDir(), "case")
	exportCase(t, out, false)
	ours := map[string]bool{}
	for _, l := range cdxLines(t, indexOf(t, filepath.Join(out, WACZFile))) {
		ours[l.Filename+" "+l.URL+" "+l.Offset+" "+l.Length+" "+l.Status] = true
	}
	theirs := map[string]bool{}
	paths := extractWARCs(t, filepath.Join(out, WACZFile))
	args := []string{cli[1], "cdx-index"}
	for _, p := range paths {
		args = append(args, filepath.Base(p))
	}
	cmd := exec.Command(cli[0], args...)
	cmd.Dir = filepath.Dir(paths[0])
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	b, err := cmd.Output()
	if err != nil {
		t.Fatalf("warcio.js cdx-index: %v\n%s", err, stderr.String())
	}
	for _, l := range cdxLines(t, b) {
		theirs[l.Filename+" "+l.URL+" "+l.Offset+" "+l.Length+" "+l.Status] = true
	}
	for k := range ours {
		if !theirs[k] {
			t.Errorf("warcio.js does not find the indexed record %s", k)
		}
	}
	if len(ours) == 0 || len(theirs) != len(ours) {
		t.Errorf("warcio.js indexed %d records, the WACZ index has %d", len(theirs), len(ours))
	}
}

func indexOf(t *testing.T, waczPath string) []byte {
	t.Helper()
	b, err := exec.Command("unzip", "-p", waczPath, "indexes/index.cdx").Output()
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func cdxLines(t *testing.T, b []byte) []cdxLine {
	t.Helper()
	var out []cdxLine
	sc := bufio.NewScanner(bytes.NewReader(b))
	for sc.Scan() {
		_, js, ok := strings.Cut(sc.Text(), " {")
		if !ok {
			t.Fatalf("not a CDXJ line: %q", sc.Text())
		}
		var l cdxLine
		if err := json.Unmarshal([]byte("{"+js), &l); err != nil {
			t.Fatal(err)
		}
		out = append(out, l)
	}
	return out
}
