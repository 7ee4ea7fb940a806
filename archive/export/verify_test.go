package export

import (
	"context"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// copyTree copies a bundle directory so a test can damage it.
func copyTree(t *testing.T, src string) string {
	t.Helper()
	dst := filepath.Join(t.TempDir(), "copy")
	err := filepath.Walk(src, func(p string, fi os.FileInfo, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(src, p)
		if fi.IsDir() {
			return os.MkdirAll(filepath.Join(dst, rel), 0o755)
		}
		in, err := os.Open(p)
		if err != nil {
			return err
		}
		defer in.Close()
		out, err := os.Create(filepath.Join(dst, rel))
		if err != nil {
			return err
		}
		defer out.Close()
		_, err = io.Copy(out, in)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return dst
}

func problems(t *testing.T, path, vkey string) []Problem {
	t.Helper()
	var ps []Problem
	if _, err := VerifyBundle(context.Background(), path, VerifyOptions{VKey: vkey}, func(p Problem) { ps = append(ps, p) }); err != nil {
		t.Fatal(err)
	}
	return ps
}

func TestVerifyNamesTheFlippedFile(t *testing.T) {
	out := filepath.Join(t.TempDir(), "case")
	f, _ := exportCase(t, out, false)
	waczSize := fileSize(t, filepath.Join(out, WACZFile))
	cases := []struct {
		file string
		off  int64
		also string // a further problem the damage must cause, "" for none
	}{
		{WACZFile, waczSize / 3, "evidence.wacz:archive/"}, // inside a stored WARC
		{ManifestFile(f.captures[1]), 40, "proofs/" + f.captures[1] + ".tlog-proof"},
		{ProofFile(f.captures[0]), 40, ""},
		{CheckpointFile, 30, CheckpointFile},
		{ItemsCSV, 10, ""},
		{ReportFile, 200, ""},
		{AccountsCSV, 5, ""},
	}
	for _, tc := range cases {
		t.Run(strings.ReplaceAll(tc.file, "/", "_"), func(t *testing.T) {
			dir := copyTree(t, out)
			if err := flipByte(filepath.Join(dir, filepath.FromSlash(tc.file)), tc.off); err != nil {
				t.Fatal(err)
			}
			ps := problems(t, dir, f.vkey)
			var named, also bool
			var all []string
			for _, p := range ps {
				all = append(all, p.String())
				named = named || p.File == tc.file
				also = also || tc.also == "" || strings.HasPrefix(p.File, tc.also)
			}
			if !named || !also {
				t.Fatalf("flipping a byte of %s: problems do not name it (or %q):\n%s", tc.file, tc.also, strings.Join(all, "\n"))
			}
		})
	}
}

func TestVerifyWithAnotherKeyFails(t *testing.T) {
	out := filepath.Join(t.TempDir(), "case")
	exportCase(t, out, false)
	other := newArchive(t)
	ps := problems(t, out, other.vkey)
	var key, cp bool
	for _, p := range ps {
		key = key || p.File == KeyFile
		cp = cp || p.File == CheckpointFile
	}
	if !key || !cp {
		t.Fatalf("a foreign trusted key is not reported: %v", ps)
	}
}

func TestVerifyReportsExtraAndMissingFiles(t *testing.T) {
	out := filepath.Join(t.TempDir(), "case")
	f, _ := exportCase(t, out, false)
	dir := copyTree(t, out)
	os.WriteFile(filepath.Join(dir, "extra.txt"), []byte("x"), 0o644)
	os.Remove(filepath.Join(dir, ObservationsCSV))
	got := map[string]bool{}
	for _, p := range problems(t, dir, f.vkey) {
		got[p.File] = true
	}
	if !got["extra.txt"] || !got[ObservationsCSV] {
		t.Fatalf("problems %v", got)
	}
	if _, err := VerifyBundle(context.Background(), filepath.Join(dir, "nope"), VerifyOptions{}, func(Problem) {}); err == nil {
		t.Fatal("a missing bundle did not fail to run")
	}
}

func fileSize(t *testing.T, p string) int64 {
	fi, err := os.Stat(p)
	if err != nil {
		t.Fatal(err)
	}
	return fi.Size()
}
