package manifest

// Version is the manifest format version this code writes and reads.
// A reader rejects any other version: a new field or meaning gets a new
// version number.
const Version = 1

// Manifest describes one capture: one run of one command or job, however
// many URLs it fetched. Its canonical JSON bytes are stored under
// manifests/<sha256>.json and appended, unchanged, as one leaf of the
// evidence log. The capture id is that SHA-256 in lowercase hex.
type Manifest struct {
	Version int     `json:"version"`
	Kind    string  `json:"kind"` // "capture" (collect, capture, recheck runs); "export" for export events
	Context Context `json:"context"`
	// Started and Finished bound the capture, RFC 3339 UTC with nanoseconds
	// (time.RFC3339Nano), from the injected clock.
	Started  string `json:"started"`
	Finished string `json:"finished"`
	WARCs    []WARC `json:"warcs"`
	// Records lists every WARC record of the capture, in file order.
	Records []Record `json:"records"`
	// Failures lists fetches that produced no response record (refused,
	// unreachable, TLS error, timeout, invalid URL, refused address).
	Failures     []Failure     `json:"failures"`
	Items        []Item        `json:"items"`
	Observations []Observation `json:"observations"`
	// Export is set only on Kind "export" manifests.
	Export *Export `json:"export,omitempty"`
}

// Context is the collection context: what ran, how, and with what settings.
type Context struct {
	Software     string   `json:"software"`      // "afterimage <version>"
	Command      string   `json:"command"`       // "capture", "collect", "recheck", "export"
	Target       string   `json:"target"`        // config target name, "" for ad hoc captures
	ConfigSHA256 string   `json:"config_sha256"` // hex SHA-256 of the effective config
	UserAgent    string   `json:"user_agent"`
	Robots       string   `json:"robots"`     // "respect" or "ignore"
	BodyCap      int64    `json:"body_cap"`   // bytes kept per response body
	Timeout      string   `json:"timeout"`    // Go duration, e.g. "30s"
	Hostname     string   `json:"hostname"`   // collecting machine, "" when withheld
	Redactions   []string `json:"redactions"` // e.g. "request header Authorization", "request body of POST https://…/createSession"
}

// WARC names one sealed WARC file of the capture.
type WARC struct {
	Key    string `json:"key"`    // warc/<sha256>.warc.gz
	SHA256 string `json:"sha256"` // hex, of the whole file
	Size   int64  `json:"size"`
	// VersionID is the store's version id from the put, "" if none.
	VersionID string `json:"version_id"`
}

// Record describes one WARC record as stored: one gzip member.
type Record struct {
	WARC      int    `json:"warc"` // index into Manifest.WARCs
	ID        string `json:"id"`   // WARC-Record-ID, "<urn:uuid:…>"
	Type      string `json:"type"` // warcinfo, request, response, resource, metadata
	TargetURI string `json:"target_uri"`
	// ConcurrentTo is the WARC-Record-ID of the linked record, or "".
	ConcurrentTo string `json:"concurrent_to"`
	Offset       int64  `json:"offset"` // of the gzip member in the file
	Length       int64  `json:"length"` // of the gzip member
	// SHA256 is the hex SHA-256 of the stored gzip member bytes.
	SHA256        string `json:"sha256"`
	BlockDigest   string `json:"block_digest"`   // "sha256:<hex>"
	PayloadDigest string `json:"payload_digest"` // "sha256:<hex>" or ""
	Status        int    `json:"status"`         // HTTP status of a response record, else 0
	ContentType   string `json:"content_type"`   // HTTP Content-Type of the payload, "" if none
	IPAddress     string `json:"ip_address"`
	// Truncated is the WARC-Truncated reason ("length"), or "".
	Truncated  string `json:"truncated"`
	FetchStart string `json:"fetch_start"` // RFC 3339 UTC (nano)
	FetchEnd   string `json:"fetch_end"`
}

// Failure is a fetch that produced no response.
type Failure struct {
	URL   string `json:"url"`
	Error string `json:"error"`
	At    string `json:"at"`
}

// Item is a post, an account or a page the capture established.
type Item struct {
	ID       string   `json:"id"`       // "<platform>:<key>"
	Platform string   `json:"platform"` // web, mastodon, bluesky, telegram, x, reddit
	Kind     string   `json:"kind"`     // post, account, page
	URL      string   `json:"url"`      // public page, or canonical URL
	Tags     []string `json:"tags"`     // normalised hashtags
	Text     string   `json:"text"`
	// CreatedAt is the platform's creation time (RFC 3339 UTC), "" if unknown.
	CreatedAt string `json:"created_at"`
	// Author is the item id of the posting account, "" for accounts and pages.
	Author  string   `json:"author"`
	Account *Account `json:"account,omitempty"` // set when Kind is "account"
	Media   []string `json:"media"`             // media URLs fetched with the item
	// Records are the WARC-Record-IDs of the records that back the item.
	Records []string `json:"records"`
}

// Account is the public metadata of an account item.
type Account struct {
	Handle        string `json:"handle"`
	DisplayName   string `json:"display_name"`
	CreatedAt     string `json:"created_at"` // RFC 3339 UTC, "" if unknown
	Followers     int64  `json:"followers"`
	Following     int64  `json:"following"`
	Posts         int64  `json:"posts"`
	AvatarURL     string `json:"avatar_url"`
	DefaultAvatar bool   `json:"default_avatar"`
}

// Observation is what the capture says about one item at one time.
type Observation struct {
	Item string `json:"item"` // item id
	// Status is one of: seen, changed, missing, suspended, withheld,
	// unavailable.
	Status        string `json:"status"`
	At            string `json:"at"`             // RFC 3339 UTC (nano)
	HTTPStatus    int    `json:"http_status"`    // of the deciding answer, 0 if none
	ContentSHA256 string `json:"content_sha256"` // hex of the normalised content when seen
	Detail        string `json:"detail"`         // e.g. "Record not found", "AccountTakedown"
	// Records are the WARC-Record-IDs of the records that are the evidence.
	Records []string `json:"records"`
}

// Export describes an export event.
type Export struct {
	Bundle   string   `json:"bundle"`   // file or directory name
	SHA256   string   `json:"sha256"`   // hex of SHA256SUMS of the bundle
	Items    []string `json:"items"`    // exported item ids
	Captures []string `json:"captures"` // capture ids used
	Filter   string   `json:"filter"`   // the selection, as given
}
