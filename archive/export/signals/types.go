package signals

import "time"

// Thresholds of the signals, as the report states them.
const (
	// WindowMonths is the width of the creation-date window.
	WindowMonths = 4
	// LowFollowers is the follower count below which an account counts as
	// low-reach.
	LowFollowers = 100
	// CoPostWindow is the longest gap between two posts of identical text
	// that still joins them into one cluster.
	CoPostWindow = 60 * time.Second
	// MinClusterAccounts is the least number of distinct accounts an
	// identical-text cluster needs.
	MinClusterAccounts = 2
)

// Account is what the signals need to know about one account.
type Account struct {
	ID        string
	Handle    string
	CreatedAt time.Time // zero when unknown
	Followers int64
	// HasMetadata is false when nothing but the id is known (no captured
	// profile): such an account counts in no share.
	HasMetadata   bool
	DefaultAvatar bool
	// State is the account's derived state ("suspended", "alive", …), ""
	// when it was never checked.
	State string
}

// Post is what the signals need to know about one post (or page).
type Post struct {
	ID       string
	Platform string
	Kind     string // post, account, page
	Author   string // account id, "" if none
	Text     string
	// CreatedAt is the platform's posting time, zero when unknown.
	CreatedAt time.Time
	State     string
	FirstSeen time.Time
	// LastSeenAlive, FirstMissing and ConfirmedAt bound a removal; zero
	// when there is none.
	LastSeenAlive time.Time
	FirstMissing  time.Time
	ConfirmedAt   time.Time
}

// Removed reports whether state is a confirmed removal: deleted,
// suspended or withheld.
func Removed(state string) bool {
	return state == "deleted" || state == "suspended" || state == "withheld"
}

// Share is a count out of a total.
type Share struct {
	Count, Total int
}

// Fraction returns Count/Total, or 0 when Total is 0.
func (s Share) Fraction() float64 {
	if s.Total == 0 {
		return 0
	}
	return float64(s.Count) / float64(s.Total)
}

// Percent formats the share as "12.5%" ("n/a" when Total is 0).
func (s Share) Percent() string {
	if s.Total == 0 {
		return "n/a"
	}
	return formatPercent(s.Fraction())
}
