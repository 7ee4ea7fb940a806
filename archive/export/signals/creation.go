package signals

import (
	"fmt"
	"strconv"
	"time"
)

// Month is a calendar month in UTC, counted from year 0 (Year*12 +
// Month-1), so consecutive months differ by one.
type Month int

// MonthOf returns the UTC calendar month of t.
func MonthOf(t time.Time) Month {
	t = t.UTC()
	return Month(t.Year()*12 + int(t.Month()) - 1)
}

// Start returns the first instant of the month, UTC.
func (m Month) Start() time.Time {
	return time.Date(int(m)/12, time.Month(int(m)%12+1), 1, 0, 0, 0, 0, time.UTC)
}

// String formats the month as "2017-12".
func (m Month) String() string {
	return fmt.Sprintf("%04d-%02d", int(m)/12, int(m)%12+1)
}

// MonthCount is the number of accounts created in one month.
type MonthCount struct {
	Month Month
	Count int
}

// Creation is the creation-date signal.
type Creation struct {
	// Months runs from the earliest to the latest creation month, with
	// every month in between (zero counts included).
	Months []MonthCount
	// Known counts the accounts with a creation date; Unknown those
	// without (they are left out of every figure here).
	Known, Unknown int
	// WindowStart is the first month of the densest window of
	// WindowMonths consecutive months (on a tie, the earliest that starts
	// with a month holding accounts);
	// InWindow counts the accounts created inside it, out of Known.
	WindowStart Month
	InWindow    Share
}

// WindowEnd returns the last month of the densest window.
func (c Creation) WindowEnd() Month { return c.WindowStart + WindowMonths - 1 }

// InDensestWindow reports whether t falls inside the densest window. It
// is false for the zero time and when no account has a creation date.
func (c Creation) InDensestWindow(t time.Time) bool {
	if t.IsZero() || c.Known == 0 {
		return false
	}
	m := MonthOf(t)
	return m >= c.WindowStart && m <= c.WindowEnd()
}

// CreationDates buckets the accounts with metadata by creation month (UTC)
// and finds the window of WindowMonths consecutive calendar months holding
// the most of them.
func CreationDates(accounts []Account) Creation {
	var c Creation
	counts := map[Month]int{}
	first, last := Month(0), Month(0)
	for _, a := range accounts {
		if !a.HasMetadata {
			continue
		}
		if a.CreatedAt.IsZero() {
			c.Unknown++
			continue
		}
		m := MonthOf(a.CreatedAt)
		if c.Known == 0 || m < first {
			first = m
		}
		if c.Known == 0 || m > last {
			last = m
		}
		counts[m]++
		c.Known++
	}
	if c.Known == 0 {
		return c
	}
	for m := first; m <= last; m++ {
		c.Months = append(c.Months, MonthCount{Month: m, Count: counts[m]})
	}
	c.WindowStart, c.InWindow = densest(c.Months, c.Known)
	return c
}

// densest slides a window of WindowMonths months over months (which are
// consecutive) and returns the first start with the largest sum. Only
// months with accounts start a window: a window starting on an empty
// month holds no more than the one starting at its first non-empty month.
func densest(months []MonthCount, known int) (Month, Share) {
	best, bestStart := -1, months[0].Month
	for i := range months {
		if months[i].Count == 0 {
			continue
		}
		sum := 0
		for j := i; j < len(months) && j < i+WindowMonths; j++ {
			sum += months[j].Count
		}
		if sum > best {
			best, bestStart = sum, months[i].Month
		}
	}
	return bestStart, Share{Count: best, Total: known}
}

// formatPercent formats a fraction as a percentage with one decimal.
func formatPercent(f float64) string {
	return strconv.FormatFloat(f*100, 'f', 1, 64) + "%"
}
