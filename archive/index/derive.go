package index

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"github.com/afterimage-archive/afterimage/archive/state"
)

// observationOrder orders an item's observations for state derivation
// and history: by time, then capture id and position, so that every
// rebuild derives the same states.
const observationOrder = ` ORDER BY at, capture_id, seq`

// deriveBatch is how many items rederive reads observations of at once.
const deriveBatch = 500

// rederive derives the state of the items ids from all their
// observations and stores it.
func rederive(ctx context.Context, tx *sql.Tx, ids []string, confirmAfter time.Duration) error {
	upd, err := tx.PrepareContext(ctx, `UPDATE items SET state = $2, state_since = $3, first_seen = $4,
		last_seen_alive = $5, first_missing = $6, confirmed_at = $7, last_checked = $8,
		content_sha256 = $9 WHERE id = $1`)
	if err != nil {
		return err
	}
	defer upd.Close()
	unique := make([]string, 0, len(ids))
	done := make(map[string]bool, len(ids))
	for _, id := range ids {
		if !done[id] {
			done[id] = true
			unique = append(unique, id)
		}
	}
	for len(unique) > 0 {
		batch := unique[:min(deriveBatch, len(unique))]
		unique = unique[len(batch):]
		obs, err := loadObservations(ctx, tx, batch)
		if err != nil {
			return err
		}
		for _, id := range batch {
			r, err := state.Derive(obs[id], confirmAfter)
			if err != nil {
				return fmt.Errorf("item %s: %w", id, err)
			}
			_, err = upd.ExecContext(ctx, id, string(r.State), nanos(r.Since), nanos(r.FirstSeen),
				nanos(r.LastSeenAlive), nanos(r.FirstMissing), nanos(r.ConfirmedAt),
				nanos(r.LastChecked), r.ContentSHA256)
			if err != nil {
				return fmt.Errorf("item %s: update state: %w", id, err)
			}
		}
	}
	return nil
}

// loadObservations returns the observations of the items ids, each
// item's in derivation order.
func loadObservations(ctx context.Context, tx *sql.Tx, ids []string) (map[string][]state.Observation, error) {
	w := &where{}
	w.add(w.in("item_id", ids))
	rows, err := tx.QueryContext(ctx, `SELECT item_id, status, at, capture_id, http_status, detail,
		content_sha256 FROM observations`+w.sql()+` ORDER BY item_id, at, capture_id, seq`, w.args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := make(map[string][]state.Observation, len(ids))
	for rows.Next() {
		var o state.Observation
		var item, status string
		var at int64
		if err := rows.Scan(&item, &status, &at, &o.Capture, &o.HTTPStatus, &o.Detail, &o.ContentSHA256); err != nil {
			return nil, err
		}
		o.Status, o.At = state.Status(status), time.Unix(0, at).UTC()
		out[item] = append(out[item], o)
	}
	return out, rows.Err()
}

// rederiveAll derives every item's state again, a batch of ids at a time.
func rederiveAll(ctx context.Context, tx *sql.Tx, confirmAfter time.Duration) error {
	after := ""
	for {
		ids, err := idBatch(ctx, tx, after, 1000)
		if err != nil {
			return err
		}
		if len(ids) == 0 {
			return nil
		}
		if err := rederive(ctx, tx, ids, confirmAfter); err != nil {
			return err
		}
		after = ids[len(ids)-1]
	}
}

func idBatch(ctx context.Context, tx *sql.Tx, after string, n int) ([]string, error) {
	rows, err := tx.QueryContext(ctx, `SELECT id FROM items WHERE id > $1 ORDER BY id LIMIT $2`, after, n)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var ids []string
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		ids = append(ids, id)
	}
	return ids, rows.Err()
}
