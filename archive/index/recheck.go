package index

import (
	"context"
	"database/sql"
	"fmt"
	"time"
)

// RecheckPlan is the decaying recheck plan of the config: a check at
// each of FirstSeen+After[i], then one every Every after the last check.
type RecheckPlan struct {
	After []time.Duration
	Every time.Duration
}

// Next returns when an item first seen at firstSeen and last checked at
// lastChecked is due again, and false when the plan has no further check
// (After exhausted and Every zero). A plan point already passed by a later
// check is skipped, so a paused daemon catches up with one check, not
// many. An item never seen is due from its last check (or at once).
func (p RecheckPlan) Next(firstSeen, lastChecked time.Time) (time.Time, bool) {
	base := firstSeen
	if base.IsZero() {
		base = lastChecked
	}
	if base.IsZero() {
		return time.Time{}, true
	}
	for _, d := range p.After {
		if t := base.Add(d); t.After(lastChecked) {
			return t, true
		}
	}
	if p.Every <= 0 {
		return time.Time{}, false
	}
	from := lastChecked
	if from.IsZero() {
		from = base
	}
	return from.Add(p.Every), true
}

// DueQuery asks which items are due for a recheck at Now.
type DueQuery struct {
	Now  time.Time
	Plan RecheckPlan
	// All makes every selected item due, whatever the plan says.
	All    bool
	Filter Filter
	// After is the cursor from the previous page ("" for the first).
	After string
	// Limit bounds the items returned; 0 means 500.
	Limit int
}

// DueItem is an item to recheck, with what a source needs to do it.
type DueItem struct {
	ID       string
	Platform string
	Kind     string
	URL      string
	Author   string
	State    string
	// ContentSHA256 is the content hash last seen, so that a source can
	// report a change.
	ContentSHA256 string
	FirstSeen     time.Time
	LastChecked   time.Time
	Due           time.Time
}

// scanPage is how many items DueForRecheck reads per query.
const scanPage = 1000

// DueForRecheck returns up to q.Limit items due at q.Now, in id order,
// and the cursor to pass as q.After for the next page ("" when the scan
// is complete). An item is due at its plan's next check, or, when it is
// missing unconfirmed, at its first missing answer plus confirmAfter if
// that is sooner. Items known only from observations, never listed, are
// not rechecked (there is nothing to fetch them by). Memory is bounded
// by the page, whatever the number of items.
func (ix *Index) DueForRecheck(ctx context.Context, q DueQuery) ([]DueItem, string, error) {
	limit := q.Limit
	if limit <= 0 {
		limit = 500
	}
	var due []DueItem
	after := q.After
	for {
		page, err := ix.duePage(ctx, &q.Filter, after)
		if err != nil {
			return nil, "", fmt.Errorf("items due for recheck: %w", err)
		}
		for _, c := range page {
			if t, ok := ix.dueAt(&q, &c); ok && !t.After(q.Now) {
				c.item.Due = t
				due = append(due, c.item)
				if len(due) == limit {
					return due, c.item.ID, nil
				}
			}
		}
		if len(page) < scanPage {
			return due, "", nil
		}
		after = page[len(page)-1].item.ID
	}
}

// candidate is one scanned item with the times that decide when it is due.
type candidate struct {
	item         DueItem
	firstMissing time.Time
}

func (ix *Index) dueAt(q *DueQuery, c *candidate) (time.Time, bool) {
	if q.All {
		return q.Now, true
	}
	t, ok := q.Plan.Next(c.item.FirstSeen, c.item.LastChecked)
	if c.item.State == "missing" && !c.firstMissing.IsZero() {
		confirm := c.firstMissing.Add(ix.confirmAfter)
		if !ok || confirm.Before(t) {
			t, ok = confirm, true
		}
	}
	return t, ok
}

func (ix *Index) duePage(ctx context.Context, f *Filter, after string) ([]candidate, error) {
	w := &where{}
	w.add("i.id > " + w.param(after))
	w.add("i.kind <> ''")
	w.filter(f)
	rows, err := ix.db.QueryContext(ctx, `SELECT i.id, i.platform, i.kind, i.url, i.author, i.state,
		i.content_sha256, i.first_seen, i.last_checked, i.first_missing FROM items i`+w.sql()+
		` ORDER BY i.id LIMIT `+w.param(scanPage), w.args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var page []candidate
	for rows.Next() {
		var c candidate
		var firstSeen, lastChecked, firstMissing sql.NullInt64
		it := &c.item
		err := rows.Scan(&it.ID, &it.Platform, &it.Kind, &it.URL, &it.Author, &it.State,
			&it.ContentSHA256, &firstSeen, &lastChecked, &firstMissing)
		if err != nil {
			return nil, err
		}
		it.FirstSeen, it.LastChecked = fromNanos(firstSeen).Time, fromNanos(lastChecked).Time
		c.firstMissing = fromNanos(firstMissing).Time
		page = append(page, c)
	}
	return page, rows.Err()
}
