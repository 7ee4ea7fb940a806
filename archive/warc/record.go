package warc

import (
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"io"
	"strings"
	"time"
)

// Record types of WARC 1.1 that afterimage writes.
const (
	TypeWarcinfo   = "warcinfo"
	TypeRequest    = "request"
	TypeResponse   = "response"
	TypeResource   = "resource"
	TypeMetadata   = "metadata"
	TypeConversion = "conversion"
)

// Content types of record blocks.
const (
	ContentTypeHTTPRequest  = "application/http;msgtype=request"
	ContentTypeHTTPResponse = "application/http;msgtype=response"
	ContentTypeWarcFields   = "application/warc-fields"
)

// TruncatedLength is the WARC-Truncated value of a record whose block was cut
// at the configured size limit.
const TruncatedLength = "length"

// DateFormat is the layout of WARC-Date values afterimage writes: UTC with
// nanosecond precision (WARC 1.1 allows 1 to 9 fractional digits).
const DateFormat = "2006-01-02T15:04:05.000000000Z"

// Field is one named WARC header field. Names compare case-insensitively.
type Field struct {
	Name  string
	Value string
}

// Header is the ordered list of a record's WARC header fields.
type Header []Field

// Get returns the value of the first field named name (case-insensitive),
// or "" if there is none.
func (h Header) Get(name string) string {
	for _, f := range h {
		if strings.EqualFold(f.Name, name) {
			return f.Value
		}
	}
	return ""
}

// Values returns the values of every field named name (case-insensitive),
// in header order. WARC-Concurrent-To is the field that may repeat.
func (h Header) Values(name string) []string {
	var vs []string
	for _, f := range h {
		if strings.EqualFold(f.Name, name) {
			vs = append(vs, f.Value)
		}
	}
	return vs
}

// Record is one record to write. The writer fills in what is left empty:
// ID (a new urn:uuid), Date (its clock), WarcinfoID (the file's warcinfo
// record) and BlockDigest.
//
// Block supplies exactly BlockLen bytes; it may be large (a temporary file):
// the writer streams it and keeps at most its member buffer limit in memory.
// When BlockDigest is empty the writer computes it before writing, which
// needs the block twice: if Block is an io.Seeker the writer reads it once to
// hash it and seeks back to where it was; otherwise it reads the whole block
// into memory first. Callers with large blocks pass the digest they computed
// while spooling, or a seekable block.
//
// PayloadDigest is written as given: the writer does not know where an HTTP
// message's entity body starts. Digests are "sha256:<lowercase hex>".
type Record struct {
	Type          string
	ID            string // "<urn:uuid:…>"; empty for a new one
	Date          time.Time
	TargetURI     string
	ContentType   string
	ConcurrentTo  []string // record ids, each "<urn:uuid:…>"
	IPAddress     string
	WarcinfoID    string
	BlockDigest   string
	PayloadDigest string
	Truncated     string // WARC-Truncated reason, e.g. TruncatedLength
	Extra         []Field
	Block         io.Reader
	BlockLen      int64
}

// Written describes one record as stored: what a manifest needs to name it.
type Written struct {
	ID           string
	Type         string
	TargetURI    string
	ConcurrentTo []string
	Date         time.Time
	IPAddress    string
	Truncated    string
	// Offset and Length locate the record's gzip member in the file.
	Offset int64
	Length int64
	// SHA256 is the lowercase hex SHA-256 of the member's stored bytes.
	SHA256        string
	BlockLen      int64
	BlockDigest   string
	PayloadDigest string
}

// NewRecordID returns a new random record id, "<urn:uuid:…>" (UUID version 4
// from crypto/rand).
func NewRecordID() string {
	var u [16]byte
	if _, err := rand.Read(u[:]); err != nil {
		// crypto/rand.Read never fails on supported platforms.
		panic(fmt.Sprintf("warc: crypto/rand: %v", err))
	}
	u[6] = u[6]&0x0f | 0x40
	u[8] = u[8]&0x3f | 0x80
	var b [36]byte
	hex.Encode(b[0:8], u[0:4])
	b[8] = '-'
	hex.Encode(b[9:13], u[4:6])
	b[13] = '-'
	hex.Encode(b[14:18], u[6:8])
	b[18] = '-'
	hex.Encode(b[19:23], u[8:10])
	b[23] = '-'
	hex.Encode(b[24:], u[10:])
	return "<urn:uuid:" + string(b[:]) + ">"
}

// FormatDate formats t as a WARC-Date value (DateFormat, UTC).
func FormatDate(t time.Time) string { return t.UTC().Format(DateFormat) }

// SHA256Digest formats a SHA-256 sum as a labelled WARC digest,
// "sha256:<lowercase hex>".
func SHA256Digest(sum []byte) string { return "sha256:" + hex.EncodeToString(sum) }

// checkValue refuses a header value that would break the header syntax.
func checkValue(name, v string) error {
	if strings.ContainsAny(v, "\r\n") {
		return fmt.Errorf("warc header %s: value contains CR or LF", name)
	}
	return nil
}

// checkName refuses a header field name that is not a token.
func checkName(name string) error {
	if name == "" {
		return fmt.Errorf("warc header: empty field name")
	}
	for i := 0; i < len(name); i++ {
		c := name[i]
		if c <= ' ' || c >= 0x7f || strings.IndexByte("()<>@,;:\\\"/[]?={}", c) >= 0 {
			return fmt.Errorf("warc header %q: not a token", name)
		}
	}
	return nil
}
