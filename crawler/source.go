package crawler

import (
	"context"
	"net/http"
	"time"

	"github.com/afterimage-archive/afterimage/archive/manifest"
	"github.com/gocolly/colly/v2"
)

// Request is one HTTP request a source wants made and recorded.
type Request struct {
	Method string // "" means GET
	URL    string
	Header http.Header
	Body   []byte
	// SecretBody marks a login request: its body is replaced by
	// "[redacted]" in the WARC, and the redaction is listed in the manifest.
	SecretBody bool
}

// Response is a recorded answer as a source sees it. The evidence is the
// WARC record named by RecordID; Body is a decoded, size-capped copy for
// parsing only.
type Response struct {
	URL       string // final URL of this exchange
	Status    int
	Header    http.Header
	Body      []byte
	RecordID  string // WARC-Record-ID of the response record
	Truncated bool   // the body went over the cap; Body and the record are cut
	Attempts  int    // number of recorded attempts (retries included)
}

// Fetcher makes recorded requests. Implementations retry 429 and 5xx answers
// with backoff (honouring Retry-After and rate-limit reset headers) up to a
// cap, and record every attempt.
type Fetcher interface {
	// Do performs req. It returns the last response whatever its status; an
	// error means no response was received (refused address, DNS, TLS,
	// timeout, invalid URL, context cancelled) and names the URL.
	Do(ctx context.Context, req *Request) (*Response, error)
	// Collector returns a new colly collector wired to the same recording
	// transport, user agent, body cap, robots policy and host limits, for
	// sources that crawl pages (web). Responses carry the header
	// Afterimage-Record-Id.
	Collector() *colly.Collector
}

// Sink receives what a source establishes during a capture. Safe for
// concurrent use.
type Sink interface {
	// Item records a post, account or page; Records list the WARC record
	// ids that back it.
	Item(it manifest.Item)
	// Observe records what was seen of an item at one time. An empty At is
	// filled with the capture clock's time.
	Observe(o manifest.Observation)
}

// Cursors keeps incremental collection state (for example the newest
// status id seen on one instance for one tag). Values set during a capture
// take effect only once the capture is sealed and stored.
type Cursors interface {
	Get(key string) string
	Set(key, value string)
}

// Job is one collection of a target on one platform.
type Job struct {
	Target  string
	Tags    []string // normalised with NormalizeTag
	URLs    []string // web targets
	Depth   int      // web targets: same-site link depth
	Cursors Cursors
	Now     func() time.Time
}

// ItemRef names an already archived item for a recheck.
type ItemRef struct {
	ID     string // "<platform>:<key>"
	Kind   string // post, account, page
	URL    string // public page or canonical URL
	Author string // item id of the author, for posts
	// ContentSHA256 is the content hash last seen, so a source can report
	// "changed".
	ContentSHA256 string
}

// Stats counts what one Collect did.
type Stats struct {
	Found    int // posts (or pages) matched
	Captured int // posts (or pages) recorded with their evidence
	Failed   int // fetches that failed
}

// Source is one platform's logic. Sources hold no per-run state.
type Source interface {
	// Name is the platform name used in config and item ids.
	Name() string
	// Collect gathers what job asks for and reports it to sink.
	Collect(ctx context.Context, f Fetcher, job Job, sink Sink) (Stats, error)
	// Recheck looks at items again and reports one observation per item:
	// seen, changed, missing, suspended, withheld or unavailable.
	Recheck(ctx context.Context, f Fetcher, items []ItemRef, sink Sink) error
}

// Registry lists the sources by name; it is built in cmd.
type Registry map[string]Source
