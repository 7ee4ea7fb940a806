package index

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/afterimage-archive/afterimage/archive/state"
)

// History returns every observation of an item in the order its state
// was derived from them (time, then capture), each with the state it left
// the item in. The error wraps ErrNotFound for an item not in the index.
func (ix *Index) History(ctx context.Context, itemID string) ([]ObservationView, error) {
	if err := ix.itemExists(ctx, itemID); err != nil {
		return nil, fmt.Errorf("history of %s: %w", itemID, err)
	}
	h, err := ix.Histories(ctx, []string{itemID})
	if err != nil {
		return nil, err
	}
	if h[itemID] == nil {
		return []ObservationView{}, nil
	}
	return h[itemID], nil
}

// historyBatch is how many items one Histories query covers.
const historyBatch = 500

// Histories returns the histories of several items (as History does for
// one) with one query per 500 items; items without observations are
// absent from the map.
func (ix *Index) Histories(ctx context.Context, itemIDs []string) (map[string][]ObservationView, error) {
	out := make(map[string][]ObservationView, len(itemIDs))
	for start := 0; start < len(itemIDs); start += historyBatch {
		var w where
		cond := w.in("item_id", itemIDs[start:min(start+historyBatch, len(itemIDs))])
		if err := ix.histories(ctx, cond, w.args, out); err != nil {
			return nil, err
		}
	}
	for id, views := range out {
		obs := make([]state.Observation, len(views))
		for i, v := range views {
			obs[i] = state.Observation{Status: state.Status(v.Status), At: v.At.Time,
				Capture: v.Capture, HTTPStatus: v.HTTPStatus, Detail: v.Detail, ContentSHA256: v.ContentSHA256}
		}
		r, err := state.Derive(obs, ix.confirmAfter)
		if err != nil {
			return nil, fmt.Errorf("history of %s: %w", id, err)
		}
		for i := range views {
			views[i].State = string(r.After[i])
		}
	}
	return out, nil
}

// histories appends the observations matching cond to out, each item's in
// derivation order.
func (ix *Index) histories(ctx context.Context, cond string, args []any, out map[string][]ObservationView) error {
	rows, err := ix.db.QueryContext(ctx, `SELECT item_id, at, status, http_status, detail, capture_id,
		content_sha256, records, implicit FROM observations WHERE `+cond+` ORDER BY item_id, `+strings.TrimPrefix(observationOrder, " ORDER BY "), args...)
	if err != nil {
		return fmt.Errorf("histories: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var v ObservationView
		var id, records string
		var at int64
		var implicit int
		err := rows.Scan(&id, &at, &v.Status, &v.HTTPStatus, &v.Detail, &v.Capture, &v.ContentSHA256, &records, &implicit)
		if err != nil {
			return fmt.Errorf("histories: %w", err)
		}
		if err := json.Unmarshal([]byte(records), &v.Records); err != nil {
			return fmt.Errorf("history of %s: records: %w", id, err)
		}
		v.At, v.Implicit = Time{time.Unix(0, at).UTC()}, implicit == 1
		out[id] = append(out[id], v)
	}
	return rows.Err()
}

func (ix *Index) itemExists(ctx context.Context, itemID string) error {
	var one int
	err := ix.db.QueryRowContext(ctx, `SELECT 1 FROM items WHERE id = $1`, itemID).Scan(&one)
	if errors.Is(err, sql.ErrNoRows) {
		return ErrNotFound
	}
	return err
}

// Evidence returns the WARC records that back an item: those its captures
// list with it and those its observations name, ordered by capture time
// and record position. The error wraps ErrNotFound for an unknown item.
func (ix *Index) Evidence(ctx context.Context, itemID string) ([]RecordView, error) {
	if err := ix.itemExists(ctx, itemID); err != nil {
		return nil, fmt.Errorf("evidence of %s: %w", itemID, err)
	}
	captures, wanted, err := ix.evidenceIDs(ctx, itemID)
	if err != nil {
		return nil, fmt.Errorf("evidence of %s: %w", itemID, err)
	}
	out := []RecordView{}
	for _, c := range captures {
		ids := wanted[c]
		if len(ids) == 0 {
			continue
		}
		w := &where{}
		w.add("capture_id = " + w.param(c))
		w.add(w.in("record_id", ids))
		rs, err := ix.records(ctx, `SELECT `+recordColumns+` FROM records`+w.sql()+` ORDER BY seq`, w.args...)
		if err != nil {
			return nil, fmt.Errorf("evidence of %s: %w", itemID, err)
		}
		out = append(out, rs...)
	}
	return out, nil
}

// evidenceIDs returns the captures of an item, oldest first, and the
// record ids each names for it.
func (ix *Index) evidenceIDs(ctx context.Context, itemID string) ([]string, map[string][]string, error) {
	var captures []string
	wanted := map[string][]string{}
	seen := map[[2]string]bool{}
	var bad error
	add := func(capture, records string) {
		var ids []string
		if err := json.Unmarshal([]byte(records), &ids); err != nil {
			bad = fmt.Errorf("records of capture %s: %w", capture, err)
		}
		for _, id := range ids {
			if k := [2]string{capture, id}; !seen[k] {
				seen[k] = true
				wanted[capture] = append(wanted[capture], id)
			}
		}
	}
	err := ix.eachPair(ctx, `SELECT capture_id, records FROM item_captures WHERE item_id = $1
		ORDER BY at, capture_id`, []any{itemID}, func(c, records string) {
		captures = append(captures, c)
		add(c, records)
	})
	if err != nil {
		return nil, nil, err
	}
	err = ix.eachPair(ctx, `SELECT capture_id, records FROM observations WHERE item_id = $1`,
		[]any{itemID}, add)
	if err == nil {
		err = bad
	}
	return captures, wanted, err
}
