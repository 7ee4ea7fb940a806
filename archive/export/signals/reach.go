package signals

// Reach is the low-follower and default-avatar signal, over the accounts
// whose profile was captured.
type Reach struct {
	// LowFollowers counts accounts with fewer than LowFollowers followers.
	LowFollowers Share
	// DefaultAvatar counts accounts showing the platform's default avatar.
	DefaultAvatar Share
	// Either counts accounts with either trait.
	Either Share
}

// AccountReach computes the shares of low-follower and default-avatar
// accounts among the accounts with metadata.
func AccountReach(accounts []Account) Reach {
	var r Reach
	for _, a := range accounts {
		if !a.HasMetadata {
			continue
		}
		low := a.Followers < LowFollowers
		r.LowFollowers.Total++
		r.DefaultAvatar.Total++
		r.Either.Total++
		if low {
			r.LowFollowers.Count++
		}
		if a.DefaultAvatar {
			r.DefaultAvatar.Count++
		}
		if low || a.DefaultAvatar {
			r.Either.Count++
		}
	}
	return r
}
