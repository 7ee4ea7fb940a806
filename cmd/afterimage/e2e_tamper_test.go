package main

import (
	"bytes"
	"net/http/httptest"
	"os"
	"strings"
	"testing"

	"github.com/afterimage-archive/afterimage/archive/evlog"
	"golang.org/x/mod/sumdb/note"
)

// tampered is an archive of three captures, ready to be damaged: the
// first capture's WARC, the second's manifest, the latest checkpoint.
type tampered struct {
	e          *testEnv
	c1, c2, c3 captured
}

func newTampered(t *testing.T) *tampered {
	t.Helper()
	srv := httptest.NewServer(testSite())
	t.Cleanup(srv.Close)
	e := newEnv(t, "")
	c1 := parseCapture(t, e.mustRun("capture", srv.URL+"/"))
	c2 := parseCapture(t, e.mustRun("capture", srv.URL+"/about"))
	c3 := parseCapture(t, e.mustRun("capture", srv.URL+"/deeper"))
	if v := e.mustRun("verify"); !strings.Contains(v.stdout, "all sound") {
		t.Fatalf("verify before tampering:\n%s", v)
	}
	return &tampered{e: e, c1: c1, c2: c2, c3: c3}
}

func (tp *tampered) warcKey() string     { return "warc/" + tp.c1.warc + ".warc.gz" }
func (tp *tampered) manifestKey() string { return "manifests/" + tp.c2.manifest + ".json" }
func (tp *tampered) checkpointKey() string {
	return evlog.CheckpointKey(tp.c3.size)
}

// flipWARCByte flips one byte in the middle of the first capture's WARC.
func (tp *tampered) flipWARCByte(t *testing.T) {
	p := tp.e.writableObject(tp.warcKey())
	b, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	b[len(b)/2] ^= 0x01
	if err := os.WriteFile(p, b, 0o444); err != nil {
		t.Fatal(err)
	}
}

// deleteManifest removes the second capture's manifest.
func (tp *tampered) deleteManifest(t *testing.T) {
	if err := os.Remove(tp.e.writableObject(tp.manifestKey())); err != nil {
		t.Fatal(err)
	}
}

// resignCheckpoint replaces the latest checkpoint by the same text signed
// by another key of the same name.
func (tp *tampered) resignCheckpoint(t *testing.T) {
	p := tp.e.writableObject(tp.checkpointKey())
	b, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	text, _, ok := bytes.Cut(b, []byte("\n\n"))
	if !ok {
		t.Fatalf("checkpoint %s is not a signed note:\n%s", tp.checkpointKey(), b)
	}
	skey, _, err := evlog.GenerateKey("test.afterimage.local/log")
	if err != nil {
		t.Fatal(err)
	}
	signer, err := note.NewSigner(skey)
	if err != nil {
		t.Fatal(err)
	}
	forged, err := note.Sign(&note.Note{Text: string(text) + "\n"}, signer)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, forged, 0o444); err != nil {
		t.Fatal(err)
	}
}

// editCheckpoint changes the root hash of the latest checkpoint and keeps
// its signature.
func (tp *tampered) editCheckpoint(t *testing.T) {
	p := tp.e.writableObject(tp.checkpointKey())
	b, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.SplitN(string(b), "\n", 4)
	root := []byte(lines[2])
	if root[0] == 'A' {
		root[0] = 'B'
	} else {
		root[0] = 'A'
	}
	lines[2] = string(root)
	if err := os.WriteFile(p, []byte(strings.Join(lines, "\n")), 0o444); err != nil {
		t.Fatal(err)
	}
}

// wantProblems runs verify and checks it exits 1 naming each key.
func wantProblems(t *testing.T, e *testEnv, keys ...string) cliResult {
	t.Helper()
	r := e.run("verify")
	if r.code != exitProblems {
		t.Fatalf("verify of a tampered archive: exit %d (%v), want 1\n%s", r.code, r.err, r)
	}
	ps := problemLines(r)
	for _, k := range keys {
		found := false
		for _, p := range ps {
			if strings.HasPrefix(p, "PROBLEM "+k) {
				found = true
			}
		}
		if !found {
			t.Errorf("verify does not name %s:\n%s", k, r)
		}
	}
	if strings.Contains(r.stdout, "all sound") {
		t.Errorf("verify says all sound:\n%s", r)
	}
	return r
}

func TestVerifyFlippedWARCByte(t *testing.T) {
	t.Parallel()
	tp := newTampered(t)
	tp.flipWARCByte(t)
	r := wantProblems(t, tp.e, tp.warcKey())
	if !strings.Contains(r.stdout, "SHA-256") {
		t.Errorf("verify does not say the hash is wrong:\n%s", r)
	}
}

func TestVerifyDeletedManifest(t *testing.T) {
	t.Parallel()
	tp := newTampered(t)
	tp.deleteManifest(t)
	wantProblems(t, tp.e, tp.manifestKey())
}

func TestVerifyForgedCheckpoint(t *testing.T) {
	t.Parallel()
	tp := newTampered(t)
	tp.resignCheckpoint(t)
	wantProblems(t, tp.e, tp.checkpointKey())
	// Nothing is appended to a log whose checkpoint does not verify.
	before := tp.e.objects()
	r := tp.e.run("capture", "http://127.0.0.1:9/")
	if r.code != exitUsage || !strings.Contains(r.err.Error(), tp.checkpointKey()) {
		t.Errorf("capture onto a forged checkpoint: exit %d (%v), want 2 naming %s", r.code, r.err, tp.checkpointKey())
	}
	if after := tp.e.objects(); len(after) != len(before) {
		t.Errorf("capture onto a forged checkpoint stored objects: %d before, %d after", len(before), len(after))
	}
}

func TestVerifyEditedCheckpoint(t *testing.T) {
	t.Parallel()
	tp := newTampered(t)
	tp.editCheckpoint(t)
	wantProblems(t, tp.e, tp.checkpointKey())
}

func TestVerifyListsEveryProblem(t *testing.T) {
	t.Parallel()
	tp := newTampered(t)
	tp.flipWARCByte(t)
	tp.deleteManifest(t)
	tp.resignCheckpoint(t)
	r := wantProblems(t, tp.e, tp.warcKey(), tp.manifestKey(), tp.checkpointKey())
	if !strings.Contains(r.stdout, "problems found") {
		t.Errorf("verify does not count the problems:\n%s", r)
	}
}
