package wacz

import (
	"archive/zip"
	"bufio"
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"sort"
	"strconv"
	"strings"
)

var errBadLine = errors.New("not <key> <timestamp> <json>")

// Problem is one thing wrong with a WACZ: the file inside it concerned
// ("" for the WACZ as a whole) and what is wrong.
type Problem struct {
	Path string
	What string
}

// String formats the problem as "path: what".
func (p Problem) String() string {
	if p.Path == "" {
		return p.What
	}
	return p.Path + ": " + p.What
}

// WARCFile locates a stored (uncompressed) WARC inside the WACZ.
type WARCFile struct {
	Path   string // "archive/<name>"
	Offset int64  // of its first byte in the WACZ
	Size   int64
}

// Info is what Check found.
type Info struct {
	DataPackage DataPackage
	Digest      Digest
	Signed      bool // the signature verified
	WARCs       []WARCFile
	IndexLines  int
}

// Check verifies the WACZ in ra (size bytes) and calls report for every
// problem. It returns an error only when ra is not a readable ZIP, in
// which case nothing else could be checked.
func Check(ra io.ReaderAt, size int64, report func(Problem)) (Info, error) {
	zr, err := zip.NewReader(ra, size)
	if err != nil {
		return Info{}, fmt.Errorf("wacz: not a ZIP file: %w", err)
	}
	c := &checker{ra: ra, files: map[string]*zip.File{}, report: report}
	for _, f := range zr.File {
		if c.files[f.Name] != nil {
			c.problem(f.Name, "appears twice in the ZIP")
		}
		c.files[f.Name] = f
	}
	c.checkPackage()
	c.checkDigest()
	c.checkIndex()
	return c.info, nil
}

type checker struct {
	ra      io.ReaderAt
	files   map[string]*zip.File
	report  func(Problem)
	info    Info
	dpBytes []byte
}

func (c *checker) problem(path, format string, args ...any) {
	c.report(Problem{Path: path, What: fmt.Sprintf(format, args...)})
}

// read returns a whole small file, or nil after reporting why not.
func (c *checker) read(name string) []byte {
	f := c.files[name]
	if f == nil {
		c.problem(name, "missing")
		return nil
	}
	rc, err := f.Open()
	if err != nil {
		c.problem(name, "cannot open: %v", err)
		return nil
	}
	defer rc.Close()
	b, err := io.ReadAll(io.LimitReader(rc, 64<<20))
	if err != nil {
		c.problem(name, "cannot read: %v", err)
		return nil
	}
	return b
}

// checkPackage checks datapackage.json and every resource it lists.
func (c *checker) checkPackage() {
	c.dpBytes = c.read(DataPackagePath)
	if c.dpBytes == nil {
		return
	}
	dp := &c.info.DataPackage
	if err := json.Unmarshal(c.dpBytes, dp); err != nil {
		c.problem(DataPackagePath, "not JSON: %v", err)
		return
	}
	if dp.Profile != "data-package" || dp.WACZVersion != Version {
		c.problem(DataPackagePath, "profile %q, wacz_version %q: want data-package, %s", dp.Profile, dp.WACZVersion, Version)
	}
	listed := map[string]bool{DataPackagePath: true, DigestPath: true}
	for _, r := range dp.Resources {
		listed[r.Path] = true
		c.checkResource(r)
	}
	var names []string
	for name, f := range c.files {
		if !listed[name] && !f.FileInfo().IsDir() {
			names = append(names, name)
		}
	}
	sort.Strings(names)
	for _, name := range names {
		c.problem(name, "not listed in %s", DataPackagePath)
	}
	if _, ok := c.files[PagesPath]; !ok {
		c.problem(PagesPath, "missing (required by WACZ %s)", Version)
	}
	if len(c.info.WARCs) == 0 {
		c.problem("archive/", "no WARC file")
	}
}

// checkResource checks one listed file's hash and size.
func (c *checker) checkResource(r Resource) {
	f := c.files[r.Path]
	if f == nil {
		c.problem(r.Path, "listed in %s but missing", DataPackagePath)
		return
	}
	rc, err := f.Open()
	if err != nil {
		c.problem(r.Path, "cannot open: %v", err)
		return
	}
	defer rc.Close()
	h := sha256.New()
	n, err := io.Copy(h, rc)
	if err != nil {
		c.problem(r.Path, "cannot read: %v", err)
		return
	}
	if got := "sha256:" + hex.EncodeToString(h.Sum(nil)); got != r.Hash {
		c.problem(r.Path, "hash is %s, %s says %s", got, DataPackagePath, r.Hash)
	}
	if n != r.Bytes {
		c.problem(r.Path, "is %d bytes, %s says %d", n, DataPackagePath, r.Bytes)
	}
	if strings.HasPrefix(r.Path, "archive/") {
		c.noteWARC(f)
	}
}

// noteWARC records where a stored WARC lies, for record checks.
func (c *checker) noteWARC(f *zip.File) {
	if f.Method != zip.Store {
		c.problem(f.Name, "is compressed in the ZIP; WACZ requires WARCs to be stored")
		return
	}
	off, err := f.DataOffset()
	if err != nil {
		c.problem(f.Name, "cannot locate: %v", err)
		return
	}
	c.info.WARCs = append(c.info.WARCs, WARCFile{Path: f.Name, Offset: off, Size: int64(f.UncompressedSize64)})
}

// anonFields are the fields of an anonymous signedData, exactly.
var anonFields = []string{"created", "hash", "publicKey", "signature", "software", "version"}

// checkDigest checks datapackage-digest.json and its signature.
func (c *checker) checkDigest() {
	b := c.read(DigestPath)
	if b == nil || c.dpBytes == nil {
		return
	}
	var raw struct {
		Path       string                     `json:"path"`
		Hash       string                     `json:"hash"`
		SignedData map[string]json.RawMessage `json:"signedData"`
	}
	if err := json.Unmarshal(b, &raw); err != nil {
		c.problem(DigestPath, "not JSON: %v", err)
		return
	}
	if want := "sha256:" + sha256Hex(c.dpBytes); raw.Path != DataPackagePath || raw.Hash != want {
		c.problem(DigestPath, "names %s with %s; %s has %s", raw.Path, raw.Hash, DataPackagePath, want)
	}
	if raw.SignedData == nil {
		c.problem(DigestPath, "no signedData: the WACZ is not signed")
		return
	}
	var keys []string
	for k := range raw.SignedData {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	if strings.Join(keys, ",") != strings.Join(anonFields, ",") {
		c.problem(DigestPath, "signedData has fields %v, an anonymous signature has exactly %v", keys, anonFields)
		return
	}
	var sd SignedData
	_ = json.Unmarshal(b, &struct {
		SignedData *SignedData `json:"signedData"`
	}{&sd})
	c.info.Digest = Digest{Path: raw.Path, Hash: raw.Hash, SignedData: &sd}
	c.checkSignedData(sd, raw.Hash)
}

// checkSignedData checks an anonymous signature; Info.Signed is set only
// when every check passes.
func (c *checker) checkSignedData(sd SignedData, hash string) {
	ok := true
	if sd.Hash != hash {
		c.problem(DigestPath, "signedData.hash %s differs from hash %s (ReplayWeb.page shows it unsigned)", sd.Hash, hash)
		ok = false
	}
	if sd.Created != c.info.DataPackage.Created {
		c.problem(DigestPath, "signedData.created %q differs from %s created %q", sd.Created, DataPackagePath, c.info.DataPackage.Created)
		ok = false
	}
	if err := Verify(sd.Hash, sd.Signature, sd.PublicKey); err != nil {
		c.problem(DigestPath, "%v", err)
		ok = false
	}
	c.info.Signed = ok
}

// checkIndex checks that the CDXJ lines are sorted and that each one's
// recordDigest matches the bytes it points to.
func (c *checker) checkIndex() {
	b := c.read(IndexPath)
	if b == nil {
		return
	}
	warcs := map[string]WARCFile{}
	for _, w := range c.info.WARCs {
		warcs[strings.TrimPrefix(w.Path, "archive/")] = w
	}
	prev := ""
	sc := bufio.NewScanner(bytes.NewReader(b))
	sc.Buffer(nil, 1<<20)
	for n := 1; sc.Scan(); n++ {
		c.info.IndexLines++
		key, ts, f, err := parseLine(sc.Text())
		if err != nil {
			c.problem(IndexPath, "line %d: %v", n, err)
			continue
		}
		if k := key + " " + ts; k < prev {
			c.problem(IndexPath, "line %d: not sorted (%s after %s)", n, k, prev)
		} else {
			prev = k
		}
		c.checkLine(n, f, warcs)
	}
}

func (c *checker) checkLine(n int, f cdxjFields, warcs map[string]WARCFile) {
	w, ok := warcs[f.Filename]
	off, err1 := strconv.ParseInt(f.Offset, 10, 64)
	length, err2 := strconv.ParseInt(f.Length, 10, 64)
	switch {
	case !ok:
		c.problem(IndexPath, "line %d: names %q, which is not a stored WARC of this WACZ", n, f.Filename)
		return
	case err1 != nil || err2 != nil || off < 0 || length <= 0 || off+length > w.Size:
		c.problem(IndexPath, "line %d: offset %q length %q outside %s", n, f.Offset, f.Length, w.Path)
		return
	}
	h := sha256.New()
	if _, err := io.Copy(h, io.NewSectionReader(c.ra, w.Offset+off, length)); err != nil {
		c.problem(w.Path, "cannot read record at %d: %v", off, err)
		return
	}
	if got := "sha256:" + hex.EncodeToString(h.Sum(nil)); got != f.RecordDigest {
		c.problem(w.Path, "record at offset %d (%s) has SHA-256 %s, %s line %d says %s", off, f.URL, got, IndexPath, n, f.RecordDigest)
	}
}
