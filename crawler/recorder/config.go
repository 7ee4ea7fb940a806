package recorder

import (
	"crypto/tls"
	"errors"
	"net"
	"time"

	"github.com/afterimage-archive/afterimage/archive/warc"
	"github.com/afterimage-archive/afterimage/crawler/netguard"
)

// Headers the transport adds to the response it returns, and the request
// header it takes out before sending. None of them enters the WARC.
const (
	// HeaderRecordID carries the WARC-Record-ID of the response record.
	HeaderRecordID = "Afterimage-Record-Id"
	// HeaderTruncated carries the WARC-Truncated reason when the recorded
	// body was cut ("length", "time" or "disconnect").
	HeaderTruncated = "Afterimage-Truncated"
	// HeaderSecretBody on a request marks its body as secret, like
	// WithSecretBody; the transport removes it before sending.
	HeaderSecretBody = "Afterimage-Secret-Body"
)

// Defaults for zero Config fields.
const (
	DefaultDialTimeout           = 10 * time.Second
	DefaultTLSHandshakeTimeout   = 10 * time.Second
	DefaultResponseHeaderTimeout = 30 * time.Second
	DefaultTimeout               = 60 * time.Second
	DefaultIdleTimeout           = 30 * time.Second
	DefaultMaxIdlePerHost        = 8
	DefaultMemSpool              = 1 << 20
)

// Config configures a Transport.
type Config struct {
	// Writer receives the records; required.
	Writer *warc.Writer
	// Policy says which addresses may be dialled (see netguard).
	Policy netguard.Policy
	// BodyCap is the number of entity-body bytes recorded and returned per
	// response; a longer body is cut there and the connection closed. 0
	// means no cap.
	BodyCap int64
	// DialTimeout bounds resolving and connecting.
	DialTimeout time.Duration
	// TLSHandshakeTimeout bounds the TLS handshake.
	TLSHandshakeTimeout time.Duration
	// ResponseHeaderTimeout bounds the wait for the response header after
	// the request was written.
	ResponseHeaderTimeout time.Duration
	// Timeout bounds the whole exchange, body included. The request's
	// context may end it earlier.
	Timeout time.Duration
	// IdleTimeout is how long an idle keep-alive connection is kept.
	IdleTimeout time.Duration
	// MaxIdlePerHost caps the idle keep-alive connections kept per host.
	MaxIdlePerHost int
	// TLSConfig is cloned for every TLS connection (tests trust a test
	// server's certificate through RootCAs); ServerName is set from the URL
	// when empty and NextProtos is always ["http/1.1"]. nil means defaults
	// with TLS 1.2 as minimum.
	TLSConfig *tls.Config
	// SpoolDir holds temporary files of large bodies; "" means os.TempDir.
	SpoolDir string
	// MemSpool is the number of bytes of one message kept in memory before
	// it is spooled to a temporary file.
	MemSpool int64
	// DisableCompression stops the transport from adding
	// "Accept-Encoding: gzip" to requests that do not set Accept-Encoding.
	DisableCompression bool
	// Now is the clock for WARC-Date and exchange times; nil means the
	// Writer's clock.
	Now func() time.Time
	// OnExchange, if set, is called once per RoundTrip, in its goroutine,
	// after the records were written (or the fetch failed).
	OnExchange func(Exchange)
}

// withDefaults fills zero fields and checks the required ones.
func (c Config) withDefaults() (Config, error) {
	if c.Writer == nil {
		return c, errors.New("recorder: Config.Writer is required")
	}
	set := func(d *time.Duration, v time.Duration) {
		if *d <= 0 {
			*d = v
		}
	}
	set(&c.DialTimeout, DefaultDialTimeout)
	set(&c.TLSHandshakeTimeout, DefaultTLSHandshakeTimeout)
	set(&c.ResponseHeaderTimeout, DefaultResponseHeaderTimeout)
	set(&c.Timeout, DefaultTimeout)
	set(&c.IdleTimeout, DefaultIdleTimeout)
	if c.MaxIdlePerHost <= 0 {
		c.MaxIdlePerHost = DefaultMaxIdlePerHost
	}
	if c.MemSpool <= 0 {
		c.MemSpool = DefaultMemSpool
	}
	if c.Now == nil {
		c.Now = c.Writer.Now
	}
	return c, nil
}

// Exchange reports one RoundTrip.
type Exchange struct {
	Method string
	// URL is the request URL without user information.
	URL string
	// Request and Response are the records written; their ID is "" when no
	// record was written (a failure before a response header arrived).
	Request  warc.Written
	Response warc.Written
	// Start is the fetch start (the records' WARC-Date), End when the
	// response was read or the fetch failed; both from Config.Now.
	Start time.Time
	End   time.Time
	// Status and ContentType are the response's, 0 and "" without one.
	Status      int
	ContentType string
	// PeerIP is the address connected to, "" if none was.
	PeerIP string
	// Redactions lists what was left out of the request record, e.g.
	// "request header Authorization", "request body".
	Redactions []string
	// Truncated is the response record's WARC-Truncated value, or "".
	Truncated string
	// Err is the failure returned to the caller, nil on success. A
	// response cut by a timeout or disconnect is recorded and still has Err.
	Err error
}

// dialer builds the guarded dialer of a config.
func (c Config) dialer() *netguard.Dialer {
	return &netguard.Dialer{
		Policy: c.Policy,
		Base:   net.Dialer{Timeout: c.DialTimeout, KeepAlive: 30 * time.Second},
	}
}
