package mastodon

import (
	"fmt"
	"net/http"
	"strings"

	"github.com/afterimage-archive/afterimage/crawler"
)

// answerError turns a failed API answer into an error naming the
// instance, the operation and what the server said. hasToken says whether
// the request carried a token, which changes the advice on auth errors.
func answerError(base, op string, r *crawler.Response, hasToken bool) error {
	msg := parseError(r.Body)
	said := fmt.Sprint(r.Status)
	if msg != "" {
		said = fmt.Sprintf("%d %q", r.Status, msg)
	}
	switch {
	case authAnswer(r.Status, msg):
		hint := "set token_env for this instance"
		if hasToken {
			hint = "the token from token_env was refused; check it"
		}
		return fmt.Errorf("mastodon %s: %s %w (%s); %s", base, op, ErrAuthRequired, said, hint)
	case r.Status == http.StatusTooManyRequests:
		reset := r.Header.Get("X-RateLimit-Reset")
		if reset == "" {
			reset = "unknown"
		}
		return fmt.Errorf("mastodon %s: %s: %w (%s; X-RateLimit-Reset %s)", base, op, ErrRateLimited, said, reset)
	case r.Status >= 500:
		return fmt.Errorf("mastodon %s: %s: %w (%s)", base, op, ErrServer, said)
	default:
		return fmt.Errorf("mastodon %s: %s: %w (%s)", base, op, ErrUnexpected, said)
	}
}

// authAnswer reports whether an answer means "log in first": 401, or 422
// "This method requires an authenticated user" from older releases.
func authAnswer(status int, msg string) bool {
	if status == http.StatusUnauthorized {
		return true
	}
	return status == http.StatusUnprocessableEntity && strings.Contains(msg, "authenticated user")
}

// malformed returns the error for a 200 answer that did not parse.
func malformed(base, op string, err error) error {
	return fmt.Errorf("mastodon %s: %s: %w: %v", base, op, ErrMalformed, err)
}

// recordNotFound reports whether an answer is 404 {"error":"Record not found"}.
func recordNotFound(r *crawler.Response) bool {
	return r.Status == http.StatusNotFound && parseError(r.Body) == "Record not found"
}
