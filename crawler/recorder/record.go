package recorder

import (
	"bytes"
	"crypto/sha256"
	"crypto/tls"
	"fmt"
	"io"
	"net/http"

	"github.com/afterimage-archive/afterimage/archive/warc"
)

// record writes the request and response records, linked both ways by
// WARC-Concurrent-To and dated by the fetch start.
func (x *exchange) record(rawEnd int64, body *spool) error {
	w := x.t.cfg.Writer
	reqID, respID := w.NewID(), w.NewID()
	extra := protocolFields(x.c.tls)
	req := warc.Record{
		Type:         warc.TypeRequest,
		ID:           reqID,
		Date:         x.rep.Start,
		TargetURI:    x.rep.URL,
		ContentType:  warc.ContentTypeHTTPRequest,
		ConcurrentTo: []string{respID},
		IPAddress:    x.rep.PeerIP,
		Extra:        extra,
		Block:        bytes.NewReader(x.recBlock),
		BlockLen:     int64(len(x.recBlock)),
	}
	if len(x.recBody) > 0 {
		sum := sha256.Sum256(x.recBody)
		req.PayloadDigest = warc.SHA256Digest(sum[:])
	}
	resp := warc.Record{
		Type:          warc.TypeResponse,
		ID:            respID,
		Date:          x.rep.Start,
		TargetURI:     x.rep.URL,
		ContentType:   warc.ContentTypeHTTPResponse,
		ConcurrentTo:  []string{reqID},
		IPAddress:     x.rep.PeerIP,
		Truncated:     x.rep.Truncated,
		PayloadDigest: warc.SHA256Digest(body.Sum()),
		Extra:         extra,
		Block:         x.raw.Section(0, rawEnd),
		BlockLen:      rawEnd,
	}
	if rawEnd == x.raw.Len() {
		resp.BlockDigest = warc.SHA256Digest(x.raw.Sum())
	}
	if x.secret {
		if err := x.redactAnswer(&resp, rawEnd); err != nil {
			return err
		}
	}
	var err error
	if x.rep.Request, err = w.Write(req); err != nil {
		return fmt.Errorf("record request: %w", err)
	}
	if x.rep.Response, err = w.Write(resp); err != nil {
		return fmt.Errorf("record response: %w", err)
	}
	return nil
}

// redactAnswer replaces the response block of a secret exchange by its
// redacted form (see redactResponse).
func (x *exchange) redactAnswer(rec *warc.Record, rawEnd int64) error {
	head := make([]byte, x.hdrEnd)
	if _, err := io.ReadFull(x.raw.Section(0, x.hdrEnd), head); err != nil {
		return fmt.Errorf("record response: redact: %w", err)
	}
	chunked := len(x.resp.TransferEncoding) > 0 && x.resp.TransferEncoding[0] == "chunked"
	block, payload, red := redactResponse(head, rawEnd > x.hdrEnd, chunked)
	x.rep.Redactions = append(x.rep.Redactions, red...)
	sum := sha256.Sum256(payload)
	rec.Block, rec.BlockLen, rec.BlockDigest = bytes.NewReader(block), int64(len(block)), ""
	rec.PayloadDigest, rec.Truncated = warc.SHA256Digest(sum[:]), ""
	return nil
}

// protocolFields are the proposed WARC-Protocol and WARC-Cipher-Suite
// fields (iipc/warc-specifications issues 42 and 86).
func protocolFields(st *tls.ConnectionState) []warc.Field {
	fs := []warc.Field{{Name: "WARC-Protocol", Value: "http/1.1"}}
	if st == nil {
		return fs
	}
	var v string
	switch st.Version {
	case tls.VersionTLS12:
		v = "tls/1.2"
	case tls.VersionTLS13:
		v = "tls/1.3"
	}
	if v != "" {
		fs = append(fs, warc.Field{Name: "WARC-Protocol", Value: v})
	}
	return append(fs, warc.Field{Name: "WARC-Cipher-Suite", Value: tls.CipherSuiteName(st.CipherSuite)})
}

// answer builds the response for the caller: the parsed header plus the
// record id (and truncation), and the entity body from its spool. A body
// read error is returned by the body's last Read.
func (x *exchange) answer(body *spool, readErr error) *http.Response {
	r := x.resp
	h := r.Header.Clone()
	h.Set(HeaderRecordID, x.rep.Response.ID)
	if x.rep.Truncated != "" {
		h.Set(HeaderTruncated, x.rep.Truncated)
	}
	return &http.Response{
		Status:        r.Status,
		StatusCode:    r.StatusCode,
		Proto:         r.Proto,
		ProtoMajor:    r.ProtoMajor,
		ProtoMinor:    r.ProtoMinor,
		Header:        h,
		Trailer:       r.Trailer,
		Body:          &bodyReader{r: body.Section(0, body.Len()), sp: body, err: readErr},
		ContentLength: body.Len(),
		Close:         r.Close,
		Request:       x.req,
		TLS:           x.c.tls,
	}
}
