package export

import (
	"archive/zip"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/nlnwa/gowarc/v3"
)

// extractWARCs copies the WARC files out of a WACZ and returns their
// paths.
func extractWARCs(t *testing.T, waczPath string) []string {
	t.Helper()
	zr, err := zip.OpenReader(waczPath)
	if err != nil {
		t.Fatal(err)
	}
	defer zr.Close()
	dir := t.TempDir()
	var out []string
	for _, zf := range zr.File {
		if !strings.HasPrefix(zf.Name, "archive/") {
			continue
		}
		rc, err := zf.Open()
		if err != nil {
			t.Fatal(err)
		}
		p := filepath.Join(dir, filepath.Base(zf.Name))
		w, _ := os.Create(p)
		if _, err := io.Copy(w, rc); err != nil {
			t.Fatal(err)
		}
		w.Close()
		rc.Close()
		out = append(out, p)
	}
	return out
}

type readRecord struct{ id, uri, typ string }

// readStrict reads a WARC with gowarc's strict validation, checking every
// record's digests, and fails on any problem.
func readStrict(t *testing.T, path string) []readRecord {
	t.Helper()
	r, err := gowarc.NewWarcFileReader(path, 0, gowarc.WithStrictValidation())
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	var out []readRecord
	for rec, err := range r.Records() {
		if err != nil {
			t.Fatalf("%s: record %d: %v", filepath.Base(path), len(out), err)
		}
		if len(rec.Validation) > 0 {
			t.Errorf("%s offset %d: validation %v", filepath.Base(path), rec.Offset, rec.Validation)
		}
		if v, err := rec.WarcRecord.ValidateDigest(); err != nil || len(v) > 0 {
			t.Errorf("%s offset %d: digests %v %v", filepath.Base(path), rec.Offset, err, v)
		}
		h := rec.WarcRecord.WarcHeader()
		out = append(out, readRecord{id: "<" + rec.WarcRecord.RecordId() + ">", uri: h.Get(gowarc.WarcTargetURI), typ: rec.WarcRecord.Type().String()})
		rec.Close()
	}
	if len(out) == 0 || out[0].typ != "warcinfo" {
		t.Errorf("%s does not start with a warcinfo record", filepath.Base(path))
	}
	return out
}
