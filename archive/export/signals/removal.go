package signals

import (
	"sort"
	"time"
)

// Count is the number of items with one key (a platform, a state).
type Count struct {
	Key   string
	Count int
}

// Counts is the items per platform, per state, and per both.
type Counts struct {
	Total      int
	ByPlatform []Count // sorted by key
	ByState    []Count // sorted by key; "unknown" for an empty state
	// ByPlatformState maps platform to state to count.
	ByPlatformState map[string]map[string]int
}

// CountItems counts items per platform and state.
func CountItems(items []Post) Counts {
	c := Counts{Total: len(items), ByPlatformState: map[string]map[string]int{}}
	platforms, states := map[string]int{}, map[string]int{}
	for _, it := range items {
		st := it.State
		if st == "" {
			st = "unknown"
		}
		platforms[it.Platform]++
		states[st]++
		if c.ByPlatformState[it.Platform] == nil {
			c.ByPlatformState[it.Platform] = map[string]int{}
		}
		c.ByPlatformState[it.Platform][st]++
	}
	c.ByPlatform, c.ByState = sortedCounts(platforms), sortedCounts(states)
	return c
}

func sortedCounts(m map[string]int) []Count {
	out := make([]Count, 0, len(m))
	for k, n := range m {
		out = append(out, Count{Key: k, Count: n})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Key < out[j].Key })
	return out
}

// Durations summarises a set of durations. Percentiles use the nearest
// rank on the sorted values.
type Durations struct {
	N                               int
	Min, P25, Median, P75, P90, Max time.Duration
}

// Summarize computes the summary of ds (zero for an empty set).
func Summarize(ds []time.Duration) Durations {
	if len(ds) == 0 {
		return Durations{}
	}
	s := append([]time.Duration(nil), ds...)
	sort.Slice(s, func(i, j int) bool { return s[i] < s[j] })
	rank := func(p float64) time.Duration {
		i := int(p*float64(len(s))+0.999999) - 1 // ceil(p*n) - 1
		return s[max(0, min(i, len(s)-1))]
	}
	return Durations{N: len(s), Min: s[0], P25: rank(0.25), Median: rank(0.5), P75: rank(0.75), P90: rank(0.9), Max: s[len(s)-1]}
}

// TimeToRemoval is how long removed items were seen before they went,
// measured from their first sighting. A removal is known as an interval,
// so three figures are given: still there at least StillSeen (last seen
// alive), gone at most GoneBy (first seen missing), confirmed after
// Confirmed.
type TimeToRemoval struct {
	StillSeen, GoneBy, Confirmed Durations
}

// RemovalTimes computes the time to removal of the removed items (states
// deleted, suspended, withheld) that have the times needed.
func RemovalTimes(items []Post) TimeToRemoval {
	var still, gone, conf []time.Duration
	for _, it := range items {
		if !Removed(it.State) || it.FirstSeen.IsZero() {
			continue
		}
		if !it.LastSeenAlive.IsZero() {
			still = append(still, it.LastSeenAlive.Sub(it.FirstSeen))
		}
		if !it.FirstMissing.IsZero() {
			gone = append(gone, it.FirstMissing.Sub(it.FirstSeen))
		}
		if !it.ConfirmedAt.IsZero() {
			conf = append(conf, it.ConfirmedAt.Sub(it.FirstSeen))
		}
	}
	return TimeToRemoval{StillSeen: Summarize(still), GoneBy: Summarize(gone), Confirmed: Summarize(conf)}
}

// Day is the number of posts first seen, and of posts first seen missing
// (and since confirmed removed), on one UTC day.
type Day struct {
	Date    time.Time // midnight UTC
	Seen    int
	Removed int
}

// Timeline counts posts (Kind "post") seen and removed per UTC day, from
// the first to the last day with either, every day in between included.
// A removed post counts on the day it was first seen missing (or
// confirmed, when that is unknown).
func Timeline(items []Post) []Day {
	seen, removed := map[time.Time]int{}, map[time.Time]int{}
	var first, last time.Time
	note := func(m map[time.Time]int, t time.Time) {
		d := t.UTC().Truncate(24 * time.Hour)
		m[d]++
		if first.IsZero() || d.Before(first) {
			first = d
		}
		if d.After(last) {
			last = d
		}
	}
	for _, it := range items {
		if it.Kind != "post" {
			continue
		}
		if !it.FirstSeen.IsZero() {
			note(seen, it.FirstSeen)
		}
		if !Removed(it.State) {
			continue
		}
		if at := firstNonZero(it.FirstMissing, it.ConfirmedAt); !at.IsZero() {
			note(removed, at)
		}
	}
	if first.IsZero() {
		return nil
	}
	var days []Day
	for d := first; !d.After(last); d = d.Add(24 * time.Hour) {
		days = append(days, Day{Date: d, Seen: seen[d], Removed: removed[d]})
	}
	return days
}

func firstNonZero(ts ...time.Time) time.Time {
	for _, t := range ts {
		if !t.IsZero() {
			return t
		}
	}
	return time.Time{}
}
