package wacz

import (
	"archive/zip"
	"bytes"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"path"
	"strings"
	"time"

	"github.com/afterimage-archive/afterimage/archive/export/hashio"
)

// File names inside a WACZ.
const (
	IndexPath       = "indexes/index.cdx"
	PagesPath       = "pages/pages.jsonl"
	DataPackagePath = "datapackage.json"
	DigestPath      = "datapackage-digest.json"
	// Version is the WACZ version written.
	Version = "1.1.1"
)

// Options describes the WACZ being written.
type Options struct {
	Software    string    // e.g. "afterimage 0.1.0"
	Version     string    // signedData.version: the signing software's version
	Title       string    // datapackage title
	Description string    // datapackage description (Markdown)
	Created     time.Time // datapackage created and signedData created
	Rand        io.Reader // randomness for the signing key; nil means crypto/rand
}

// Resource is one file listed in datapackage.json.
type Resource struct {
	Name  string `json:"name"`
	Path  string `json:"path"`
	Hash  string `json:"hash"` // "sha256:<hex>"
	Bytes int64  `json:"bytes"`
}

// Page is one line of pages/pages.jsonl.
type Page struct {
	ID    string    `json:"id"`
	URL   string    `json:"url"`
	Title string    `json:"title,omitempty"`
	TS    time.Time `json:"ts"`
}

// DataPackage is datapackage.json.
type DataPackage struct {
	Profile      string     `json:"profile"`
	WACZVersion  string     `json:"wacz_version"`
	Title        string     `json:"title,omitempty"`
	Description  string     `json:"description,omitempty"`
	Created      string     `json:"created"`
	Modified     string     `json:"modified"`
	Software     string     `json:"software"`
	MainPageURL  string     `json:"mainPageUrl,omitempty"`
	MainPageDate string     `json:"mainPageDate,omitempty"`
	Resources    []Resource `json:"resources"`
}

// Digest is datapackage-digest.json.
type Digest struct {
	Path       string      `json:"path"`
	Hash       string      `json:"hash"`
	SignedData *SignedData `json:"signedData,omitempty"`
}

// Writer writes one WACZ to an io.Writer, file by file. It is not safe
// for concurrent use.
type Writer struct {
	zw        *zip.Writer
	opt       Options
	created   string
	resources []Resource
	cur       *hashio.Writer
	curPath   string
	index     []IndexEntry
	pages     []Page
}

// NewWriter starts a WACZ on w. Close finishes it; w is not closed.
func NewWriter(w io.Writer, opt Options) *Writer {
	if opt.Rand == nil {
		opt.Rand = rand.Reader
	}
	return &Writer{zw: zip.NewWriter(w), opt: opt, created: opt.Created.UTC().Format(time.RFC3339)}
}

// CreateWARC starts the WARC file archive/<name>, stored uncompressed, and
// returns the writer its bytes go to, valid until the next call of
// CreateWARC or Close. name must end in ".warc.gz" and hold no slash.
func (w *Writer) CreateWARC(name string) (io.Writer, error) {
	if strings.Contains(name, "/") || !strings.HasSuffix(name, ".warc.gz") {
		return nil, fmt.Errorf("wacz: WARC name %q is not <name>.warc.gz", name)
	}
	return w.create("archive/"+name, zip.Store)
}

// Index adds a line to the CDXJ index written by Close.
func (w *Writer) Index(e IndexEntry) { w.index = append(w.index, e) }

// AddPage adds a page to pages/pages.jsonl, in the order added. The first
// page is the package's main page.
func (w *Writer) AddPage(p Page) { w.pages = append(w.pages, p) }

// create finishes the current file and starts the next.
func (w *Writer) create(name string, method uint16) (io.Writer, error) {
	w.finish()
	fw, err := w.zw.CreateHeader(&zip.FileHeader{Name: name, Method: method, Modified: w.opt.Created})
	if err != nil {
		return nil, fmt.Errorf("wacz: create %s: %w", name, err)
	}
	w.cur, w.curPath = hashio.New(fw), name
	return w.cur, nil
}

// finish records the current file as a resource.
func (w *Writer) finish() {
	if w.cur == nil {
		return
	}
	sum, n := w.cur.Sum()
	w.resources = append(w.resources, Resource{Name: path.Base(w.curPath), Path: w.curPath,
		Hash: "sha256:" + hex.EncodeToString(sum[:]), Bytes: n})
	w.cur = nil
}

// writeFile writes a whole small file.
func (w *Writer) writeFile(name string, b []byte) error {
	fw, err := w.create(name, zip.Deflate)
	if err != nil {
		return err
	}
	if _, err := fw.Write(b); err != nil {
		return fmt.Errorf("wacz: write %s: %w", name, err)
	}
	return nil
}

// Abandon stops a Writer that will not be closed (after a failure), so
// that it holds no goroutine. The WACZ written so far is incomplete.
func (w *Writer) Abandon() {
	if w.cur != nil {
		w.cur.Sum()
		w.cur = nil
	}
}

// Close writes the index, the pages, datapackage.json and its signed
// digest, and the ZIP directory. It returns the datapackage and digest
// written.
func (w *Writer) Close() (DataPackage, Digest, error) {
	if err := w.writeFile(IndexPath, w.indexBytes()); err != nil {
		return DataPackage{}, Digest{}, err
	}
	pages, err := w.pagesBytes()
	if err == nil {
		err = w.writeFile(PagesPath, pages)
	}
	if err != nil {
		return DataPackage{}, Digest{}, err
	}
	w.finish()
	dp := w.dataPackage()
	dpBytes, err := json.MarshalIndent(dp, "", "  ")
	if err != nil {
		return dp, Digest{}, fmt.Errorf("wacz: %w", err)
	}
	if err := w.writeFile(DataPackagePath, dpBytes); err != nil {
		return dp, Digest{}, err
	}
	dg, err := w.digest(dpBytes)
	if err != nil {
		return dp, dg, err
	}
	dgBytes, err := json.MarshalIndent(dg, "", "  ")
	if err == nil {
		err = w.writeFile(DigestPath, dgBytes)
	}
	w.cur = nil
	if err == nil {
		err = w.zw.Close()
	}
	if err != nil {
		return dp, dg, fmt.Errorf("wacz: close: %w", err)
	}
	return dp, dg, nil
}

func (w *Writer) indexBytes() []byte {
	SortEntries(w.index)
	var b bytes.Buffer
	for _, e := range w.index {
		b.WriteString(e.Line())
	}
	return b.Bytes()
}

func (w *Writer) pagesBytes() ([]byte, error) {
	var b bytes.Buffer
	b.WriteString(`{"format": "json-pages-1.0", "id": "pages", "title": "All Pages"}` + "\n")
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	for _, p := range w.pages {
		p.TS = p.TS.UTC()
		if err := enc.Encode(p); err != nil {
			return nil, fmt.Errorf("wacz: page %s: %w", p.URL, err)
		}
	}
	return b.Bytes(), nil
}

func (w *Writer) dataPackage() DataPackage {
	dp := DataPackage{Profile: "data-package", WACZVersion: Version, Title: w.opt.Title,
		Description: w.opt.Description, Created: w.created, Modified: w.created,
		Software: w.opt.Software, Resources: w.resources}
	if len(w.pages) > 0 {
		dp.MainPageURL = w.pages[0].URL
		dp.MainPageDate = w.pages[0].TS.UTC().Format(time.RFC3339)
	}
	return dp
}

func (w *Writer) digest(dpBytes []byte) (Digest, error) {
	hash := "sha256:" + sha256Hex(dpBytes)
	sig, pub, err := Sign(w.opt.Rand, hash)
	if err != nil {
		return Digest{}, err
	}
	if w.opt.Software == "" {
		return Digest{}, errors.New("wacz: no software name for signedData")
	}
	return Digest{Path: DataPackagePath, Hash: hash, SignedData: &SignedData{Hash: hash, Created: w.created,
		Software: w.opt.Software, Version: w.opt.Version, Signature: sig, PublicKey: pub}}, nil
}
