package export

import "time"

// Item is one item to export: what `afterimage items --format json` shows
// of it, its state history, and where its evidence is. Times are zero
// when unknown.
type Item struct {
	ID        string // "<platform>:<key>"
	Platform  string
	Kind      string // post, account, page
	URL       string
	Tags      []string
	Text      string
	CreatedAt time.Time // the platform's creation time
	State     string    // alive, missing, deleted, suspended, withheld, restored, changed
	// StateSince is the time of the last change of state.
	StateSince time.Time
	FirstSeen  time.Time
	// LastSeenAlive, FirstMissing and ConfirmedAt bound a removal: it
	// happened after LastSeenAlive and at or before FirstMissing, and was
	// confirmed at ConfirmedAt.
	LastSeenAlive time.Time
	FirstMissing  time.Time
	ConfirmedAt   time.Time
	// Captures are the ids (manifest SHA-256, lowercase hex) of the
	// captures that list or observe the item, oldest first.
	Captures []string
	// Author is the posting account of a post, nil if none.
	Author *Account
	// Account is the item's own metadata, for accounts.
	Account *Account
	// Observations is the item's state history, in the order its state
	// was derived from them.
	Observations []Observation
	// Records names further WARC records that back the item, beyond
	// those its captures' manifests list for it.
	Records []RecordRef
}

// Account is an account's public metadata as last captured.
type Account struct {
	ID            string
	Handle        string
	DisplayName   string
	CreatedAt     time.Time
	Followers     int64
	Following     int64
	Posts         int64
	AvatarURL     string
	DefaultAvatar bool
	// State is the account item's derived state ("suspended", …), "" when
	// unknown. An exported account item with the same ID overrides it.
	State string
}

// Observation is one observation of an item, with the state it left the
// item in.
type Observation struct {
	At            time.Time
	Status        string // seen, changed, missing, suspended, withheld, unavailable
	State         string // after this observation
	HTTPStatus    int
	Detail        string
	Capture       string   // capture id
	ContentSHA256 string   // hex, "" if none
	Records       []string // WARC-Record-IDs of the evidence in the capture
}

// RecordRef names one WARC record of a capture.
type RecordRef struct {
	Capture string // capture id
	Record  string // WARC-Record-ID, "<urn:uuid:…>"
}
