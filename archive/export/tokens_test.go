package export

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/afterimage-archive/afterimage/archive/tsa"
	"github.com/afterimage-archive/afterimage/archive/tsa/tsatest"
)

func TestExportCarriesCheckpointTimestamps(t *testing.T) {
	ctx := context.Background()
	f := newArchive(t)
	buildCase(f)
	url, roots, rootPEM := tsatest.Start(t)
	if _, err := f.log.Timestamp(ctx, &tsa.Client{}, []tsa.Authority{{URL: url, Roots: roots}}, f.log.Latest()); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(t.TempDir(), "case")
	if _, err := Export(ctx, exportOptions(f, out, f.items(selectedIDs...))); err != nil {
		t.Fatal(err)
	}
	var probs []string
	c, err := VerifyBundle(ctx, out, VerifyOptions{VKey: f.vkey, TSARoots: roots}, func(p Problem) { probs = append(probs, p.String()) })
	if err != nil || len(probs) > 0 || c.Tokens != 1 {
		t.Fatalf("tokens %d, problems %v, err %v", c.Tokens, probs, err)
	}
	// Without the authority's root the token cannot be trusted: a problem
	// naming the token file.
	probs = nil
	VerifyBundle(ctx, out, VerifyOptions{VKey: f.vkey}, func(p Problem) { probs = append(probs, p.String()) })
	if len(probs) != 1 || !strings.HasPrefix(probs[0], TokenFile(0)+": ") {
		t.Fatalf("problems %v", probs)
	}
	// The openssl command VERIFY.md gives accepts the token.
	md, _ := os.ReadFile(filepath.Join(out, VerifyFile))
	if !strings.Contains(string(md), "openssl ts -verify -data proofs/checkpoint -in proofs/checkpoint.tsr.0") {
		t.Fatal("VERIFY.md lacks the timestamp check")
	}
	if openssl, err := exec.LookPath("openssl"); err == nil {
		ca := filepath.Join(t.TempDir(), "root.pem")
		os.WriteFile(ca, rootPEM, 0o644)
		cmd := exec.Command(openssl, "ts", "-verify", "-data", CheckpointFile, "-in", TokenFile(0), "-CAfile", ca)
		cmd.Dir = out
		if b, err := cmd.CombinedOutput(); err != nil || !strings.Contains(string(b), "Verification: OK") {
			t.Fatalf("openssl ts -verify: %v\n%s", err, b)
		}
	}
}
