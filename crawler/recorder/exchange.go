package recorder

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"time"

	"github.com/afterimage-archive/afterimage/archive/warc"
)

// exchange is one RoundTrip in progress.
type exchange struct {
	t        *Transport
	req      *http.Request // as given
	out      *http.Request // as sent
	recBlock []byte        // request record block (redacted)
	recBody  []byte        // its body part
	rep      Exchange
	c        *conn
	stop     func() bool // ends the context watch on c
	raw      *spool      // response bytes as received
	br       *bufio.Reader
	resp     *http.Response // as parsed from raw
	hdrEnd   int64          // end of the final response header in raw
	secret   bool           // the request body is secret: redact the answer too
}

// run performs the exchange: send, receive, record, answer.
func (x *exchange) run() (*http.Response, error) {
	key, scheme, hostport, err := target(x.req.URL)
	if err != nil {
		if x.req.Body != nil {
			x.req.Body.Close()
		}
		return nil, err
	}
	wire, err := x.prepare()
	if err != nil {
		return nil, err
	}
	ctx, cancel := context.WithTimeout(x.req.Context(), x.t.cfg.Timeout)
	defer cancel()
	if err := x.send(ctx, key, scheme, hostport, wire); err != nil {
		return nil, ctxErr(ctx, err)
	}
	defer x.stop()
	body, rawEnd, readErr := x.readBody(ctx)
	x.rep.End = x.t.cfg.Now()
	if readErr != nil {
		readErr = fmt.Errorf("recorder %s %s: read body: %w", x.req.Method, x.rep.URL, readErr)
		x.rep.Err = readErr
	}
	if readErr == nil && x.rep.Truncated == "" && x.reusable(rawEnd) && x.stop() {
		x.t.pool.put(x.c)
	} else {
		x.c.Close()
	}
	err = x.record(rawEnd, body)
	x.raw.Close()
	x.t.release(x.br)
	if err != nil {
		body.Close()
		return nil, err
	}
	return x.answer(body, readErr), nil
}

// send writes the request on a pooled or new connection and reads the
// response header. A pooled connection the server closed while idle gets
// one retry on a new connection for idempotent requests.
func (x *exchange) send(ctx context.Context, key, scheme, hostport string, wire []byte) error {
	for attempt := 0; ; attempt++ {
		c := x.t.pool.get(key)
		if c == nil {
			var err error
			if c, err = x.t.dial(ctx, key, scheme, hostport); err != nil {
				return err
			}
		}
		x.c, x.rep.PeerIP = c, c.peer
		x.stop = context.AfterFunc(ctx, func() { c.SetDeadline(time.Unix(1, 0)) })
		x.raw = newSpool(&x.t.spools, x.t.cfg.SpoolDir, x.t.cfg.MemSpool)
		err := x.try(ctx, wire)
		if err == nil {
			return nil
		}
		x.stop()
		c.Close()
		received := x.raw.Len()
		x.raw.Close()
		if x.br != nil {
			x.t.release(x.br)
			x.br = nil
		}
		if !c.reused || received > 0 || attempt > 0 || !idempotent(x.out.Method) || ctx.Err() != nil {
			return err
		}
	}
}

func idempotent(method string) bool {
	switch method {
	case http.MethodGet, http.MethodHead, http.MethodOptions, http.MethodTrace:
		return true
	}
	return false
}

// try writes the request and reads the response header, skipping interim
// 1xx responses (their bytes stay in the record).
func (x *exchange) try(ctx context.Context, wire []byte) error {
	deadline, _ := ctx.Deadline()
	x.c.SetDeadline(deadline)
	if _, err := x.c.Write(wire); err != nil {
		return err
	}
	x.br = x.t.reader(io.TeeReader(x.c, x.raw))
	headerBy := time.Now().Add(x.t.cfg.ResponseHeaderTimeout)
	if headerBy.Before(deadline) {
		x.c.SetReadDeadline(headerBy)
	}
	resp, err := http.ReadResponse(x.br, x.out)
	for err == nil && resp.StatusCode >= 100 && resp.StatusCode < 200 && resp.StatusCode != http.StatusSwitchingProtocols {
		resp, err = http.ReadResponse(x.br, x.out)
	}
	if err != nil {
		return err
	}
	x.c.SetReadDeadline(deadline)
	x.hdrEnd = x.consumed()
	x.resp = resp
	x.rep.Status = resp.StatusCode
	x.rep.ContentType = resp.Header.Get("Content-Type")
	return nil
}

// readBody reads the entity body (transfer coding removed) into a spool,
// up to the body cap, and returns where the response ends in the raw
// bytes. A body over the cap sets Truncated "length"; a failed read sets
// "time" or "disconnect" (or "unspecified" when the caller cancelled) and
// is returned.
func (x *exchange) readBody(ctx context.Context) (*spool, int64, error) {
	body := newSpool(&x.t.spools, x.t.cfg.SpoolDir, x.t.cfg.MemSpool)
	bp := x.t.bufs.Get().(*[]byte)
	defer x.t.bufs.Put(bp)
	capN := x.t.cfg.BodyCap
	var src io.Reader = x.resp.Body
	if capN > 0 {
		src = io.LimitReader(x.resp.Body, capN)
	}
	_, err := io.CopyBuffer(body, src, *bp)
	end := x.consumed()
	if err == nil && capN > 0 && body.Len() == capN {
		var one [1]byte
		n, perr := io.ReadFull(x.resp.Body, one[:])
		switch {
		case n == 1:
			x.rep.Truncated = warc.TruncatedLength
			return body, end, nil
		case perr != io.EOF:
			err = perr
		}
		end = x.consumed()
	}
	if err != nil {
		err = ctxErr(ctx, err)
		x.rep.Truncated = truncation(err)
	}
	return body, end, err
}

// consumed is the number of raw bytes the HTTP parser has used.
func (x *exchange) consumed() int64 { return x.raw.Len() - int64(x.br.Buffered()) }

// reusable reports whether the connection may carry another exchange.
func (x *exchange) reusable(rawEnd int64) bool {
	return !x.resp.Close && !x.out.Close && rawEnd == x.raw.Len() &&
		x.resp.StatusCode != http.StatusSwitchingProtocols
}

// ctxErr prefers the context's error when the context ended the exchange;
// a read that timed out at the context's deadline (the connection's
// deadline is the same instant) counts as the context's.
func ctxErr(ctx context.Context, err error) error {
	cerr := ctx.Err()
	if d, ok := ctx.Deadline(); cerr == nil && ok && !time.Now().Before(d) && errors.Is(err, os.ErrDeadlineExceeded) {
		cerr = context.DeadlineExceeded
	}
	if cerr != nil && !errors.Is(err, cerr) {
		return fmt.Errorf("%w: %w", cerr, err)
	}
	return err
}

// truncation maps a body read error to a WARC-Truncated reason.
func truncation(err error) string {
	var ne net.Error
	switch {
	case errors.Is(err, context.Canceled):
		return "unspecified"
	case errors.Is(err, context.DeadlineExceeded), errors.Is(err, os.ErrDeadlineExceeded),
		errors.As(err, &ne) && ne.Timeout():
		return "time"
	}
	return "disconnect"
}

// reader returns a pooled 32 KiB bufio.Reader reading r.
func (t *Transport) reader(r io.Reader) *bufio.Reader {
	if br, ok := t.brs.Get().(*bufio.Reader); ok {
		br.Reset(r)
		return br
	}
	return bufio.NewReaderSize(r, 32<<10)
}

// release returns br to the pool.
func (t *Transport) release(br *bufio.Reader) {
	br.Reset(nil)
	t.brs.Put(br)
}
