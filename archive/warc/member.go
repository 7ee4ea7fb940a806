package warc

import (
	"bytes"
	"crypto/sha256"
	"errors"
	"fmt"
	"hash"
	"io"
	"strconv"

	"github.com/klauspost/compress/gzip"
)

// recordEnd ends every record after its block.
var recordEnd = []byte("\r\n\r\n")

// compressor is the per-goroutine state of one record being compressed. It
// is pooled by the Writer: gzip state is reused with Reset, never rebuilt.
type compressor struct {
	gz     *gzip.Writer
	out    bytes.Buffer // the member, when compressed in memory
	head   bytes.Buffer // the serialised WARC header
	copy   []byte       // copy buffer for the block
	member hash.Hash    // SHA-256 of the member bytes
	block  hash.Hash    // SHA-256 of the block, when the writer computes it
}

func newCompressor(level int) (*compressor, error) {
	gz, err := gzip.NewWriterLevel(nil, level)
	if err != nil {
		return nil, fmt.Errorf("warc gzip level %d: %w", level, err)
	}
	return &compressor{
		gz:     gz,
		copy:   make([]byte, 64<<10),
		member: sha256.New(),
		block:  sha256.New(),
	}, nil
}

// header serialises the WARC header of rec into c.head. Every value is
// checked for CR and LF so a URL or an extra field cannot inject fields.
func (c *compressor) header(rec *Record) error {
	h := &c.head
	h.Reset()
	h.WriteString("WARC/1.1\r\n")
	fields := [...]Field{
		{"WARC-Type", rec.Type},
		{"WARC-Record-ID", rec.ID},
		{"WARC-Date", FormatDate(rec.Date)},
		{"WARC-Target-URI", rec.TargetURI},
		{"WARC-Warcinfo-ID", rec.WarcinfoID},
	}
	for _, f := range fields {
		if err := putField(h, f.Name, f.Value); err != nil {
			return err
		}
	}
	for _, id := range rec.ConcurrentTo {
		if err := putField(h, "WARC-Concurrent-To", id); err != nil {
			return err
		}
	}
	tail := [...]Field{
		{"WARC-IP-Address", rec.IPAddress},
		{"WARC-Truncated", rec.Truncated},
		{"WARC-Block-Digest", rec.BlockDigest},
		{"WARC-Payload-Digest", rec.PayloadDigest},
		{"Content-Type", rec.ContentType},
	}
	for _, f := range tail {
		if err := putField(h, f.Name, f.Value); err != nil {
			return err
		}
	}
	for _, f := range rec.Extra {
		if err := checkName(f.Name); err != nil {
			return err
		}
		if err := putField(h, f.Name, f.Value); err != nil {
			return err
		}
	}
	h.WriteString("Content-Length: ")
	h.WriteString(strconv.FormatInt(rec.BlockLen, 10))
	h.WriteString("\r\n\r\n")
	return nil
}

// putField writes "name: value\r\n", or nothing for an empty value.
func putField(h *bytes.Buffer, name, value string) error {
	if value == "" {
		return nil
	}
	if err := checkValue(name, value); err != nil {
		return err
	}
	h.WriteString(name)
	h.WriteString(": ")
	h.WriteString(value)
	h.WriteString("\r\n")
	return nil
}

// compress writes rec (header already in c.head) as one gzip member to dst,
// and returns the member's SHA-256. dst receives the member bytes only.
func (c *compressor) compress(dst io.Writer, rec *Record) ([]byte, error) {
	c.member.Reset()
	c.gz.Reset(io.MultiWriter(dst, c.member))
	if _, err := c.gz.Write(c.head.Bytes()); err != nil {
		return nil, fmt.Errorf("warc compress %s: %w", rec.ID, err)
	}
	n, err := io.CopyBuffer(c.gz, io.LimitReader(rec.Block, rec.BlockLen), c.copy)
	if err != nil {
		return nil, fmt.Errorf("warc compress %s: block: %w", rec.ID, err)
	}
	if n != rec.BlockLen {
		return nil, fmt.Errorf("warc compress %s: block has %d bytes, want %d: %w",
			rec.ID, n, rec.BlockLen, io.ErrUnexpectedEOF)
	}
	if _, err := c.gz.Write(recordEnd); err != nil {
		return nil, fmt.Errorf("warc compress %s: %w", rec.ID, err)
	}
	if err := c.gz.Close(); err != nil {
		return nil, fmt.Errorf("warc compress %s: %w", rec.ID, err)
	}
	return c.member.Sum(nil), nil
}

// blockDigest computes rec.BlockDigest when the caller left it empty,
// leaving rec.Block positioned at the block's start again (see Record).
func (c *compressor) blockDigest(rec *Record) error {
	if rec.BlockDigest != "" {
		return nil
	}
	c.block.Reset()
	if rec.BlockLen == 0 || rec.Block == nil {
		rec.Block = bytes.NewReader(nil)
		rec.BlockDigest = SHA256Digest(c.block.Sum(nil))
		return nil
	}
	if s, ok := rec.Block.(io.ReadSeeker); ok {
		start, err := s.Seek(0, io.SeekCurrent)
		if err != nil {
			return fmt.Errorf("warc block digest %s: %w", rec.ID, err)
		}
		if err := c.hashBlock(s, rec); err != nil {
			return err
		}
		if _, err := s.Seek(start, io.SeekStart); err != nil {
			return fmt.Errorf("warc block digest %s: %w", rec.ID, err)
		}
		return nil
	}
	buf := make([]byte, rec.BlockLen)
	if _, err := io.ReadFull(rec.Block, buf); err != nil {
		return fmt.Errorf("warc block digest %s: %w", rec.ID, err)
	}
	c.block.Write(buf)
	rec.Block = bytes.NewReader(buf)
	rec.BlockDigest = SHA256Digest(c.block.Sum(nil))
	return nil
}

func (c *compressor) hashBlock(r io.Reader, rec *Record) error {
	n, err := io.CopyBuffer(c.block, io.LimitReader(r, rec.BlockLen), c.copy)
	if err != nil {
		return fmt.Errorf("warc block digest %s: %w", rec.ID, err)
	}
	if n != rec.BlockLen {
		return fmt.Errorf("warc block digest %s: block has %d bytes, want %d: %w",
			rec.ID, n, rec.BlockLen, io.ErrUnexpectedEOF)
	}
	rec.BlockDigest = SHA256Digest(c.block.Sum(nil))
	return nil
}

// errBlockNil is returned for a record with a length but no block.
var errBlockNil = errors.New("block is nil")
