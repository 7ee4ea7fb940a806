package warc

import "fmt"

// Kind names one kind of problem Scan finds.
type Kind string

// Problems with the file as a sequence of gzip members. Scan stops decoding
// at the first of these (it still hashes the whole file) and reports them in
// Summary.Findings.
const (
	// KindNotGzip: the file does not start with a gzip member.
	KindNotGzip Kind = "not-gzip"
	// KindTrailingGarbage: bytes after the last good member are not a gzip
	// member.
	KindTrailingGarbage Kind = "trailing-garbage"
	// KindTruncatedMember: the file ends inside a gzip member, as a crash
	// while writing leaves it. Recover cuts such a file back.
	KindTruncatedMember Kind = "truncated-member"
	// KindCorruptMember: a member does not inflate or fails its CRC-32 or
	// size check.
	KindCorruptMember Kind = "corrupt-member"
)

// Problems with one record. Scan reports them in Entry.Findings and goes on
// with the next member.
const (
	// KindEmptyMember: the member holds no bytes at all.
	KindEmptyMember Kind = "empty-member"
	// KindBadHeader: the record does not start with a WARC/1.0 or WARC/1.1
	// line, a header line is malformed, or the header never ends.
	KindBadHeader Kind = "bad-header"
	// KindMissingField: a mandatory field (WARC-Record-ID, WARC-Date,
	// WARC-Type, Content-Length) is missing.
	KindMissingField Kind = "missing-field"
	// KindBadContentLength: Content-Length is not a non-negative integer.
	KindBadContentLength Kind = "bad-content-length"
	// KindShortBlock: the member ends before Content-Length block bytes.
	KindShortBlock Kind = "short-block"
	// KindBadRecordEnd: the block is not followed by CRLF CRLF.
	KindBadRecordEnd Kind = "bad-record-end"
	// KindExtraData: the member holds more than one record (bytes follow
	// the first record's end).
	KindExtraData Kind = "extra-data"
	// KindBlockDigest: WARC-Block-Digest does not match the block.
	KindBlockDigest Kind = "block-digest-mismatch"
	// KindPayloadDigest: WARC-Payload-Digest does not match the payload.
	KindPayloadDigest Kind = "payload-digest-mismatch"
	// KindBadDigest: a digest field cannot be checked (unsupported
	// algorithm, malformed value, or an HTTP payload that cannot be
	// delimited).
	KindBadDigest Kind = "bad-digest"
)

// Finding is one problem found in a file.
type Finding struct {
	// Offset is the file offset of the gzip member concerned, or of the
	// first byte that is not a member.
	Offset int64
	// Record is the WARC-Record-ID of the record concerned, "" if unknown.
	Record string
	Kind   Kind
	Detail string
}

// String formats the finding as "offset 123: kind: detail (record id)".
func (f Finding) String() string {
	s := fmt.Sprintf("offset %d: %s", f.Offset, f.Kind)
	if f.Detail != "" {
		s += ": " + f.Detail
	}
	if f.Record != "" {
		s += " (" + f.Record + ")"
	}
	return s
}
