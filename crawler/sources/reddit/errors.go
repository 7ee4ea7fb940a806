package reddit

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"

	"github.com/afterimage-archive/afterimage/crawler"
)

// redditWords extracts Reddit's words from an error answer: the JSON
// message and reason, or "Blocked" for the HTML block page.
func redditWords(body []byte) string {
	var e struct {
		Message string `json:"message"`
		Reason  string `json:"reason"`
		Error   any    `json:"error"`
	}
	if json.Unmarshal(body, &e) == nil {
		switch {
		case e.Message != "" && e.Reason != "":
			return e.Message + " (" + e.Reason + ")"
		case e.Message != "":
			return e.Message
		case e.Error != nil:
			return fmt.Sprint(e.Error)
		}
	}
	if bytes.Contains(body, []byte("<title>Blocked</title>")) || bytes.Contains(body, []byte("whoa there, pardner")) {
		return "Blocked (whoa there, pardner!)"
	}
	return ""
}

// statusError turns a non-200 answer into an error naming the platform,
// base URL, operation and what happened.
func (s *Source) statusError(op string, r *crawler.Response) error {
	words := redditWords(r.Body)
	if words != "" {
		words = ": " + words
	}
	switch {
	case r.Status == http.StatusUnauthorized:
		return fmt.Errorf("%s %s: %s: token %w (401%s)", Name, s.base, op, ErrAuth, words)
	case r.Status == http.StatusForbidden:
		return fmt.Errorf("%s %s: %s: access %w (403%s)", Name, s.base, op, ErrAuth, words)
	case r.Status == http.StatusTooManyRequests:
		return fmt.Errorf("%s %s: %s: %w (429%s; X-Ratelimit-Used %q, X-Ratelimit-Remaining %q, X-Ratelimit-Reset %q s)",
			Name, s.base, op, ErrRateLimited, words, r.Header.Get("X-Ratelimit-Used"),
			r.Header.Get("X-Ratelimit-Remaining"), r.Header.Get("X-Ratelimit-Reset"))
	case r.Status >= 500:
		return fmt.Errorf("%s %s: %s: %w (%d%s)", Name, s.base, op, ErrUnavailable, r.Status, words)
	default:
		return fmt.Errorf("%s %s: %s: %w (unexpected status %d%s)", Name, s.base, op, ErrUnavailable, r.Status, words)
	}
}

// malformed wraps a decoding error.
func (s *Source) malformed(op string, err error) error {
	return fmt.Errorf("%s %s: %s: %w: %v", Name, s.base, op, ErrMalformed, err)
}
