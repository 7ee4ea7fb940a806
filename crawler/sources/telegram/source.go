package telegram

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/afterimage-archive/afterimage/crawler"
)

// Name is the platform name in config and item ids.
const Name = "telegram"

// Sentinel errors; the errors Collect returns wrap one of them.
var (
	// ErrRateLimited means Telegram answered 429 after the fetcher's retries.
	ErrRateLimited = errors.New("rate limited")
	// ErrUnavailable means a 5xx answer or another unexpected status.
	ErrUnavailable = errors.New("unavailable")
	// ErrNoPreview means the channel has no public web preview: it is
	// private, hidden, unknown, blocked, or the name is a user.
	ErrNoPreview = errors.New("no public preview")
	// ErrMalformed means the answer is not a channel preview page.
	ErrMalformed = errors.New("unexpected page")
	// ErrPaginationLoop means a "before" cursor did not move back.
	ErrPaginationLoop = errors.New("pagination loop")
)

// Config configures the Telegram source.
type Config struct {
	// BaseURL is the web preview host, e.g. "https://t.me" (no trailing
	// slash needed).
	BaseURL string
	// Channels are the public channel usernames to read, without "@".
	Channels []string
	// Now is the clock for recheck observations; nil means time.Now.
	// Collect uses Job.Now when set.
	Now func() time.Time
	// Workers bounds concurrent page fetches during a recheck; 0 means 4.
	Workers int
}

// Source reads public Telegram channel previews. It holds no per-run state.
type Source struct {
	cfg  Config
	base string
}

// New returns a Telegram source for cfg.
func New(cfg Config) *Source {
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.Workers <= 0 {
		cfg.Workers = 4
	}
	return &Source{cfg: cfg, base: strings.TrimRight(cfg.BaseURL, "/")}
}

// Name implements crawler.Source; it returns "telegram".
func (s *Source) Name() string { return Name }

var _ crawler.Source = (*Source)(nil)

// postURL is the public page of a message.
func (s *Source) postURL(channel string, n int64) string {
	return fmt.Sprintf("%s/%s/%d", s.base, channel, n)
}

// embedURL is the single-message widget used for rechecks.
func (s *Source) embedURL(channel string, n int64) string {
	return s.postURL(channel, n) + "?embed=1&mode=tme"
}

// postID is the item id of a message.
func postID(channel string, n int64) string { return fmt.Sprintf("%s:%s/%d", Name, channel, n) }

// accountID is the item id of a channel.
func accountID(channel string) string { return Name + ":" + channel }

// postHash is the content hash of a message: its text, then one line per
// medium kind.
func postHash(m *message) string {
	h := sha256.New()
	h.Write([]byte(m.Text))
	for range m.Photos {
		h.Write([]byte("\nphoto"))
	}
	for range m.Videos {
		h.Write([]byte("\nvideo"))
	}
	return hex.EncodeToString(h.Sum(nil))
}

// channelHash is the content hash of a channel account.
func channelHash(channel, title string) string {
	sum := sha256.Sum256([]byte(channel + "\n" + title))
	return hex.EncodeToString(sum[:])
}
