package warc

import (
	"bytes"
	"hash"
	"strconv"
	"strings"
)

// maxHTTPHeader bounds the HTTP header of an application/http block.
const maxHTTPHeader = 1 << 20

// payloadMode says what the payload of a record is.
type payloadMode uint8

const (
	payloadNone  payloadMode = iota // no payload (warcinfo, metadata, revisit, ...)
	payloadBlock                    // the block is the payload (resource, conversion)
	payloadHTTP                     // the entity body of an HTTP message
)

// httpPayload extracts the payload of an application/http block as its
// bytes stream past, and hashes it: the HTTP header (and any interim 1xx
// responses) is skipped, a chunked body is de-chunked, a content coding is
// kept.
type httpPayload struct {
	mode    payloadMode
	h       hash.Hash
	head    []byte
	inBody  bool
	chunked bool
	dc      dechunker
	status  int
	ctype   string
	problem string // why the payload cannot be delimited, if it cannot
}

func (p *httpPayload) reset(mode payloadMode) {
	h := p.h
	h.Reset()
	*p = httpPayload{mode: mode, h: h, head: p.head[:0]}
}

// feed passes block bytes.
func (p *httpPayload) feed(b []byte) {
	switch {
	case p.mode == payloadNone || p.problem != "":
	case p.mode == payloadBlock:
		p.h.Write(b)
	case p.inBody && p.chunked:
		if !p.dc.feed(b, p.h) {
			p.problem = "malformed chunked body: " + p.dc.err
		}
	case p.inBody:
		p.h.Write(b)
	default:
		p.header(b)
	}
}

// header collects the HTTP header and moves on to the body.
func (p *httpPayload) header(b []byte) {
	for len(b) > 0 && !p.inBody && p.problem == "" {
		from := max(len(p.head)-3, 0)
		p.head = append(p.head, b...)
		i := bytes.Index(p.head[from:], recordEnd)
		if i < 0 {
			if len(p.head) > maxHTTPHeader {
				p.problem = "HTTP header does not end"
			}
			return
		}
		end := from + i + len(recordEnd)
		b = b[len(b)-(len(p.head)-end):]
		if p.parse(p.head[:end]) {
			p.inBody = true
		}
		p.head = p.head[:0]
	}
	if p.inBody && len(b) > 0 {
		p.feed(b)
	}
}

// parse reads the start line and the fields the payload depends on. It
// returns false for an interim 1xx response, whose header is skipped.
func (p *httpPayload) parse(head []byte) bool {
	text := string(head)
	line, rest, _ := strings.Cut(text, "\r\n")
	if strings.HasPrefix(line, "HTTP/") {
		_, code, _ := strings.Cut(line, " ")
		code, _, _ = strings.Cut(code, " ")
		n, err := strconv.Atoi(code)
		if err != nil || len(code) != 3 {
			p.problem = "malformed HTTP status line"
			return true
		}
		p.status = n
		if n >= 100 && n < 200 && n != 101 {
			return false
		}
	}
	for rest != "" {
		line, rest, _ = strings.Cut(rest, "\r\n")
		name, val, ok := cutField(line)
		switch {
		case !ok:
		case equalFoldASCII(name, "Content-Type") && p.ctype == "":
			p.ctype = val
		case equalFoldASCII(name, "Transfer-Encoding"):
			codings := strings.Split(val, ",")
			p.chunked = equalFoldASCII(strings.TrimSpace(codings[len(codings)-1]), "chunked")
		}
	}
	return true
}

// sum returns the payload digest, or "" when there is none.
func (p *httpPayload) sum() string {
	if p.mode == payloadNone || p.problem != "" || (p.mode == payloadHTTP && !p.inBody) {
		return ""
	}
	return SHA256Digest(p.h.Sum(nil))
}

// Dechunker states.
const (
	dcSize    = iota // hex digits of a chunk size
	dcExt            // chunk extension, up to LF
	dcData           // chunk data
	dcDataCR         // CR after chunk data
	dcDataLF         // LF after chunk data
	dcTrailer        // trailer lines after the last chunk
	dcDone
)

// dechunker removes chunked transfer coding from a stream fed in pieces.
// A stream that stops anywhere (a truncated record) is not an error: the
// payload is the data seen so far.
type dechunker struct {
	st        int
	n         int64
	digits    int
	lineBytes int // bytes of the current trailer line
	err       string
}

// feed de-chunks b into h; it returns false on malformed input.
func (d *dechunker) feed(b []byte, h hash.Hash) bool {
	for len(b) > 0 && d.err == "" {
		switch d.st {
		case dcSize:
			d.size(b[0])
			b = b[1:]
		case dcExt:
			if b[0] == '\n' {
				d.endSize()
			}
			b = b[1:]
		case dcData:
			k := int64(len(b))
			if k > d.n {
				k = d.n
			}
			h.Write(b[:k])
			d.n -= k
			b = b[k:]
			if d.n == 0 {
				d.st = dcDataCR
			}
		case dcDataCR, dcDataLF:
			d.dataEnd(b[0])
			b = b[1:]
		case dcTrailer:
			d.trailer(b[0])
			b = b[1:]
		case dcDone:
			b = nil
		}
	}
	return d.err == ""
}

func (d *dechunker) size(c byte) {
	var v int64
	switch {
	case '0' <= c && c <= '9':
		v = int64(c - '0')
	case 'a' <= c && c <= 'f':
		v = int64(c-'a') + 10
	case 'A' <= c && c <= 'F':
		v = int64(c-'A') + 10
	case c == ';' || c == ' ' || c == '\t' || c == '\r':
		d.st = dcExt
		return
	case c == '\n':
		d.endSize()
		return
	default:
		d.err = "bad chunk size"
		return
	}
	if d.digits++; d.digits > 15 {
		d.err = "chunk size too large"
		return
	}
	d.n = d.n<<4 | v
}

func (d *dechunker) endSize() {
	switch {
	case d.digits == 0:
		d.err = "empty chunk size"
	case d.n == 0:
		d.st, d.lineBytes = dcTrailer, 0
	default:
		d.st = dcData
	}
	d.digits = 0
}

func (d *dechunker) dataEnd(c byte) {
	switch {
	case c == '\r' && d.st == dcDataCR:
		d.st = dcDataLF
	case c == '\n':
		d.st = dcSize
	default:
		d.err = "chunk data not followed by CRLF"
	}
}

func (d *dechunker) trailer(c byte) {
	switch c {
	case '\n':
		if d.lineBytes == 0 {
			d.st = dcDone
		}
		d.lineBytes = 0
	case '\r':
	default:
		d.lineBytes++
	}
}
