package warc

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"sync"

	"github.com/klauspost/compress/gzip"
)

// evKind is the kind of one event the decoder sends the hasher.
type evKind uint8

const (
	evChunk       evKind = iota // compressed bytes, in stream order
	evMemberStart               // a member starts at off
	evHeader                    // the record header (text) with its Content-Length
	evBlock                     // block bytes of the current record
	evFinding                   // a finding about the current record
	evMemberEnd                 // the member ends at off
	evStop                      // decoding stopped; later chunks are only hashed
)

type event struct {
	kind    evKind
	off     int64 // member offsets; Content-Length for evHeader
	data    []byte
	text    string
	finding *Finding
	chunk   *[]byte // the pooled buffer data lives in, for evChunk
}

// batch carries events and the output buffer their block bytes live in.
type batch struct {
	events   []event
	buf      []byte // the batch returns to the free list after the hasher is done
	findings []Finding
	lastGood int64
	done     bool
	err      error
}

// decoder inflates the stream member by member. It is the only reader of
// r; every byte it reads is copied into an evChunk so the hasher sees the
// whole stream.
type decoder struct {
	ctx     context.Context
	r       io.Reader
	out     chan<- *batch
	free    chan *batch
	chunks  *sync.Pool
	cur     *batch
	buf     []byte
	w       int // bytes of buf in use
	nread   int64
	readErr error
	br      *bufio.Reader
	gz      gzip.Reader
	parser  recParser
	nbufs   int // output buffers allocated so far
}

func newDecoder(ctx context.Context, r io.Reader, out chan<- *batch, free chan *batch, chunks *sync.Pool) *decoder {
	d := &decoder{ctx: ctx, r: r, out: out, free: free, chunks: chunks}
	d.br = bufio.NewReaderSize(teeReader{d}, 1<<20)
	return d
}

// teeReader reads the stream for bufio and copies each read into an evChunk.
type teeReader struct{ d *decoder }

func (t teeReader) Read(p []byte) (int, error) {
	n, err := t.d.r.Read(p)
	if n > 0 {
		c, _ := t.d.chunks.Get().(*[]byte)
		if c == nil || cap(*c) < n {
			b := make([]byte, max(n, 1<<20))
			c = &b
		}
		data := (*c)[:n]
		copy(data, p[:n])
		t.d.emit(event{kind: evChunk, data: data, chunk: c})
		t.d.nread += int64(n)
	}
	if err != nil && err != io.EOF {
		t.d.readErr = err
	}
	return n, err
}

func (d *decoder) emit(e event) { d.cur.events = append(d.cur.events, e) }

// pos is the stream offset of the next byte gzip will consume.
func (d *decoder) pos() int64 { return d.nread - int64(d.br.Buffered()) }

func (d *decoder) run() {
	defer close(d.out)
	if !d.newBatch() {
		return
	}
	lastGood, findings := d.members()
	if d.cur == nil {
		return // cancelled
	}
	d.emit(event{kind: evStop})
	if d.readErr == nil {
		d.drain()
	}
	if d.cur == nil {
		return
	}
	for i := range findings {
		if findings[i].Kind == KindTrailingGarbage {
			findings[i].Detail = fmt.Sprintf("%d bytes after the last member are not gzip", d.nread-findings[i].Offset)
		}
	}
	d.cur.lastGood = lastGood
	d.cur.findings = findings
	d.cur.done = true
	if d.readErr != nil {
		d.cur.err = fmt.Errorf("warc scan read at %d: %w", d.nread, d.readErr)
	}
	d.flush()
}

// members decodes members until the stream ends or cannot be decoded, and
// returns the end of the last good member and the file-level findings.
func (d *decoder) members() (int64, []Finding) {
	var lastGood int64
	for d.ctx.Err() == nil {
		start := d.pos()
		err := d.gz.Reset(d.br)
		if err == io.EOF && d.readErr == nil {
			return lastGood, nil
		}
		if err != nil {
			return lastGood, d.failure(start, err, true)
		}
		d.gz.Multistream(false)
		d.emit(event{kind: evMemberStart, off: start})
		if err := d.member(); err != nil {
			return lastGood, d.failure(start, err, false)
		}
		lastGood = d.pos()
		d.emit(event{kind: evMemberEnd, off: lastGood})
	}
	return lastGood, nil
}

// failure turns a gzip error at the member starting at off into findings.
func (d *decoder) failure(off int64, err error, atHeader bool) []Finding {
	if d.readErr != nil {
		return nil
	}
	f := Finding{Offset: off, Kind: KindCorruptMember, Detail: err.Error()}
	switch {
	case errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, io.EOF):
		f.Kind, f.Detail = KindTruncatedMember, "stream ends inside a gzip member"
	case atHeader && errors.Is(err, gzip.ErrHeader) && off == 0:
		f.Kind, f.Detail = KindNotGzip, "no gzip header at start"
	case atHeader && errors.Is(err, gzip.ErrHeader):
		f.Kind = KindTrailingGarbage
	}
	return []Finding{f}
}

// member inflates one member, feeding the record parser.
func (d *decoder) member() error {
	d.parser.reset()
	for {
		if len(d.buf)-d.w < minRead && !d.rotate() {
			return d.ctx.Err()
		}
		n, err := d.gz.Read(d.buf[d.w:])
		if n > 0 {
			p := d.buf[d.w : d.w+n]
			d.w += n
			d.parser.feed(d, p)
		}
		if err == io.EOF {
			d.parser.finish(d)
			return nil
		}
		if err != nil {
			return err
		}
	}
}

// drain reads the rest of the stream so the hasher sees every byte.
func (d *decoder) drain() {
	for d.ctx.Err() == nil {
		if _, err := d.br.Discard(d.br.Buffered()); err != nil {
			return
		}
		if _, err := d.br.Peek(1); err != nil {
			return
		}
		if len(d.cur.events) > 64 && !d.rotate() {
			return
		}
	}
}

// rotate sends the current batch and starts a new one.
func (d *decoder) rotate() bool {
	if !d.flush() {
		return false
	}
	return d.newBatch()
}

func (d *decoder) flush() bool {
	select {
	case d.out <- d.cur:
		d.cur = nil
		return true
	case <-d.ctx.Done():
		return false
	}
}

// newBatch takes a batch the hasher is done with, or makes one while fewer
// than scanBuffers exist.
func (d *decoder) newBatch() bool {
	var b *batch
	select {
	case b = <-d.free:
	default:
		if d.nbufs < scanBuffers {
			d.nbufs++
			b = &batch{buf: make([]byte, scanBufSize), events: make([]event, 0, 1024)}
			break
		}
		select {
		case b = <-d.free:
		case <-d.ctx.Done():
			return false
		}
	}
	d.cur, d.buf, d.w = b, b.buf, 0
	return true
}
