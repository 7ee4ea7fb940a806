package warc

import (
	"bufio"
	"context"
	"crypto/sha256"
	"errors"
	"fmt"
	"io"
	"os"
	"time"
)

// ErrUnrecoverable is returned by Recover for a file whose damage is not at
// its end (a corrupt member, or no gzip at all): cutting it would throw away
// good records, so it is left untouched.
var ErrUnrecoverable = errors.New("warc file damaged before its end")

// Recovered describes a spool after Recover.
type Recovered struct {
	// Sealed is the size and SHA-256 of the file as it is now.
	Sealed Sealed
	// Cut is the number of bytes removed from the end (0 if none).
	Cut int64
	// Entries are the records the file holds, in order.
	Entries []*Entry
	// Findings are every finding of the scan before cutting, file-level
	// and per record.
	Findings []Finding
}

// Recover makes a spool left by a crash usable: it scans the file, cuts it
// back to the end of its last complete gzip member if it ends inside a
// member or with bytes that are not gzip, fsyncs it, and describes what it
// holds. The file is not otherwise changed. Errors: ErrUnrecoverable (file
// untouched), ctx cancellation, or I/O errors.
func Recover(ctx context.Context, path string) (Recovered, error) {
	f, err := os.OpenFile(path, os.O_RDWR, 0)
	if err != nil {
		return Recovered{}, fmt.Errorf("warc recover %s: %w", path, err)
	}
	defer f.Close()
	var rec Recovered
	sum, err := Scan(ctx, bufio.NewReaderSize(f, 1<<20), func(e *Entry) error {
		rec.Entries = append(rec.Entries, e)
		rec.Findings = append(rec.Findings, e.Findings...)
		return nil
	})
	if err != nil {
		return Recovered{}, fmt.Errorf("warc recover %s: %w", path, err)
	}
	rec.Findings = append(rec.Findings, sum.Findings...)
	for _, fd := range sum.Findings {
		if fd.Kind == KindCorruptMember || fd.Kind == KindNotGzip {
			return Recovered{}, fmt.Errorf("warc recover %s: %s: %w", path, fd, ErrUnrecoverable)
		}
	}
	rec.Sealed = Sealed{Path: path, Size: sum.Size, SHA256: sum.SHA256}
	if sum.LastGoodOffset == sum.Size {
		return rec, nil
	}
	if rec.Sealed, err = cutFile(f, path, sum.LastGoodOffset); err != nil {
		return Recovered{}, err
	}
	rec.Cut = sum.Size - sum.LastGoodOffset
	return rec, nil
}

// cutFile truncates f to n bytes, fsyncs it and hashes what is left.
func cutFile(f *os.File, path string, n int64) (Sealed, error) {
	if err := f.Truncate(n); err != nil {
		return Sealed{}, fmt.Errorf("warc recover %s: truncate to %d: %w", path, n, err)
	}
	if err := f.Sync(); err != nil {
		return Sealed{}, fmt.Errorf("warc recover %s: %w", path, err)
	}
	h := sha256.New()
	if _, err := io.Copy(h, io.NewSectionReader(f, 0, n)); err != nil {
		return Sealed{}, fmt.Errorf("warc recover %s: hash: %w", path, err)
	}
	s := Sealed{Path: path, Size: n}
	h.Sum(s.SHA256[:0])
	return s, nil
}

// Written describes the entry as the writer would have: offsets and member
// hash as found, digests as declared in the header (computed ones are in
// BlockDigest and PayloadDigest of the Entry itself).
func (e *Entry) Written() Written {
	w := Written{
		ID:            e.ID,
		Type:          e.Type,
		TargetURI:     e.TargetURI,
		ConcurrentTo:  e.Header.Values("WARC-Concurrent-To"),
		IPAddress:     e.Header.Get("WARC-IP-Address"),
		Truncated:     e.Header.Get("WARC-Truncated"),
		Offset:        e.Offset,
		Length:        e.Length,
		SHA256:        e.SHA256,
		BlockLen:      e.BlockLen,
		BlockDigest:   e.Header.Get("WARC-Block-Digest"),
		PayloadDigest: e.Header.Get("WARC-Payload-Digest"),
	}
	if t, err := time.Parse(time.RFC3339Nano, e.Header.Get("WARC-Date")); err == nil {
		w.Date = t.UTC()
	}
	return w
}
