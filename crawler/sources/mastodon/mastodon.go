package mastodon

import (
	"errors"
	"net/url"
	"strings"
	"time"
)

// Platform is the platform name used in config, item ids and cursor keys.
const Platform = "mastodon"

// PageLimit is the number of statuses asked for per timeline page (the
// Mastodon maximum).
const PageLimit = 40

// Errors a Collect or Recheck may wrap. Each wrapped error also names the
// instance, the operation and the HTTP answer.
var (
	// ErrAuthRequired means the instance wants a user token for the tag
	// timeline (401 or 422 "requires an authenticated user"), or refused
	// the configured token.
	ErrAuthRequired = errors.New("requires an authenticated user")
	// ErrRateLimited means the instance answered 429 after the fetcher's
	// retries.
	ErrRateLimited = errors.New("rate limited")
	// ErrServer means the instance answered 5xx after the fetcher's retries.
	ErrServer = errors.New("server error")
	// ErrMalformed means a 200 answer was not the JSON expected.
	ErrMalformed = errors.New("malformed answer")
	// ErrUnexpected means any other HTTP status.
	ErrUnexpected = errors.New("unexpected answer")
	// ErrPaginationLoop means a rel="next" link repeated a page already
	// read, or left the instance.
	ErrPaginationLoop = errors.New("pagination loop")
)

// Instance is one Mastodon server to read tag timelines from.
type Instance struct {
	// URL is the base URL, e.g. "https://mastodon.social".
	URL string
	// Token is an optional user access token (from the variable the
	// config's token_env names); sent as "Authorization: Bearer", which the
	// recorder redacts.
	Token string
}

// Config configures the Mastodon source.
type Config struct {
	// Instances are read in order; a status is reported once, from the
	// first instance that shows it.
	Instances []Instance
	// MaxPages caps the timeline pages read per instance and tag spelling
	// in one run; 0 means no cap. When the cap stops a run, statuses older
	// than the last page read are not collected later either.
	MaxPages int
	// Parallel is the number of items rechecked at once; 0 means 4.
	Parallel int
	// Now is the clock for recheck observations (Collect uses the job's);
	// nil means time.Now.
	Now func() time.Time
}

// Source is the Mastodon source. It holds no per-run state and is safe for
// concurrent use.
type Source struct {
	cfg Config
}

// New returns a Mastodon source for cfg. Instance URLs lose any trailing
// slash.
func New(cfg Config) *Source {
	insts := make([]Instance, len(cfg.Instances))
	for i, in := range cfg.Instances {
		insts[i] = Instance{URL: strings.TrimRight(in.URL, "/"), Token: in.Token}
	}
	cfg.Instances = insts
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.Parallel <= 0 {
		cfg.Parallel = 4
	}
	return &Source{cfg: cfg}
}

// Name returns "mastodon".
func (s *Source) Name() string { return Platform }

// tokenFor returns the configured token of the instance serving host, or "".
func (s *Source) tokenFor(scheme, host string) string {
	for _, in := range s.cfg.Instances {
		u, err := url.Parse(in.URL)
		if err == nil && strings.EqualFold(u.Host, host) && u.Scheme == scheme {
			return in.Token
		}
	}
	return ""
}
