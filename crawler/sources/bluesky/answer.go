package bluesky

import (
	"fmt"
	"net/http"
	"strings"

	"github.com/afterimage-archive/afterimage/crawler"
)

// said describes an answer: its status and, for XRPC errors, the error
// name and message.
func said(r *crawler.Response) string {
	e := parseError(r.Body)
	switch {
	case e.Error != "" && e.Message != "":
		return fmt.Sprintf("%d %s: %s", r.Status, e.Error, e.Message)
	case e.Error != "":
		return fmt.Sprintf("%d %s", r.Status, e.Error)
	case strings.Contains(r.Header.Get("Content-Type"), "html"):
		return fmt.Sprintf("%d, an HTML page", r.Status)
	}
	return fmt.Sprint(r.Status)
}

// answerError turns a failed answer into an error naming the host, the
// operation and what the server said.
func answerError(host, op string, r *crawler.Response) error {
	var kind error
	switch {
	case r.Status == http.StatusTooManyRequests:
		return fmt.Errorf("bluesky %s: %s: %w (%s; RateLimit-Reset %s)", host, op, ErrRateLimited, said(r),
			orDefault(r.Header.Get("RateLimit-Reset"), "unknown"))
	case r.Status >= 500:
		kind = ErrServer
	case r.Status == http.StatusUnauthorized || r.Status == http.StatusForbidden || tokenRefused(r):
		kind = ErrAuth
	default:
		kind = ErrUnexpected
	}
	return fmt.Errorf("bluesky %s: %s: %w (%s)", host, op, kind, said(r))
}

// tokenRefused reports whether an answer says the access token is expired
// or invalid: 400 ExpiredToken or InvalidToken, or 401.
func tokenRefused(r *crawler.Response) bool {
	if r.Status == http.StatusUnauthorized {
		return true
	}
	e := parseError(r.Body).Error
	return r.Status == http.StatusBadRequest && (e == "ExpiredToken" || e == "InvalidToken")
}

func malformed(host, op string, err error) error {
	return fmt.Errorf("bluesky %s: %s: %w: %v", host, op, ErrMalformed, err)
}

// wrap names the host and operation of a fetch that got no answer.
func wrap(host, op string, err error) error {
	return fmt.Errorf("bluesky %s: %s: %w", host, op, err)
}
