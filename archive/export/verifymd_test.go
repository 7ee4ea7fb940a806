package export

import (
	"encoding/csv"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// TestVerifyMDInstructionsWork runs the checks VERIFY.md gives a third
// party: its Python script over the proofs and openssl over the
// checkpoint signature, on a sound bundle and on a damaged one.
func TestVerifyMDInstructionsWork(t *testing.T) {
	t.Parallel() // waits on an external program
	python, err := exec.LookPath("python3")
	if err != nil {
		t.Fatal("python3 is needed to check VERIFY.md's script")
	}
	out := filepath.Join(t.TempDir(), "case")
	f, _ := exportCase(t, out, false)
	md, _ := os.ReadFile(filepath.Join(out, VerifyFile))
	script := codeBlock(t, string(md), "```python\n")
	scriptPath := filepath.Join(t.TempDir(), "check.py")
	os.WriteFile(scriptPath, []byte(script), 0o644)
	sigDir := t.TempDir()
	cmd := exec.Command(python, scriptPath, sigDir)
	cmd.Dir = out
	b, err := cmd.CombinedOutput()
	if err != nil || strings.Count(string(b), "OK   ") != 3 {
		t.Fatalf("VERIFY.md script: %v\n%s", err, b)
	}
	if !strings.Contains(string(md), "openssl pkeyutl -verify") {
		t.Fatal("VERIFY.md lacks the signature check")
	}
	if openssl, err := exec.LookPath("openssl"); err == nil {
		cmd := exec.Command(openssl, "pkeyutl", "-verify", "-pubin", "-keyform", "DER", "-inkey", filepath.Join(sigDir, "key.der"),
			"-rawin", "-in", filepath.Join(sigDir, "msg.txt"), "-sigfile", filepath.Join(sigDir, "sig.bin"))
		if b, err := cmd.CombinedOutput(); err != nil || !strings.Contains(string(b), "Signature Verified Successfully") {
			t.Fatalf("openssl: %v\n%s", err, b)
		}
	} else if os.Getenv("CI") != "" {
		t.Fatal("openssl is not installed")
	}
	// The per-record check of VERIFY.md, with the shell tools it names.
	checkRecordByShell(t, out)
	// A damaged manifest makes the script fail.
	dir := copyTree(t, out)
	flipByte(filepath.Join(dir, filepath.FromSlash(ManifestFile(f.captures[2]))), 50)
	cmd = exec.Command(python, scriptPath, t.TempDir())
	cmd.Dir = dir
	if b, err := cmd.CombinedOutput(); err == nil || !strings.Contains(string(b), "FAIL "+f.captures[2]) {
		t.Fatalf("damaged manifest passed VERIFY.md's script: %v\n%s", err, b)
	}
}

// codeBlock returns the first fenced block opened by fence.
func codeBlock(t *testing.T, md, fence string) string {
	t.Helper()
	_, rest, ok := strings.Cut(md, fence)
	body, _, ok2 := strings.Cut(rest, "```\n")
	if !ok || !ok2 {
		t.Fatalf("no %q block", fence)
	}
	return body
}

// checkRecordByShell follows VERIFY.md for the last row of records.csv:
// unzip the WACZ, cut the member out with tail and head, hash it.
func checkRecordByShell(t *testing.T, out string) {
	t.Helper()
	rows := readCSV(t, filepath.Join(out, RecordsCSV))
	row := rows[len(rows)-1]
	dir := t.TempDir()
	script := `unzip -q -o "$1" -d wacz && tail -c +$(($3 + 1)) "wacz/$2" | head -c "$4" | sha256sum`
	cmd := exec.Command("sh", "-c", script, "sh", filepath.Join(out, WACZFile), row[11], row[12], row[10])
	cmd.Dir = dir
	b, err := cmd.CombinedOutput()
	if err != nil || !strings.HasPrefix(string(b), row[5]+" ") {
		t.Fatalf("shell check of record %s: %v\n%s (want %s)", row[1], err, b, row[5])
	}
}

func readCSV(t *testing.T, path string) [][]string {
	t.Helper()
	fh, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer fh.Close()
	rows, err := csv.NewReader(fh).ReadAll()
	if err != nil || len(rows) < 2 {
		t.Fatalf("%s: %v", path, err)
	}
	return rows
}
