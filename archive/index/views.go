package index

// ItemView is one item as `afterimage items --format json` and the export
// write it: the latest metadata, the normalised tags, the derived state
// with its removal interval, and the captures that hold its evidence.
// Times are RFC 3339 UTC, "" when unknown.
type ItemView struct {
	ID         string   `json:"id"`
	Platform   string   `json:"platform"`
	Kind       string   `json:"kind"` // post, account, page; "" if only observed, never listed
	URL        string   `json:"url"`
	Tags       []string `json:"tags"`
	Text       string   `json:"text"`
	CreatedAt  Time     `json:"created_at"`
	State      string   `json:"state"`
	StateSince Time     `json:"state_since"`
	FirstSeen  Time     `json:"first_seen"`
	// LastSeenAlive, FirstMissing and ConfirmedAt bound a removal: it
	// happened after LastSeenAlive and at or before FirstMissing, and was
	// confirmed at ConfirmedAt.
	LastSeenAlive Time `json:"last_seen_alive"`
	FirstMissing  Time `json:"first_missing"`
	ConfirmedAt   Time `json:"confirmed_at"`
	// Captures are the ids of the captures that list or observe the item,
	// oldest first.
	Captures []string `json:"captures"`
	// Author is the posting account, for posts that name one.
	Author *AccountView `json:"author,omitempty"`
	// Account is the item's own public metadata, for accounts.
	Account *AccountView `json:"account,omitempty"`
	// ContentSHA256 is the last content hash seen (not in the JSON form).
	ContentSHA256 string `json:"-"`
	// Media are the media URLs fetched with the item (not in the JSON form).
	Media []string `json:"-"`
}

// AccountView is an account's public metadata, as last captured.
type AccountView struct {
	ID            string `json:"id"`
	Handle        string `json:"handle"`
	DisplayName   string `json:"display_name"`
	CreatedAt     Time   `json:"created_at"`
	Followers     int64  `json:"followers"`
	Following     int64  `json:"following"`
	Posts         int64  `json:"posts"`
	AvatarURL     string `json:"avatar_url"`
	DefaultAvatar bool   `json:"default_avatar"`
}

// ObservationView is one observation of an item, with the state it left
// the item in.
type ObservationView struct {
	At         Time   `json:"at"`
	Status     string `json:"status"`
	State      string `json:"state"` // after this observation
	HTTPStatus int    `json:"http_status"`
	Detail     string `json:"detail"`
	Capture    string `json:"capture"`
	// ContentSHA256 is the hash of the content seen, "" if none.
	ContentSHA256 string `json:"content_sha256"`
	// Records are the WARC-Record-IDs of the evidence in the capture.
	Records []string `json:"records"`
	// Implicit is true when the capture listed the item without an
	// explicit observation: it counts as seen when its records were
	// fetched.
	Implicit bool `json:"implicit"`
}

// CaptureView summarises one capture (or export event) of the log.
type CaptureView struct {
	ID           string     `json:"id"`
	Kind         string     `json:"kind"`
	Command      string     `json:"command"`
	Target       string     `json:"target"`
	Software     string     `json:"software"`
	Started      Time       `json:"started"`
	Finished     Time       `json:"finished"`
	LogIndex     int64      `json:"log_index"`
	WARCs        []WARCView `json:"warcs"`
	Records      int64      `json:"records"`
	Failures     int64      `json:"failures"`
	Items        int64      `json:"items"`
	Observations int64      `json:"observations"`
}

// WARCView is one sealed WARC object of a capture.
type WARCView struct {
	Key       string `json:"key"`
	SHA256    string `json:"sha256"`
	Size      int64  `json:"size"`
	VersionID string `json:"version_id"`
}

// RecordView is one WARC record of a capture: where its gzip member lies
// and its digests.
type RecordView struct {
	Capture       string `json:"capture"`
	Seq           int    `json:"seq"` // position in the manifest's records
	WARCKey       string `json:"warc_key"`
	ID            string `json:"id"`
	Type          string `json:"type"`
	TargetURI     string `json:"target_uri"`
	ConcurrentTo  string `json:"concurrent_to"`
	Offset        int64  `json:"offset"`
	Length        int64  `json:"length"`
	SHA256        string `json:"sha256"`
	BlockDigest   string `json:"block_digest"`
	PayloadDigest string `json:"payload_digest"`
	Status        int    `json:"status"`
	ContentType   string `json:"content_type"`
	IPAddress     string `json:"ip_address"`
	Truncated     string `json:"truncated"`
	FetchStart    Time   `json:"fetch_start"`
	FetchEnd      Time   `json:"fetch_end"`
}

// FailureView is a fetch of a capture that produced no response.
type FailureView struct {
	Capture string `json:"capture"`
	URL     string `json:"url"`
	Error   string `json:"error"`
	At      Time   `json:"at"`
}
