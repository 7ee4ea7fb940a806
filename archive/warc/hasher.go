package warc

import (
	"crypto/sha256"
	"encoding/hex"
	"hash"
	"io"
	"strconv"
	"strings"
	"sync"
)

// hasher is the second stage of Scan: it hashes the compressed stream (the
// whole file and each member), hashes blocks and payloads, parses record
// headers and checks digests, and hands finished entries on in order.
type hasher struct {
	file     hash.Hash
	size     int64
	queue    []queued // compressed bytes not yet assigned to a member
	chunks   *sync.Pool
	stopped  bool // decoding stopped: chunks are hashed into file only
	member   hash.Hash
	pos      int64 // stream offset of queue[0][0]
	block    hash.Hash
	payload  httpPayload
	cur      *Entry
	records  int
	declared [2]string // WARC-Block-Digest, WARC-Payload-Digest of cur
}

// queued is compressed bytes and the pooled buffer they live in.
type queued struct {
	data  []byte
	chunk *[]byte
}

func runHasher(in <-chan *batch, out chan<- *result, free chan<- *batch, chunks *sync.Pool) {
	defer close(out)
	h := &hasher{file: sha256.New(), member: sha256.New(), block: sha256.New(), chunks: chunks}
	h.payload.h = sha256.New()
	for b := range in {
		res := &result{}
		for i := range b.events {
			h.event(&b.events[i], res)
		}
		if b.done {
			res.summary = h.summary(b)
		}
		res.err = b.err
		clear(b.events)
		b.events = b.events[:0]
		free <- b
		out <- res
	}
}

func (h *hasher) event(e *event, res *result) {
	switch e.kind {
	case evChunk:
		h.file.Write(e.data)
		h.size += int64(len(e.data))
		if h.stopped {
			h.chunks.Put(e.chunk)
		} else {
			h.queue = append(h.queue, queued{e.data, e.chunk})
		}
	case evStop:
		for _, q := range h.queue {
			h.chunks.Put(q.chunk)
		}
		h.stopped, h.queue = true, nil
	case evMemberStart:
		h.cur = &Entry{Offset: e.off, ContentLength: -1}
		h.member.Reset()
		h.skip(e.off)
	case evHeader:
		h.header(e.text)
	case evBlock:
		h.block.Write(e.data)
		h.cur.BlockLen += int64(len(e.data))
		h.payload.feed(e.data)
	case evFinding:
		h.addFinding(*e.finding)
	case evMemberEnd:
		h.take(e.off)
		h.finish(e.off)
		res.entries = append(res.entries, h.cur)
		h.cur = nil
		h.records++
	}
}

// skip drops queued bytes before off (there are none in a well-formed
// stream: members are contiguous).
func (h *hasher) skip(off int64) { h.consume(off, nil) }

// take hashes queued bytes up to off into the member hash.
func (h *hasher) take(off int64) { h.consume(off, h.member) }

// consume moves the queue up to stream offset off, hashing the bytes into
// w unless it is nil, and recycles the buffers it is done with.
func (h *hasher) consume(off int64, w io.Writer) {
	for h.pos < off && len(h.queue) > 0 {
		q := &h.queue[0]
		k := min(int64(len(q.data)), off-h.pos)
		if w != nil {
			w.Write(q.data[:k])
		}
		q.data = q.data[k:]
		h.pos += k
		if len(q.data) == 0 {
			h.chunks.Put(q.chunk)
			h.queue[0] = queued{}
			h.queue = h.queue[1:]
		}
	}
}

func (h *hasher) addFinding(f Finding) {
	f.Offset = h.cur.Offset
	f.Record = h.cur.ID
	h.cur.Findings = append(h.cur.Findings, f)
}

// header parses the record header and prepares block and payload hashing.
func (h *hasher) header(text string) {
	e := h.cur
	h.block.Reset()
	h.declared = [2]string{}
	line, rest, _ := strings.Cut(text, "\r\n")
	e.ContentLength = -1
	if line != "WARC/1.1" && line != "WARC/1.0" {
		h.addFinding(Finding{Kind: KindBadHeader, Detail: "version line " + quoteShort(line)})
	}
	e.Header = make(Header, 0, 16)
	for rest != "" && rest != "\r\n" {
		line, rest, _ = strings.Cut(rest, "\r\n")
		name, val, ok := cutField(line)
		if !ok {
			h.addFinding(Finding{Kind: KindBadHeader, Detail: "malformed line " + quoteShort(line)})
			continue
		}
		e.Header = append(e.Header, Field{name, val})
		h.known(name, val)
	}
	for _, name := range [...]string{"WARC-Record-ID", "WARC-Date", "WARC-Type", "Content-Length"} {
		if e.Header.Get(name) == "" {
			h.addFinding(Finding{Kind: KindMissingField, Detail: name})
		}
	}
	h.payload.reset(payloadModeOf(e.Type, e.Header.Get("Content-Type")))
}

// known records the fields Entry and the digest checks need.
func (h *hasher) known(name, val string) {
	e := h.cur
	switch {
	case equalFoldASCII(name, "WARC-Type"):
		e.Type = val
	case equalFoldASCII(name, "WARC-Record-ID"):
		e.ID = val
	case equalFoldASCII(name, "WARC-Target-URI"):
		e.TargetURI = val
	case equalFoldASCII(name, "WARC-Block-Digest"):
		h.declared[0] = val
	case equalFoldASCII(name, "WARC-Payload-Digest"):
		h.declared[1] = val
	case equalFoldASCII(name, "Content-Length"):
		if n, err := strconv.ParseInt(val, 10, 64); err == nil && n >= 0 {
			e.ContentLength = n
		}
	}
}

func payloadModeOf(typ, contentType string) payloadMode {
	switch typ {
	case TypeResource, TypeConversion:
		return payloadBlock
	case TypeRequest, TypeResponse:
		if strings.HasPrefix(strings.ToLower(contentType), "application/http") {
			return payloadHTTP
		}
		return payloadBlock
	}
	return payloadNone
}

// finish completes the entry at the member's end: lengths, digests, checks.
func (h *hasher) finish(end int64) {
	e := h.cur
	e.Length = end - e.Offset
	var sum [32]byte
	e.SHA256 = hex.EncodeToString(h.member.Sum(sum[:0]))
	if e.Header == nil {
		return
	}
	blockSum := h.block.Sum(sum[:0])
	e.BlockDigest = SHA256Digest(blockSum)
	if h.declared[0] != "" {
		if f := checkDigest("WARC-Block-Digest", h.declared[0], blockSum, KindBlockDigest); f != nil {
			h.addFinding(*f)
		}
	}
	e.PayloadDigest = h.payload.sum()
	if h.payload.mode == payloadHTTP {
		e.HTTPStatus, e.HTTPContentType = h.payload.status, h.payload.ctype
	}
	h.checkPayload()
}

func (h *hasher) checkPayload() {
	e := h.cur
	if h.declared[1] == "" || e.Type == "revisit" || e.Header.Get("WARC-Segment-Number") != "" {
		return
	}
	if e.PayloadDigest == "" {
		detail := "no payload to check"
		if h.payload.problem != "" {
			detail = h.payload.problem
		}
		h.addFinding(Finding{Kind: KindBadDigest, Detail: "WARC-Payload-Digest: " + detail})
		return
	}
	sum, _ := hex.DecodeString(strings.TrimPrefix(e.PayloadDigest, "sha256:"))
	if f := checkDigest("WARC-Payload-Digest", h.declared[1], sum, KindPayloadDigest); f != nil {
		h.addFinding(*f)
	}
}

func (h *hasher) summary(b *batch) *Summary {
	s := &Summary{Size: h.size, Records: h.records, LastGoodOffset: b.lastGood, Findings: b.findings}
	h.file.Sum(s.SHA256[:0])
	return s
}

func quoteShort(s string) string {
	if len(s) > 60 {
		s = s[:60] + "…"
	}
	return "\"" + strings.ToValidUTF8(s, "?") + "\""
}
