package export

import (
	"bufio"
	"encoding/csv"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"strings"

	"github.com/afterimage-archive/afterimage/archive/export/wacz"
	"github.com/afterimage-archive/afterimage/archive/warc"
)

// checkWACZ checks evidence.wacz and reads back every WARC record in it.
func (v *verifier) checkWACZ() error {
	if !v.names[WACZFile] {
		v.problem(WACZFile, "missing")
		return nil
	}
	ra, size, release, err := v.b.readerAt(WACZFile)
	if err != nil {
		v.problem(WACZFile, "cannot open: %v", err)
		return nil
	}
	defer release()
	info, err := wacz.Check(ra, size, func(p wacz.Problem) { v.problem(WACZFile+":"+p.Path, "%s", p.What) })
	if err != nil {
		v.problem(WACZFile, "%v", err)
		return nil
	}
	v.checked.WACZSigned = info.Signed
	for _, w := range info.WARCs {
		if err := v.checkWARC(io.NewSectionReader(ra, w.Offset, w.Size), w); err != nil {
			return err
		}
	}
	v.checkAllCopied()
	return nil
}

// checkWARC scans one WARC of the WACZ: every finding is a problem, and
// every record must be one a manifest lists, with the same member
// SHA-256 and digests.
func (v *verifier) checkWARC(r io.Reader, w wacz.WARCFile) error {
	file := WACZFile + ":" + w.Path
	name := strings.TrimPrefix(w.Path, "archive/")
	sum, err := warc.Scan(v.ctx, r, func(e *warc.Entry) error {
		v.checked.Records++
		for _, f := range e.Findings {
			v.problem(file, "%s", f)
		}
		v.copied[fmt.Sprintf("%s@%d", name, e.Offset)] = e.SHA256
		v.compareRecord(file, e)
		return nil
	})
	if err != nil {
		if v.ctx.Err() != nil {
			return v.ctx.Err()
		}
		v.problem(file, "cannot read: %v", err)
		return nil
	}
	for _, f := range sum.Findings {
		v.problem(file, "%s", f)
	}
	if id, ok := strings.CutSuffix(name, ".warc.gz"); ok && isHex(id) && len(id) == 64 {
		if got := hex.EncodeToString(sum.SHA256[:]); got != id {
			v.problem(file, "is named as a whole stored WARC but its SHA-256 is %s", got)
		}
	}
	return nil
}

// compareRecord checks one record read back against its manifest entry.
func (v *verifier) compareRecord(file string, e *warc.Entry) {
	ro, ok := v.records[e.ID]
	if !ok {
		v.problem(file, "record %s at offset %d is listed by no manifest in %s", e.ID, e.Offset, ProofsDir)
		return
	}
	r := ro.rec
	diff := func(field, want, got string) {
		if want != got {
			v.problem(file, "record %s at offset %d: %s is %q, manifest %s says %q", e.ID, e.Offset, field, got, ro.capture, want)
		}
	}
	diff("member SHA-256", r.SHA256, e.SHA256)
	diff("length", fmt.Sprint(r.Length), fmt.Sprint(e.Length))
	diff("type", r.Type, e.Type)
	diff("target URI", r.TargetURI, e.TargetURI)
	diff("block digest", r.BlockDigest, e.BlockDigest)
	// Scan checks the header's payload digest against the payload (a
	// finding when they differ); the manifest records the header's.
	diff("payload digest", r.PayloadDigest, e.Header.Get("WARC-Payload-Digest"))
}

// checkAllCopied checks that records.csv matches what the WARCs hold.
func (v *verifier) checkAllCopied() {
	rc, err := v.b.open(RecordsCSV)
	if err != nil {
		v.problem(RecordsCSV, "missing")
		return
	}
	defer rc.Close()
	rows, err := csv.NewReader(bufio.NewReader(rc)).ReadAll()
	if err != nil || len(rows) == 0 {
		v.problem(RecordsCSV, "not a CSV table: %v", err)
		return
	}
	for i, row := range rows[1:] {
		if len(row) < 13 {
			v.problem(RecordsCSV, "line %d: %d columns", i+2, len(row))
			continue
		}
		file := strings.TrimPrefix(row[11], "archive/")
		got, ok := v.copied[file+"@"+row[12]]
		switch {
		case !ok:
			v.problem(RecordsCSV, "line %d: no record at %s offset %s", i+2, row[11], row[12])
		case got != row[5]:
			v.problem(RecordsCSV, "line %d: record %s has SHA-256 %s in the WACZ, the table says %s", i+2, row[1], got, row[5])
		}
	}
}

// checkTables checks that the captures items.jsonl names have manifests.
func (v *verifier) checkTables() error {
	rc, err := v.b.open(ItemsJSONL)
	if err != nil {
		v.problem(ItemsJSONL, "missing")
		return nil
	}
	defer rc.Close()
	sc := bufio.NewScanner(rc)
	sc.Buffer(nil, 64<<20)
	for n := 1; sc.Scan(); n++ {
		var row ItemRow
		if err := json.Unmarshal(sc.Bytes(), &row); err != nil {
			v.problem(ItemsJSONL, "line %d: %v", n, err)
			continue
		}
		for _, c := range row.Captures {
			if !v.names[ManifestFile(c)] {
				v.problem(ItemsJSONL, "line %d: item %s names capture %s, which has no manifest in %s", n, row.ID, c, ProofsDir)
			}
		}
	}
	if err := sc.Err(); err != nil {
		v.problem(ItemsJSONL, "cannot read: %v", err)
	}
	return nil
}
