package x

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/afterimage-archive/afterimage/crawler"
)

// apiWords extracts the API's own words from an error answer: the problem
// title and detail, or the first v1-style error message.
func apiWords(body []byte) string {
	var a answer[json.RawMessage]
	if json.Unmarshal(body, &a) != nil {
		return ""
	}
	var parts []string
	for _, s := range []string{a.Title, a.Detail} {
		if s != "" {
			parts = append(parts, s)
		}
	}
	if len(parts) == 0 && len(a.Errors) > 0 {
		e := a.Errors[0]
		for _, s := range []string{e.Title, e.Detail, e.Message} {
			if s != "" {
				parts = append(parts, s)
			}
		}
	}
	if strings.Contains(a.Type, "usage-capped") {
		parts = append(parts, "monthly usage cap")
	}
	return strings.Join(parts, ": ")
}

// statusError turns a non-200 answer into an error naming the platform,
// base URL, operation and what happened.
func (s *Source) statusError(op string, r *crawler.Response) error {
	words := apiWords(r.Body)
	if words != "" {
		words = ": " + words
	}
	switch {
	case r.Status == http.StatusUnauthorized:
		return fmt.Errorf("%s %s: %s: bearer token %w (401%s); check AFTERIMAGE_X_BEARER_TOKEN", Name, s.base, op, ErrAuth, words)
	case r.Status == http.StatusForbidden:
		return fmt.Errorf("%s %s: %s: app access %w (403%s)", Name, s.base, op, ErrAuth, words)
	case r.Status == http.StatusTooManyRequests:
		return fmt.Errorf("%s %s: %s: %w (429%s)%s", Name, s.base, op, ErrRateLimited, words, resetNote(r.Header))
	case r.Status >= 500:
		return fmt.Errorf("%s %s: %s: %w (%d%s)", Name, s.base, op, ErrUnavailable, r.Status, words)
	default:
		return fmt.Errorf("%s %s: %s: %w (unexpected status %d%s)", Name, s.base, op, ErrUnavailable, r.Status, words)
	}
}

// resetNote describes the x-rate-limit-* headers of a 429.
func resetNote(h http.Header) string {
	reset := h.Get("x-rate-limit-reset")
	if reset == "" {
		return ""
	}
	note := "; x-rate-limit-reset " + reset
	if sec, err := strconv.ParseInt(reset, 10, 64); err == nil {
		note += " (" + time.Unix(sec, 0).UTC().Format(time.RFC3339) + ")"
	}
	if lim := h.Get("x-rate-limit-limit"); lim != "" {
		note += ", x-rate-limit-limit " + lim
	}
	return note
}

// malformed wraps a decoding error.
func (s *Source) malformed(op string, err error) error {
	return fmt.Errorf("%s %s: %s: %w: %v", Name, s.base, op, ErrMalformed, err)
}
