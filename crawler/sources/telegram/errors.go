package telegram

import (
	"fmt"
	"net/http"

	"github.com/afterimage-archive/afterimage/crawler"
)

// statusError turns a non-200 answer into an error naming the platform,
// base URL, operation and what happened.
func (s *Source) statusError(op string, r *crawler.Response) error {
	switch {
	case r.Status == http.StatusTooManyRequests:
		return fmt.Errorf("%s %s: %s: %w (429, Retry-After %q)", Name, s.base, op, ErrRateLimited, r.Header.Get("Retry-After"))
	case r.Status >= 500:
		return fmt.Errorf("%s %s: %s: %w (%d)", Name, s.base, op, ErrUnavailable, r.Status)
	default:
		return fmt.Errorf("%s %s: %s: %w (unexpected status %d)", Name, s.base, op, ErrUnavailable, r.Status)
	}
}

// kindError explains why a channel answer is not a usable preview.
func (s *Source) kindError(op string, p *page) error {
	switch p.Kind {
	case kindNoPreview:
		return fmt.Errorf("%s %s: %s: channel exists but has %w (preview disabled or hidden)", Name, s.base, op, ErrNoPreview)
	case kindNoChannel:
		return fmt.Errorf("%s %s: %s: %w: not a public channel (%q)", Name, s.base, op, ErrNoPreview, p.Notice)
	case kindBlocked:
		return fmt.Errorf("%s %s: %s: %w: %q", Name, s.base, op, ErrNoPreview, p.Notice)
	default:
		return fmt.Errorf("%s %s: %s: %w: not a channel preview", Name, s.base, op, ErrMalformed)
	}
}
