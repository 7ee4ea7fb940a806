package index

import (
	"strconv"
	"strings"
	"time"
)

// Filter selects items. Within one field the values are alternatives;
// the fields are combined: an item matches when it matches every field
// that is set. A zero Filter selects every item.
type Filter struct {
	IDs       []string
	Platforms []string
	Kinds     []string
	States    []string
	// Tags are normalised hashtags (crawler.NormalizeTag), compared
	// exactly with the normalised tags stored with the items.
	Tags []string
	// Targets are config target names: items listed or observed by a
	// capture of one of these targets.
	Targets []string
	// Since (inclusive) and Until (exclusive) bound the item's time: its
	// platform creation time, or its first sighting when that is unknown.
	Since, Until time.Time
}

// where builds the SQL condition of f over the items table aliased i,
// with parameters numbered from len(args)+1.
type where struct {
	conds []string
	args  []any
}

func (w *where) param(v any) string {
	w.args = append(w.args, v)
	return "$" + strconv.Itoa(len(w.args))
}

func (w *where) in(column string, values []string) string {
	ps := make([]string, len(values))
	for i, v := range values {
		ps[i] = w.param(v)
	}
	return column + " IN (" + strings.Join(ps, ", ") + ")"
}

func (w *where) add(cond string) { w.conds = append(w.conds, cond) }

func (w *where) filter(f *Filter) {
	if len(f.IDs) > 0 {
		w.add(w.in("i.id", f.IDs))
	}
	if len(f.Platforms) > 0 {
		w.add(w.in("i.platform", f.Platforms))
	}
	if len(f.Kinds) > 0 {
		w.add(w.in("i.kind", f.Kinds))
	}
	if len(f.States) > 0 {
		w.add(w.in("i.state", f.States))
	}
	if len(f.Tags) > 0 {
		w.add("EXISTS (SELECT 1 FROM item_tags t WHERE t.item_id = i.id AND " + w.in("t.tag", f.Tags) + ")")
	}
	if len(f.Targets) > 0 {
		w.add("EXISTS (SELECT 1 FROM item_captures ic JOIN captures c ON c.id = ic.capture_id" +
			" WHERE ic.item_id = i.id AND " + w.in("c.target", f.Targets) + ")")
	}
	if !f.Since.IsZero() {
		w.add("COALESCE(i.created_at, i.first_seen) >= " + w.param(f.Since.UnixNano()))
	}
	if !f.Until.IsZero() {
		w.add("COALESCE(i.created_at, i.first_seen) < " + w.param(f.Until.UnixNano()))
	}
}

func (w *where) sql() string {
	if len(w.conds) == 0 {
		return ""
	}
	return " WHERE " + strings.Join(w.conds, " AND ")
}
