package bluesky

import (
	"errors"
	"strings"
	"time"
)

// Platform is the platform name used in config, item ids and cursor keys.
const Platform = "bluesky"

// PageLimit is the number of posts asked for per search page (the maximum).
const PageLimit = 100

// BatchSize is the number of uris or actors per getPosts and getProfiles
// call (the maximum).
const BatchSize = 25

// Errors a Collect or Recheck may wrap. Each wrapped error also names the
// host, the operation and the HTTP answer.
var (
	// ErrAuth means the login failed (wrong identifier or app password) or
	// the search was refused even with a fresh session.
	ErrAuth = errors.New("authentication failed")
	// ErrRateLimited means a 429 answer after the fetcher's retries.
	ErrRateLimited = errors.New("rate limited")
	// ErrServer means a 5xx answer after the fetcher's retries.
	ErrServer = errors.New("server error")
	// ErrMalformed means a 200 answer was not the JSON expected.
	ErrMalformed = errors.New("malformed answer")
	// ErrUnexpected means any other HTTP answer.
	ErrUnexpected = errors.New("unexpected answer")
	// ErrPaginationLoop means a search cursor repeated.
	ErrPaginationLoop = errors.New("pagination loop")
)

// Config configures the Bluesky source.
type Config struct {
	// Service is the PDS or entryway for createSession and the
	// authenticated searchPosts; "" means https://bsky.social.
	Service string
	// AppView is the public AppView for getProfiles, getProfile, getPosts
	// and getPostThread; "" means https://public.api.bsky.app.
	AppView string
	// WebURL is the base of public post and profile pages; "" means
	// https://bsky.app.
	WebURL string
	// Identifier (handle, DID or email) and AppPassword log in for search.
	Identifier  string
	AppPassword string
	// MaxPages caps the search pages read per tag spelling in one run; 0
	// means no cap.
	MaxPages int
	// Parallel is the number of items rechecked at once; 0 means 4.
	Parallel int
	// Now is the clock for recheck observations (Collect uses the job's);
	// nil means time.Now.
	Now func() time.Time
}

// Source is the Bluesky source. It holds no per-run state (a Collect logs
// in afresh) and is safe for concurrent use.
type Source struct {
	cfg Config
}

// New returns a Bluesky source for cfg, with defaults for empty URLs.
func New(cfg Config) *Source {
	cfg.Service = strings.TrimRight(orDefault(cfg.Service, "https://bsky.social"), "/")
	cfg.AppView = strings.TrimRight(orDefault(cfg.AppView, "https://public.api.bsky.app"), "/")
	cfg.WebURL = strings.TrimRight(orDefault(cfg.WebURL, "https://bsky.app"), "/")
	if cfg.Parallel <= 0 {
		cfg.Parallel = 4
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	return &Source{cfg: cfg}
}

// Name returns "bluesky".
func (s *Source) Name() string { return Platform }

func orDefault(s, def string) string {
	if s == "" {
		return def
	}
	return s
}
