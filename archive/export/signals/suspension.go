package signals

// Flags says why an account is flagged.
type Flags struct {
	InWindow      bool // created inside the densest creation window
	LowFollowers  bool // fewer than LowFollowers followers
	DefaultAvatar bool
	InCluster     bool // posted in an identical-text cluster
}

// Flagged reports whether the flags make the account flagged: created in
// the densest window and low-follower or default-avatar, or in an
// identical-text cluster.
func (f Flags) Flagged() bool {
	return (f.InWindow && (f.LowFollowers || f.DefaultAvatar)) || f.InCluster
}

// AccountFlags computes the flags of one account from the creation and
// identical-text signals. Metadata traits count only for accounts with
// metadata.
func AccountFlags(a Account, c Creation, co CoText) Flags {
	var f Flags
	if a.HasMetadata {
		f.InWindow = c.InDensestWindow(a.CreatedAt)
		f.LowFollowers = a.Followers < LowFollowers
		f.DefaultAvatar = a.DefaultAvatar
	}
	for _, id := range co.Accounts {
		if id == a.ID {
			f.InCluster = true
			break
		}
	}
	return f
}

// Suspension compares the suspension rate of flagged accounts with that
// of the rest. Accounts never checked (empty State) are left out of both
// rates and counted in Unchecked.
type Suspension struct {
	Flagged   Share // suspended flagged accounts, out of checked flagged ones
	Rest      Share // suspended other accounts, out of checked other ones
	Unchecked int
	// FlaggedIDs lists every flagged account, checked or not.
	FlaggedIDs []string
}

// RelativeRisk returns the flagged rate divided by the rest's rate; ok
// is false when either group is empty or the rest's rate is zero.
func (s Suspension) RelativeRisk() (rr float64, ok bool) {
	if s.Flagged.Total == 0 || s.Rest.Total == 0 || s.Rest.Count == 0 {
		return 0, false
	}
	return s.Flagged.Fraction() / s.Rest.Fraction(), true
}

// SuspensionRates computes the suspension rate of flagged accounts
// against the rest.
func SuspensionRates(accounts []Account, c Creation, co CoText) Suspension {
	var s Suspension
	for _, a := range accounts {
		flagged := AccountFlags(a, c, co).Flagged()
		if flagged {
			s.FlaggedIDs = append(s.FlaggedIDs, a.ID)
		}
		if a.State == "" {
			s.Unchecked++
			continue
		}
		group := &s.Rest
		if flagged {
			group = &s.Flagged
		}
		group.Total++
		if a.State == "suspended" {
			group.Count++
		}
	}
	return s
}
