package report

import (
	"time"

	"github.com/afterimage-archive/afterimage/archive/export/signals"
)

// Data is everything the report shows.
type Data struct {
	Title    string
	Software string
	Filter   string // the selection as given
	Created  time.Time
	// The checkpoint every proof in the bundle is against.
	Origin         string
	CheckpointSize int64
	CheckpointRoot string // base64
	KeyHash        string // hex SHA-256 of the log's verifier key line
	Tokens         int    // RFC 3161 tokens over the checkpoint
	Captures       int
	Records        int
	Accounts       int
	Signals        signals.Signals
	// AccountNames maps account ids to handles, for the signal tables.
	AccountNames map[string]string
	Exhibits     []Exhibit
}

// Exhibit is one item.
type Exhibit struct {
	ID, Platform, Kind, URL, Text string
	Tags                          []string
	State                         string
	CreatedAt, StateSince         time.Time
	FirstSeen, LastSeenAlive      time.Time
	FirstMissing, ConfirmedAt     time.Time
	Author                        *Author
	History                       []Step
	Records                       []Record
	Captures                      []string
}

// Author is the posting account (or, for an account item, the account).
type Author struct {
	ID, Handle, DisplayName, AvatarURL, State string
	CreatedAt                                 time.Time
	Followers, Following, Posts               int64
	DefaultAvatar, Known                      bool // Known: profile metadata was captured
}

// Step is one observation in an item's state history.
type Step struct {
	At                    time.Time
	Status, State, Detail string
	HTTPStatus            int
	Capture               string
	ContentSHA256         string
}

// Record is one evidence record of an item and where the bundle holds it.
type Record struct {
	Capture, ID, Type, URI string
	Status                 int
	SHA256, PayloadDigest  string
	File                   string // inside evidence.wacz
	Offset                 int64
}
