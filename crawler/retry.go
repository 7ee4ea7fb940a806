package crawler

import (
	"context"
	"math/rand/v2"
	"net/http"
	"strconv"
	"strings"
	"time"
)

func defaultJitter() float64 { return rand.Float64() }

// retryWait returns how long to wait before retrying resp, and false when
// the wait the server asks for is longer than MaxWait.
//
// A wait the server names wins: Retry-After (seconds or an HTTP date), or a
// rate-limit reset header when the remaining count is 0 (epoch seconds as
// X and Bluesky send, seconds-until as Reddit sends, or an ISO 8601 time as
// Mastodon sends). Otherwise exponential backoff from BackoffBase with
// ±50% jitter, capped at MaxBackoff.
func (f *CollyFetcher) retryWait(resp *Response, attempt int) (time.Duration, bool) {
	if d, ok := serverWait(resp.Header, f.opt.Now()); ok {
		if d > f.opt.MaxWait {
			return 0, false
		}
		return d, true
	}
	d := f.opt.BackoffBase << attempt
	if d > f.opt.MaxBackoff || d <= 0 {
		d = f.opt.MaxBackoff
	}
	return time.Duration(float64(d) * (0.5 + f.opt.Jitter())), true
}

// serverWait reads the wait a server asks for.
func serverWait(h http.Header, now time.Time) (time.Duration, bool) {
	if v := strings.TrimSpace(h.Get("Retry-After")); v != "" {
		if s, err := strconv.Atoi(v); err == nil && s >= 0 {
			return time.Duration(s) * time.Second, true
		}
		if t, err := http.ParseTime(v); err == nil {
			return clampWait(t.Sub(now)), true
		}
	}
	for _, pair := range [][2]string{
		{"X-RateLimit-Remaining", "X-RateLimit-Reset"},
		{"X-Rate-Limit-Remaining", "X-Rate-Limit-Reset"},
		{"RateLimit-Remaining", "RateLimit-Reset"},
		{"X-Ratelimit-Remaining", "X-Ratelimit-Reset"},
	} {
		rem := strings.TrimSpace(h.Get(pair[0]))
		reset := strings.TrimSpace(h.Get(pair[1]))
		if reset == "" || (rem != "" && !isZero(rem)) {
			continue
		}
		if d, ok := parseReset(reset, now); ok {
			return d, true
		}
	}
	return 0, false
}

func isZero(s string) bool {
	f, err := strconv.ParseFloat(s, 64)
	return err == nil && f <= 0
}

// parseReset reads a reset value: epoch seconds (>= 1e9), seconds until
// reset (smaller numbers, possibly fractional), or an ISO 8601 time.
func parseReset(v string, now time.Time) (time.Duration, bool) {
	if f, err := strconv.ParseFloat(v, 64); err == nil {
		if f >= 1e9 {
			return clampWait(time.Unix(int64(f), 0).Sub(now)), true
		}
		if f >= 0 {
			return time.Duration(f * float64(time.Second)), true
		}
	}
	if t, err := time.Parse(time.RFC3339Nano, v); err == nil {
		return clampWait(t.Sub(now)), true
	}
	return 0, false
}

func clampWait(d time.Duration) time.Duration {
	if d < 0 {
		return 0
	}
	return d
}

// hostLimit bounds concurrent requests to one host and spaces them.
type hostLimit struct {
	slots chan struct{}
	mu    chan struct{} // guards next
	next  time.Time
}

// acquire waits for a slot for host, and for the configured delay since
// the previous request to it.
func (f *CollyFetcher) acquire(ctx context.Context, host string) (func(), error) {
	f.mu.Lock()
	h := f.hosts[host]
	if h == nil {
		h = &hostLimit{slots: make(chan struct{}, f.opt.Parallelism), mu: make(chan struct{}, 1)}
		f.hosts[host] = h
	}
	f.mu.Unlock()
	select {
	case h.slots <- struct{}{}:
	case <-ctx.Done():
		return nil, ctx.Err()
	}
	release := func() { <-h.slots }
	if f.opt.Delay <= 0 {
		return release, nil
	}
	h.mu <- struct{}{}
	wait := h.next.Sub(f.opt.Now())
	h.next = f.opt.Now().Add(max(wait, 0) + f.opt.Delay)
	<-h.mu
	if wait > 0 {
		if err := f.opt.Sleep(ctx, wait); err != nil {
			release()
			return nil, err
		}
	}
	return release, nil
}
