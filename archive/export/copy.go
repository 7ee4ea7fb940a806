package export

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"hash"
	"io"
	"sync"
	"time"

	"github.com/afterimage-archive/afterimage/archive"
	"github.com/afterimage-archive/afterimage/archive/warc"
)

// copyChunk is the size of the buffers the reader hands the writer.
const copyChunk = 1 << 20

// segment is a run of bytes read from a stored WARC: part of a member
// (m set; first marks its first segment) or a gap between members (m nil,
// whole-file copies only).
type segment struct {
	buf   []byte
	m     *record
	first bool
	err   error
}

// copyWARC copies the planned bytes of wp from the store to dst: the
// whole file, or only the selected gzip members, in file order. A reader
// goroutine reads and hashes (each member against its manifest SHA-256, or
// the whole file against the WARC's) while this one writes. It records
// each member's new offset and WARC-Date. Errors name the object and,
// for a member, the record; content that does not match fails with
// archive.ErrCorrupt.
func copyWARC(ctx context.Context, s archive.Store, wp *warcPlan, dst io.Writer, progress func(int64)) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	segs := make(chan segment, 4)
	pool := &sync.Pool{New: func() any { b := make([]byte, copyChunk); return &b }}
	go func() {
		defer close(segs)
		if err := readWARC(ctx, s, wp, segs, pool); err != nil {
			select {
			case segs <- segment{err: err}:
			case <-ctx.Done():
			}
		}
	}()
	var off int64
	var err error
	for sg := range segs {
		if err != nil {
			continue // drain
		}
		if sg.err != nil {
			err = sg.err
			continue
		}
		if sg.first {
			sg.m.file, sg.m.offset = wp.name, off
			if t := sg.m.rec.Type; (t == "response" || t == "resource") && sg.m.rec.FetchStart == "" {
				// The CDXJ date is the record's WARC-Date, which afterimage
				// writes as the fetch start the manifest already gives;
				// only a record without one is read for it.
				sg.m.date = memberDate(sg.buf)
			}
		}
		n, werr := dst.Write(sg.buf)
		off += int64(n)
		progress(int64(n))
		if werr != nil {
			err = fmt.Errorf("export: write %s: %w", wp.name, werr)
			cancel()
		}
		b := sg.buf[:cap(sg.buf)]
		pool.Put(&b)
	}
	return err
}

// memberDate reads the WARC-Date of the record whose member starts head;
// zero when it cannot be read.
func memberDate(head []byte) time.Time {
	h, _, err := warc.OpenRecord(bytes.NewReader(head), 0, int64(len(head)))
	if err != nil {
		return time.Time{}
	}
	t, err := time.Parse(time.RFC3339Nano, h.Get("WARC-Date"))
	if err != nil {
		return time.Time{}
	}
	return t.UTC()
}

// reader state of one copy.
type warcReader struct {
	ctx  context.Context
	key  string
	r    io.Reader
	pos  int64
	segs chan<- segment
	pool *sync.Pool
}

// readWARC opens wp's object and sends its planned bytes as segments.
func readWARC(ctx context.Context, s archive.Store, wp *warcPlan, segs chan<- segment, pool *sync.Pool) error {
	rc, err := s.Open(ctx, wp.key)
	if err != nil {
		return fmt.Errorf("export: read %s: %w", wp.key, err)
	}
	defer rc.Close()
	wr := &warcReader{ctx: ctx, key: wp.key, r: rc, segs: segs, pool: pool}
	if wp.whole {
		return wr.whole(wp)
	}
	for _, m := range wp.members {
		if err := wr.skipTo(m.rec.Offset); err != nil {
			return err
		}
		h := sha256.New()
		if err := wr.send(m.rec.Length, m, h); err != nil {
			return err
		}
		if got := hex.EncodeToString(h.Sum(nil)); got != m.rec.SHA256 {
			return fmt.Errorf("export: %s: record %s at offset %d has SHA-256 %s, manifest %s says %s: %w",
				wp.key, m.rec.ID, m.rec.Offset, got, m.c.id, m.rec.SHA256, archive.ErrCorrupt)
		}
	}
	return nil
}

// whole sends every byte of the file, marking member starts, and checks
// the file's SHA-256 and size against the manifest.
func (wr *warcReader) whole(wp *warcPlan) error {
	h := sha256.New()
	for _, m := range wp.members {
		if err := wr.send(m.rec.Offset-wr.pos, nil, h); err != nil {
			return err
		}
		if err := wr.send(m.rec.Length, m, h); err != nil {
			return err
		}
	}
	if err := wr.send(wp.size-wr.pos, nil, h); err != nil {
		return err
	}
	if extra, _ := io.CopyN(io.Discard, wr.r, 1); extra > 0 {
		return fmt.Errorf("export: %s is longer than the %d bytes its manifest says: %w", wp.key, wp.size, archive.ErrCorrupt)
	}
	if got := hex.EncodeToString(h.Sum(nil)); got != wp.sha {
		return fmt.Errorf("export: %s has SHA-256 %s, not the %s its manifest says: %w", wp.key, got, wp.sha, archive.ErrCorrupt)
	}
	return nil
}

// skipTo moves to offset off, seeking when the reader can.
func (wr *warcReader) skipTo(off int64) error {
	if off == wr.pos {
		return nil
	}
	var err error
	if sk, ok := wr.r.(io.Seeker); ok {
		_, err = sk.Seek(off, io.SeekStart)
	} else {
		_, err = io.CopyN(io.Discard, wr.r, off-wr.pos)
	}
	if err != nil {
		return fmt.Errorf("export: read %s at %d: %w", wr.key, off, err)
	}
	wr.pos = off
	return nil
}

// send reads n bytes, hashes them into h, and sends them in chunks.
func (wr *warcReader) send(n int64, m *record, h hash.Hash) error {
	first := true
	for n > 0 {
		bp := wr.pool.Get().(*[]byte)
		buf := (*bp)[:min(n, int64(len(*bp)))]
		if _, err := io.ReadFull(wr.r, buf); err != nil {
			where := ""
			if m != nil {
				where = " (record " + m.rec.ID + ")"
			}
			if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) {
				return fmt.Errorf("export: read %s at %d%s: the object is shorter than its manifest says: %w",
					wr.key, wr.pos, where, archive.ErrCorrupt)
			}
			return fmt.Errorf("export: read %s at %d%s: %w", wr.key, wr.pos, where, err)
		}
		h.Write(buf)
		select {
		case wr.segs <- segment{buf: buf, m: m, first: first && m != nil}:
		case <-wr.ctx.Done():
			return wr.ctx.Err()
		}
		first = false
		wr.pos += int64(len(buf))
		n -= int64(len(buf))
	}
	return nil
}
