package export

import (
	"archive/zip"
	"bufio"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"github.com/afterimage-archive/afterimage/archive/export/hashio"
)

// fileSum is one file of the bundle with its SHA-256 and size.
type fileSum struct {
	Path   string // slash-separated, relative to the bundle
	SHA256 string
	Size   int64
}

// sink receives the bundle's files one at a time, hashing each, and
// publishes them all at once (commit) or not at all (abort).
type sink interface {
	// create starts the next file (finishing the one before); stored
	// asks a ZIP bundle not to compress it.
	create(name string, stored bool) (io.Writer, error)
	// finish ends the current file.
	finish() error
	// sums lists the files written and finished, by path.
	sums() []fileSum
	// commit publishes the bundle under its final name.
	commit() error
	abort()
}

// checkOut refuses an output path that exists, unless it is an empty
// directory (and the bundle is a directory).
func checkOut(out string) error {
	fi, err := os.Stat(out)
	if errors.Is(err, os.ErrNotExist) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("export: %w", err)
	}
	if fi.IsDir() && !isZip(out) {
		ents, err := os.ReadDir(out)
		if err != nil {
			return fmt.Errorf("export: %w", err)
		}
		if len(ents) == 0 {
			return nil
		}
	}
	return fmt.Errorf("export: %s already exists and is not an empty directory: %w", out, os.ErrExist)
}

func isZip(out string) bool { return strings.HasSuffix(strings.ToLower(out), ".zip") }

// newSink returns the sink for out: a ZIP file when out ends in ".zip",
// else a directory. It writes next to out under a temporary name.
func newSink(out string, now time.Time) (sink, error) {
	if isZip(out) {
		return newZipSink(out, now)
	}
	return newDirSink(out)
}

// hashed tracks the current file of a sink.
type hashed struct {
	list []fileSum
	cur  *hashio.Writer
	name string
}

func (h *hashed) start(name string, w io.Writer) io.Writer {
	h.cur, h.name = hashio.New(w), name
	return h.cur
}

func (h *hashed) done() {
	if h.cur == nil {
		return
	}
	s, n := h.cur.Hex()
	h.list = append(h.list, fileSum{Path: h.name, SHA256: s, Size: n})
	h.cur = nil
}

func (h *hashed) sums() []fileSum {
	out := append([]fileSum(nil), h.list...)
	sort.Slice(out, func(i, j int) bool { return out[i].Path < out[j].Path })
	return out
}

// dirSink writes files into a temporary directory renamed to out.
type dirSink struct {
	hashed
	out, tmp string
	f        *os.File
	sw       *syncWriter
	bw       *bufio.Writer
}

func newDirSink(out string) (*dirSink, error) {
	tmp, err := os.MkdirTemp(filepath.Dir(out), "."+filepath.Base(out)+".tmp-")
	if err != nil {
		return nil, fmt.Errorf("export: %w", err)
	}
	return &dirSink{out: out, tmp: tmp}, nil
}

func (d *dirSink) create(name string, _ bool) (io.Writer, error) {
	if err := d.finish(); err != nil {
		return nil, err
	}
	p := filepath.Join(d.tmp, filepath.FromSlash(name))
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		return nil, fmt.Errorf("export: %w", err)
	}
	f, err := os.OpenFile(p, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if err != nil {
		return nil, fmt.Errorf("export: %w", err)
	}
	d.f, d.sw = f, newSyncWriter(f)
	d.bw = bufio.NewWriterSize(d.sw, 256<<10)
	return d.start(name, d.bw), nil
}

func (d *dirSink) finish() error {
	if d.f == nil {
		return nil
	}
	d.done()
	err := d.bw.Flush()
	if serr := d.sw.close(); err == nil {
		err = serr
	}
	if cerr := d.f.Close(); err == nil {
		err = cerr
	}
	d.f = nil
	if err != nil {
		return fmt.Errorf("export: write %s: %w", d.name, err)
	}
	return nil
}

func (d *dirSink) commit() error {
	if err := d.finish(); err != nil {
		return err
	}
	if err := os.Chmod(d.tmp, 0o755); err != nil {
		return fmt.Errorf("export: %w", err)
	}
	if err := syncDirs(d.tmp); err != nil {
		return err
	}
	if err := os.Rename(d.tmp, d.out); err != nil {
		return fmt.Errorf("export: publish %s: %w", d.out, err)
	}
	return syncDir(filepath.Dir(d.out))
}

func (d *dirSink) abort() {
	d.done()
	if d.f != nil {
		d.sw.close()
		d.f.Close()
	}
	os.RemoveAll(d.tmp)
}

// zipSink writes files into a temporary ZIP file linked to out.
type zipSink struct {
	hashed
	out string
	f   *os.File
	sw  *syncWriter
	bw  *bufio.Writer
	zw  *zip.Writer
	now time.Time
}

func newZipSink(out string, now time.Time) (*zipSink, error) {
	f, err := os.CreateTemp(filepath.Dir(out), "."+filepath.Base(out)+".tmp-")
	if err != nil {
		return nil, fmt.Errorf("export: %w", err)
	}
	sw := newSyncWriter(f)
	bw := bufio.NewWriterSize(sw, 256<<10)
	return &zipSink{out: out, f: f, sw: sw, bw: bw, zw: zip.NewWriter(bw), now: now}, nil
}

func (z *zipSink) create(name string, stored bool) (io.Writer, error) {
	z.done()
	method := zip.Deflate
	if stored {
		method = zip.Store
	}
	w, err := z.zw.CreateHeader(&zip.FileHeader{Name: name, Method: method, Modified: z.now})
	if err != nil {
		return nil, fmt.Errorf("export: %s: %w", name, err)
	}
	return z.start(name, w), nil
}

func (z *zipSink) finish() error { z.done(); return nil }

func (z *zipSink) commit() error {
	z.done()
	err := z.zw.Close()
	if err == nil {
		err = z.bw.Flush()
	}
	if serr := z.sw.close(); err == nil {
		err = serr
	}
	if cerr := z.f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return fmt.Errorf("export: write %s: %w", z.out, err)
	}
	// A link never replaces an existing file, unlike a rename.
	if err := os.Link(z.f.Name(), z.out); err != nil {
		return fmt.Errorf("export: publish %s: %w", z.out, err)
	}
	os.Remove(z.f.Name())
	return syncDir(filepath.Dir(z.out))
}

func (z *zipSink) abort() {
	z.done()
	z.sw.close()
	z.f.Close()
	os.Remove(z.f.Name())
}

// syncDirs makes the directory entries under root durable.
func syncDirs(root string) error {
	return filepath.WalkDir(root, func(p string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			return syncDir(p)
		}
		return nil
	})
}

func syncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return fmt.Errorf("export: sync %s: %w", dir, err)
	}
	defer d.Close()
	if err := d.Sync(); err != nil {
		return fmt.Errorf("export: sync %s: %w", dir, err)
	}
	return nil
}

// syncEvery is how many bytes are written between two background
// flushes of a file.
const syncEvery = 32 << 20

// syncWriter writes to a file and has the bytes written so far flushed
// to disk on another goroutine every syncEvery bytes, so that the disk
// works while the export goes on and the final fsync is short.
type syncWriter struct {
	f       *os.File
	pending int64
	kick    chan struct{}
	done    chan error
	closed  bool
}

func newSyncWriter(f *os.File) *syncWriter {
	s := &syncWriter{f: f, kick: make(chan struct{}, 1), done: make(chan error, 1)}
	go func() {
		var first error
		for range s.kick {
			if err := f.Sync(); err != nil && first == nil {
				first = err
			}
		}
		s.done <- first
	}()
	return s
}

// Write writes p and asks for a background flush every syncEvery bytes.
func (s *syncWriter) Write(p []byte) (int, error) {
	n, err := s.f.Write(p)
	s.pending += int64(n)
	if s.pending >= syncEvery {
		s.pending = 0
		select {
		case s.kick <- struct{}{}:
		default: // a flush is under way; the next one covers these bytes
		}
	}
	return n, err
}

// close stops the background flushes and makes every byte durable.
func (s *syncWriter) close() error {
	if s.closed {
		return nil
	}
	s.closed = true
	close(s.kick)
	err := <-s.done
	if serr := s.f.Sync(); err == nil {
		err = serr
	}
	return err
}
