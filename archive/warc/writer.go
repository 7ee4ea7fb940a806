package warc

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"hash"
	"io"
	"os"
	"path/filepath"
	"sync"
	"time"
)

// ErrSealed is returned by Write and Seal on a Writer that was sealed.
var ErrSealed = errors.New("warc writer is sealed")

// Writer appends records to one spool WARC file. It is safe for concurrent
// use: Write compresses in the caller's goroutine and holds the file lock
// only to append the finished member.
type Writer struct {
	path     string
	now      func() time.Time
	newID    func() string
	level    int
	memLimit int64
	pool     sync.Pool // *compressor
	warcinfo Written
	mu       sync.Mutex // guards everything below
	f        *os.File
	bw       *bufio.Writer
	fileHash hash.Hash
	size     int64
	err      error // sticky: a failed append leaves the file unusable
	sealed   bool
}

// Sealed describes a sealed file.
type Sealed struct {
	Path   string
	Size   int64
	SHA256 [32]byte
}

// Hex returns the file's SHA-256 as lowercase hex.
func (s Sealed) Hex() string { return hex.EncodeToString(s.SHA256[:]) }

// Option configures a Writer.
type Option func(*Writer)

// WithIDFunc makes the writer name records with f instead of NewRecordID
// (golden tests use a fixed sequence). f must return "<uri>" values.
func WithIDFunc(f func() string) Option { return func(w *Writer) { w.newID = f } }

// DefaultLevel is the gzip level a Writer uses unless WithLevel says
// otherwise. On ~1.3 KB HTML records level 3 costs about half of level 6
// (the per-member setup of the slower matchers dominates small members)
// for members about 1.5% larger.
const DefaultLevel = 3

// WithLevel sets the gzip level (default DefaultLevel).
func WithLevel(level int) Option { return func(w *Writer) { w.level = level } }

// WithMemberBufferLimit sets the largest block compressed in memory
// (default 4 MiB). A larger block is compressed into a temporary file next
// to the spool outside the lock, then copied into the spool under it.
func WithMemberBufferLimit(n int64) Option { return func(w *Writer) { w.memLimit = n } }

// Create creates the spool file at path (it must not exist) and writes its
// warcinfo record, dated by now. Errors come from creating or writing the
// file or from an invalid Warcinfo value.
func Create(path string, info Warcinfo, now func() time.Time, opts ...Option) (*Writer, error) {
	w := &Writer{
		path:     path,
		now:      now,
		newID:    NewRecordID,
		level:    DefaultLevel,
		memLimit: 4 << 20,
		fileHash: sha256.New(),
	}
	for _, o := range opts {
		o(w)
	}
	w.pool.New = func() any {
		c, err := newCompressor(w.level)
		if err != nil {
			return err
		}
		return c
	}
	block, err := info.block()
	if err != nil {
		return nil, fmt.Errorf("warc create %s: warcinfo: %w", path, err)
	}
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if err != nil {
		return nil, fmt.Errorf("warc create %s: %w", path, err)
	}
	w.f = f
	w.bw = bufio.NewWriterSize(f, 1<<20)
	rec := Record{
		Type:        TypeWarcinfo,
		ContentType: ContentTypeWarcFields,
		Block:       bytes.NewReader(block),
		BlockLen:    int64(len(block)),
	}
	if info.Filename != "" {
		rec.Extra = []Field{{"WARC-Filename", info.Filename}}
	}
	w.warcinfo, err = w.write(rec)
	if err != nil {
		f.Close()
		os.Remove(path)
		return nil, fmt.Errorf("warc create %s: %w", path, err)
	}
	return w, nil
}

// Path returns the spool file's path.
func (w *Writer) Path() string { return w.path }

// Warcinfo returns the file's warcinfo record as written.
func (w *Writer) Warcinfo() Written { return w.warcinfo }

// NewID returns a new record id from the writer's id function, for callers
// that link records before writing them (WARC-Concurrent-To).
func (w *Writer) NewID() string { return w.newID() }

// Now returns the time from the writer's clock.
func (w *Writer) Now() time.Time { return w.now() }

// Write writes rec as one gzip member and describes it. Empty ID, Date,
// WarcinfoID and BlockDigest are filled in (see Record). A warcinfo record
// is refused: the writer wrote the file's one warcinfo record. Errors mean
// the record was not written: an invalid record, a block shorter than
// BlockLen or failing to read, or a failed append (after which every Write
// fails: the file must be recovered with Recover).
func (w *Writer) Write(rec Record) (Written, error) {
	if rec.Type == "" || rec.Type == TypeWarcinfo {
		return Written{}, fmt.Errorf("warc write %s: record type %q not allowed", w.path, rec.Type)
	}
	if rec.WarcinfoID == "" {
		rec.WarcinfoID = w.warcinfo.ID
	}
	return w.write(rec)
}

func (w *Writer) write(rec Record) (Written, error) {
	if rec.ID == "" {
		rec.ID = w.newID()
	}
	if rec.Date.IsZero() {
		rec.Date = w.now()
	}
	if rec.Block == nil && rec.BlockLen > 0 {
		return Written{}, fmt.Errorf("warc write %s: %w", rec.ID, errBlockNil)
	}
	v := w.pool.Get()
	c, ok := v.(*compressor)
	if !ok {
		return Written{}, fmt.Errorf("warc write %s: %w", rec.ID, v.(error))
	}
	defer w.pool.Put(c)
	if err := c.blockDigest(&rec); err != nil {
		return Written{}, err
	}
	if err := c.header(&rec); err != nil {
		return Written{}, fmt.Errorf("warc write %s: %w", rec.ID, err)
	}
	var off, n int64
	var sum []byte
	var err error
	if rec.BlockLen <= w.memLimit {
		c.out.Reset()
		if sum, err = c.compress(&c.out, &rec); err != nil {
			return Written{}, err
		}
		n = int64(c.out.Len())
		off, err = w.append(c.out.Bytes())
		if c.out.Cap() > 2*int(w.memLimit)+(1<<20) {
			c.out = bytes.Buffer{}
		}
	} else {
		off, n, sum, err = w.writeLarge(c, &rec)
	}
	if err != nil {
		return Written{}, err
	}
	return written(&rec, off, n, sum), nil
}

func written(rec *Record, off, n int64, sum []byte) Written {
	return Written{
		ID:            rec.ID,
		Type:          rec.Type,
		TargetURI:     rec.TargetURI,
		ConcurrentTo:  rec.ConcurrentTo,
		Date:          rec.Date.UTC(),
		IPAddress:     rec.IPAddress,
		Truncated:     rec.Truncated,
		Offset:        off,
		Length:        n,
		SHA256:        hex.EncodeToString(sum),
		BlockLen:      rec.BlockLen,
		BlockDigest:   rec.BlockDigest,
		PayloadDigest: rec.PayloadDigest,
	}
}

// append adds one complete member to the file and returns its offset.
func (w *Writer) append(member []byte) (int64, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	if err := w.usable(); err != nil {
		return 0, err
	}
	off := w.size
	_, err := w.bw.Write(member)
	if err == nil {
		err = w.bw.Flush() // whole members reach the file as they are written: a killed process loses none
	}
	if err != nil {
		w.err = fmt.Errorf("warc append %s at %d: %w", w.path, off, err)
		return 0, w.err
	}
	w.fileHash.Write(member)
	w.size += int64(len(member))
	return off, nil
}

func (w *Writer) usable() error {
	if w.sealed {
		return ErrSealed
	}
	return w.err
}

// writeLarge compresses a big block into a temporary file outside the lock
// and copies the member into the spool under it, so a failing block reader
// never leaves half a member in the spool.
func (w *Writer) writeLarge(c *compressor, rec *Record) (off, n int64, sum []byte, err error) {
	tmp, err := os.CreateTemp(filepath.Dir(w.path), ".member-*")
	if err != nil {
		return 0, 0, nil, fmt.Errorf("warc write %s: %w", rec.ID, err)
	}
	defer os.Remove(tmp.Name())
	defer tmp.Close()
	tb := bufio.NewWriterSize(tmp, 256<<10)
	if sum, err = c.compress(tb, rec); err != nil {
		return 0, 0, nil, err
	}
	if err = tb.Flush(); err != nil {
		return 0, 0, nil, fmt.Errorf("warc write %s: %w", rec.ID, err)
	}
	if n, err = tmp.Seek(0, io.SeekCurrent); err != nil {
		return 0, 0, nil, fmt.Errorf("warc write %s: %w", rec.ID, err)
	}
	if _, err = tmp.Seek(0, io.SeekStart); err != nil {
		return 0, 0, nil, fmt.Errorf("warc write %s: %w", rec.ID, err)
	}
	off, err = w.appendFrom(tmp, n, c.copy)
	return off, n, sum, err
}

// appendFrom copies n member bytes from r into the file under the lock.
func (w *Writer) appendFrom(r io.Reader, n int64, buf []byte) (int64, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	if err := w.usable(); err != nil {
		return 0, err
	}
	off := w.size
	got, err := io.CopyBuffer(io.MultiWriter(w.bw, w.fileHash), io.LimitReader(r, n), buf)
	if err == nil && got != n {
		err = io.ErrUnexpectedEOF
	}
	if err == nil {
		err = w.bw.Flush()
	}
	if err != nil {
		w.err = fmt.Errorf("warc append %s at %d: %w", w.path, off, err)
		return 0, w.err
	}
	w.size += n
	return off, nil
}

// Size returns the number of bytes written to the file so far.
func (w *Writer) Size() int64 {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.size
}

// Seal flushes, fsyncs and closes the file and returns its size and SHA-256
// (computed while writing; the file is not read back). After Seal every
// Write fails with ErrSealed. An error means the file may be incomplete; a
// second Seal returns ErrSealed.
func (w *Writer) Seal() (Sealed, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.sealed {
		return Sealed{}, ErrSealed
	}
	w.sealed = true
	err := w.err
	if err == nil {
		err = w.bw.Flush()
	}
	if err == nil {
		err = w.f.Sync()
	}
	if cerr := w.f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return Sealed{}, fmt.Errorf("warc seal %s: %w", w.path, err)
	}
	s := Sealed{Path: w.path, Size: w.size}
	w.fileHash.Sum(s.SHA256[:0])
	return s, nil
}
