package index

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	_ "modernc.org/sqlite" // registers the "sqlite" driver
)

// Errors of the index.
var (
	// ErrNotFound means the capture or item asked for is not in the index.
	ErrNotFound = errors.New("not found")
	// ErrAmbiguous means a capture id prefix matches more than one capture.
	ErrAmbiguous = errors.New("ambiguous")
)

// DefaultConfirmAfter is the delay between a first missing answer and the
// second one that confirms a deletion, when Options gives none.
const DefaultConfirmAfter = 6 * time.Hour

// Options configures Open.
type Options struct {
	// ConfirmAfter is how long after a first missing answer a second one
	// confirms a deletion (recheck.confirm_after in the config); zero
	// means DefaultConfirmAfter. When it differs from the value the stored
	// states were derived with, Open derives every item's state again.
	ConfirmAfter time.Duration
}

// Index is an open index database. Its methods are safe for concurrent
// use; writes are serialised.
type Index struct {
	db           *sql.DB
	path         string
	confirmAfter time.Duration
}

// Open opens or creates the SQLite index at path and migrates its schema.
// It returns an error when the file cannot be opened, when its schema is
// newer than this afterimage knows, or when a migration fails; the index
// being a cache, deleting the file and running reindex is always a way
// out.
func Open(ctx context.Context, path string, opts Options) (*Index, error) {
	if strings.ContainsAny(path, "?#") || path == "" {
		return nil, fmt.Errorf("open index %q: the path must be a file name without ? or #", path)
	}
	ix := &Index{path: path, confirmAfter: opts.ConfirmAfter}
	if ix.confirmAfter <= 0 {
		ix.confirmAfter = DefaultConfirmAfter
	}
	// SQLite only: connection PRAGMAs (busy timeout, WAL, foreign keys, a 32 MiB page cache,
	// synchronous) and immediate write transactions. PostgreSQL needs none.
	dsn := path + "?_pragma=busy_timeout(10000)&_pragma=journal_mode(WAL)" +
		"&_pragma=foreign_keys(1)&_pragma=synchronous(NORMAL)&_pragma=cache_size(-32768)&_txlock=immediate"
	db, err := sql.Open("sqlite", dsn)
	if err != nil {
		return nil, fmt.Errorf("open index %s: %w", path, err)
	}
	// One connection: SQLite has one writer anyway, and this keeps reads
	// consistent with the writes before them.
	db.SetMaxOpenConns(1)
	ix.db = db
	if err := ix.migrate(ctx); err != nil {
		db.Close()
		return nil, fmt.Errorf("open index %s: %w", path, err)
	}
	if err := ix.checkConfirmAfter(ctx); err != nil {
		db.Close()
		return nil, fmt.Errorf("open index %s: %w", path, err)
	}
	return ix, nil
}

// Close closes the database.
func (ix *Index) Close() error {
	if err := ix.db.Close(); err != nil {
		return fmt.Errorf("close index %s: %w", ix.path, err)
	}
	return nil
}

// migrate brings the schema to the latest version.
func (ix *Index) migrate(ctx context.Context) error {
	if _, err := ix.db.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)`); err != nil {
		return fmt.Errorf("create schema_version: %w", err)
	}
	var have int
	if err := ix.db.QueryRowContext(ctx, `SELECT COALESCE(MAX(version), 0) FROM schema_version`).Scan(&have); err != nil {
		return fmt.Errorf("read schema version: %w", err)
	}
	all := migrations()
	if have > len(all) {
		return fmt.Errorf("schema version %d is newer than this afterimage's %d: delete the index and run reindex, or use a newer afterimage", have, len(all))
	}
	for v := have; v < len(all); v++ {
		err := ix.inTx(ctx, func(tx *sql.Tx) error {
			// Another process opening the index at the same moment may
			// have migrated it since the version was read: the write
			// transaction is exclusive, so look again inside it.
			var now int
			if err := tx.QueryRowContext(ctx, `SELECT COALESCE(MAX(version), 0) FROM schema_version`).Scan(&now); err != nil {
				return err
			}
			if now > v {
				return nil
			}
			for _, stmt := range all[v] {
				if _, err := tx.ExecContext(ctx, stmt); err != nil {
					return err
				}
			}
			_, err := tx.ExecContext(ctx, `INSERT INTO schema_version (version) VALUES ($1)`, v+1)
			return err
		})
		if err != nil {
			return fmt.Errorf("migrate schema to version %d: %w", v+1, err)
		}
	}
	return nil
}

// checkConfirmAfter derives every state again when confirmAfter differs
// from the one stored in meta.
func (ix *Index) checkConfirmAfter(ctx context.Context) error {
	want := strconv.FormatInt(int64(ix.confirmAfter), 10)
	var have string
	err := ix.db.QueryRowContext(ctx, `SELECT value FROM meta WHERE name = 'confirm_after'`).Scan(&have)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return fmt.Errorf("read confirm_after: %w", err)
	}
	if have == want {
		return nil
	}
	return ix.inTx(ctx, func(tx *sql.Tx) error {
		if err := rederiveAll(ctx, tx, ix.confirmAfter); err != nil {
			return err
		}
		_, err := tx.ExecContext(ctx, `INSERT INTO meta (name, value) VALUES ('confirm_after', $1)
			ON CONFLICT (name) DO UPDATE SET value = excluded.value`, want)
		return err
	})
}

// inTx runs fn in a transaction, committed when fn returns nil.
func (ix *Index) inTx(ctx context.Context, fn func(*sql.Tx) error) error {
	tx, err := ix.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	if err := fn(tx); err != nil {
		tx.Rollback()
		return err
	}
	return tx.Commit()
}

// Reset deletes every capture, record, item and observation, keeping the
// schema: the first step of reindex.
func (ix *Index) Reset(ctx context.Context) error {
	err := ix.inTx(ctx, func(tx *sql.Tx) error {
		for _, t := range dataTables() {
			if _, err := tx.ExecContext(ctx, `DELETE FROM `+t); err != nil {
				return fmt.Errorf("delete from %s: %w", t, err)
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("reset index %s: %w", ix.path, err)
	}
	return nil
}
