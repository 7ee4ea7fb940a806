package spool

import (
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"time"

	"github.com/afterimage-archive/afterimage/archive/manifest"
	"github.com/afterimage-archive/afterimage/archive/warc"
)

// File names inside a capture directory.
const (
	fileContext      = "context.json"
	fileWARCOpen     = "data.warc.gz.open"
	fileWARC         = "data.warc.gz"
	fileRecords      = "records.jsonl"
	fileItems        = "items.jsonl"
	fileObservations = "observations.jsonl"
	fileFailures     = "failures.jsonl"
	fileCursors      = "cursors.json"
	fileSealed       = "sealed.json"
	fileRedactions   = "redactions.jsonl"
)

// Spool is a directory of captures waiting to be stored.
type Spool struct {
	dir string
	now func() time.Time
}

// Open opens (creating) the spool directory.
func Open(dir string, now func() time.Time) (*Spool, error) {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, fmt.Errorf("spool: %w", err)
	}
	return &Spool{dir: dir, now: now}, nil
}

// Dir returns the spool directory.
func (s *Spool) Dir() string { return s.dir }

type contextFile struct {
	Context manifest.Context `json:"context"`
	Started string           `json:"started"`
}

type sealedFile struct {
	Finished string `json:"finished"`
	Size     int64  `json:"size"`
	SHA256   string `json:"sha256"`
}

// Capture is one capture being recorded. Its methods are safe for
// concurrent use.
type Capture struct {
	dir        string
	now        func() time.Time
	w          *warc.Writer
	mu         sync.Mutex
	files      map[string]*jsonl
	cursors    map[string]string
	redactions map[string]bool
	side       sideData // in-memory copy of the side files
	sealed     bool
	err        error // first failure to write a side file, reported by Seal
}

// Begin starts a capture: a new directory, its context, and a WARC whose
// first record is the warcinfo.
func (s *Spool) Begin(mc manifest.Context, info warc.Warcinfo, opts ...warc.Option) (*Capture, error) {
	var rnd [8]byte
	if _, err := rand.Read(rnd[:]); err != nil {
		return nil, fmt.Errorf("spool: %w", err)
	}
	started := s.now().UTC()
	name := started.Format("20060102T150405Z") + "-" + hex.EncodeToString(rnd[:])
	dir := filepath.Join(s.dir, name)
	if err := os.Mkdir(dir, 0o700); err != nil {
		return nil, fmt.Errorf("spool: %w", err)
	}
	if err := writeJSONFile(filepath.Join(dir, fileContext), contextFile{Context: mc, Started: formatTime(started)}); err != nil {
		return nil, err
	}
	info.Filename = fileWARC
	w, err := warc.Create(filepath.Join(dir, fileWARCOpen), info, s.now, opts...)
	if err != nil {
		return nil, fmt.Errorf("spool: %w", err)
	}
	c := &Capture{dir: dir, now: s.now, w: w, files: map[string]*jsonl{}, cursors: map[string]string{}}
	wi := w.Warcinfo()
	c.AddRecord(RecordFromWritten(wi, 0, "", "", wi.Date, wi.Date))
	return c, nil
}

// Dir returns the capture's spool directory.
func (c *Capture) Dir() string { return c.dir }

// WARC returns the writer that records go into.
func (c *Capture) WARC() *warc.Writer { return c.w }

// AddRecord notes a record written to the WARC. Records are listed in the
// manifest in the order they were added.
func (c *Capture) AddRecord(r manifest.Record) { c.append(fileRecords, r) }

// Item implements crawler.Sink.
func (c *Capture) Item(it manifest.Item) { c.append(fileItems, it) }

// Observe implements crawler.Sink. An observation without a time gets the
// capture clock's time.
func (c *Capture) Observe(o manifest.Observation) {
	if o.At == "" {
		o.At = formatTime(c.now())
	}
	c.append(fileObservations, o)
}

// Fail notes a fetch that produced no response.
func (c *Capture) Fail(url string, err error) {
	c.append(fileFailures, manifest.Failure{URL: url, Error: err.Error(), At: formatTime(c.now())})
}

// Redacted notes a redaction (what was left out of the WARC, and where);
// each distinct description is listed once in the manifest context.
func (c *Capture) Redacted(desc string) {
	c.mu.Lock()
	if c.redactions == nil {
		c.redactions = map[string]bool{}
	}
	seen := c.redactions[desc]
	c.redactions[desc] = true
	c.mu.Unlock()
	if !seen {
		c.append(fileRedactions, desc)
	}
}

// Get returns a cursor value set in this capture ("" if unset).
func (c *Capture) Get(key string) string {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.cursors[key]
}

// Set sets a cursor value; it is committed once the capture is stored.
func (c *Capture) Set(key, value string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.cursors[key] = value
}

func (c *Capture) append(name string, v any) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.sealed {
		return
	}
	f := c.files[name]
	if f == nil {
		var err error
		if f, err = openJSONL(filepath.Join(c.dir, name)); err != nil {
			if c.err == nil {
				c.err = fmt.Errorf("spool %s: %w", name, err)
			}
			return
		}
		c.files[name] = f
	}
	f.add(v)
	c.side.add(v)
}

// Seal finishes the capture: the WARC is flushed, fsynced and renamed, the
// side files are synced, and sealed.json is written last.
func (c *Capture) Seal() error {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.sealed {
		return nil
	}
	c.sealed = true
	s, err := c.w.Seal()
	if err != nil {
		return err
	}
	if c.err != nil {
		return c.err
	}
	for name, f := range c.files {
		if err := f.close(); err != nil {
			return fmt.Errorf("spool %s: %w", name, err)
		}
	}
	if err := writeJSONFile(filepath.Join(c.dir, fileCursors), c.cursors); err != nil {
		return err
	}
	if err := os.Rename(filepath.Join(c.dir, fileWARCOpen), filepath.Join(c.dir, fileWARC)); err != nil {
		return fmt.Errorf("spool seal: %w", err)
	}
	return writeJSONFile(filepath.Join(c.dir, fileSealed), sealedFile{
		Finished: formatTime(c.now()), Size: s.Size, SHA256: s.Hex()})
}

// RecordFromWritten converts a written WARC record into its manifest entry.
func RecordFromWritten(w warc.Written, status int, contentType, concurrentTo string, start, end time.Time) manifest.Record {
	if concurrentTo == "" && len(w.ConcurrentTo) > 0 {
		concurrentTo = w.ConcurrentTo[0]
	}
	return manifest.Record{
		ID: w.ID, Type: w.Type, TargetURI: w.TargetURI, ConcurrentTo: concurrentTo,
		Offset: w.Offset, Length: w.Length, SHA256: w.SHA256,
		BlockDigest: w.BlockDigest, PayloadDigest: w.PayloadDigest,
		Status: status, ContentType: contentType, IPAddress: w.IPAddress, Truncated: w.Truncated,
		FetchStart: formatTime(start), FetchEnd: formatTime(end),
	}
}

func formatTime(t time.Time) string { return t.UTC().Format(time.RFC3339Nano) }

// jsonl appends JSON lines; each line goes to the file in one write as it
// is added (no fsync), so a killed process leaves complete lines behind.
type jsonl struct {
	f   *os.File
	err error
}

func openJSONL(path string) (*jsonl, error) {
	f, err := os.OpenFile(path, os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o600)
	if err != nil {
		return nil, err
	}
	return &jsonl{f: f}, nil
}

func (j *jsonl) add(v any) {
	b, err := json.Marshal(v)
	if err == nil && j.err == nil {
		_, err = j.f.Write(append(b, '\n'))
	}
	if err != nil && j.err == nil {
		j.err = err
	}
}

func (j *jsonl) close() error {
	err := j.err
	if err == nil {
		err = j.f.Sync()
	}
	if cerr := j.f.Close(); err == nil {
		err = cerr
	}
	return err
}

func writeJSONFile(path string, v any) error {
	b, err := json.Marshal(v)
	if err != nil {
		return fmt.Errorf("spool %s: %w", filepath.Base(path), err)
	}
	tmp := path + ".tmp"
	f, err := os.OpenFile(tmp, os.O_CREATE|os.O_WRONLY|os.O_TRUNC, 0o600)
	if err == nil {
		_, err = f.Write(b)
		if err == nil {
			err = f.Sync()
		}
		if cerr := f.Close(); err == nil {
			err = cerr
		}
	}
	if err == nil {
		err = os.Rename(tmp, path)
	}
	if err != nil {
		return fmt.Errorf("spool %s: %w", filepath.Base(path), err)
	}
	return nil
}
