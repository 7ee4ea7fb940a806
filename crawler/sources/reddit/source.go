package reddit

import (
	"errors"
	"strings"
	"time"

	"github.com/afterimage-archive/afterimage/crawler"
)

// Name is the platform name in config and item ids.
const Name = "reddit"

// Sentinel errors; the errors Collect and Recheck return wrap one of them.
var (
	// ErrAuth means the token request was refused or the API refused the
	// token (401, 403), or no client id or secret is configured.
	ErrAuth = errors.New("authorization refused")
	// ErrRateLimited means 429 after the fetcher's retries.
	ErrRateLimited = errors.New("rate limited")
	// ErrUnavailable means a 5xx answer or another unexpected status.
	ErrUnavailable = errors.New("unavailable")
	// ErrMalformed means the answer is not the JSON Reddit documents.
	ErrMalformed = errors.New("malformed answer")
	// ErrPaginationLoop means an "after" cursor came back twice.
	ErrPaginationLoop = errors.New("pagination loop")
)

// Config configures the Reddit source.
type Config struct {
	// BaseURL is the OAuth API host, e.g. "https://oauth.reddit.com".
	BaseURL string
	// AuthURL is the token endpoint, e.g.
	// "https://www.reddit.com/api/v1/access_token".
	AuthURL string
	// WebURL is the public site whose post and profile pages are
	// captured, e.g. "https://www.reddit.com". Empty means public pages
	// are not fetched; item URLs then name https://www.reddit.com.
	WebURL string
	// ClientID and ClientSecret identify the app (from
	// AFTERIMAGE_REDDIT_CLIENT_ID and AFTERIMAGE_REDDIT_CLIENT_SECRET).
	ClientID, ClientSecret string
	// UserAgent is sent on API calls, e.g.
	// "linux:afterimage:0.1 (by /u/someone)".
	UserAgent string
	// Subreddits restricts the search to these subreddits (names without
	// "r/"); empty searches all of Reddit.
	Subreddits []string
	// Now is the clock for recheck observations; nil means time.Now.
	// Collect uses Job.Now when set.
	Now func() time.Time
	// Workers bounds concurrent fetches during a recheck; 0 means 4.
	Workers int
}

// Source reads Reddit. It holds no per-run state.
type Source struct {
	cfg       Config
	base, web string
	pages     bool // fetch public pages (WebURL set)
}

// New returns a Reddit source for cfg.
func New(cfg Config) *Source {
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.Workers <= 0 {
		cfg.Workers = 4
	}
	s := &Source{cfg: cfg, base: strings.TrimRight(cfg.BaseURL, "/"), web: strings.TrimRight(cfg.WebURL, "/")}
	s.pages = s.web != ""
	if !s.pages {
		s.web = "https://www.reddit.com"
	}
	return s
}

// Name implements crawler.Source; it returns "reddit".
func (s *Source) Name() string { return Name }

var _ crawler.Source = (*Source)(nil)

// accountID is the item id of a user.
func accountID(name string) string { return Name + ":u/" + name }

// profileURL is the public page of a user.
func (s *Source) profileURL(name string) string { return s.web + "/user/" + name }

// unixTime formats created_utc as RFC 3339 UTC, "" for 0.
func unixTime(sec float64) string {
	if sec <= 0 || sec > 1e11 {
		return ""
	}
	return time.Unix(int64(sec), 0).UTC().Format(time.RFC3339)
}

// newerID reports whether base-36 id a is greater than b.
func newerID(a, b string) bool {
	if len(a) != len(b) {
		return len(a) > len(b)
	}
	return a > b
}

// validID reports whether s is a lower-case base-36 id.
func validID(s string) bool {
	if s == "" || len(s) > 13 {
		return false
	}
	for _, c := range s {
		if !(c >= '0' && c <= '9' || c >= 'a' && c <= 'z') {
			return false
		}
	}
	return true
}
