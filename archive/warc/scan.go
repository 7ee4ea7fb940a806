package warc

import (
	"context"
	"fmt"
	"io"
	"sync"
)

// Entry is what Scan reports about one gzip member and the record in it.
type Entry struct {
	// Offset and Length locate the gzip member in the file.
	Offset int64
	Length int64
	// SHA256 is the lowercase hex SHA-256 of the member's stored bytes.
	SHA256 string
	// Header is the record's WARC header; nil if it could not be read.
	Header    Header
	Type      string
	ID        string
	TargetURI string
	// ContentLength is the declared Content-Length, -1 if missing or bad.
	ContentLength int64
	// BlockLen is the number of block bytes actually present.
	BlockLen int64
	// BlockDigest is "sha256:<hex>" computed over the block bytes present.
	BlockDigest string
	// PayloadDigest is "sha256:<hex>" computed over the payload: for
	// application/http records the entity body with chunked transfer
	// coding removed, for resource and conversion records the block. It is
	// "" for records without a payload (warcinfo, metadata, revisit) and
	// for HTTP blocks whose body could not be delimited.
	PayloadDigest string
	// HTTPStatus and HTTPContentType are read from an application/http
	// response block (HTTPContentType also from a request block); 0 and ""
	// otherwise.
	HTTPStatus      int
	HTTPContentType string
	// Findings lists the problems with this record.
	Findings []Finding
}

// Summary describes the whole stream after Scan.
type Summary struct {
	// Size and SHA256 cover every byte of the stream, including any bytes
	// after a problem.
	Size   int64
	SHA256 [32]byte
	// Records counts the entries reported.
	Records int
	// LastGoodOffset is the end of the last gzip member that inflated
	// completely and passed its CRC check: a spool cut there holds only
	// whole members.
	LastGoodOffset int64
	// Findings lists the file-level problems (KindNotGzip,
	// KindTrailingGarbage, KindTruncatedMember, KindCorruptMember).
	Findings []Finding
}

// Truncated reports whether the stream ends inside a gzip member.
func (s Summary) Truncated() bool {
	for _, f := range s.Findings {
		if f.Kind == KindTruncatedMember {
			return true
		}
	}
	return false
}

// Scan reads a .warc.gz stream member by member and calls fn, in the
// calling goroutine and in file order, for every member that inflated
// completely. It decodes in one goroutine while another hashes the
// compressed bytes and the blocks, so it uses two cores.
//
// Problems with the file are findings, not errors: Scan returns an error
// only if reading r fails, ctx is cancelled, or fn returns an error (which
// is returned as is, and stops the scan).
func Scan(ctx context.Context, r io.Reader, fn func(*Entry) error) (Summary, error) {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	free := make(chan *batch, scanBuffers)
	batches := make(chan *batch, scanBuffers)
	results := make(chan *result, scanBuffers)
	chunks := &sync.Pool{} // *[]byte of compressed bytes, recycled by the hasher
	d := newDecoder(ctx, r, batches, free, chunks)
	go d.run()
	go runHasher(batches, results, free, chunks)
	var sum Summary
	var err error
	for res := range results {
		if res.summary != nil {
			sum = *res.summary
		}
		if res.err != nil && err == nil {
			err = res.err
		}
		for _, e := range res.entries {
			if err != nil {
				break
			}
			if ferr := fn(e); ferr != nil {
				err = ferr
				cancel()
			}
		}
	}
	if err == nil {
		err = ctx.Err()
	}
	return sum, err
}

// ScanAll is Scan collecting every entry in a slice.
func ScanAll(ctx context.Context, r io.Reader) ([]*Entry, Summary, error) {
	var es []*Entry
	sum, err := Scan(ctx, r, func(e *Entry) error {
		es = append(es, e)
		return nil
	})
	if err != nil {
		return es, sum, fmt.Errorf("warc scan: %w", err)
	}
	return es, sum, nil
}

// Sizes of the decoder's output buffers: at most scanBuffers of scanBufSize
// bytes (allocated as needed) bound the decompressed data in flight between
// the two goroutines.
const (
	scanBuffers = 6
	scanBufSize = 1 << 20
	// minRead is the least free space the decoder offers gzip per Read.
	minRead = 64 << 10
)

// result is what the hasher hands the caller: entries in file order, and
// the summary (with the last result).
type result struct {
	entries []*Entry
	summary *Summary
	err     error
}
