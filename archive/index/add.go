package index

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/afterimage-archive/afterimage/archive/manifest"
)

// AddCapture adds the capture id (the manifest's SHA-256 in hex), whose
// manifest m is leaf logIndex of the evidence log, and derives again the
// state of every item it lists or observes. Adding a capture that is
// already in the index changes nothing and returns nil. An item listed in
// m.Items without an explicit observation in m counts as seen when its
// records were fetched (the end of the latest fetch, or m.Finished).
// It returns an error when id is not 64 lowercase hex digits, when m is
// not valid (manifest.Validate), or when the database fails; then
// nothing is added.
func (ix *Index) AddCapture(ctx context.Context, id string, logIndex int64, m *manifest.Manifest) error {
	if err := checkCaptureID(id); err != nil {
		return fmt.Errorf("add capture: %w", err)
	}
	if err := m.Validate(); err != nil {
		return fmt.Errorf("add capture %s: %w", id, err)
	}
	err := ix.inTx(ctx, func(tx *sql.Tx) error {
		var one int
		err := tx.QueryRowContext(ctx, `SELECT 1 FROM captures WHERE id = $1`, id).Scan(&one)
		if err == nil {
			return nil // already indexed
		}
		if !errors.Is(err, sql.ErrNoRows) {
			return err
		}
		a, err := newAdder(ctx, tx, id, m)
		if err != nil {
			return err
		}
		defer a.close()
		affected, err := a.add(ctx, logIndex)
		if err != nil {
			return err
		}
		return rederive(ctx, tx, affected, ix.confirmAfter)
	})
	if err != nil {
		return fmt.Errorf("add capture %s: %w", id, err)
	}
	return nil
}

// adder writes one manifest's rows within a transaction.
type adder struct {
	tx       *sql.Tx
	id       string
	m        *manifest.Manifest
	records  map[string]*manifest.Record
	started  time.Time
	finished time.Time
	stmts    map[string]*sql.Stmt
}

// Statements the adder prepares once per capture.
const (
	sqlRecord = `INSERT INTO records (capture_id, seq, warc_key, record_id, type, target_uri,
		concurrent_to, member_offset, member_length, sha256, block_digest, payload_digest,
		status, content_type, ip_address, truncated, fetch_start, fetch_end)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18)`
	sqlItem = `INSERT INTO items (id, platform, kind, url, text, created_at, author, media,
		has_account, handle, display_name, account_created_at, followers, following, posts,
		avatar_url, default_avatar, meta_at, meta_capture, state, content_sha256)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, '', '')
		ON CONFLICT (id) DO UPDATE SET platform = excluded.platform, kind = excluded.kind,
		url = excluded.url, text = excluded.text, created_at = excluded.created_at,
		author = excluded.author, media = excluded.media, has_account = excluded.has_account,
		handle = excluded.handle, display_name = excluded.display_name,
		account_created_at = excluded.account_created_at, followers = excluded.followers,
		following = excluded.following, posts = excluded.posts, avatar_url = excluded.avatar_url,
		default_avatar = excluded.default_avatar, meta_at = excluded.meta_at,
		meta_capture = excluded.meta_capture
		WHERE items.meta_at IS NULL OR items.meta_at < excluded.meta_at
		OR (items.meta_at = excluded.meta_at AND items.meta_capture < excluded.meta_capture)`
	sqlPlaceholder = `INSERT INTO items (id, platform, kind, url, text, author, media, has_account,
		handle, display_name, followers, following, posts, avatar_url, default_avatar,
		meta_capture, state, content_sha256)
		VALUES ($1, $2, '', '', '', '', '[]', 0, '', '', 0, 0, 0, '', 0, '', '', '')
		ON CONFLICT (id) DO NOTHING`
	sqlTag         = `INSERT INTO item_tags (item_id, tag) VALUES ($1, $2) ON CONFLICT (item_id, tag) DO NOTHING`
	sqlItemCapture = `INSERT INTO item_captures (item_id, capture_id, at, records) VALUES ($1, $2, $3, $4)
		ON CONFLICT (item_id, capture_id) DO NOTHING`
	sqlObservation = `INSERT INTO observations (capture_id, seq, item_id, status, at, http_status,
		content_sha256, detail, records, implicit) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`
)

func newAdder(ctx context.Context, tx *sql.Tx, id string, m *manifest.Manifest) (*adder, error) {
	a := &adder{tx: tx, id: id, m: m, stmts: map[string]*sql.Stmt{},
		records: make(map[string]*manifest.Record, len(m.Records))}
	for i := range m.Records {
		a.records[m.Records[i].ID] = &m.Records[i]
	}
	var err error
	if a.started, err = parseTime(m.Started); err != nil {
		return nil, err
	}
	if a.finished, err = parseTime(m.Finished); err != nil {
		return nil, err
	}
	for _, q := range []string{sqlItem, sqlPlaceholder, sqlTag, sqlItemCapture, sqlObservation} {
		st, err := tx.PrepareContext(ctx, q)
		if err != nil {
			a.close()
			return nil, err
		}
		a.stmts[q] = st
	}
	return a, nil
}

func (a *adder) close() {
	for _, st := range a.stmts {
		st.Close()
	}
}

func (a *adder) exec(ctx context.Context, q string, args ...any) error {
	_, err := a.stmts[q].ExecContext(ctx, args...)
	return err
}

// add writes every row of the manifest and returns the affected item ids.
func (a *adder) add(ctx context.Context, logIndex int64) ([]string, error) {
	if err := a.capture(ctx, logIndex); err != nil {
		return nil, err
	}
	if err := a.recordRows(ctx); err != nil {
		return nil, err
	}
	observed := make(map[string]bool, len(a.m.Observations))
	for _, o := range a.m.Observations {
		if o.Status != manifest.StatusUnavailable {
			observed[o.Item] = true
		}
	}
	var affected []string
	for i := range a.m.Items {
		it := &a.m.Items[i]
		if err := a.item(ctx, it, len(a.m.Observations)+i, !observed[it.ID]); err != nil {
			return nil, fmt.Errorf("item %s: %w", it.ID, err)
		}
		affected = append(affected, it.ID)
	}
	for i := range a.m.Observations {
		o := &a.m.Observations[i]
		if err := a.observation(ctx, o, i); err != nil {
			return nil, fmt.Errorf("observation of %s: %w", o.Item, err)
		}
		affected = append(affected, o.Item)
	}
	return affected, nil
}

func (a *adder) capture(ctx context.Context, logIndex int64) error {
	m := a.m
	_, err := a.tx.ExecContext(ctx, `INSERT INTO captures (id, kind, command, target, software,
		started, finished, log_index, n_records, n_failures, n_items, n_observations)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)`,
		a.id, m.Kind, m.Context.Command, m.Context.Target, m.Context.Software,
		a.started.UnixNano(), a.finished.UnixNano(), logIndex,
		len(m.Records), len(m.Failures), len(m.Items), len(m.Observations))
	if err != nil {
		return fmt.Errorf("insert capture: %w", err)
	}
	for i, w := range m.WARCs {
		_, err := a.tx.ExecContext(ctx, `INSERT INTO warcs (capture_id, seq, warc_key, sha256, size, version_id)
			VALUES ($1, $2, $3, $4, $5, $6)`, a.id, i, w.Key, w.SHA256, w.Size, w.VersionID)
		if err != nil {
			return fmt.Errorf("insert warc %s: %w", w.Key, err)
		}
	}
	for i, f := range m.Failures {
		at, err := parseTime(f.At)
		if err != nil {
			return err
		}
		_, err = a.tx.ExecContext(ctx, `INSERT INTO failures (capture_id, seq, url, error, at)
			VALUES ($1, $2, $3, $4, $5)`, a.id, i, f.URL, f.Error, at.UnixNano())
		if err != nil {
			return fmt.Errorf("insert failure %s: %w", f.URL, err)
		}
	}
	return nil
}

// recordBatch is how many record rows go into one INSERT: far fewer
// statements for a capture of thousands of records.
const recordBatch = 64

func (a *adder) recordRows(ctx context.Context) error {
	const cols = 18
	args := make([]any, 0, recordBatch*cols)
	flush := func(first int) error {
		if len(args) == 0 {
			return nil
		}
		st, err := a.batchStmt(ctx, len(args)/cols)
		if err == nil {
			_, err = st.ExecContext(ctx, args...)
		}
		if err != nil {
			return fmt.Errorf("insert records from %s: %w", a.m.Records[first].ID, err)
		}
		args = args[:0]
		return nil
	}
	first := 0
	for i := range a.m.Records {
		r := &a.m.Records[i]
		start, err := parseTime(r.FetchStart)
		if err != nil {
			return err
		}
		end, err := parseTime(r.FetchEnd)
		if err != nil {
			return err
		}
		args = append(args, a.id, i, a.m.WARCs[r.WARC].Key, r.ID, r.Type, r.TargetURI,
			r.ConcurrentTo, r.Offset, r.Length, r.SHA256, r.BlockDigest, r.PayloadDigest,
			r.Status, r.ContentType, r.IPAddress, r.Truncated, nanos(start), nanos(end))
		if len(args) == recordBatch*cols {
			if err := flush(first); err != nil {
				return err
			}
			first = i + 1
		}
	}
	return flush(first)
}

// batchStmt returns the prepared INSERT of n record rows, preparing it on
// first use.
func (a *adder) batchStmt(ctx context.Context, n int) (*sql.Stmt, error) {
	q := recordInsert(n)
	if st := a.stmts[q]; st != nil {
		return st, nil
	}
	st, err := a.tx.PrepareContext(ctx, q)
	if err != nil {
		return nil, err
	}
	a.stmts[q] = st
	return st, nil
}

// recordInsert returns an INSERT of n record rows. Its parameters are
// positional (?) because SQLite resolves numbered ones ($n) in time
// quadratic in their count; a PostgreSQL index must number them.
func recordInsert(n int) string {
	var b strings.Builder
	b.WriteString(sqlRecord[:strings.Index(sqlRecord, "VALUES")+len("VALUES")])
	row := " (" + strings.TrimSuffix(strings.Repeat("?,", 18), ",") + ")"
	for i := range n {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteString(row)
	}
	return b.String()
}

// seenAt is when a listed item was seen: the end of the latest fetch of
// its records, or the end of the capture.
func (a *adder) seenAt(it *manifest.Item) time.Time {
	var t time.Time
	for _, id := range it.Records {
		r := a.records[id]
		for _, s := range []string{r.FetchEnd, r.FetchStart} {
			if v, err := parseTime(s); err == nil && !v.IsZero() {
				if v.After(t) {
					t = v
				}
				break
			}
		}
	}
	if t.IsZero() {
		return a.finished
	}
	return t
}
