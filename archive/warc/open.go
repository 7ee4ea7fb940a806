package warc

import (
	"bufio"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/klauspost/compress/gzip"
)

// OpenRecord reads the record stored as the gzip member at off (length
// bytes) of ra, as a manifest names it, and returns its WARC header and a
// reader of exactly its block. It checks neither digests nor the member's
// CRC before the block is read to its end (the reader then fails with
// gzip.ErrChecksum on a bad CRC). Errors: not gzip, no WARC header, or a
// missing or malformed Content-Length.
func OpenRecord(ra io.ReaderAt, off, length int64) (Header, io.Reader, error) {
	zr, err := gzip.NewReader(bufio.NewReader(io.NewSectionReader(ra, off, length)))
	if err != nil {
		return nil, nil, fmt.Errorf("warc open record at %d: %w", off, err)
	}
	zr.Multistream(false)
	br := bufio.NewReader(zr)
	line, err := br.ReadString('\n')
	if err != nil || !strings.HasPrefix(line, "WARC/1.") {
		return nil, nil, fmt.Errorf("warc open record at %d: no WARC version line", off)
	}
	var h Header
	for {
		line, err = br.ReadString('\n')
		if err != nil {
			return nil, nil, fmt.Errorf("warc open record at %d: header: %w", off, err)
		}
		line = strings.TrimRight(line, "\r\n")
		if line == "" {
			break
		}
		name, val, ok := cutField(line)
		if !ok {
			return nil, nil, fmt.Errorf("warc open record at %d: malformed header line", off)
		}
		h = append(h, Field{name, val})
	}
	n, err := strconv.ParseInt(h.Get("Content-Length"), 10, 64)
	if err != nil || n < 0 {
		return nil, nil, fmt.Errorf("warc open record at %d: bad Content-Length %q", off, h.Get("Content-Length"))
	}
	return h, &blockReader{r: io.LimitReader(br, n), rest: br}, nil
}

// blockReader reads a block and, at its end, reads the rest of the member
// so a bad CRC is reported as an error of the last Read.
type blockReader struct {
	r    io.Reader
	rest io.Reader
}

func (b *blockReader) Read(p []byte) (int, error) {
	n, err := b.r.Read(p)
	if err == io.EOF {
		if _, cerr := io.Copy(io.Discard, b.rest); cerr != nil {
			return n, cerr
		}
	}
	return n, err
}
