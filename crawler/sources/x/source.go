package x

import (
	"errors"
	"strings"
	"time"

	"github.com/afterimage-archive/afterimage/crawler"
)

// Name is the platform name in config and item ids.
const Name = "x"

// DefaultMaxPostsPerRun is the cap used when Config.MaxPostsPerRun is 0 or
// negative.
const DefaultMaxPostsPerRun = 500

// Sentinel errors; the errors Collect and Recheck return wrap one of them.
var (
	// ErrAuth means the API refused the bearer token (401) or the app's
	// access level (403), or no token is configured.
	ErrAuth = errors.New("authorization refused")
	// ErrRateLimited means 429 after the fetcher's retries, including the
	// monthly usage cap.
	ErrRateLimited = errors.New("rate limited")
	// ErrUnavailable means a 5xx answer or another unexpected status.
	ErrUnavailable = errors.New("unavailable")
	// ErrMalformed means the answer is not the JSON the API documents.
	ErrMalformed = errors.New("malformed answer")
	// ErrPaginationLoop means a next_token came back twice.
	ErrPaginationLoop = errors.New("pagination loop")
	// ErrPostCap means Config.MaxPostsPerRun was reached and paging stopped.
	ErrPostCap = errors.New("max_posts_per_run reached")
)

// Config configures the X source.
type Config struct {
	// BaseURL is the API host, e.g. "https://api.x.com".
	BaseURL string
	// WebURL is the public site whose post and profile pages are
	// captured, e.g. "https://x.com". Empty means public pages are not
	// fetched; item URLs then name https://x.com.
	WebURL string
	// BearerToken is the app-only token (from AFTERIMAGE_X_BEARER_TOKEN).
	BearerToken string
	// MaxPostsPerRun caps the posts one Collect reads (reads are paid per
	// post); 0 or less means DefaultMaxPostsPerRun.
	MaxPostsPerRun int
	// Now is the clock for recheck observations; nil means time.Now.
	// Collect uses Job.Now when set.
	Now func() time.Time
	// Workers bounds concurrent page fetches during a recheck; 0 means 4.
	Workers int
}

// Source reads the X API v2. It holds no per-run state.
type Source struct {
	cfg       Config
	base, web string
	pages     bool // fetch public pages (WebURL set)
}

// New returns an X source for cfg.
func New(cfg Config) *Source {
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.Workers <= 0 {
		cfg.Workers = 4
	}
	if cfg.MaxPostsPerRun <= 0 {
		cfg.MaxPostsPerRun = DefaultMaxPostsPerRun
	}
	s := &Source{cfg: cfg, base: strings.TrimRight(cfg.BaseURL, "/"), web: strings.TrimRight(cfg.WebURL, "/")}
	s.pages = s.web != ""
	if !s.pages {
		s.web = "https://x.com"
	}
	return s
}

// Name implements crawler.Source; it returns "x".
func (s *Source) Name() string { return Name }

var _ crawler.Source = (*Source)(nil)

// postID and accountID are the item ids of a post and a user.
func postID(id string) string    { return Name + ":" + id }
func accountID(id string) string { return Name + ":user/" + id }

// postURL is the public page of a post.
func (s *Source) postURL(username, id string) string {
	if username == "" {
		username = "i"
	}
	return s.web + "/" + username + "/status/" + id
}

// profileURL is the public page of an account.
func (s *Source) profileURL(username, id string) string {
	if username == "" {
		return s.web + "/i/user/" + id
	}
	return s.web + "/" + username
}

// isDefaultAvatar reports X's default profile image.
func isDefaultAvatar(u string) bool { return u == "" || strings.Contains(u, "default_profile_images") }

// rfc3339 normalises an API time to RFC 3339 UTC, "" if unparseable.
func rfc3339(s string) string {
	t, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		return ""
	}
	return t.UTC().Format(time.RFC3339)
}

// newerID reports whether snowflake id a is greater than b (length first,
// then lexical order).
func newerID(a, b string) bool {
	if len(a) != len(b) {
		return len(a) > len(b)
	}
	return a > b
}

// validID reports whether s is a decimal id.
func validID(s string) bool {
	if s == "" || len(s) > 20 {
		return false
	}
	for _, c := range s {
		if c < '0' || c > '9' {
			return false
		}
	}
	return true
}
