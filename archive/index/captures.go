package index

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
)

const captureColumns = `id, kind, command, target, software, started, finished, log_index,
	n_records, n_failures, n_items, n_observations`

// Captures returns every capture and export event in log order.
func (ix *Index) Captures(ctx context.Context) ([]CaptureView, error) {
	cs, err := ix.captures(ctx, `SELECT `+captureColumns+` FROM captures ORDER BY log_index, id`)
	if err != nil {
		return nil, fmt.Errorf("list captures: %w", err)
	}
	return cs, nil
}

// Capture returns the capture with the full id; the error wraps
// ErrNotFound when it is not in the index.
func (ix *Index) Capture(ctx context.Context, id string) (CaptureView, error) {
	cs, err := ix.captures(ctx, `SELECT `+captureColumns+` FROM captures WHERE id = $1`, id)
	if err != nil {
		return CaptureView{}, fmt.Errorf("capture %s: %w", id, err)
	}
	if len(cs) == 0 {
		return CaptureView{}, fmt.Errorf("capture %s: %w", id, ErrNotFound)
	}
	return cs[0], nil
}

func (ix *Index) captures(ctx context.Context, q string, args ...any) ([]CaptureView, error) {
	rows, err := ix.db.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []CaptureView
	pos := map[string]int{}
	for rows.Next() {
		var c CaptureView
		var started, finished sql.NullInt64
		err := rows.Scan(&c.ID, &c.Kind, &c.Command, &c.Target, &c.Software, &started, &finished,
			&c.LogIndex, &c.Records, &c.Failures, &c.Items, &c.Observations)
		if err != nil {
			return nil, err
		}
		c.Started, c.Finished, c.WARCs = fromNanos(started), fromNanos(finished), []WARCView{}
		pos[c.ID] = len(out)
		out = append(out, c)
	}
	if err := rows.Close(); err != nil {
		return nil, err
	}
	if len(out) == 0 {
		return out, nil
	}
	wq := `SELECT capture_id, warc_key, sha256, size, version_id FROM warcs ORDER BY capture_id, seq`
	var wargs []any
	if len(out) == 1 {
		wq = `SELECT capture_id, warc_key, sha256, size, version_id FROM warcs WHERE capture_id = $1 ORDER BY seq`
		wargs = []any{out[0].ID}
	}
	return out, ix.attachWARCs(ctx, out, pos, wq, wargs)
}

func (ix *Index) attachWARCs(ctx context.Context, cs []CaptureView, pos map[string]int, q string, args []any) error {
	rows, err := ix.db.QueryContext(ctx, q, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var capture string
		var w WARCView
		if err := rows.Scan(&capture, &w.Key, &w.SHA256, &w.Size, &w.VersionID); err != nil {
			return err
		}
		if i, ok := pos[capture]; ok {
			cs[i].WARCs = append(cs[i].WARCs, w)
		}
	}
	return rows.Err()
}

// ResolveCapture returns the full id of the one capture whose id starts
// with prefix, as git resolves abbreviated hashes. The error names the
// prefix and wraps ErrNotFound when no capture matches, ErrAmbiguous when
// several do (listing some of them); a prefix that is not lowercase hex
// is an error too.
func (ix *Index) ResolveCapture(ctx context.Context, prefix string) (string, error) {
	if prefix == "" || len(prefix) > 64 || !isHex(prefix) {
		return "", fmt.Errorf("capture %q: not a capture id or a prefix of one (lowercase hex)", prefix)
	}
	// Capture ids are lowercase hex, so every id with the prefix lies in
	// [prefix, prefix+"g").
	rows, err := ix.db.QueryContext(ctx,
		`SELECT id FROM captures WHERE id >= $1 AND id < $2 ORDER BY id LIMIT 5`, prefix, prefix+"g")
	if err != nil {
		return "", fmt.Errorf("capture %q: %w", prefix, err)
	}
	defer rows.Close()
	var ids []string
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			return "", fmt.Errorf("capture %q: %w", prefix, err)
		}
		ids = append(ids, id)
	}
	if err := rows.Err(); err != nil {
		return "", fmt.Errorf("capture %q: %w", prefix, err)
	}
	switch len(ids) {
	case 0:
		return "", fmt.Errorf("capture %q: no capture has this id or prefix: %w", prefix, ErrNotFound)
	case 1:
		return ids[0], nil
	}
	return "", fmt.Errorf("capture %q: prefix is %w, it matches %s", prefix, ErrAmbiguous, listIDs(ids))
}

func listIDs(ids []string) string {
	if len(ids) > 4 {
		return strings.Join(ids[:4], ", ") + " and more"
	}
	return strings.Join(ids, ", ")
}

// Records returns the WARC records of a capture in manifest order. An
// unknown capture has none.
func (ix *Index) Records(ctx context.Context, captureID string) ([]RecordView, error) {
	rs, err := ix.records(ctx, `SELECT `+recordColumns+` FROM records WHERE capture_id = $1 ORDER BY seq`, captureID)
	if err != nil {
		return nil, fmt.Errorf("records of capture %s: %w", captureID, err)
	}
	return rs, nil
}

const recordColumns = `capture_id, seq, warc_key, record_id, type, target_uri, concurrent_to,
	member_offset, member_length, sha256, block_digest, payload_digest, status, content_type,
	ip_address, truncated, fetch_start, fetch_end`

func (ix *Index) records(ctx context.Context, q string, args ...any) ([]RecordView, error) {
	rows, err := ix.db.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []RecordView{}
	for rows.Next() {
		var r RecordView
		var start, end sql.NullInt64
		err := rows.Scan(&r.Capture, &r.Seq, &r.WARCKey, &r.ID, &r.Type, &r.TargetURI, &r.ConcurrentTo,
			&r.Offset, &r.Length, &r.SHA256, &r.BlockDigest, &r.PayloadDigest, &r.Status, &r.ContentType,
			&r.IPAddress, &r.Truncated, &start, &end)
		if err != nil {
			return nil, err
		}
		r.FetchStart, r.FetchEnd = fromNanos(start), fromNanos(end)
		out = append(out, r)
	}
	return out, rows.Err()
}

// Failures returns the failed fetches of a capture in manifest order.
func (ix *Index) Failures(ctx context.Context, captureID string) ([]FailureView, error) {
	rows, err := ix.db.QueryContext(ctx,
		`SELECT capture_id, url, error, at FROM failures WHERE capture_id = $1 ORDER BY seq`, captureID)
	if err != nil {
		return nil, fmt.Errorf("failures of capture %s: %w", captureID, err)
	}
	defer rows.Close()
	out := []FailureView{}
	for rows.Next() {
		var f FailureView
		var at sql.NullInt64
		if err := rows.Scan(&f.Capture, &f.URL, &f.Error, &at); err != nil {
			return nil, fmt.Errorf("failures of capture %s: %w", captureID, err)
		}
		f.At = fromNanos(at)
		out = append(out, f)
	}
	return out, rows.Err()
}

// checkCaptureID checks that id is a full capture id.
func checkCaptureID(id string) error {
	if len(id) != 64 || !isHex(id) {
		return fmt.Errorf("capture id %q is not 64 lowercase hex digits", id)
	}
	return nil
}

func isHex(s string) bool {
	for i := 0; i < len(s); i++ {
		if c := s[i]; (c < '0' || c > '9') && (c < 'a' || c > 'f') {
			return false
		}
	}
	return true
}

// LogIndexes returns the evidence-log indexes of the captures in the
// index, so that a caller can add the leaves it lacks (the index is a
// cache that may lag behind the log).
func (ix *Index) LogIndexes(ctx context.Context) (map[int64]bool, error) {
	rows, err := ix.db.QueryContext(ctx, `SELECT log_index FROM captures`)
	if err != nil {
		return nil, fmt.Errorf("index: log indexes: %w", err)
	}
	defer rows.Close()
	out := map[int64]bool{}
	for rows.Next() {
		var i int64
		if err := rows.Scan(&i); err != nil {
			return nil, fmt.Errorf("index: log indexes: %w", err)
		}
		out[i] = true
	}
	return out, rows.Err()
}
