package crawler

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"sync"
	"time"

	"github.com/gocolly/colly/v2"
)

// RecordIDHeader is the header the recording transport adds to the
// in-process copy of each response (never to the WARC), naming the
// response record.
const RecordIDHeader = "Afterimage-Record-Id"

// TruncatedHeader is set on the in-process copy of a response whose body
// went over the cap.
const TruncatedHeader = "Afterimage-Truncated"

// Options configures a CollyFetcher. Every value is set explicitly on each
// collector after it is made, so COLLY_* environment variables cannot
// change what afterimage records.
type Options struct {
	// Transport records every exchange (the WARC recorder).
	Transport   http.RoundTripper
	UserAgent   string
	BodyCap     int64         // bytes of body kept (colly's MaxBodySize)
	Timeout     time.Duration // per request
	Retries     int           // extra attempts on 429 and 5xx
	Robots      string        // "respect" or "ignore": applies to page crawls (Collector)
	Parallelism int           // concurrent requests per host
	Delay       time.Duration // pause between requests to one host
	// BackoffBase is the first retry delay (default 1s); it doubles per
	// attempt, with jitter, up to MaxBackoff (default 60s).
	BackoffBase time.Duration
	MaxBackoff  time.Duration
	// MaxWait caps a wait asked for by Retry-After or a rate-limit reset
	// header (default 15m); a longer wait ends the retries.
	MaxWait time.Duration
	// Sleep waits d or until ctx ends (default: a timer).
	Sleep func(ctx context.Context, d time.Duration) error
	// Jitter returns a random fraction in [0,1) (default math/rand/v2).
	Jitter func() float64
	Now    func() time.Time
}

// CollyFetcher is the Fetcher every source uses: colly collectors on the
// recording transport, with per-host limits and retries.
type CollyFetcher struct {
	opt   Options
	mu    sync.Mutex
	hosts map[string]*hostLimit
}

// NewFetcher returns a fetcher with defaults filled in.
func NewFetcher(o Options) *CollyFetcher {
	if o.BackoffBase <= 0 {
		o.BackoffBase = time.Second
	}
	if o.MaxBackoff <= 0 {
		o.MaxBackoff = time.Minute
	}
	if o.MaxWait <= 0 {
		o.MaxWait = 15 * time.Minute
	}
	if o.Parallelism <= 0 {
		o.Parallelism = 1
	}
	if o.Sleep == nil {
		o.Sleep = sleepCtx
	}
	if o.Jitter == nil {
		o.Jitter = defaultJitter
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	return &CollyFetcher{opt: o, hosts: map[string]*hostLimit{}}
}

func sleepCtx(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}

// Collector returns a new collector on the recording transport with the
// fetch policy set explicitly.
func (f *CollyFetcher) Collector() *colly.Collector {
	c := colly.NewCollector()
	f.configure(c)
	c.IgnoreRobotsTxt = f.opt.Robots != "respect"
	c.Limit(&colly.LimitRule{DomainGlob: "*", Parallelism: f.opt.Parallelism, Delay: f.opt.Delay})
	return c
}

func (f *CollyFetcher) configure(c *colly.Collector) {
	c.UserAgent = f.opt.UserAgent
	c.MaxBodySize = int(f.opt.BodyCap)
	c.ParseHTTPErrorResponse = true
	c.DetectCharset = false
	c.CacheDir = ""
	c.AllowedDomains, c.DisallowedDomains = nil, nil
	c.MaxDepth, c.MaxRequests = 0, 0
	c.TraceHTTP = false
	c.WithTransport(f.opt.Transport)
	if f.opt.Timeout > 0 {
		c.SetRequestTimeout(f.opt.Timeout)
	}
}

// Do implements Fetcher: one request through colly, retried on 429 and
// 5xx. API requests do not consult robots.txt (robots governs page crawls).
func (f *CollyFetcher) Do(ctx context.Context, req *Request) (*Response, error) {
	u, err := url.Parse(req.URL)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return nil, fmt.Errorf("fetch %s: invalid URL (want an absolute http or https URL)", req.URL)
	}
	release, err := f.acquire(ctx, u.Host)
	if err != nil {
		return nil, fmt.Errorf("fetch %s: %w", req.URL, err)
	}
	defer release()
	var last *Response
	for attempt := 0; ; attempt++ {
		resp, err := f.once(ctx, req)
		if err != nil {
			return nil, err
		}
		resp.Attempts = attempt + 1
		last = resp
		if !retryable(resp.Status) || attempt >= f.opt.Retries {
			return last, nil
		}
		wait, ok := f.retryWait(resp, attempt)
		if !ok {
			return last, nil
		}
		if err := f.opt.Sleep(ctx, wait); err != nil {
			return last, nil
		}
	}
}

func retryable(status int) bool { return status == http.StatusTooManyRequests || status >= 500 }

// once makes one recorded request with a fresh collector.
func (f *CollyFetcher) once(ctx context.Context, req *Request) (*Response, error) {
	c := colly.NewCollector()
	f.configure(c)
	c.IgnoreRobotsTxt = true
	c.AllowURLRevisit = true
	c.DisableCookies()
	colly.StdlibContext(ctx)(c)
	var out *Response
	var ferr error
	c.OnResponse(func(r *colly.Response) { out = fromColly(r) })
	c.OnError(func(r *colly.Response, err error) {
		if r != nil && r.StatusCode > 0 {
			out = fromColly(r)
			return
		}
		ferr = err
	})
	method := req.Method
	if method == "" {
		method = http.MethodGet
	}
	hdr := req.Header.Clone()
	if hdr == nil {
		hdr = http.Header{}
	}
	if req.SecretBody {
		hdr.Set(secretBodyHeader, "1")
	}
	var body io.Reader // a nil interface, not a nil *bytes.Reader, when there is no body
	if req.Body != nil {
		body = bytes.NewReader(req.Body)
	}
	err := c.Request(method, req.URL, body, nil, hdr)
	if ferr == nil && out == nil {
		ferr = err
	}
	if out == nil {
		if ferr == nil {
			ferr = errors.New("no response")
		}
		return nil, fmt.Errorf("fetch %s: %w", req.URL, ferr)
	}
	return out, nil
}

func fromColly(r *colly.Response) *Response {
	h := http.Header{}
	if r.Headers != nil {
		h = r.Headers.Clone()
	}
	id := h.Get(RecordIDHeader)
	trunc := h.Get(TruncatedHeader) != ""
	h.Del(RecordIDHeader)
	h.Del(TruncatedHeader)
	return &Response{URL: r.Request.URL.String(), Status: r.StatusCode, Header: h,
		Body: r.Body, RecordID: id, Truncated: trunc}
}

// secretBodyHeader marks, between the fetcher and the recording transport,
// a request whose body must be redacted in the WARC. The transport removes
// it before sending.
const secretBodyHeader = "Afterimage-Secret-Body"
