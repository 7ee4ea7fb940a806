package recorder

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"sync"

	"github.com/afterimage-archive/afterimage/crawler/netguard"
)

// Transport is an http.RoundTripper that records every exchange. It is
// safe for concurrent use.
type Transport struct {
	cfg    Config
	dialer *netguard.Dialer
	pool   pool
	bufs   sync.Pool // *[]byte copy buffers
	brs    sync.Pool // *bufio.Reader
	spools sync.Pool // *spool
}

// New returns a Transport writing to cfg.Writer. It fails only when
// cfg.Writer is nil.
func New(cfg Config) (*Transport, error) {
	cfg, err := cfg.withDefaults()
	if err != nil {
		return nil, err
	}
	t := &Transport{cfg: cfg, dialer: cfg.dialer()}
	t.pool = pool{max: cfg.MaxIdlePerHost, timeout: cfg.IdleTimeout}
	t.bufs.New = func() any { b := make([]byte, 32<<10); return &b }
	return t, nil
}

// CloseIdleConnections closes the idle keep-alive connections.
func (t *Transport) CloseIdleConnections() { t.pool.closeAll() }

// RoundTrip fetches req over HTTP/1.1 on a connection of its own dialling,
// records the request and the response, and returns the response without
// following redirects. Errors are those of fetching (refused address, dial,
// TLS, timeout, malformed response) or of writing the records; they name the
// method and URL (without user information) and never carry credentials.
// When a response header arrived but the body was cut by a timeout or a
// disconnect, the records are written (WARC-Truncated: time or disconnect),
// RoundTrip returns the response, and the body's last Read returns the
// error.
func (t *Transport) RoundTrip(req *http.Request) (*http.Response, error) {
	x := &exchange{t: t, req: req}
	x.rep.Start = t.cfg.Now()
	x.rep.Method = req.Method
	x.rep.URL = publicURL(req.URL)
	resp, err := x.run()
	if err != nil {
		err = fmt.Errorf("recorder %s %s: %w", req.Method, x.rep.URL, err)
		x.rep.Err = err
	}
	if x.rep.End.IsZero() {
		x.rep.End = t.cfg.Now()
	}
	if t.cfg.OnExchange != nil {
		t.cfg.OnExchange(x.rep)
	}
	return resp, err
}

// publicURL is u without user information and fragment: the
// WARC-Target-URI and the URL in reports and errors.
func publicURL(u *url.URL) string {
	if u == nil {
		return ""
	}
	c := *u
	c.User = nil
	c.Fragment, c.RawFragment = "", ""
	return c.String()
}

// target returns the pool key, scheme and host:port of a request URL.
func target(u *url.URL) (key, scheme, hostport string, err error) {
	if u == nil || u.Host == "" {
		return "", "", "", errors.New("URL has no host")
	}
	scheme = u.Scheme
	port := u.Port()
	switch {
	case scheme != "http" && scheme != "https":
		return "", "", "", fmt.Errorf("unsupported scheme %q", scheme)
	case port == "" && scheme == "http":
		port = "80"
	case port == "":
		port = "443"
	}
	hostport = net.JoinHostPort(u.Hostname(), port)
	return scheme + "://" + hostport, scheme, hostport, nil
}

// prepare serialises the request as it will be written to the connection
// (req.Write, with the body buffered and sent with Content-Length) and its
// redacted record block. It closes req.Body.
func (x *exchange) prepare() ([]byte, error) {
	req := x.req
	var body []byte
	if req.Body != nil && req.Body != http.NoBody {
		b, err := io.ReadAll(req.Body)
		req.Body.Close()
		if err != nil {
			return nil, fmt.Errorf("read request body: %w", err)
		}
		body = b
	}
	out := req.Clone(req.Context())
	secret := secretBody(req)
	x.secret = secret
	out.Header.Del(HeaderSecretBody)
	if !x.t.cfg.DisableCompression && out.Header.Get("Accept-Encoding") == "" &&
		out.Header.Get("Range") == "" && out.Method != http.MethodHead {
		out.Header.Set("Accept-Encoding", "gzip")
	}
	out.Body, out.GetBody, out.TransferEncoding = nil, nil, nil
	out.ContentLength = int64(len(body))
	if len(body) > 0 {
		out.Body = io.NopCloser(bytes.NewReader(body))
	}
	var wire bytes.Buffer
	if err := out.Write(&wire); err != nil {
		return nil, fmt.Errorf("write request: %w", err)
	}
	x.out = out
	x.recBlock, x.recBody, x.rep.Redactions = redactRequest(wire.Bytes(), secret)
	return wire.Bytes(), nil
}
