package warc

import (
	"bytes"
	"fmt"
	"strconv"
	"strings"
)

// maxHeader bounds a WARC record header; a longer one is a finding.
const maxHeader = 1 << 20

// Record parser states, in the order a well-formed member passes them.
const (
	psHeader = iota // collecting the WARC header up to CRLF CRLF
	psBlock         // Content-Length block bytes
	psEnd           // the CRLF CRLF after the block
	psDone          // the record is complete; nothing may follow
	psSkip          // after a problem: bytes are counted and dropped
)

// recParser splits one member's inflated bytes into header and block. It
// runs in the decoder goroutine and only delimits: the hasher parses the
// header fields and hashes the block.
type recParser struct {
	state  int
	head   []byte
	remain int64 // block bytes still to come
	clen   int64
	endGot int // bytes of the record end matched
	total  int64
	extra  int64
}

func (p *recParser) reset() {
	*p = recParser{head: p.head[:0]}
}

func (p *recParser) finding(d *decoder, k Kind, detail string) {
	d.emit(event{kind: evFinding, finding: &Finding{Kind: k, Detail: detail}})
}

// feed consumes inflated bytes b of the current member.
func (p *recParser) feed(d *decoder, b []byte) {
	p.total += int64(len(b))
	for len(b) > 0 {
		switch p.state {
		case psHeader:
			b = p.header(d, b)
		case psBlock:
			k := int64(len(b))
			if k > p.remain {
				k = p.remain
			}
			d.emit(event{kind: evBlock, data: b[:k]})
			p.remain -= k
			b = b[k:]
			if p.remain == 0 {
				p.state = psEnd
			}
		case psEnd:
			for len(b) > 0 && p.endGot < len(recordEnd) && b[0] == recordEnd[p.endGot] {
				b = b[1:]
				p.endGot++
			}
			if p.endGot == len(recordEnd) {
				p.state = psDone
			} else if len(b) > 0 {
				p.finding(d, KindBadRecordEnd, "block is not followed by CRLF CRLF")
				p.state = psSkip
			}
		case psDone:
			p.finding(d, KindExtraData, "member holds more than one record")
			p.state = psSkip
		case psSkip:
			p.extra += int64(len(b))
			b = nil
		}
	}
}

// header collects header bytes and, once CRLF CRLF is seen, announces the
// header and switches to the block. It returns the bytes not consumed.
func (p *recParser) header(d *decoder, b []byte) []byte {
	if len(p.head) == 0 { // common case: the whole header is in b
		if i := bytes.Index(b, recordEnd); i >= 0 {
			return p.headerDone(d, string(b[:i+len(recordEnd)]), b[i+len(recordEnd):])
		}
	}
	from := max(len(p.head)-3, 0)
	p.head = append(p.head, b...)
	i := bytes.Index(p.head[from:], recordEnd)
	if i < 0 {
		if len(p.head) > maxHeader {
			p.finding(d, KindBadHeader, fmt.Sprintf("no end of header in the first %d bytes", maxHeader))
			p.state = psSkip
		}
		return nil
	}
	end := from + i + len(recordEnd)
	rest := b[len(b)-(len(p.head)-end):]
	text := string(p.head[:end])
	p.head = p.head[:0]
	return p.headerDone(d, text, rest)
}

// headerDone announces a complete header and switches to the block.
func (p *recParser) headerDone(d *decoder, text string, rest []byte) []byte {
	clen, ok := contentLength(text)
	d.emit(event{kind: evHeader, text: text, off: clen})
	if !ok {
		p.finding(d, KindBadContentLength, "Content-Length missing or not a non-negative integer")
		p.state = psSkip
		return rest
	}
	p.clen, p.remain = clen, clen
	p.state = psBlock
	if clen == 0 {
		p.state = psEnd
	}
	return rest
}

// finish reports what is missing when the member ends.
func (p *recParser) finish(d *decoder) {
	switch p.state {
	case psHeader:
		if p.total == 0 {
			p.finding(d, KindEmptyMember, "member holds no bytes")
		} else {
			p.finding(d, KindBadHeader, "member ends inside the WARC header")
		}
	case psBlock:
		p.finding(d, KindShortBlock, fmt.Sprintf("member ends after %d of %d block bytes", p.clen-p.remain, p.clen))
	case psEnd:
		p.finding(d, KindBadRecordEnd, "member ends before CRLF CRLF after the block")
	}
}

// contentLength finds the Content-Length field in a header text.
func contentLength(text string) (int64, bool) {
	for len(text) > 0 {
		line := text
		if i := strings.Index(text, "\r\n"); i >= 0 {
			line, text = text[:i], text[i+2:]
		} else {
			text = ""
		}
		if len(line) < 15 || (line[0] != 'C' && line[0] != 'c') {
			continue
		}
		name, val, ok := cutField(line)
		if !ok || !equalFoldASCII(name, "Content-Length") {
			continue
		}
		n, err := strconv.ParseInt(val, 10, 64)
		return n, err == nil && n >= 0
	}
	return -1, false
}

// cutField splits "Name: value" and trims the value's surrounding spaces.
func cutField(line string) (name, value string, ok bool) {
	for i := 0; i < len(line); i++ {
		if line[i] == ':' {
			name, value = line[:i], line[i+1:]
			for len(value) > 0 && (value[0] == ' ' || value[0] == '\t') {
				value = value[1:]
			}
			for len(value) > 0 && (value[len(value)-1] == ' ' || value[len(value)-1] == '\t') {
				value = value[:len(value)-1]
			}
			return name, value, len(name) > 0
		}
	}
	return "", "", false
}

func equalFoldASCII(a, b string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := 0; i < len(a); i++ {
		x, y := a[i], b[i]
		if 'A' <= x && x <= 'Z' {
			x += 'a' - 'A'
		}
		if 'A' <= y && y <= 'Z' {
			y += 'a' - 'A'
		}
		if x != y {
			return false
		}
	}
	return true
}
