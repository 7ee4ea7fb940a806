package export

import (
	"archive/zip"
	"context"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/afterimage-archive/afterimage/archive"
	"github.com/afterimage-archive/afterimage/archive/manifest"
)

func exportOptions(f *archiveFixture, out string, items []Item) Options {
	return Options{Store: f.store, Log: f.log, Items: items, Out: out, Filter: "--tag FreeIran --platform mastodon",
		Now: func() time.Time { return t0.Add(30 * time.Hour) }, Software: "afterimage 0.1.0-test", Title: "#FreeIran on mastodon.example"}
}

// exportCase builds the case archive and exports the selected items.
func exportCase(t *testing.T, out string, full bool) (*archiveFixture, Result) {
	t.Helper()
	f := newArchive(t)
	buildCase(f)
	opt := exportOptions(f, out, f.items(selectedIDs...))
	opt.Full = full
	var copied int64
	opt.Progress = func(n int64) { copied = n }
	res, err := Export(context.Background(), opt)
	if err != nil {
		t.Fatal(err)
	}
	if copied != res.WARCBytes || copied == 0 {
		t.Errorf("progress ended at %d bytes, %d copied", copied, res.WARCBytes)
	}
	return f, res
}

// verifyClean runs VerifyBundle and fails on any problem.
func verifyClean(t *testing.T, path, vkey string) Checked {
	t.Helper()
	var probs []string
	c, err := VerifyBundle(context.Background(), path, VerifyOptions{VKey: vkey}, func(p Problem) { probs = append(probs, p.String()) })
	if err != nil {
		t.Fatal(err)
	}
	if len(probs) > 0 {
		t.Fatalf("%d problems:\n%s", len(probs), strings.Join(probs, "\n"))
	}
	return c
}

func TestExportDirectoryBundle(t *testing.T) {
	out := filepath.Join(t.TempDir(), "case")
	f, res := exportCase(t, out, false)
	for _, name := range []string{WACZFile, ItemsCSV, ItemsJSONL, AccountsCSV, ObservationsCSV, RecordsCSV, ReportFile,
		VerifyFile, SumsFile, CheckpointFile, KeyFile} {
		if _, err := os.Stat(filepath.Join(out, name)); err != nil {
			t.Errorf("bundle lacks %s: %v", name, err)
		}
	}
	for _, c := range f.captures {
		for _, name := range []string{ManifestFile(c), ProofFile(c)} {
			if _, err := os.Stat(filepath.Join(out, name)); err != nil {
				t.Errorf("bundle lacks %s", name)
			}
		}
	}
	// The real sha256sum accepts the checksum list.
	cmd := exec.Command("sha256sum", "--strict", "-c", SumsFile)
	cmd.Dir = out
	if b, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("sha256sum -c: %v\n%s", err, b)
	}
	c := verifyClean(t, out, f.vkey)
	if c.Manifests != 3 || c.Proofs != 3 || c.Checkpoint != 3 || !c.WACZSigned || c.KeyFromBundle || c.Records != res.Records {
		t.Errorf("checked %+v, result %+v", c, res)
	}
	if len(res.Event.Items) != len(selectedIDs) || len(res.Event.Captures) != 3 || res.Event.Bundle != "case" {
		t.Errorf("event %+v", res.Event)
	}
	sums, _ := os.ReadFile(filepath.Join(out, SumsFile))
	if res.Event.SHA256 != hexSum(sha256Bytes(sums)) {
		t.Error("event hash is not the SHA-256 of SHA256SUMS")
	}
	_, b, err := EventManifest(res.Event, manifest.Context{Software: "afterimage 0.1.0-test", Command: "export"}, t0, t0.Add(time.Minute))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := manifest.Parse(b); err != nil {
		t.Fatalf("event manifest does not parse back: %v", err)
	}
	if leftovers, _ := filepath.Glob(filepath.Join(filepath.Dir(out), ".case.tmp-*")); len(leftovers) > 0 {
		t.Errorf("temporary files left: %v", leftovers)
	}
}

func TestExportSelectsOnlyTheItemsRecords(t *testing.T) {
	out := filepath.Join(t.TempDir(), "case")
	f, _ := exportCase(t, out, false)
	warcs := extractWARCs(t, filepath.Join(out, WACZFile))
	var all strings.Builder
	got := map[string]bool{}
	for _, path := range warcs {
		for _, r := range readStrict(t, path) {
			got[r.id] = true
			all.WriteString(r.uri + "\n")
		}
	}
	// The unselected post and account must not leak; every record of the
	// selected items, their requests and the warcinfo records must be there.
	if s := all.String(); strings.Contains(s, "/105") || strings.Contains(s, "acct=dave") || strings.Contains(s, "dave.png") {
		t.Errorf("unselected records leaked:\n%s", s)
	}
	want := 0
	for _, cid := range f.captures {
		m := f.m[cid]
		excluded := onlyUnselected(m)
		for _, r := range m.Records {
			if excluded[r.ID] {
				if got[r.ID] {
					t.Errorf("record %s (%s) of an unselected item leaked", r.ID, r.TargetURI)
				}
				continue
			}
			want++
			if !got[r.ID] {
				t.Errorf("capture %s: record %s (%s %s) missing from the bundle", cid[:8], r.ID, r.Type, r.TargetURI)
			}
		}
	}
	if len(got) != want {
		t.Errorf("bundle holds %d records, want %d", len(got), want)
	}
	names := strings.Join(warcs, " ")
	if !strings.Contains(names, ".selected.warc.gz") {
		t.Errorf("first capture should be a selection: %s", names)
	}
}

func TestExportZipBundle(t *testing.T) {
	out := filepath.Join(t.TempDir(), "case.zip")
	f, _ := exportCase(t, out, false)
	c := verifyClean(t, out, "")
	if !c.KeyFromBundle || c.Proofs != 3 {
		t.Errorf("checked %+v", c)
	}
	zr, err := zip.OpenReader(out)
	if err != nil {
		t.Fatal(err)
	}
	for _, zf := range zr.File {
		if zf.Name == WACZFile && zf.Method != zip.Store {
			t.Error("evidence.wacz is compressed inside the bundle ZIP")
		}
	}
	zr.Close()
	dir := t.TempDir()
	if b, err := exec.Command("unzip", "-q", out, "-d", dir).CombinedOutput(); err != nil {
		t.Fatalf("unzip: %v %s", err, b)
	}
	cmd := exec.Command("sha256sum", "--strict", "-c", SumsFile)
	cmd.Dir = dir
	if b, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("sha256sum -c: %v\n%s", err, b)
	}
	verifyClean(t, dir, f.vkey)
}

func TestExportFullCopiesWholeWARCs(t *testing.T) {
	out := filepath.Join(t.TempDir(), "case")
	f, _ := exportCase(t, out, true)
	warcs := extractWARCs(t, filepath.Join(out, WACZFile))
	if len(warcs) != len(f.captures) {
		t.Fatalf("%d WARCs for %d captures", len(warcs), len(f.captures))
	}
	for _, p := range warcs {
		b, _ := os.ReadFile(p)
		if name := strings.TrimSuffix(filepath.Base(p), ".warc.gz"); hexSum(sha256Bytes(b)) != name {
			t.Errorf("%s is not a whole copy of the stored WARC", p)
		}
	}
	verifyClean(t, out, f.vkey)
}

func TestExportNothingSelectedWritesNothing(t *testing.T) {
	f := newArchive(t)
	buildCase(f)
	out := filepath.Join(t.TempDir(), "none")
	_, err := Export(context.Background(), exportOptions(f, out, nil))
	if !errors.Is(err, ErrNothingSelected) {
		t.Fatalf("err = %v", err)
	}
	noRecords := []Item{{ID: "web:https://example.org/", Platform: "web", Kind: "page"}}
	_, err = Export(context.Background(), exportOptions(f, out, noRecords))
	if !errors.Is(err, ErrNothingSelected) || !strings.Contains(err.Error(), "nothing was written") {
		t.Fatalf("err = %v", err)
	}
	if _, err := os.Stat(out); !os.IsNotExist(err) {
		t.Fatalf("output exists after an empty export: %v", err)
	}
}

func TestExportRefusesExistingOutput(t *testing.T) {
	f := newArchive(t)
	buildCase(f)
	out := t.TempDir()
	os.WriteFile(filepath.Join(out, "keep.txt"), []byte("mine"), 0o644)
	_, err := Export(context.Background(), exportOptions(f, out, f.items(selectedIDs...)))
	if !errors.Is(err, os.ErrExist) {
		t.Fatalf("err = %v", err)
	}
	if b, _ := os.ReadFile(filepath.Join(out, "keep.txt")); string(b) != "mine" {
		t.Fatal("existing output touched")
	}
}

func TestExportFailsOnMissingOrCorruptWARC(t *testing.T) {
	for _, tc := range []struct {
		name string
		harm func(path string) error
		want error
	}{
		{"missing", os.Remove, archive.ErrNotFound},
		{"corrupt", func(p string) error { return flipByte(p, 300) }, archive.ErrCorrupt},
		{"short", func(p string) error { return os.Truncate(p, 500) }, archive.ErrCorrupt},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := newArchive(t)
			buildCase(f)
			key := f.m[f.captures[0]].WARCs[0].Key
			path := filepath.Join(f.dir, "store", filepath.FromSlash(key))
			os.Chmod(path, 0o644)
			if err := tc.harm(path); err != nil {
				t.Fatal(err)
			}
			parent := t.TempDir()
			out := filepath.Join(parent, "case.zip")
			_, err := Export(context.Background(), exportOptions(f, out, f.items(selectedIDs...)))
			if !errors.Is(err, tc.want) || !strings.Contains(err.Error(), key) {
				t.Fatalf("err = %v, want %v naming %s", err, tc.want, key)
			}
			if ents, _ := os.ReadDir(parent); len(ents) != 0 {
				t.Fatalf("export left %v behind", ents[0].Name())
			}
		})
	}
}

func TestExportFailsOnMissingManifest(t *testing.T) {
	f := newArchive(t)
	buildCase(f)
	sum, _ := archive.ParseHex(f.captures[1])
	key := archive.ManifestKey(sum)
	os.Remove(filepath.Join(f.dir, "store", filepath.FromSlash(key)))
	_, err := Export(context.Background(), exportOptions(f, filepath.Join(t.TempDir(), "x"), f.items(selectedIDs...)))
	if !errors.Is(err, archive.ErrNotFound) || !strings.Contains(err.Error(), key) {
		t.Fatalf("err = %v", err)
	}
}

func flipByte(path string, off int64) error {
	fh, err := os.OpenFile(path, os.O_RDWR, 0)
	if err != nil {
		return err
	}
	defer fh.Close()
	b := make([]byte, 1)
	if _, err := fh.ReadAt(b, off); err != nil {
		return err
	}
	b[0] ^= 0x20
	_, err = fh.WriteAt(b, off)
	return err
}

// onlyUnselected returns the records of m that back only unselected
// items (with their concurrent records).
func onlyUnselected(m *manifest.Manifest) map[string]bool {
	selected := map[string]bool{}
	for _, id := range selectedIDs {
		selected[id] = true
	}
	refs := func(want bool) map[string]bool {
		out := map[string]bool{}
		for _, it := range m.Items {
			if selected[it.ID] == want || (want && selected[it.Author]) {
				for _, r := range it.Records {
					out[r] = true
				}
			}
		}
		for _, o := range m.Observations {
			if selected[o.Item] == want {
				for _, r := range o.Records {
					out[r] = true
				}
			}
		}
		for _, r := range m.Records {
			if out[r.ConcurrentTo] {
				out[r.ID] = true
			}
		}
		return out
	}
	sel, unsel := refs(true), refs(false)
	for id := range sel {
		delete(unsel, id)
	}
	return unsel
}
